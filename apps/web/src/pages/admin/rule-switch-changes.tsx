import type { RuleSwitchChange } from '@zhibao/survey';
import { Button, Flex, InputNumber, Select, Tag } from 'antd';
import type { SurveyEdition } from '@zhibao/survey';
import { useTranslation } from 'react-i18next';

const kinds = ['rule-off', 'rule-on', 'rule-severity', 'parameter'] as const;
const severities = ['error', 'warning', 'hint'] as const;

/** A change of its kind with nothing chosen yet. */
export function emptyChange(kind: RuleSwitchChange['kind'] = 'rule-off'): RuleSwitchChange {
  if (kind === 'parameter') return { kind, name: '', value: 0 };
  if (kind === 'rule-severity') return { kind, ruleId: '', severity: 'hint' };
  return { kind, ruleId: '' };
}

/** The changes of a published package as tags: 关闭 W-MAN-01, W-MAN-02 改为提示, nationalAverageProfitRate = 16.2. */
export function ChangeTags({ changes }: { changes: readonly RuleSwitchChange[] }) {
  const { t } = useTranslation();
  return (
    <Flex gap={4} wrap>
      {changes.map((change, i) => {
        switch (change.kind) {
          case 'rule-off':
            return (
              <Tag key={i} color="red">
                {t('ruleSwitches.changeRuleOff', { rule: change.ruleId })}
              </Tag>
            );
          case 'rule-on':
            return (
              <Tag key={i} color="green">
                {t('ruleSwitches.changeRuleOn', { rule: change.ruleId })}
              </Tag>
            );
          case 'rule-severity':
            return (
              <Tag key={i} color="orange">
                {t('ruleSwitches.changeSeverity', {
                  rule: change.ruleId,
                  severity: t(`ruleSwitches.severities.${change.severity}`),
                })}
              </Tag>
            );
          case 'parameter':
            return (
              <Tag key={i} color="blue">
                {t('ruleSwitches.changeParameter', { name: change.name, value: change.value })}
              </Tag>
            );
        }
      })}
    </Flex>
  );
}

/** One change of a draft package: its kind, then the rule (and severity) or the parameter and its new value. */
export function ChangeEditor({
  edition,
  change,
  index,
  onChange,
  onRemove,
}: {
  edition: SurveyEdition;
  change: RuleSwitchChange;
  index: number;
  onChange: (change: RuleSwitchChange) => void;
  onRemove?: () => void;
}) {
  const { t } = useTranslation();
  const label = (what: string) => `${what} ${index + 1}`;
  return (
    <Flex gap={8} wrap align="center" data-testid="rule-switch-change">
      <Select
        aria-label={label(t('ruleSwitches.kind'))}
        style={{ width: 150 }}
        value={change.kind}
        onChange={(kind) => onChange(emptyChange(kind))}
        options={kinds.map((kind) => ({ value: kind, label: t(`ruleSwitches.kinds.${kind}`) }))}
      />
      {change.kind === 'parameter' ? (
        <>
          <Select
            aria-label={label(t('ruleSwitches.parameter'))}
            style={{ width: 360 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={change.name || undefined}
            placeholder={t('ruleSwitches.parameter')}
            onChange={(name) => onChange({ ...change, name, value: edition.parameters[name] ?? 0 })}
            options={edition.parameterDefinitions.map((parameter) => ({
              value: parameter.name,
              label: `${parameter.name}（${parameter.value}）${parameter.description.slice(0, 24)}`,
            }))}
          />
          <InputNumber
            aria-label={label(t('ruleSwitches.value'))}
            value={change.value}
            onChange={(value) => onChange({ ...change, value: value ?? 0 })}
          />
        </>
      ) : (
        <Select
          aria-label={label(t('ruleSwitches.rule'))}
          style={{ width: 360 }}
          showSearch={{ optionFilterProp: 'label' }}
          value={change.ruleId || undefined}
          placeholder={t('ruleSwitches.rule')}
          onChange={(ruleId) => onChange({ ...change, ruleId })}
          options={edition.rules.map((rule) => ({ value: rule.id, label: `${rule.id} ${rule.title}` }))}
        />
      )}
      {change.kind === 'rule-severity' && (
        <Select
          aria-label={label(t('ruleSwitches.severity'))}
          style={{ width: 120 }}
          value={change.severity}
          onChange={(severity) => onChange({ ...change, severity })}
          options={severities.map((severity) => ({
            value: severity,
            label: t(`ruleSwitches.severities.${severity}`),
          }))}
        />
      )}
      {onRemove && (
        <Button size="small" onClick={onRemove}>
          {t('ruleSwitches.removeChange')}
        </Button>
      )}
    </Flex>
  );
}
