import { type Finding, type Severity } from '@zhibao/survey';
import { Badge, Card, Empty, Flex, List, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useFindingAnnouncement } from './finding-announcement';

const severityColor: Record<Severity, string> = { error: 'error', warning: 'warning', hint: 'processing' };

/**
 * 审核: the live findings of the survey engine, errors first; clicking one focuses its cell. Findings that appear
 * or are resolved are told politely to screen readers.
 */
export function AuditPanel({
  findings,
  ruleSet,
  onSelect,
}: {
  findings: readonly Finding[];
  /** The edition and rule-switch version the audit runs with, so a result can be explained later. */
  ruleSet?: { editionId: string; switchVersion: number };
  onSelect: (finding: Finding) => void;
}) {
  const { t } = useTranslation();
  const order: Severity[] = ['error', 'warning', 'hint'];
  const sorted = [...findings].sort((a, b) => order.indexOf(a.severity) - order.indexOf(b.severity));
  const count = (severity: Severity) => findings.filter((finding) => finding.severity === severity).length;
  const announcement = useFindingAnnouncement(findings, t);
  return (
    <>
      <div
        role="status"
        aria-live="polite"
        aria-atomic="true"
        className="visually-hidden"
        data-testid="audit-announcement"
      >
        {announcement}
      </div>
      <Card
        size="small"
        className="audit-panel"
        data-testid="audit-panel"
        title={
          <Flex gap={12} align="center" wrap>
            <span>{t('filing.auditTitle')}</span>
            <Badge color="red" text={`${t('adminWork.review.severity.error')} ${count('error')}`} />
            <Badge color="orange" text={`${t('adminWork.review.severity.warning')} ${count('warning')}`} />
            <Badge color="blue" text={`${t('adminWork.review.severity.hint')} ${count('hint')}`} />
            {ruleSet && (
              <Typography.Text type="secondary" data-testid="audit-rule-set">
                {t('filing.auditRuleSet', ruleSet)}
              </Typography.Text>
            )}
          </Flex>
        }
      >
        {sorted.length === 0 ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('filing.auditClean')} />
        ) : (
          <List<Finding>
            size="small"
            dataSource={sorted}
            className="audit-list"
            renderItem={(finding) => (
              // The item stays a list item; the button inside it takes the click and the keyboard.
              <List.Item className={`audit-item audit-item-${finding.severity}`} data-rule={finding.ruleId}>
                <Flex
                  gap={8}
                  align="start"
                  role="button"
                  tabIndex={0}
                  className="audit-item-button"
                  onClick={() => onSelect(finding)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter' || event.key === ' ') {
                      event.preventDefault();
                      onSelect(finding);
                    }
                  }}
                >
                  <Tag color={severityColor[finding.severity]} className="audit-tag">
                    {t(`adminWork.review.severity.${finding.severity}`)}
                  </Tag>
                  <Typography.Text className="audit-message">{finding.message}</Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Card>
    </>
  );
}
