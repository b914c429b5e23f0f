import type { CaseChannel, IntegrationClientKind } from '@citydesk/shared';
import { useI18n } from 'vue-i18n';
import { auditActionLabel } from '../admin-helpers';

type TagType = 'primary' | 'success' | 'warning' | 'danger' | 'info';

/** Words and tag colours of the integration pages, in the UI language. */
export function useIntegrationLabels() {
  const i18n = useI18n();
  const { t } = i18n;
  const known = (key: string, fallback: string) => (i18n.te(key) ? t(key) : fallback);
  return {
    kindLabel: (kind: IntegrationClientKind | string) => known(`integration.kinds.${kind}`, kind),
    channelLabel: (channel: CaseChannel | string) => known(`cases.channel.${channel}`, channel),
    /** Our case events are audit actions: their words are the audit log's. */
    eventLabel: (event: string) => auditActionLabel(event),
    /** `feedback` or `webhook:<event>` in words. */
    topicLabel: (topic: string) =>
      topic === 'feedback'
        ? t('integration.deliveries.topicFeedback')
        : topic.startsWith('webhook:')
          ? t('integration.deliveries.topicWebhook', { event: auditActionLabel(topic.slice('webhook:'.length)) })
          : topic,
    deliveryStatusLabel: (status: string) => known(`integration.deliveries.statuses.${status}`, status),
    deliveryStatusType: (status: string): TagType =>
      status === 'dead' ? 'danger' : status === 'sent' ? 'success' : status === 'sending' ? 'primary' : 'warning',
    sendStateLabel: (state: string) => known(`integration.sends.states.${state}`, state),
    sendStateType: (state: string): TagType =>
      state === 'failed'
        ? 'danger'
        : state === 'sent'
          ? 'success'
          : state === 'sending'
            ? 'primary'
            : state === 'skipped'
              ? 'info'
              : 'warning',
    outcomeLabel: (outcome: string) => known(`integration.events.outcomes.${outcome}`, outcome),
    outcomeType: (outcome: string): TagType =>
      outcome === 'opened' ? 'success' : outcome === 'joined' ? 'primary' : 'info',
  };
}

/**
 * Copies text to the clipboard. The Clipboard API exists only in secure contexts (HTTPS or
 * localhost); a console reached over plain HTTP on the office network falls back to the older
 * selection copy. Returns whether the text was copied.
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard && window.isSecureContext) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // fall through to the selection copy
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.appendChild(area);
  area.select();
  let copied = false;
  try {
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  }
  area.remove();
  return copied;
}
