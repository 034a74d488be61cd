import { Alert, Card, Flex, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchRuleSwitches, type RuleSwitchPackageView } from '../../api/rule-switch.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { formatDateTime } from '../../format/date-format';
import { useCurrentUser } from '../../session/session-context';
import { ChangeTags } from './rule-switch-changes';
import { RuleSwitchDraftCard } from './rule-switch-draft-card';

/** 制度维护: the ministry's dated rule switches; every administrator reads them, the ministry tries and publishes. */
export function RuleSwitchesPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const canPublish = user.adminLevel === 'ministry';
  const list = useApiQuery((signal) => fetchRuleSwitches(signal), []);

  return (
    <>
      <PageHeader
        title={t('ruleSwitches.title')}
        extra={
          list.data && (
            <Typography.Text type="secondary">
              {t('ruleSwitches.currentVersion', { version: list.data.switchVersion })}
            </Typography.Text>
          )
        }
      />
      <Flex vertical gap={16}>
        <Alert
          type="info"
          showIcon
          title={canPublish ? t('ruleSwitches.intro') : t('ruleSwitches.readOnly')}
        />
        {canPublish && <RuleSwitchDraftCard onPublished={list.reload} />}
        <Card title={t('ruleSwitches.published')}>
          {list.error ? (
            <ApiErrorAlert error={list.error} onRetry={list.reload} />
          ) : (
            <Table<RuleSwitchPackageView>
              rowKey="version"
              loading={list.isLoading}
              dataSource={list.data?.packages ?? []}
              pagination={false}
              locale={{ emptyText: t('ruleSwitches.none') }}
              scroll={{ x: 900 }}
              columns={[
                { title: t('ruleSwitches.version'), dataIndex: 'version', key: 'version', width: 70 },
                { title: t('ruleSwitches.edition'), dataIndex: 'editionId', key: 'edition', width: 90 },
                {
                  title: t('ruleSwitches.effectiveFrom'),
                  dataIndex: 'effectiveFrom',
                  key: 'effectiveFrom',
                  width: 110,
                },
                {
                  title: t('ruleSwitches.changes'),
                  key: 'changes',
                  render: (_, item) => <ChangeTags changes={item.changes} />,
                },
                { title: t('ruleSwitches.reason'), dataIndex: 'reason', key: 'reason' },
                {
                  title: t('ruleSwitches.publishedBy'),
                  key: 'publishedBy',
                  width: 200,
                  render: (_, item) => `${item.publishedBy} ${formatDateTime(item.publishedAt)}`,
                },
              ]}
            />
          )}
        </Card>
      </Flex>
    </>
  );
}
