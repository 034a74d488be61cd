import { Alert, Button, Input, Modal, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { explanationKey, hasVisibleText, type Finding } from '@zhibao/survey';

/**
 * 填写审核说明, as the ministry's system shows it: every 严重警告 as "*严重警告|<message>" with a box for its
 * explanation; 提交 sends them with the submission, 关闭 goes back to the form.
 */
export function ExplanationDialog({
  warnings,
  initial,
  isSubmitting,
  onSubmit,
  onClose,
}: {
  warnings: readonly Finding[];
  initial: Record<string, string>;
  isSubmitting: boolean;
  onSubmit: (explanations: Record<string, string>) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const [texts, setTexts] = useState<Record<string, string>>(() =>
    Object.fromEntries(
      warnings.map((warning) => [explanationKey(warning), initial[explanationKey(warning)] ?? '']),
    ),
  );
  const [isChecked, setIsChecked] = useState(false);
  const missing = warnings.filter((warning) => !hasVisibleText(texts[explanationKey(warning)]));
  return (
    <Modal
      open
      title={t('filing.explainTitle')}
      onCancel={onClose}
      width={720}
      maskClosable={false}
      footer={[
        <Button
          key="submit"
          type="primary"
          loading={isSubmitting}
          onClick={() => {
            setIsChecked(true);
            if (missing.length === 0) onSubmit(texts);
          }}
        >
          {t('filing.explainSubmit')}
        </Button>,
        <Button key="close" onClick={onClose}>
          {t('filing.explainClose')}
        </Button>,
      ]}
    >
      <Alert type="warning" showIcon title={t('filing.explainHint')} className="explain-hint" />
      <ol className="explain-list">
        {warnings.map((warning) => {
          const key = explanationKey(warning);
          const isMissing = isChecked && !hasVisibleText(texts[key]);
          return (
            <li key={key} className="explain-item">
              <Typography.Text className="explain-line">*严重警告|{warning.message}</Typography.Text>
              <Input.TextArea
                aria-label={`${t('filing.explainFor')} ${warning.message}`}
                autoSize={{ minRows: 2, maxRows: 5 }}
                maxLength={1000}
                status={isMissing ? 'error' : undefined}
                placeholder={t('filing.explainPlaceholder')}
                value={texts[key]}
                onChange={(event) => setTexts((current) => ({ ...current, [key]: event.target.value }))}
              />
              {isMissing ? (
                <Typography.Text type="danger">{t('filing.explainRequired')}</Typography.Text>
              ) : null}
            </li>
          );
        })}
      </ol>
    </Modal>
  );
}
