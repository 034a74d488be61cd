import {
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Select,
  Table,
  Tag,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  fetchAdminTasks,
  generateMonthlyTasks,
  publishTask,
  type AdminTask,
  type TaskAudience,
} from '../../api/admin.api';
import { isApiError } from '../../api/http-client';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime, formatPeriod, surveyInstantOf } from '../../format/date-format';
import { useSession } from '../../session/session-context';

interface PublishForm {
  periodType: 'month' | 'year';
  period: string;
  audience: TaskAudience;
  window: [Dayjs, Dayjs];
  county?: Dayjs;
  city?: Dayjs;
  province?: Dayjs;
  ministry?: Dayjs;
}

/** The review chain's levels, from the enterprise's district up. */
const chainLevels = ['county', 'city', 'province', 'ministry'] as const;

/** Where the server's refusal of a field shows on the publish form. */
function publishFieldOf(name: string): keyof PublishForm | null {
  if (name.startsWith('reviewDeadlines.')) {
    const level = name.slice('reviewDeadlines.'.length);
    return (chainLevels as readonly string[]).includes(level) ? (level as keyof PublishForm) : null;
  }
  if (name === 'opensAt' || name === 'closesAt') return 'window';
  if (name === 'period' || name === 'periodType' || name === 'audience') return name;
  return null;
}

/** 调查任务: the region's tasks; the ministry or a province publishes one, or a year of monthly tasks at once. */
export function TasksPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { state } = useSession();
  // The ministry and provinces (municipalities included) publish; their region codes end in 0000.
  const canPublish = state.status === 'authenticated' && state.user.region.code.endsWith('0000');
  // A publisher sets the review deadlines of its own level and the levels below it (重庆 publishes as 市级).
  const ownLevel = state.status === 'authenticated' ? state.user.adminLevel : null;
  const deadlineLevels = chainLevels.slice(
    0,
    ownLevel ? chainLevels.indexOf(ownLevel) + 1 : chainLevels.length,
  );
  const tasks = useApiQuery((signal) => fetchAdminTasks(signal), []);
  const [isPublishing, setIsPublishing] = useState(false);
  const [year, setYear] = useState<number>(new Date().getFullYear() + 1);
  const [form] = Form.useForm<PublishForm>();

  const publish = async (values: PublishForm) => {
    try {
      const deadlines = Object.fromEntries(
        deadlineLevels
          .filter((level) => values[level])
          .map((level) => [level, surveyInstantOf(values[level]!)]),
      );
      await publishTask({
        periodType: values.periodType,
        period: values.period,
        audience: values.audience,
        scopeRegionCodes: [],
        opensAt: surveyInstantOf(values.window[0]),
        closesAt: surveyInstantOf(values.window[1]),
        reviewDeadlines: deadlines,
      });
      message.success(t('adminWork.tasks.published'));
      setIsPublishing(false);
      tasks.reload();
    } catch (error) {
      // The server's reasons go on the fields they name, so 请检查标出的项 always has something marked.
      if (isApiError(error) && error.invalidParams) {
        form.setFields(
          error.invalidParams.flatMap((param) => {
            const field = publishFieldOf(param.name);
            return field ? [{ name: field, errors: [param.reason] }] : [];
          }),
        );
      }
      message.error(describeError(error, t));
    }
  };

  const generate = async () => {
    try {
      const result = await generateMonthlyTasks({ year, filingDay: 15, audience: 'by-period' });
      message.success(
        t('adminWork.tasks.generated', { created: result.created.length, skipped: result.skipped.length }),
      );
      tasks.reload();
    } catch (error) {
      message.error(describeError(error, t));
    }
  };

  const columns: ColumnsType<AdminTask> = [
    { title: t('task.taskName'), dataIndex: 'name', key: 'name' },
    {
      title: t('task.period'),
      dataIndex: 'period',
      key: 'period',
      render: (_, row) => formatPeriod(row.period),
      width: 110,
    },
    { title: t('adminWork.tasks.owner'), dataIndex: 'ownerRegionName', key: 'owner', width: 100 },
    {
      title: t('adminWork.tasks.audience'),
      dataIndex: 'audience',
      key: 'audience',
      width: 130,
      render: (audience: TaskAudience) => <Tag>{t(`adminWork.tasks.audiences.${audience}`)}</Tag>,
    },
    {
      title: t('adminWork.tasks.window'),
      key: 'window',
      width: 260,
      render: (_, task) => `${formatDateTime(task.opensAt)} ~ ${formatDateTime(task.closesAt)}`,
    },
    {
      title: t('adminWork.tasks.reviewDeadlines'),
      dataIndex: 'reviewDeadlines',
      key: 'reviewDeadlines',
      width: 260,
      render: (deadlines: AdminTask['reviewDeadlines']) =>
        chainLevels
          .filter((level) => deadlines[level])
          .map((level) => `${t(`adminWork.levels.${level}`)} ${formatDateTime(deadlines[level])}`)
          .join('；'),
    },
  ];

  return (
    <>
      <PageHeader
        title={t('menu.admin.tasks')}
        extra={
          canPublish && (
            <Flex gap={8} align="center">
              <InputNumber
                aria-label={t('adminWork.tasks.generateYear')}
                min={2000}
                max={2100}
                value={year}
                onChange={(value) => value && setYear(value)}
              />
              <Button onClick={generate}>{t('adminWork.tasks.generateMonthly')}</Button>
              <Button type="primary" onClick={() => setIsPublishing(true)}>
                {t('adminWork.tasks.publish')}
              </Button>
            </Flex>
          )
        }
      />
      <Card>
        {tasks.error ? (
          <ApiErrorAlert error={tasks.error} onRetry={tasks.reload} />
        ) : (
          <Table<AdminTask>
            rowKey="id"
            columns={columns}
            dataSource={tasks.data?.items ?? []}
            loading={tasks.isLoading}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            scroll={{ x: 1100 }}
          />
        )}
      </Card>
      <Modal
        open={isPublishing}
        title={t('adminWork.tasks.publish')}
        onCancel={() => setIsPublishing(false)}
        onOk={() => form.submit()}
        width={640}
      >
        <Form<PublishForm>
          form={form}
          layout="vertical"
          onFinish={publish}
          initialValues={{ periodType: 'month', audience: 'by-period' }}
        >
          <Form.Item name="periodType" label={t('adminWork.tasks.periodType')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'month', label: t('adminWork.tasks.monthly') },
                { value: 'year', label: t('adminWork.tasks.annual') },
              ]}
            />
          </Form.Item>
          <Form.Item
            name="period"
            label={t('task.period')}
            rules={[{ required: true }]}
            extra={t('adminWork.tasks.periodHint')}
          >
            <Input />
          </Form.Item>
          <Form.Item name="audience" label={t('adminWork.tasks.audience')}>
            <Select
              options={(['by-period', 'in-scope', 'key-enterprises'] as const).map((value) => ({
                value,
                label: t(`adminWork.tasks.audiences.${value}`),
              }))}
            />
          </Form.Item>
          <Form.Item name="window" label={t('adminWork.tasks.window')} rules={[{ required: true }]}>
            <DatePicker.RangePicker showTime style={{ width: '100%' }} />
          </Form.Item>
          <Flex gap={8} wrap>
            {deadlineLevels.map((level) => (
              <Form.Item
                key={level}
                name={level}
                label={`${t(`adminWork.levels.${level}`)}${t('adminWork.tasks.reviewBy')}`}
              >
                <DatePicker showTime />
              </Form.Item>
            ))}
          </Flex>
        </Form>
      </Modal>
    </>
  );
}
