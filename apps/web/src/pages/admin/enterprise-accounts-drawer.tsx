import type { EnterpriseAccountForAdmin } from '@zhibao/contracts';
import { Drawer, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { fetchEnterpriseAccountsForAdmin } from '../../api/mobile-reset.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { EnterpriseAccountsTable } from '../account/enterprise-accounts-table';

/**
 * The accounts of one enterprise of the administrator's region, where the administrator changes a lost mobile
 * (the account manager's own above all: nobody in the enterprise can do that one).
 */
export function EnterpriseAccountsDrawer({
  enterprise,
  onClose,
}: {
  enterprise: { id: string; name: string };
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const accounts = useApiQuery(
    (signal) => fetchEnterpriseAccountsForAdmin(enterprise.id, signal),
    [enterprise.id],
  );
  return (
    <Drawer
      open
      size="large"
      title={t('mobileReset.accountsTitle', { name: enterprise.name })}
      onClose={onClose}
    >
      {accounts.error ? (
        <ApiErrorAlert error={accounts.error} onRetry={accounts.reload} />
      ) : (
        <EnterpriseAccountsTable<EnterpriseAccountForAdmin>
          by="administrator"
          rows={accounts.data?.items ?? []}
          isLoading={accounts.isLoading}
          onChanged={accounts.reload}
          columns={[
            {
              title: t('mobileReset.status'),
              key: 'status',
              render: (_value, row) => (
                <Space size={4}>
                  {row.isEnterpriseManager && <Tag color="blue">{t('mobileReset.manager')}</Tag>}
                  {row.isDisabled && <Tag>{t('mobileReset.disabled')}</Tag>}
                </Space>
              ),
            },
          ]}
          actions={(_row, changeMobile) => changeMobile}
        />
      )}
    </Drawer>
  );
}
