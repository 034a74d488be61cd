import { useTranslation } from 'react-i18next';
import { AppLayout } from './app-layout';
import { enterprisePaths } from '../routes/paths';

/** 首页, 我的填报任务, 填报任务申请, 填报业务指南, 填报数据查询, 用户中心 — the manual's menu. */
export function EnterpriseLayout() {
  const { t } = useTranslation();
  return (
    <AppLayout
      homePath={enterprisePaths.home}
      navigation={[
        { path: enterprisePaths.home, label: t('menu.enterprise.home') },
        { path: enterprisePaths.myTasks, label: t('menu.enterprise.myTasks') },
        { path: enterprisePaths.taskApplication, label: t('menu.enterprise.taskApplication') },
        { path: enterprisePaths.guide, label: t('menu.enterprise.guide') },
        { path: enterprisePaths.filingQuery, label: t('menu.enterprise.filingQuery') },
        { path: enterprisePaths.userCenter, label: t('menu.enterprise.userCenter') },
      ]}
    />
  );
}
