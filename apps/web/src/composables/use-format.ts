import { useI18n } from 'vue-i18n';

const zone = 'Asia/Shanghai';

/** Formatters are costly to build (a long list would build hundreds): one per locale and style. */
const formatters = new Map<string, Intl.DateTimeFormat>();
const numberFormats = new Map<string, Intl.NumberFormat>();

function formatterOf(locale: string, style: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = `${locale}|${style}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat(locale, { timeZone: zone, hour12: false, ...options });
    formatters.set(key, formatter);
  }
  return formatter;
}

const styles = {
  dateTime: { year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' },
  date: { year: 'numeric', month: '2-digit', day: '2-digit' },
  time: { hour: '2-digit', minute: '2-digit' },
} satisfies Record<string, Intl.DateTimeFormatOptions>;

/** Dates and times as the console shows them: always Asia/Shanghai, in the UI language's style. */
export function useFormat() {
  const { locale } = useI18n();
  const format = (iso: string | null | undefined, style: keyof typeof styles): string => {
    if (!iso) return '—';
    const date = new Date(iso);
    if (Number.isNaN(date.getTime())) return '—';
    return formatterOf(locale.value, style, styles[style]).format(date);
  };
  return {
    /** 2026-11-25 14:03 */
    dateTime: (iso: string | null | undefined) => format(iso, 'dateTime'),
    date: (iso: string | null | undefined) => format(iso, 'date'),
    time: (iso: string | null | undefined) => format(iso, 'time'),
    number: (n: number) => {
      let f = numberFormats.get(locale.value);
      if (!f) {
        f = new Intl.NumberFormat(locale.value);
        numberFormats.set(locale.value, f);
      }
      return f.format(n);
    },
  };
}
