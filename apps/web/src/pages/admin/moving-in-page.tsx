import {
  Alert,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Progress,
  Select,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchMovingInOverview,
  fetchMovingInRun,
  startMovingIn,
  type MovingInRunDetail,
  type MovingInRunView,
} from '../../api/moving-in.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';

const statusColor = { running: 'processing', finished: 'success', failed: 'error' } as const;
const countKeys = [
  'enterprisesAdded',
  'enterprisesUnchanged',
  'accountsAdded',
  'accountsUnchanged',
  'filingsAdded',
  'filingsUnchanged',
  'refusedRows',
] as const;
/** How often a running import is asked where it is. */
const pollMs = 1000;

function RunStatus({ run }: { run: MovingInRunView }) {
  const { t } = useTranslation();
  return <Tag color={statusColor[run.status]}>{t(`movingIn.status.${run.status}`)}</Tag>;
}

/** One run: where it is (file n of all, rows read), its counts, and the rows it refused with file, row and column. */
function RunDetail({ runId, onFinished }: { runId: string; onFinished: () => void }) {
  const { t } = useTranslation();
  const run = useApiQuery((signal) => fetchMovingInRun(runId, signal), [runId]);
  const { reload } = run;
  const isRunning = run.data?.status === 'running';
  useEffect(() => {
    if (!isRunning) return;
    const timer = setTimeout(reload, pollMs);
    return () => clearTimeout(timer);
  }, [isRunning, reload, run.data]);
  // The list of runs shows the run's end too.
  const hasEnded = run.data !== undefined && !isRunning;
  useEffect(() => {
    if (hasEnded) onFinished();
  }, [hasEnded, onFinished]);

  if (run.error) return <ApiErrorAlert error={run.error} onRetry={run.reload} />;
  const detail: MovingInRunDetail | undefined = run.data;
  if (!detail) return <Card loading />;
  const { progress } = detail;
  const percent =
    detail.status === 'finished'
      ? 100
      : progress
        ? Math.floor(((progress.fileNumber - 1) / progress.files) * 100)
        : 0;
  const columns: ColumnsType<MovingInRunDetail['refusals'][number]> = [
    { title: t('movingIn.refusal.file'), dataIndex: 'file' },
    { title: t('movingIn.refusal.row'), dataIndex: 'row', width: 90 },
    {
      title: t('movingIn.refusal.column'),
      dataIndex: 'column',
      render: (column: string | null) => column ?? '—',
    },
    { title: t('movingIn.refusal.reason'), dataIndex: 'reason' },
  ];
  return (
    <Card
      title={t('movingIn.runTitle', { folder: detail.folder })}
      extra={<RunStatus run={detail} />}
      data-testid="moving-in-run"
    >
      <Flex vertical gap={16}>
        <Progress
          percent={percent}
          status={
            detail.status === 'failed' ? 'exception' : detail.status === 'running' ? 'active' : 'success'
          }
        />
        {progress && (
          <Typography.Text data-testid="moving-in-progress">
            {detail.status === 'running'
              ? t('movingIn.progress', {
                  fileNumber: progress.fileNumber,
                  files: progress.files,
                  file: progress.file,
                  rows: progress.rows.toLocaleString(),
                })
              : t('movingIn.filesRead', { files: progress.files })}
          </Typography.Text>
        )}
        {detail.counts && (
          <Descriptions size="small" bordered column={{ xs: 1, sm: 2, lg: 4 }} data-testid="moving-in-counts">
            {countKeys.map((key) => (
              <Descriptions.Item key={key} label={t(`movingIn.counts.${key}`)}>
                <span data-testid={`moving-in-count-${key}`}>{detail.counts![key].toLocaleString()}</span>
              </Descriptions.Item>
            ))}
          </Descriptions>
        )}
        {detail.status === 'failed' && <Alert type="error" showIcon title={t('movingIn.failed')} />}
        {detail.status !== 'running' && (
          <>
            <Typography.Title level={5} style={{ margin: 0 }}>
              {t('movingIn.refusalsTitle', { count: detail.refusalCount })}
            </Typography.Title>
            <Table
              rowKey={(refusal) => `${refusal.file}#${refusal.row}#${refusal.column ?? ''}`}
              columns={columns}
              dataSource={detail.refusals}
              size="small"
              pagination={{ pageSize: 20, hideOnSinglePage: true }}
              locale={{ emptyText: t('movingIn.noRefusals') }}
              data-testid="moving-in-refusals"
            />
          </>
        )}
      </Flex>
    </Card>
  );
}

