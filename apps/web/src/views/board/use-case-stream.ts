import { onBeforeUnmount, onMounted, ref } from 'vue';
import { boardApi, type CaseStreamEvent } from '../../api/board';

export type StreamState = 'connecting' | 'live' | 'reconnecting';

/**
 * The live feed of case changes (server-sent events). EventSource reconnects by itself after a
 * dropped connection (the server asks for 3 s); when the browser gives up (the server answered
 * with an error, e.g. while restarting behind a proxy) we open a new one after a pause.
 * `onReconnect` runs after a gap, so the caller can re-read what it may have missed.
 */
export function useCaseStream(onEvent: (event: CaseStreamEvent) => void, onReconnect: () => void) {
  const state = ref<StreamState>('connecting');
  let source: EventSource | null = null;
  let retry: number | undefined;
  let hadGap = false;

  function connect(): void {
    source = new EventSource(boardApi.streamUrl, { withCredentials: true });
    source.addEventListener('open', () => {
      state.value = 'live';
      if (hadGap) onReconnect();
      hadGap = false;
    });
    source.addEventListener('case', (message: MessageEvent<string>) => {
      try {
        onEvent(JSON.parse(message.data) as CaseStreamEvent);
      } catch {
        // A malformed event is dropped; the periodic refresh covers it.
      }
    });
    source.addEventListener('error', () => {
      hadGap = true;
      state.value = 'reconnecting';
      if (source?.readyState === EventSource.CLOSED) {
        source.close();
        retry = window.setTimeout(connect, 10_000);
      }
    });
  }

  onMounted(connect);
  onBeforeUnmount(() => {
    window.clearTimeout(retry);
    source?.close();
    source = null;
  });
  return { state };
}

/**
 * Runs `fn` once things calm down: `wait` ms after the last call, but at least every `maxWait`
 * ms while calls keep coming (a busy hour must not starve the board of updates).
 */
export function debounce(fn: () => void, wait: number, maxWait: number) {
  let timer: number | undefined;
  let first: number | null = null;
  const run = () => {
    window.clearTimeout(timer);
    timer = undefined;
    first = null;
    fn();
  };
  const call = () => {
    const now = Date.now();
    first ??= now;
    window.clearTimeout(timer);
    timer = window.setTimeout(run, Math.max(0, Math.min(wait, first + maxWait - now)));
  };
  call.cancel = () => {
    window.clearTimeout(timer);
    first = null;
  };
  return call;
}
