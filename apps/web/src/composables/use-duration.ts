import { useI18n } from 'vue-i18n';

/** A length of time in words (3 天 4 小时, 25 分钟): calendar time, for pauses and the like. */
export function useDuration() {
  const { t } = useI18n();
  return {
    duration: (ms: number): string => {
      const minutes = Math.max(0, Math.round(ms / 60_000));
      const days = Math.floor(minutes / 1440);
      const hours = Math.floor((minutes % 1440) / 60);
      const parts: string[] = [];
      if (days > 0) parts.push(t('caseDetail.duration.days', { n: days }));
      if (hours > 0) parts.push(t('caseDetail.duration.hours', { n: hours }));
      if (days === 0 && (minutes % 60 > 0 || parts.length === 0))
        parts.push(t('caseDetail.duration.minutes', { n: minutes % 60 }));
      return parts.join(' ');
    },
  };
}
