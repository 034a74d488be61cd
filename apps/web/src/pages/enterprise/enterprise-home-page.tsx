import { BellOutlined, RightOutlined } from '@ant-design/icons';
import { Badge, Card, Col, List, Row, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { fetchEnterpriseTasks } from '../../api/enterprise.api';
import { useApiQuery } from '../../api/use-api-query';
import { ApiErrorAlert } from '../../components/api-error-alert';
import { PageHeader } from '../../components/page-header';
import { enterprisePaths } from '../../routes/paths';
import { useCurrentUser } from '../../session/session-context';
import { AnnouncementBoardCard } from '../announcements/announcement-board-card';
import { NoticeItem } from './messages/notice-item';
import { useNoticeBoard } from './messages/notice-board';
import { tasksToDo } from './task-order';
import { TaskTable } from './task-table';

export function EnterpriseHomePage() {
  const { t } = useTranslation();
  const user = useCurrentUser();
  const tasks = useApiQuery((signal) => fetchEnterpriseTasks(signal), []);
  const board = useNoticeBoard();
  const latestNotices = (board.notices?.items ?? []).slice(0, 5);

  return (
    <>
      <PageHeader title={t('menu.enterprise.home')} />
      <Card className="welcome-card">
        <Typography.Title level={5} style={{ marginTop: 0 }}>
          {t('enterpriseHome.welcome', { name: user.enterprise?.name ?? user.displayName })}
        </Typography.Title>
        <Typography.Text type="secondary">{t('enterpriseHome.welcomeHint')}</Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={17}>
          <Card
            title={t('enterpriseHome.pendingTasks')}
            extra={
              <Link to={enterprisePaths.myTasks}>
                {t('enterpriseHome.moreTasks')} <RightOutlined />
              </Link>
            }
          >
            {tasks.error ? (
              <ApiErrorAlert error={tasks.error} onRetry={tasks.reload} />
            ) : (
              <TaskTable tasks={tasksToDo(tasks.data ?? [])} isLoading={tasks.isLoading} pageSize={10} />
            )}
          </Card>
        </Col>
        <Col xs={24} xl={7}>
          <Card
            className="home-messages"
            title={
              <span>
                <BellOutlined className="card-title-icon" />
                {t('menu.enterprise.messages')} <Badge count={board.notices?.unreadCount ?? 0} size="small" />
              </span>
            }
            extra={
              <Link to={enterprisePaths.messages}>
                {t('messages.all')} <RightOutlined />
              </Link>
            }
          >
            {board.error ? (
              <ApiErrorAlert error={board.error} onRetry={board.reload} />
            ) : (
              <List
                size="small"
                loading={board.isLoading && !board.notices}
                dataSource={latestNotices}
                locale={{ emptyText: t('messages.empty') }}
                renderItem={(notice) => <NoticeItem key={notice.id} notice={notice} compact />}
              />
            )}
          </Card>
          <AnnouncementBoardCard />
        </Col>
      </Row>
    </>
  );
}
