import { App, Button, Card, Flex, Form, Input, Modal, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  approveTaskApplication,
  fetchTaskApplications,
  refuseTaskApplication,
  type TaskApplication,
} from '../../api/admin.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert, describeError } from '../../components/api-error-alert';
import { formatDateTime } from '../../format/date-format';
import { useSession } from '../../session/session-context';

/**
 * 任务申请审批: the pending 填报任务申请 of the enterprises in the region. Only the district administrator
 * decides; the levels above see the list.
 */
export function TaskApplicationReview() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const { state } = useSession();
  const canDecide = state.status === 'authenticated' && state.user.adminLevel === 'county';
  const applications = useApiQuery((signal) => fetchTaskApplications('pending', signal), []);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [refusing, setRefusing] = useState<TaskApplication | null>(null);
  const [reason, setReason] = useState('');

  const decide = async (applicationId: string, action: () => Promise<unknown>, done: string) => {
    setBusyId(applicationId);
    try {
      await action();
      message.success(done);
      setRefusing(null);
      setReason('');
      applications.reload();
    } catch (error) {
      message.error(describeError(error, t));
      applications.reload();
    } finally {
      setBusyId(null);
    }
  };

  const columns: ColumnsType<TaskApplication> = [
    { title: t('adminWork.taskApplications.task'), dataIndex: 'taskName', key: 'task' },
    {
      title: t('adminWork.taskApplications.enterprise'),
      key: 'enterprise',
      render: (_, row) => (
        <Flex vertical>
          <span>{row.enterpriseName}</span>
          <Typography.Text type="secondary" className="code-text">
            {row.uscc}
          </Typography.Text>
        </Flex>
      ),
    },
    { title: t('directory.region'), dataIndex: 'regionName', key: 'region', width: 160 },
    {
      title: t('adminWork.taskApplications.appliedAt'),
      dataIndex: 'appliedAt',
      key: 'appliedAt',
      width: 160,
      render: (value: string) => formatDateTime(value),
    },
    ...(canDecide
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            width: 150,
            render: (_: unknown, row: TaskApplication) => (
              <Flex gap={4}>
                <Button
                  type="link"
                  size="small"
                  loading={busyId === row.id && refusing === null}
                  disabled={busyId !== null}
                  onClick={() =>
                    decide(
                      row.id,
                      () => approveTaskApplication(row.id),
                      t('adminWork.taskApplications.approved'),
                    )
                  }
                >
                  {t('adminWork.taskApplications.approve')}
                </Button>
                <Button
                  type="link"
                  size="small"
                  danger
                  disabled={busyId !== null}
                  onClick={() => {
                    setReason('');
                    setRefusing(row);
                  }}
                >
                  {t('adminWork.taskApplications.refuse')}
                </Button>
              </Flex>
            ),
          },
        ]
      : []),
  ];

  return (
    <Card
      title={t('adminWork.taskApplications.title')}
      extra={
        canDecide ? null : (
          <Typography.Text type="secondary">{t('adminWork.taskApplications.countyOnly')}</Typography.Text>
        )
      }
    >
      {applications.error ? (
        <ApiErrorAlert error={applications.error} onRetry={applications.reload} />
      ) : (
        <Table<TaskApplication>
          rowKey="id"
          columns={columns}
          dataSource={applications.data?.items ?? []}
          loading={applications.isLoading}
          locale={{ emptyText: t('adminWork.taskApplications.empty') }}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
        />
      )}
      <Modal
        open={refusing !== null}
        title={t('adminWork.taskApplications.refuseTitle')}
        onCancel={() => setRefusing(null)}
        okText={t('adminWork.taskApplications.refuse')}
        okButtonProps={{ danger: true, disabled: reason.trim() === '', loading: busyId !== null }}
        onOk={() =>
          refusing &&
          decide(
            refusing.id,
            () => refuseTaskApplication(refusing.id, reason.trim()),
            t('adminWork.taskApplications.refused'),
          )
        }
      >
        <Form layout="vertical">
          <Form.Item label={t('adminWork.taskApplications.reason')} htmlFor="refuse-reason" required>
            <Input.TextArea
              id="refuse-reason"
              rows={3}
              maxLength={500}
              value={reason}
              placeholder={t('adminWork.taskApplications.reasonPlaceholder')}
              onChange={(event) => setReason(event.target.value)}
            />
          </Form.Item>
          {refusing && (
            <Typography.Text type="secondary">
              {refusing.enterpriseName} · {refusing.taskName}
            </Typography.Text>
          )}
        </Form>
      </Modal>
    </Card>
  );
}
