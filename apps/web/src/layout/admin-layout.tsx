import { useTranslation } from 'react-i18next';
import { AppLayout } from './app-layout';
import { adminPaths } from '../routes/paths';

export function AdminLayout() {
  const { t } = useTranslation();
  return (
    <AppLayout
      homePath={adminPaths.dashboard}
      navigation={[
        { path: adminPaths.dashboard, label: t('menu.admin.dashboard') },
        { path: adminPaths.tasks, label: t('menu.admin.tasks') },
        { path: adminPaths.directory, label: t('menu.admin.directory') },
        { path: adminPaths.review, label: t('menu.admin.review') },
        { path: adminPaths.changeRequests, label: t('changeRequests.menu') },
        { path: adminPaths.reminders, label: t('menu.admin.reminders') },
        { path: adminPaths.aggregation, label: t('menu.admin.aggregation') },
        { path: adminPaths.bindingReview, label: t('account.bindingReview.menu') },
        { path: adminPaths.accounts, label: t('menu.admin.accounts') },
        { path: adminPaths.reviewChains, label: t('menu.admin.reviewChains') },
      ]}
    />
  );
}
