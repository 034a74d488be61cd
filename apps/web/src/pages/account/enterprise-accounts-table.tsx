import { Button, Table } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { MobileResetBy } from '../../api/mobile-reset.api';
import { MobileResetDialog } from './mobile-reset-dialog';

interface AccountRow {
  id: string;
  username: string;
  displayName: string;
  maskedMobile: string | null;
}

/**
 * The accounts of one enterprise (login name, name, masked mobile, then the caller's own columns) with the
 * 更换手机号 dialog, for the enterprise's manager and for an administrator of its region alike.
 */
export function EnterpriseAccountsTable<Row extends AccountRow>({
  by,
  rows,
  isLoading,
  columns,
  actions,
  onChanged,
}: {
  by: MobileResetBy;
  rows: Row[];
  isLoading: boolean;
  columns: ColumnsType<Row>;
  /** What the actions column shows for a row; `changeMobile` is the 更换手机号 button. */
  actions: (row: Row, changeMobile: ReactNode) => ReactNode;
  onChanged: () => void;
}) {
  const { t } = useTranslation();
  const [changingMobileOf, setChangingMobileOf] = useState<Row | null>(null);
  return (
    <>
      <Table<Row>
        rowKey="id"
        size="middle"
        loading={isLoading}
        dataSource={rows}
        pagination={false}
        columns={[
          { title: t('userCenter.fields.username'), dataIndex: 'username' },
          { title: t('userCenter.fields.displayName'), dataIndex: 'displayName' },
          { title: t('account.center.mobile'), dataIndex: 'maskedMobile' },
          ...columns,
          {
            title: t('common.actions'),
            key: 'actions',
            render: (_value, row) =>
              actions(
                row,
                <Button type="link" size="small" onClick={() => setChangingMobileOf(row)}>
                  {t('mobileReset.action')}
                </Button>,
              ),
          },
        ]}
      />
      {changingMobileOf && (
        <MobileResetDialog
          by={by}
          account={changingMobileOf}
          onClose={() => setChangingMobileOf(null)}
          onDone={() => {
            setChangingMobileOf(null);
            onChanged();
          }}
        />
      )}
    </>
  );
}
