import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { setRequestLanguage } from '../api/http-client';
import { enUS } from './en-US';
import { zhCN } from './zh-CN';

export const supportedLanguages = ['zh-CN', 'en-US'] as const;
export type Language = (typeof supportedLanguages)[number];
export const defaultLanguage: Language = 'zh-CN';

const storageKey = 'zhibao.language';
const dayjsLocales: Record<Language, string> = { 'zh-CN': 'zh-cn', 'en-US': 'en' };

function isLanguage(value: unknown): value is Language {
  return supportedLanguages.includes(value as Language);
}

function readStoredLanguage(): Language {
  try {
    const stored = window.localStorage.getItem(storageKey);
    return isLanguage(stored) ? stored : defaultLanguage;
  } catch {
    // Storage can be disabled by policy; the default language is then the right answer.
    return defaultLanguage;
  }
}

/** Everything outside React that must follow the language: the page's lang, its title, dayjs and the API's messages. */
function applyLanguage(language: Language): void {
  dayjs.locale(dayjsLocales[language]);
  setRequestLanguage(language);
  document.documentElement.lang = language;
  document.title = i18n.t('app.name');
}

export function currentLanguage(): Language {
  return isLanguage(i18n.resolvedLanguage) ? i18n.resolvedLanguage : defaultLanguage;
}

/** Switches the interface language and remembers the choice in this browser. */
export async function changeLanguage(language: Language): Promise<void> {
  await i18n.changeLanguage(language);
  try {
    window.localStorage.setItem(storageKey, language);
  } catch {
    // Not remembered, but the switch itself still works for this visit.
  }
  applyLanguage(language);
}

export async function initI18n(): Promise<void> {
  const language = readStoredLanguage();
  await i18n.use(initReactI18next).init({
    resources: {
      'zh-CN': { translation: zhCN },
      'en-US': { translation: enUS },
    },
    lng: language,
    fallbackLng: defaultLanguage,
    supportedLngs: [...supportedLanguages],
    interpolation: { escapeValue: false },
    returnNull: false,
  });
  applyLanguage(language);
}

export { i18n };
