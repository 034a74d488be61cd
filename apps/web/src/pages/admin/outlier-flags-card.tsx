import type { DecidedFiling, OutlierFlag } from '@zhibao/contracts';
import { Button, Card, Flex, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFilingOutliers, sendVerificationQuery } from '../../api/outlier.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';

const cellId = (flag: Pick<OutlierFlag, 'formId' | 'key'>) => `${flag.formId}.${flag.key}`;
const figure = (value: number) => Number(value.toPrecision(6)).toLocaleString();

/** 离群值: the filing's flags with the numbers behind each, and the 请核实 query on the cells chosen. */
export function OutlierFlagsCard(props: {
  filingId: string;
  canQuery: boolean;
  onQueried: (action: () => Promise<DecidedFiling>) => void;
}) {
  const { t } = useTranslation();
  const outliers = useApiQuery((signal) => fetchFilingOutliers(props.filingId, signal), [props.filingId]);
  const [selected, setSelected] = useState<string[]>([]);
  const [isAsking, setIsAsking] = useState(false);
  const [note, setNote] = useState('');
  if (outliers.error) return <ApiErrorAlert error={outliers.error} onRetry={outliers.reload} />;
  const flags = outliers.data?.flags ?? [];
  if (!outliers.data || flags.length === 0) return null;

  const numbersOf = (flag: OutlierFlag) =>
    flag.numbers.method === 'hb'
      ? t('outliers.hbNumbers', {
          current: figure(flag.numbers.current),
          previous: figure(flag.numbers.previous),
          ratio: figure(flag.numbers.ratio),
          medianRatio: figure(flag.numbers.medianRatio),
          effect: figure(flag.numbers.effect),
          lower: figure(flag.numbers.lowerBound),
          upper: figure(flag.numbers.upperBound),
        })
      : t('outliers.sigmaGapNumbers', {
          current: figure(flag.numbers.current),
          median: figure(flag.numbers.median),
          gap: figure(flag.numbers.gapLimit),
        });

  return (
    <Card title={t('outliers.title', { count: flags.length })} data-testid="outlier-flags">
      <Flex vertical gap={8}>
        <Table<OutlierFlag>
          size="small"
          pagination={false}
          rowKey={(flag) => `${cellId(flag)}|${flag.comparison}`}
          dataSource={flags}
          rowSelection={
            props.canQuery
              ? {
                  selectedRowKeys: flags
                    .filter((flag) => selected.includes(cellId(flag)))
                    .map((flag) => `${cellId(flag)}|${flag.comparison}`),
                  onSelect: (flag, isSelected) =>
                    setSelected((current) =>
                      isSelected
                        ? [...new Set([...current, cellId(flag)])]
                        : current.filter((id) => id !== cellId(flag)),
                    ),
                  hideSelectAll: true,
                }
              : undefined
          }
          columns={[
            { title: t('adminWork.review.code'), dataIndex: 'label', key: 'label', width: 70 },
            { title: t('adminWork.review.indicator'), dataIndex: 'name', key: 'name' },
            {
              title: t('outliers.comparison'),
              key: 'comparison',
              render: (_, flag) => t(`outliers.comparisons.${flag.comparison}`),
            },
            {
              title: t('outliers.side'),
              key: 'side',
              width: 70,
              render: (_, flag) => (
                <Tag color={flag.side === 'high' ? 'red' : 'orange'}>{t(`outliers.sides.${flag.side}`)}</Tag>
              ),
            },
            { title: t('outliers.numbers'), key: 'numbers', render: (_, flag) => numbersOf(flag) },
            {
              title: t('outliers.class'),
              key: 'class',
              width: 110,
              render: (_, flag) => t('outliers.classOf', { key: flag.classKey, size: flag.classSize }),
            },
          ]}
        />
        {props.canQuery && (
          <Flex justify="flex-end">
            <Button disabled={selected.length === 0} onClick={() => setIsAsking(true)}>
              {t('outliers.query')}
            </Button>
          </Flex>
        )}
      </Flex>
      <Modal
        open={isAsking}
        title={t('outliers.queryTitle')}
        okText={t('outliers.query')}
        okButtonProps={{ disabled: note.trim() === '' }}
        onCancel={() => setIsAsking(false)}
        onOk={() => {
          setIsAsking(false);
          props.onQueried(() =>
            sendVerificationQuery(props.filingId, {
              cells: selected.map((id) => {
                const [formId, key] = id.split('.') as [string, string];
                return { formId, key };
              }),
              message: note.trim(),
            }),
          );
        }}
      >
        <Flex vertical gap={8}>
          <Typography.Text type="secondary">{t('outliers.queryHint')}</Typography.Text>
          <Input.TextArea
            id="verification-query-note"
            rows={3}
            value={note}
            placeholder={t('outliers.queryPlaceholder')}
            onChange={(event) => setNote(event.target.value)}
          />
        </Flex>
      </Modal>
    </Card>
  );
}
