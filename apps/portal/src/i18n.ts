import type { Locale } from '@citydesk/shared';
import { Locale as VantLocale } from 'vant';
import vantEnUS from 'vant/es/locale/lang/en-US';
import vantZhCN from 'vant/es/locale/lang/zh-CN';
import { createI18n } from 'vue-i18n';
import { setApiLocale } from './api/http';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

const storageKey = 'citydesk.portal.locale';

function initialLocale(): Locale {
  try {
    const value = window.localStorage.getItem(storageKey);
    if (value === 'zh-CN' || value === 'en-US') return value;
  } catch {
    // Storage may be blocked (private mode in some in-app browsers); Chinese is the default.
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: initialLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
});

function applyLocale(locale: Locale): void {
  VantLocale.use(locale, locale === 'en-US' ? vantEnUS : vantZhCN);
  // The server answers errors in the language the citizen reads.
  setApiLocale(locale);
  document.documentElement.lang = locale;
}

applyLocale(i18n.global.locale.value);

/** Switches the UI language (Vant's and the server's messages too) and remembers the choice on this device. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  applyLocale(locale);
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Not remembered; harmless.
  }
}
