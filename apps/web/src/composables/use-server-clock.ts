import { onBeforeUnmount, readonly, ref } from 'vue';
import { serverNow } from '../api/http';

/** One "now" for every countdown on the page, moved once a minute (not a timer per badge). */
const now = ref(serverNow());
let users = 0;
let timer: number | null = null;

export function useServerClock() {
  users += 1;
  now.value = serverNow();
  timer ??= window.setInterval(() => (now.value = serverNow()), 60_000);
  onBeforeUnmount(() => {
    users -= 1;
    if (users === 0 && timer !== null) {
      window.clearInterval(timer);
      timer = null;
    }
  });
  return readonly(now);
}
