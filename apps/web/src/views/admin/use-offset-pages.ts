import { ref, shallowRef, type Ref, type ShallowRef } from 'vue';
import { errorText } from '../../i18n';

export interface OffsetPages<T> {
  page: Ref<number>;
  pageSize: Ref<number>;
  rows: ShallowRef<T[]>;
  total: Ref<number>;
  loading: Ref<boolean>;
  loadError: Ref<string | null>;
  /** Loads the current page; a newer load cancels an older one still running. */
  load: () => Promise<void>;
  /** Back to page 1 with the current filters. */
  search: () => void;
}

/** A numbered, filterable list of the administration pages (offset paging with a total). */
export function useOffsetPages<T>(
  fetchPage: (paging: { limit: number; offset: number }, signal: AbortSignal) => Promise<{ items: T[]; total: number }>,
  initialSize: number,
): OffsetPages<T> {
  const page = ref(1);
  const pageSize = ref(initialSize);
  const rows = shallowRef<T[]>([]);
  const total = ref(0);
  const loading = ref(false);
  const loadError = ref<string | null>(null);
  let running: AbortController | null = null;

  async function load(): Promise<void> {
    running?.abort();
    const controller = new AbortController();
    running = controller;
    loading.value = true;
    loadError.value = null;
    try {
      const answer = await fetchPage(
        { limit: pageSize.value, offset: (page.value - 1) * pageSize.value },
        controller.signal,
      );
      rows.value = answer.items;
      total.value = answer.total;
    } catch (error) {
      if (controller.signal.aborted) return;
      loadError.value = errorText(error);
    } finally {
      if (running === controller) loading.value = false;
    }
  }

  function search(): void {
    page.value = 1;
    void load();
  }

  return { page, pageSize, rows, total, loading, loadError, load, search };
}
