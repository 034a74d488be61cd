import { Segmented } from 'antd';
import { useTranslation } from 'react-i18next';
import { changeLanguage, currentLanguage, type Language } from '../i18n/i18n';

/** 中文 / English, remembered in this browser. */
export function LanguageSwitch({ className }: { className?: string }) {
  const { t } = useTranslation();
  return (
    <Segmented<Language>
      className={className}
      size="small"
      aria-label={t('language.label')}
      value={currentLanguage()}
      onChange={(language) => void changeLanguage(language)}
      options={[
        { label: <span lang="zh-CN">{t('language.zhCN')}</span>, value: 'zh-CN' },
        { label: <span lang="en-US">{t('language.enUS')}</span>, value: 'en-US' },
      ]}
    />
  );
}
