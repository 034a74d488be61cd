import { App as AntApp, ConfigProvider, theme as antTheme } from 'antd';
import enUSLocale from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useTranslation } from 'react-i18next';
import { RouterProvider } from 'react-router/dom';
import { currentLanguage, type Language } from './i18n/i18n';
import { router } from './routes/router';
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
    borderRadius: 4,
    fontFamily,
  },
  components: {
    Layout: { headerBg: '#1f5fad', headerHeight: 60, headerPadding: '0 24px', bodyBg: '#f0f2f5' },
    Table: { headerBg: '#f5f7fa' },
    Card: { headerFontSize: 15 },
  },
};

export function App() {
  // Re-renders on language change, which swaps the antd locale along with our own texts.
  useTranslation();
  return (
    <ConfigProvider
      locale={antdLocales[currentLanguage()]}
      theme={theme}
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
