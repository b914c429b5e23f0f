import { useI18n } from 'vue-i18n';
import { ApiError } from '../api/http';

/** Seconds to wait from a 429 answer (`details.retryAfterSeconds`), or null. */
export function retryAfterOf(error: unknown): number | null {
  if (!(error instanceof ApiError) || error.status !== 429) return null;
  const value = error.details['retryAfterSeconds'];
  return typeof value === 'number' && value > 0 ? Math.ceil(value) : null;
}

/**
 * The sentence to show for a failed call: the server's own message (already in the UI language),
 * or the portal's words when the server could not be reached. A phone with no signal is told
 * so, and that what was typed is kept.
 */
export function useErrorText() {
  const { t } = useI18n();
  return (error: unknown): string => {
    if (error instanceof ApiError) {
      if (error.isNetwork) return navigator.onLine ? t('errors.network') : t('errors.offline');
      const wait = retryAfterOf(error);
      if (wait !== null) return t('errors.retryAfter', { seconds: wait });
      if (error.hasServerMessage) return error.message;
      if (error.code === 'BAD_RESPONSE') return t('errors.badResponse');
    }
    return t('errors.unknown');
  };
}
