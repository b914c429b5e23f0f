import type { CitizenSessionView } from '@citydesk/shared';
import { ref } from 'vue';
import { citizenApi } from '../api/citizen';
import { onUnauthorised } from '../api/http';

/** The verified citizen of this browser (the server holds the session in an HttpOnly cookie). */
const session = ref<CitizenSessionView | null>(null);
let loaded: Promise<CitizenSessionView | null> | null = null;

onUnauthorised((path) => {
  // A citizen call answered 401: the verification expired; the pages ask for the code again.
  if (path.startsWith('/api/public/')) {
    session.value = null;
    loaded = null;
  }
});

export function useCitizenSession() {
  /** Asks the server once per page load (later calls share the answer). */
  const load = (): Promise<CitizenSessionView | null> => {
    loaded ??= citizenApi
      .session()
      .then((view) => (session.value = view))
      .catch(() => {
        loaded = null;
        return session.value;
      });
    return loaded;
  };
  const set = (view: CitizenSessionView): void => {
    session.value = view;
    loaded = Promise.resolve(view);
  };
  const signOut = async (): Promise<void> => {
    await citizenApi.signOut().catch(() => undefined);
    session.value = null;
    loaded = Promise.resolve(null);
  };
  return { session, load, set, signOut };
}
