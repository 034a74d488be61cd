import { useTranslation } from 'react-i18next';
import { AppLayout } from './app-layout';
import { adminPaths } from '../routes/paths';
import { useCurrentUser } from '../session/session-context';

export function AdminLayout() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  return (
    <AppLayout
      homePath={adminPaths.dashboard}
      navigation={[
        { path: adminPaths.dashboard, label: t('menu.admin.dashboard') },
        { path: adminPaths.announcements, label: t('announcements.title') },
        { path: adminPaths.tasks, label: t('menu.admin.tasks') },
        { path: adminPaths.directory, label: t('menu.admin.directory') },
        { path: adminPaths.review, label: t('menu.admin.review') },
        { path: adminPaths.changeRequests, label: t('changeRequests.menu') },
        { path: adminPaths.reminders, label: t('menu.admin.reminders') },
        { path: adminPaths.aggregation, label: t('menu.admin.aggregation') },
        { path: adminPaths.dataQuality, label: t('menu.admin.dataQuality') },
        { path: adminPaths.bindingReview, label: t('account.bindingReview.menu') },
        { path: adminPaths.accounts, label: t('menu.admin.accounts') },
        { path: adminPaths.reviewChains, label: t('menu.admin.reviewChains') },
        { path: adminPaths.ruleSwitches, label: t('menu.admin.ruleSwitches') },
        { path: adminPaths.exchangeImport, label: t('exchangeImport.menu') },
        // 原平台数据迁入 moves in every region's data: the ministry's page alone.
        ...(user.adminLevel === 'ministry'
          ? [{ path: adminPaths.movingIn, label: t('menu.admin.movingIn') }]
          : []),
      ]}
    />
  );
}
