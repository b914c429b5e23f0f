import type {
  AuditEventView,
  CatalogueImportOutcome,
  CatalogueTreeNode,
  CategoryGroupInput,
  CategoryGroupView,
  CategoryItemInput,
  CategoryItemView,
} from '@citydesk/shared';
import { http, upload } from './http';

export type CategoryItemPatch = Partial<Omit<CategoryItemInput, 'code'>>;

/** Catalogue administration (`catalogue.manage`); uncached, unlike the intake pickers' catalogueApi. */
export const catalogueAdminApi = {
  /** The whole tree, inactive groups and items included. */
  tree: () => http.get<{ items: CatalogueTreeNode[] }>('/api/catalogue/tree').then((r) => r.items),
  item: (id: string) => http.get<CategoryItemView>(`/api/catalogue/items/${encodeURIComponent(id)}`),
  /** The item's audit events (before and after of each change), newest first. */
  history: (id: string) =>
    http
      .get<{ items: AuditEventView[] }>(`/api/catalogue/items/${encodeURIComponent(id)}/history`)
      .then((r) => r.items),
  createItem: (input: CategoryItemInput) => http.post<CategoryItemView>('/api/catalogue/items', input),
  updateItem: (id: string, patch: CategoryItemPatch) =>
    http.patch<CategoryItemView>(`/api/catalogue/items/${encodeURIComponent(id)}`, patch),
  /** Creates or renames a level-1 or level-2 group, or switches it on or off. */
  saveGroup: (input: CategoryGroupInput) => http.put<CategoryGroupView>('/api/catalogue/groups', input),
  importFile: (file: File, dryRun: boolean) =>
    upload<CatalogueImportOutcome>('/api/catalogue/import', file, { query: { dryRun } }),
  exportUrl: (format: 'xlsx' | 'csv') => `/api/catalogue/export?format=${format}`,
};
