import { Card, Flex } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../layout/language-switch';
import { SystemLogo } from '../../layout/system-logo';

/** The frame of the account pages before a person reaches their area: the login page's look, a wider card. */
export function AccountShell({
  title,
  extra,
  children,
}: {
  title: ReactNode;
  extra?: ReactNode;
  children: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <div className="login-page">
      <header className="login-topbar">
        <Flex align="center" gap={12}>
          <SystemLogo size={36} />
          <div>
            <div className="login-topbar-name">{t('app.name')}</div>
            <div className="login-topbar-subtitle">{t('app.subtitle')}</div>
          </div>
        </Flex>
        <LanguageSwitch />
      </header>
      <main className="account-main">
        <Card
          className="account-card"
          title={<span data-testid="page-title">{title}</span>}
          extra={extra}
          variant="borderless"
        >
          {children}
        </Card>
      </main>
      <footer className="login-footer">
        <div>{t('app.subtitle')}</div>
        <div>{t('app.browserHint')}</div>
      </footer>
    </div>
  );
}
