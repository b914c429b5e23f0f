import type { TimeLimit } from '@citydesk/shared';
import { useI18n } from 'vue-i18n';

const parts = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Asia/Shanghai',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `2026-11-25 10:02` in Shanghai time: the district's clock, whatever the phone's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  const p = Object.fromEntries(parts.formatToParts(date).map((x) => [x.type, x.value]));
  return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}`;
}

/** Words for dates and time limits in the UI language. */
export function useFormat() {
  const { t } = useI18n();
  /** "3 个工作日" / "2 小时" for a time limit. */
  const limitText = (limit: TimeLimit | null | undefined): string => {
    if (!limit) return '';
    if ('workingDays' in limit) return t('common.limit.workingDays', { n: limit.workingDays }, limit.workingDays);
    return t('common.limit.hours', { n: limit.hours }, limit.hours);
  };
  return { formatDateTime, limitText };
}
