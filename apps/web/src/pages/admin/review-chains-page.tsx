import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Input,
  InputNumber,
  Modal,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchReviewChains,
  updateReviewChain,
  type ReviewChain,
  type ReviewChainLevel,
  type ReviewChainLevelInput,
} from '../../api/review-chain.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';

/** The chain as a line of tags: 区县（委托南山软件园）→ 市级（跳过）→ 省级 → 部级. */
function ChainTags({ levels }: { levels: ReviewChainLevel[] }) {
  const { t } = useTranslation();
  return (
    <Flex align="center" gap={4} wrap data-testid="chain-tags">
      {levels.map((level, index) => (
        <Fragment key={level.level}>
          {index > 0 && <Typography.Text type="secondary">→</Typography.Text>}
          {level.isEnabled ? (
            <Tag color="blue">
              {t(`adminWork.levels.${level.level}`)}
              {level.delegatedTo && `（${t('reviewChains.delegated', { name: level.delegatedTo })}）`}
            </Tag>
          ) : (
            <Tag>
              <Typography.Text delete type="secondary">
                {t(`adminWork.levels.${level.level}`)}
              </Typography.Text>{' '}
              {t('reviewChains.skipped')}
            </Tag>
          )}
        </Fragment>
      ))}
    </Flex>
  );
}

function EditChainModal({
  chain,
  onClose,
  onSaved,
}: {
  chain: ReviewChain;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [levels, setLevels] = useState<ReviewChainLevelInput[]>(() =>
    chain.levels.map((level) => ({
      level: level.level,
      isEnabled: level.isEnabled,
      delegatedTo: level.delegatedTo,
      reviewDays: level.reviewDays,
    })),
  );
  const [error, setError] = useState<unknown>(null);
  const [isSaving, setIsSaving] = useState(false);
  const change = (index: number, patch: Partial<ReviewChainLevelInput>) =>
    setLevels((current) => current.map((level, i) => (i === index ? { ...level, ...patch } : level)));

  async function save() {
    setIsSaving(true);
    setError(null);
    try {
      await updateReviewChain(chain.provinceCode, levels);
      message.success(t('reviewChains.saved'));
      onSaved();
    } catch (caught) {
      setError(caught);
    } finally {
      setIsSaving(false);
    }
  }

  const columns: ColumnsType<ReviewChainLevel> = [
    { title: t('reviewChains.level'), dataIndex: 'label', key: 'label', width: 80 },
    {
      title: t('reviewChains.isEnabled'),
      key: 'isEnabled',
      width: 110,
      render: (_, level, index) =>
        level.isRequired ? (
          <Tag color="blue">{t('reviewChains.required')}</Tag>
        ) : (
          <Switch
            aria-label={`${t(`adminWork.levels.${level.level}`)}${t('reviewChains.isEnabled')}`}
            checked={levels[index]!.isEnabled}
            onChange={(checked) => change(index, { isEnabled: checked })}
          />
        ),
    },
    {
      title: t('reviewChains.delegatedTo'),
      key: 'delegatedTo',
      render: (_, level, index) =>
        level.level === 'ministry' ? null : (
          <Input
            aria-label={`${t(`adminWork.levels.${level.level}`)}${t('reviewChains.delegatedTo')}`}
            value={levels[index]!.delegatedTo ?? ''}
            disabled={!levels[index]!.isEnabled}
            maxLength={50}
            placeholder={t('reviewChains.delegatedPlaceholder')}
            onChange={(event) => change(index, { delegatedTo: event.target.value || null })}
          />
        ),
    },
    {
      title: t('reviewChains.reviewDays'),
      key: 'reviewDays',
      width: 120,
      render: (_, level, index) => (
        <InputNumber
          aria-label={`${t(`adminWork.levels.${level.level}`)}${t('reviewChains.reviewDays')}`}
          min={1}
          max={60}
          precision={0}
          value={levels[index]!.reviewDays}
          disabled={!levels[index]!.isEnabled}
          onChange={(value) => change(index, { reviewDays: value ?? 1 })}
        />
      ),
    },
    {
      title: t('reviewChains.waiting'),
      dataIndex: 'waitingFilings',
      key: 'waiting',
      width: 90,
      align: 'right',
    },
  ];

  return (
    <Modal
      open
      width={760}
      title={t('reviewChains.editTitle', { province: chain.provinceName })}
      onCancel={onClose}
      onOk={() => void save()}
      confirmLoading={isSaving}
      destroyOnHidden
    >
      <Flex vertical gap={12}>
        {error !== null && <ApiErrorAlert error={error} />}
        <Table<ReviewChainLevel>
          size="small"
          rowKey="level"
          pagination={false}
          dataSource={chain.levels}
          columns={columns}
        />
        <Typography.Text type="secondary">{t('reviewChains.daysHint')}</Typography.Text>
      </Flex>
    </Modal>
  );
}

/** 审核层级设置: the ministry edits each province's review levels; other administrators read their own. */
export function ReviewChainsPage() {
  const { t } = useTranslation();
  const chains = useApiQuery((signal) => fetchReviewChains(signal), []);
  const [editing, setEditing] = useState<ReviewChain | null>(null);
  const canEdit = chains.data?.items.some((chain) => chain.canEdit) ?? false;

  const columns: ColumnsType<ReviewChain> = [
    { title: t('reviewChains.province'), dataIndex: 'provinceName', key: 'province', width: 150 },
    {
      title: t('reviewChains.chain'),
      key: 'chain',
      render: (_, chain) => <ChainTags levels={chain.levels} />,
    },
    {
      title: t('reviewChains.reviewDays'),
      key: 'reviewDays',
      width: 200,
      render: (_, chain) =>
        chain.levels
          .filter((level) => level.isEnabled)
          .map(
            (level) =>
              `${t(`adminWork.levels.${level.level}`)} ${t('reviewChains.days', { count: level.reviewDays })}`,
          )
          .join('，'),
    },
    {
      title: t('reviewChains.waiting'),
      key: 'waiting',
      width: 90,
      align: 'right',
      render: (_, chain) => chain.levels.reduce((sum, level) => sum + level.waitingFilings, 0),
    },
    {
      title: t('reviewChains.updated'),
      key: 'updated',
      width: 200,
      render: (_, chain) =>
        chain.updatedAt ? (
          `${chain.updatedBy ?? ''} ${formatDateTime(chain.updatedAt)}`
        ) : (
          <Typography.Text type="secondary">{t('reviewChains.defaultChain')}</Typography.Text>
        ),
    },
    ...(canEdit
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 80,
            render: (_: unknown, chain: ReviewChain) => (
              <Button size="small" onClick={() => setEditing(chain)}>
                {t('reviewChains.edit')}
              </Button>
            ),
          },
        ]
      : []),
  ];

  return (
    <>
      <PageHeader title={t('reviewChains.title')} />
      <Flex vertical gap={16}>
        <Alert type="info" showIcon title={canEdit ? t('reviewChains.intro') : t('reviewChains.readOnly')} />
        <Card>
          {chains.error ? (
            <ApiErrorAlert error={chains.error} onRetry={chains.reload} />
          ) : (
            <Table<ReviewChain>
              rowKey="provinceCode"
              columns={columns}
              dataSource={chains.data?.items ?? []}
              loading={chains.isLoading}
              pagination={false}
              scroll={{ x: 900 }}
            />
          )}
        </Card>
      </Flex>
      {editing && (
        <EditChainModal
          chain={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            chains.reload();
          }}
        />
      )}
    </>
  );
}