/** 原平台数据迁入 (the ministry): choose an export folder on the server, start, follow the run, read the result. */
export function MovingInPage() {
  const { t } = useTranslation();
  const overview = useApiQuery((signal) => fetchMovingInOverview(signal), []);
  const [folder, setFolder] = useState<string>();
  const [runId, setRunId] = useState<string | null>(null);
  const [startError, setStartError] = useState<unknown>(null);
  const [isStarting, setIsStarting] = useState(false);

  async function start() {
    if (!folder) return;
    setIsStarting(true);
    setStartError(null);
    try {
      const run = await startMovingIn(folder);
      setRunId(run.id);
      overview.reload();
    } catch (error) {
      setStartError(error);
    } finally {
      setIsStarting(false);
    }
  }

  const runColumns: ColumnsType<MovingInRunView> = [
    { title: t('movingIn.folder'), dataIndex: 'folder' },
    { title: t('movingIn.startedAt'), dataIndex: 'startedAt', render: (at: string) => formatDateTime(at) },
    { title: t('movingIn.statusLabel'), render: (_, run) => <RunStatus run={run} /> },
    {
      title: t('movingIn.counts.filingsAdded'),
      render: (_, run) => run.counts?.filingsAdded.toLocaleString() ?? '—',
    },
    {
      title: '',
      render: (_, run) => (
        <Button type="link" onClick={() => setRunId(run.id)}>
          {t('movingIn.view')}
        </Button>
      ),
    },
  ];

  return (
    <Flex vertical gap={16}>
      <PageHeader title={t('movingIn.title')} />
      {overview.error ? (
        <ApiErrorAlert error={overview.error} onRetry={overview.reload} />
      ) : (
        <>
          <Card title={t('movingIn.startTitle')}>
            <Flex vertical gap={12}>
              <Typography.Paragraph type="secondary" style={{ margin: 0 }}>
                {t('movingIn.intro', { directory: overview.data?.directory ?? '' })}
              </Typography.Paragraph>
              <Flex gap={8} wrap>
                <Select
                  style={{ minWidth: 280 }}
                  placeholder={t('movingIn.folderPlaceholder')}
                  aria-label={t('movingIn.folder')}
                  value={folder}
                  onChange={setFolder}
                  loading={overview.isLoading}
                  options={(overview.data?.folders ?? []).map((name) => ({ value: name, label: name }))}
                  notFoundContent={<Empty description={t('movingIn.noFolders')} />}
                  data-testid="moving-in-folder"
                />
                <Button
                  type="primary"
                  onClick={start}
                  loading={isStarting}
                  disabled={!folder}
                  data-testid="moving-in-start"
                >
                  {t('movingIn.start')}
                </Button>
              </Flex>
              {startError ? <ApiErrorAlert error={startError} /> : null}
            </Flex>
          </Card>
          {runId && <RunDetail runId={runId} key={runId} onFinished={overview.reload} />}
          <Card title={t('movingIn.runsTitle')}>
            <Table
              rowKey="id"
              columns={runColumns}
              dataSource={overview.data?.runs ?? []}
              loading={overview.isLoading}
              pagination={false}
              size="small"
            />
          </Card>
        </>
      )}
    </Flex>
  );
}
