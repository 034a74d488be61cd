import { getEdition, listEditions, type RuleSwitchChange } from '@zhibao/survey';
import { Alert, App, Button, Card, Flex, Form, Input, Select, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { publishRuleSwitch, tryRuleSwitch, type RuleSwitchTrialResult } from '../../api/rule-switch.api';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { ChangeEditor, emptyChange } from './rule-switch-changes';
import { TaskSelect } from './task-select';

type Example = RuleSwitchTrialResult['examples'][number];

function FindingTags({ findings, color }: { findings: Example['gained']; color: string }) {
  const { t } = useTranslation();
  return (
    <Flex vertical gap={2}>
      {findings.map((finding, i) => (
        <span key={i}>
          <Tag color={color}>
            {finding.ruleId} {t(`ruleSwitches.severities.${finding.severity}`)}
          </Tag>
          {finding.message}
        </span>
      ))}
    </Flex>
  );
}

function TrialResult({ result }: { result: RuleSwitchTrialResult }) {
  const { t } = useTranslation();
  return (
    <Card size="small" title={t('ruleSwitches.trialTitle')} data-testid="rule-switch-trial">
      <Flex vertical gap={12}>
        {!result.isInForce && <Alert type="warning" showIcon title={t('ruleSwitches.notInForce')} />}
        <Flex gap={32} wrap>
          <Statistic title={t('ruleSwitches.tried')} value={result.filingsTried} />
          <Statistic title={t('ruleSwitches.newlyFailing')} value={result.newlyFailing} />
          <Statistic title={t('ruleSwitches.newlyPassing')} value={result.newlyPassing} />
          <Statistic title={t('ruleSwitches.changed')} value={result.changed} />
        </Flex>
        {result.examples.length > 0 && (
          <Table<Example>
            size="small"
            rowKey="filingId"
            pagination={false}
            title={() => t('ruleSwitches.examples')}
            dataSource={result.examples}
            columns={[
              { title: t('ruleSwitches.enterprise'), dataIndex: 'enterpriseName', key: 'name', width: 220 },
              {
                title: t('ruleSwitches.gained'),
                key: 'gained',
                render: (_, example) => <FindingTags findings={example.gained} color="red" />,
              },
              {
                title: t('ruleSwitches.lost'),
                key: 'lost',
                render: (_, example) => <FindingTags findings={example.lost} color="green" />,
              },
            ]}
          />
        )}
      </Flex>
    </Card>
  );
}

/** 新建规则开关包: the ministry writes a package, tries it on a task's filings, then publishes it. */
export function RuleSwitchDraftCard({ onPublished }: { onPublished: () => void }) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [editionId, setEditionId] = useState(() => getEdition().id);
  const [effectiveFrom, setEffectiveFrom] = useState('');
  const [changes, setChanges] = useState<RuleSwitchChange[]>(() => [emptyChange()]);
  const [reason, setReason] = useState('');
  const [taskId, setTaskId] = useState<string | undefined>();
  const [regionCode, setRegionCode] = useState('');
  const [trial, setTrial] = useState<RuleSwitchTrialResult | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [isBusy, setIsBusy] = useState(false);
  const edition = getEdition(editionId);

  async function run<T>(action: () => Promise<T>): Promise<T | undefined> {
    setIsBusy(true);
    setError(null);
    try {
      return await action();
    } catch (caught) {
      setError(caught);
      return undefined;
    } finally {
      setIsBusy(false);
    }
  }

  const tryIt = async () => {
    setTrial(null);
    const result = await run(() =>
      tryRuleSwitch({
        editionId,
        effectiveFrom,
        changes,
        taskId: taskId ?? '',
        ...(regionCode ? { regionCode } : {}),
      }),
    );
    if (result) setTrial(result);
  };

  const publish = () =>
    modal.confirm({
      title: t('ruleSwitches.publishButton'),
      content: t('ruleSwitches.publishConfirm', { month: effectiveFrom, edition: editionId }),
      onOk: async () => {
        const list = await run(() => publishRuleSwitch({ editionId, effectiveFrom, changes, reason }));
        if (!list) return;
        message.success(t('ruleSwitches.publishedMessage', { version: list.switchVersion }));
        setChanges([emptyChange()]);
        setReason('');
        setTrial(null);
        onPublished();
      },
    });

  return (
    <Card title={t('ruleSwitches.draft')}>
      <Form layout="vertical">
        <Flex gap={16} wrap>
          <Form.Item label={t('ruleSwitches.edition')}>
            <Select
              aria-label={t('ruleSwitches.edition')}
              style={{ width: 160 }}
              value={editionId}
              onChange={(id) => {
                setEditionId(id);
                setChanges([emptyChange()]);
                setTaskId(undefined);
              }}
              options={listEditions().map((each) => ({ value: each.id, label: each.id }))}
            />
          </Form.Item>
          <Form.Item label={t('ruleSwitches.effectiveFrom')} extra={t('ruleSwitches.effectiveHint')}>
            <Input
              aria-label={t('ruleSwitches.effectiveFrom')}
              style={{ width: 160 }}
              placeholder="2025-12"
              value={effectiveFrom}
              onChange={(event) => setEffectiveFrom(event.target.value.trim())}
            />
          </Form.Item>
        </Flex>
        <Form.Item label={t('ruleSwitches.changes')}>
          <Flex vertical gap={8}>
            {changes.map((change, i) => (
              <ChangeEditor
                key={i}
                edition={edition}
                change={change}
                index={i}
                onChange={(next) => setChanges((all) => all.map((each, j) => (j === i ? next : each)))}
                onRemove={
                  changes.length > 1 ? () => setChanges((all) => all.filter((_, j) => j !== i)) : undefined
                }
              />
            ))}
            <Button
              style={{ alignSelf: 'flex-start' }}
              onClick={() => setChanges((all) => [...all, emptyChange()])}
            >
              {t('ruleSwitches.addChange')}
            </Button>
          </Flex>
        </Form.Item>
        <Form.Item label={t('ruleSwitches.reason')}>
          <Input.TextArea
            aria-label={t('ruleSwitches.reason')}
            rows={2}
            maxLength={500}
            placeholder={t('ruleSwitches.reasonPlaceholder')}
            value={reason}
            onChange={(event) => setReason(event.target.value)}
          />
        </Form.Item>
        <Flex gap={16} wrap align="end">
          <Form.Item label={t('ruleSwitches.trialTask')}>
            <TaskSelect value={taskId} onChange={setTaskId} filter={(task) => task.editionId === editionId} />
          </Form.Item>
          <Form.Item label={t('ruleSwitches.trialRegion')}>
            <Input
              aria-label={t('ruleSwitches.trialRegion')}
              style={{ width: 160 }}
              maxLength={6}
              value={regionCode}
              onChange={(event) => setRegionCode(event.target.value.trim())}
            />
          </Form.Item>
          <Form.Item>
            <Flex gap={8}>
              <Button loading={isBusy} onClick={() => void tryIt()}>
                {t('ruleSwitches.tryButton')}
              </Button>
              <Button type="primary" loading={isBusy} onClick={publish}>
                {t('ruleSwitches.publishButton')}
              </Button>
            </Flex>
          </Form.Item>
        </Flex>
      </Form>
      <Flex vertical gap={12}>
        {error !== null && <ApiErrorAlert error={error} />}
        {trial && <TrialResult result={trial} />}
      </Flex>
    </Card>
  );
}
