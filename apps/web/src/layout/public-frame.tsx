import { Flex } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from './language-switch';
import { SeniorModeSwitch } from './senior-mode';
import { SystemLogo } from './system-logo';

/** The frame of the pages seen before signing in (login, registration, verification): top bar and footer. */
export function PublicFrame({ children }: { children: ReactNode }) {
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
        <Flex align="center" gap={12}>
          <SeniorModeSwitch />
          <LanguageSwitch />
        </Flex>
      </header>
      {children}
      <footer className="login-footer">
        <div>{t('app.subtitle')}</div>
        <div>{t('app.browserHint')}</div>
      </footer>
    </div>
  );
}
