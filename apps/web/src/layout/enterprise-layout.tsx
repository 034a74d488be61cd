import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { NoticeBoardProvider, useNoticeBoard } from '../pages/enterprise/messages/notice-board';
import { enterprisePaths } from '../routes/paths';
import { AppLayout } from './app-layout';

/** 首页, 通知公告, 我的填报任务, 填报任务申请, 填报业务指南, 填报数据查询, 消息, 用户中心 — the manual's menu and the notices. */
export function EnterpriseLayout() {
  return (
    <NoticeBoardProvider>
      <EnterpriseFrame />
    </NoticeBoardProvider>
  );
}

function EnterpriseFrame() {
  const { t } = useTranslation();
  const unread = useNoticeBoard().notices?.unreadCount ?? 0;
  return (
    <AppLayout
      homePath={enterprisePaths.home}
      navigation={[
        { path: enterprisePaths.home, label: t('menu.enterprise.home') },
        { path: enterprisePaths.announcements, label: t('announcements.title') },
        { path: enterprisePaths.myTasks, label: t('menu.enterprise.myTasks') },
        { path: enterprisePaths.taskApplication, label: t('menu.enterprise.taskApplication') },
        { path: enterprisePaths.guide, label: t('menu.enterprise.guide') },
        { path: enterprisePaths.filingQuery, label: t('menu.enterprise.filingQuery') },
        {
          path: enterprisePaths.messages,
          label: (
            <span data-testid="messages-menu">
              {t('menu.enterprise.messages')}
              <Badge count={unread} size="small" offset={[6, -2]} aria-hidden />
              {unread > 0 && (
                <span className="visually-hidden">{t('messages.unreadCount', { count: unread })}</span>
              )}
            </span>
          ),
        },
        { path: enterprisePaths.userCenter, label: t('menu.enterprise.userCenter') },
      ]}
    />
  );
}
