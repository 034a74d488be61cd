import 'i18next';
import type { Messages } from './zh-CN';

// Makes `t('some.key')` a checked key: a typo is a type error, not a raw key on screen.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: Messages };
  }
}
