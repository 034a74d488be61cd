import { Alert, Card, Descriptions, Result, Tabs } from 'antd';
import { useTranslation } from 'react-i18next';
import { PageHeader } from '../../components/page-header';
import { useCurrentUser } from '../../session/session-context';

const pendingTabs = ['realName', 'password', 'documents', 'phone'] as const;

/** 用户中心: the profile from the session; the account functions come with the account module. */
export function UserCenterPage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const notApplicable = t('userCenter.notApplicable');

  const basicInfo = (
    <>
      <Descriptions
        bordered
        column={1}
        size="middle"
        styles={{ label: { width: 200 } }}
        items={[
          { key: 'username', label: t('userCenter.fields.username'), children: user.username },
          { key: 'displayName', label: t('userCenter.fields.displayName'), children: user.displayName },
          { key: 'region', label: t('userCenter.fields.region'), children: user.region.name },
          {
            key: 'enterpriseName',
            label: t('userCenter.fields.enterpriseName'),
            children: user.enterprise?.name ?? notApplicable,
          },
          {
            key: 'uscc',
            label: t('userCenter.fields.uscc'),
            children: <span className="code-text">{user.enterprise?.uscc ?? notApplicable}</span>,
          },
        ]}
      />
      <Alert type="info" showIcon title={t('userCenter.readOnlyHint')} className="section-gap" />
    </>
  );

  return (
    <>
      <PageHeader title={t('menu.enterprise.userCenter')} />
      <Card>
        <Tabs
          items={[
            { key: 'basicInfo', label: t('userCenter.tabs.basicInfo'), children: basicInfo },
            ...pendingTabs.map((key) => ({
              key,
              label: t(`userCenter.tabs.${key}`),
              children: <Result status="info" title={t('userCenter.accountModulePending')} />,
            })),
          ]}
        />
      </Card>
    </>
  );
}
