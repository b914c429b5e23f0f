import type { Locale } from '@citydesk/shared';
import { createI18n } from 'vue-i18n';
import { ApiError, setApiLocale } from './api/http';
import { enUS } from './locales/en-US';
import { zhCN } from './locales/zh-CN';

export const supportedLocales = ['zh-CN', 'en-US'] as const satisfies readonly Locale[];

const storageKey = 'citydesk.web.locale';

function storedLocale(): Locale {
  try {
    const value = window.localStorage.getItem(storageKey);
    if (value === 'zh-CN' || value === 'en-US') return value;
  } catch {
    // Storage may be blocked; Chinese is the default anyway.
  }
  return 'zh-CN';
}

export const i18n = createI18n({
  legacy: false,
  locale: storedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, 'en-US': enUS },
});

function applyLocale(locale: Locale): void {
  setApiLocale(locale);
  document.documentElement.lang = locale;
  document.title = i18n.global.t('app.title');
}

applyLocale(i18n.global.locale.value);

/** Switches the UI language, the Accept-Language of API calls, and remembers the choice. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  applyLocale(locale);
  try {
    window.localStorage.setItem(storageKey, locale);
  } catch {
    // Not remembered; harmless.
  }
}

/** The text to show for a failed call: the server's own message, else a local one. */
export function errorText(error: unknown): string {
  const { t } = i18n.global;
  if (error instanceof ApiError) {
    if (error.hasServerMessage) return error.message;
    return error.code === 'NETWORK_ERROR' ? t('errors.network') : t('errors.badResponse');
  }
  return t('errors.unknown');
}
