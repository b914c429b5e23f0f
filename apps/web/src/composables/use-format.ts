import { useI18n } from 'vue-i18n';

const zone = 'Asia/Shanghai';

/** Dates and times as the console shows them: always Asia/Shanghai, in the UI language's style. */
export function useFormat() {
  const { locale } = useI18n();
  const parts = (iso: string | null | undefined, options: Intl.DateTimeFormatOptions): string => {
    if (!iso) return '—';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '—';
    return new Intl.DateTimeFormat(locale.value, { timeZone: zone, hour12: false, ...options }).format(date);
  };
  return {
    /** 2026-11-25 14:03 */
    dateTime: (iso: string | null | undefined) =>
      parts(iso, { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }),
    date: (iso: string | null | undefined) => parts(iso, { year: 'numeric', month: '2-digit', day: '2-digit' }),
    time: (iso: string | null | undefined) => parts(iso, { hour: '2-digit', minute: '2-digit' }),
    number: (n: number) => new Intl.NumberFormat(locale.value).format(n),
  };
}
