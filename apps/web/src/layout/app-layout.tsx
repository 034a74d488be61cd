import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { App as AntApp, Avatar, Button, Flex, Layout, Menu, Typography } from 'antd';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router';
import { describeError } from '../components/api-error-alert';
import { useCurrentUser, useSession } from '../session/session-context';
import { LanguageSwitch } from './language-switch';
import { SeniorModeSwitch } from './senior-mode';
import { SystemLogo } from './system-logo';

export interface NavigationItem {
  path: string;
  label: ReactNode;
}

/** The menu entry a path belongs to: the longest item path it starts with (the home only on itself). */
function selectedPath(pathname: string, items: NavigationItem[], homePath: string): string {
  const matches = items
    .filter((item) =>
      item.path === homePath
        ? pathname === homePath
        : pathname === item.path || pathname.startsWith(`${item.path}/`),
    )
    .sort((left, right) => right.path.length - left.path.length);
  return matches[0]?.path ?? '';
}

/** The frame of every signed-in page: header with the system and the user, the menu, the page. */
export function AppLayout({ homePath, navigation }: { homePath: string; navigation: NavigationItem[] }) {
  const { t } = useTranslation();
  const { signOut } = useSession();
  const user = useCurrentUser();
  const { message } = AntApp.useApp();
  const location = useLocation();
  const [isSigningOut, setIsSigningOut] = useState(false);

  const roleLabel = user.adminLevel ? t(`shell.adminLevel.${user.adminLevel}`) : t('shell.enterpriseUser');

  async function handleSignOut() {
    setIsSigningOut(true);
    try {
      await signOut();
    } catch (error) {
      setIsSigningOut(false);
      void message.error(`${t('shell.logoutFailed')}：${describeError(error, t)}`);
    }
  }

  return (
    <Layout className="app-layout">
      <Layout.Header className="app-header">
        <Link to={homePath} className="app-brand">
          <SystemLogo size={32} />
          <span className="app-brand-name">{t('app.name')}</span>
        </Link>
        <Flex align="center" gap={20} className="app-header-tools">
          <SeniorModeSwitch />
          <LanguageSwitch />
          <Flex align="center" gap={10} data-testid="user-menu" className="app-user">
            <Avatar size="small" icon={<UserOutlined />} className="app-user-avatar" />
            <Flex vertical className="app-user-text">
              <span className="app-user-name">{user.displayName}</span>
              <span className="app-user-meta">
                {user.region.name} · {roleLabel}
              </span>
            </Flex>
          </Flex>
          <Button
            type="text"
            icon={<LogoutOutlined />}
            className="app-logout"
            loading={isSigningOut}
            onClick={() => void handleSignOut()}
            data-testid="logout"
          >
            {t('shell.logout')}
          </Button>
        </Flex>
      </Layout.Header>
      <nav className="app-nav" aria-label={t('shell.mainNavigation')}>
        <Menu
          mode="horizontal"
          disabledOverflow
          className="app-nav-menu"
          selectedKeys={[selectedPath(location.pathname, navigation, homePath)]}
          items={navigation.map((item) => ({
            key: item.path,
            label: <Link to={item.path}>{item.label}</Link>,
          }))}
        />
      </nav>
      <Layout.Content className="app-content">
        <main className="app-main">
          <Outlet />
        </main>
      </Layout.Content>
      <Layout.Footer className="app-footer">
        <Typography.Text type="secondary">{t('app.subtitle')}</Typography.Text>
      </Layout.Footer>
    </Layout>
  );
}
