import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { errorText } from '../../i18n';

export interface PagedList<T> {
  items: ShallowRef<T[]>;
  nextCursor: Ref<string | null>;
  loading: Ref<boolean>;
  loadingMore: Ref<boolean>;
  /** The error text of the last failed load, if it failed. */
  failed: Ref<string | null>;
  /** Whether a load has finished (so an empty list means "none", not "not yet"). */
  loaded: Ref<boolean>;
  load: (more?: boolean) => Promise<void>;
}

/**
 * A list read page by page (keyset cursor) with its loading, error and empty states. A newer
 * load supersedes an older one still in flight (its answer is dropped).
 */
export function usePagedList<T>(
  fetchPage: (cursor: string | null) => Promise<{ items: T[]; nextCursor?: string | null }>,
): PagedList<T> {
  const items = shallowRef<T[]>([]);
  const nextCursor = ref<string | null>(null);
  const loading = ref(false);
  const loadingMore = ref(false);
  const failed = ref<string | null>(null);
  const loaded = ref(false);
  let generation = 0;

  async function load(more = false): Promise<void> {
    const mine = ++generation;
    if (more) loadingMore.value = true;
    else loading.value = true;
    failed.value = null;
    try {
      const page = await fetchPage(more ? nextCursor.value : null);
      if (mine !== generation) return;
      items.value = more ? [...items.value, ...page.items] : page.items;
      nextCursor.value = page.nextCursor ?? null;
      loaded.value = true;
    } catch (cause) {
      if (mine !== generation) return;
      failed.value = errorText(cause);
    } finally {
      if (mine === generation) {
        loading.value = false;
        loadingMore.value = false;
      }
    }
  }

  return { items, nextCursor, loading, loadingMore, failed, loaded, load };
}
