import type { EnterpriseAccountForAdmin } from '@zhibao/contracts';
import { Button, Drawer, Space, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchEnterpriseAccountsForAdmin } from '../../api/mobile-reset.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { MobileResetDialog } from '../account/mobile-reset-dialog';

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
  const [changingMobileOf, setChangingMobileOf] = useState<EnterpriseAccountForAdmin | null>(null);
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
        <Table<EnterpriseAccountForAdmin>
          rowKey="id"
          size="middle"
          loading={accounts.isLoading}
          dataSource={accounts.data?.items ?? []}
          pagination={false}
          columns={[
            { title: t('userCenter.fields.username'), dataIndex: 'username' },
            { title: t('userCenter.fields.displayName'), dataIndex: 'displayName' },
            { title: t('account.center.mobile'), dataIndex: 'maskedMobile' },
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
            {
              title: t('common.actions'),
              key: 'actions',
              render: (_value, row) => (
                <Button type="link" size="small" onClick={() => setChangingMobileOf(row)}>
                  {t('mobileReset.action')}
                </Button>
              ),
            },
          ]}
        />
      )}
      {changingMobileOf && (
        <MobileResetDialog
          by="administrator"
          account={changingMobileOf}
          onClose={() => setChangingMobileOf(null)}
          onDone={() => {
            setChangingMobileOf(null);
            accounts.reload();
          }}
        />
      )}
    </Drawer>
  );
}
