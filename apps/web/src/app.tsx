import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router/dom';
import { currentLanguage, type Language } from './i18n/i18n';
import { router } from './routes/router';
import { useIsSeniorMode } from './layout/senior-mode';
import { SessionProvider } from './session/session-context';

const antdLocales: Record<Language, typeof zhCNLocale> = { 'zh-CN': zhCNLocale, 'en-US': enUSLocale };

const fontFamily = [
  '-apple-system',
  'BlinkMacSystemFont',
  "'Segoe UI'",
  "'PingFang SC'",
  "'Hiragino Sans GB'",
  "'Microsoft YaHei'",
  "'Noto Sans CJK SC'",
  "'Source Han Sans SC'",
  "'WenQuanYi Micro Hei'",
  "'Helvetica Neue'",
  'Arial',
  'sans-serif',
].join(', ');

const theme = {
  algorithm: antTheme.defaultAlgorithm,
  token: {
    colorPrimary: '#1f5fad',
    colorLink: '#1f5fad',
    colorInfo: '#1f5fad',
    colorBgLayout: '#f0f2f5',
    // WCAG 2.1 AA contrast (4.5:1) for every text antd draws in these colours, on white and on the layout grey:
    // secondary and description text, placeholders, and the status colours of tags and messages.
    colorTextSecondary: '#595959',
    colorTextTertiary: '#616161',
    colorTextDescription: '#616161',
    colorTextQuaternary: '#6b6b6b',
    colorTextPlaceholder: '#6b6b6b',
    colorSuccess: '#237804',
    colorError: '#cf1322',
    colorWarning: '#8c5400',
    // The tints antd derives from these darker colours are greyish: tags and alerts keep the usual light ones.
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    // A link inside text is told apart by more than its colour.
    linkDecoration: 'underline' as const,
    borderRadius: 4,
    fontFamily,
  },
  components: {
    Layout: { headerBg: '#1f5fad', headerHeight: 60, headerPadding: '0 24px', bodyBg: '#f0f2f5' },
    Table: { headerBg: '#f5f7fa' },
    Card: { headerFontSize: 15 },
  },
};

// 适老化 (layout/senior-mode.tsx): larger type, taller controls and wider spacing, all derived by antd from these.
const seniorTheme = {
  ...theme,
  token: { ...theme.token, fontSize: 18, controlHeight: 40, sizeStep: 5 },
};

export function App() {
  // Re-renders on language change, which swaps the antd locale along with our own texts.
  useTranslation();
  const isSeniorMode = useIsSeniorMode();
  return (
    <ConfigProvider
      locale={antdLocales[currentLanguage()]}
      theme={isSeniorMode ? seniorTheme : theme}
      // Keeps "登录" as the user (and a test) reads it instead of antd's spaced "登 录".
      button={{ autoInsertSpace: false }}
    >
      <AntApp>
        <SessionProvider>
          <RouterProvider router={router} />
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
