import type { CatalogueTreeNode, CategoryItemSummary, CategoryItemView, CategorySearchHit } from '@citydesk/shared';
import { http } from './http';

export type { CatalogueTreeNode, CategoryItemSummary, CategoryItemView, CategorySearchHit };

/** Whether a tree node is a level-3 item (cases are classified into items only). */
export const isCatalogueItem = (node: CatalogueTreeNode | CategoryItemSummary): node is CategoryItemSummary =>
  node.level === 3;

let activeTree: Promise<CatalogueTreeNode[]> | null = null;
const items = new Map<string, Promise<CategoryItemView>>();

export const catalogueApi = {
  /** The 3-level tree; the active one is cached for the page's life (it changes rarely). */
  tree: (activeOnly = true): Promise<CatalogueTreeNode[]> => {
    if (!activeOnly) return http.get<{ items: CatalogueTreeNode[] }>('/api/catalogue/tree').then((r) => r.items);
    if (!activeTree) {
      activeTree = http
        .get<{ items: CatalogueTreeNode[] }>('/api/catalogue/tree', { query: { active: 'true' } })
        .then((r) => r.items);
      activeTree.catch(() => (activeTree = null));
    }
    return activeTree;
  },
  /** One item with its rules, time limits and extra questions (cached: intake asks for it on every pick). */
  item: (id: string): Promise<CategoryItemView> => {
    let hit = items.get(id);
    if (!hit) {
      hit = http.get<CategoryItemView>(`/api/catalogue/items/${encodeURIComponent(id)}`);
      hit.catch(() => items.delete(id));
      items.set(id, hit);
    }
    return hit;
  },
  /** Items by name, code, keyword or pinyin (initials "zdjy" or full), best first. */
  search: (q: string, options: { limit?: number; signal?: AbortSignal } = {}) =>
    http
      .get<{ items: CategorySearchHit[] }>('/api/catalogue/items', {
        query: { q, limit: options.limit ?? 20 },
        ...(options.signal ? { signal: options.signal } : {}),
      })
      .then((r) => r.items),
};
