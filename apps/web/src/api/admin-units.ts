import type {
  UnitDetailView,
  UnitImportOutcome,
  UnitInput,
  UnitPatch,
  UnitTreeNode,
  UnitType,
  UnitView,
} from '@citydesk/shared';
import { http, upload } from './http';

export type { UnitDetailView, UnitImportOutcome, UnitTreeNode };

export type UnitFileFormat = 'geojson' | 'csv' | 'xlsx';

/** The organisation administration calls (`unit.manage`): never cached, an administrator edits them. */
export const adminUnitsApi = {
  /** The whole tree, fresh (the pickers of other pages keep their own cached copy). */
  tree: () => http.get<{ items: UnitTreeNode[] }>('/api/units/tree').then((r) => r.items),
  list: (filter: { type?: UnitType; parentId?: string; q?: string; active?: boolean } = {}) =>
    http
      .get<{ items: UnitView[] }>('/api/units', {
        query: { ...filter, active: filter.active === undefined ? undefined : String(filter.active) },
      })
      .then((r) => r.items),
  get: (id: string) => http.get<UnitDetailView>(`/api/units/${encodeURIComponent(id)}`),
  create: (input: UnitInput) => http.post<UnitDetailView>('/api/units', input),
  update: (id: string, patch: UnitPatch) => http.patch<UnitDetailView>(`/api/units/${encodeURIComponent(id)}`, patch),
  /** Uploads a GeoJSON, CSV or Excel file; a bad file is refused whole (IMPORT_REJECTED lists every bad row). */
  importFile: (file: File, dryRun: boolean) =>
    upload<UnitImportOutcome>('/api/units/import', file, { query: { dryRun } }),
  /** The address of the export file (a plain link downloads it with the session cookie). */
  exportUrl: (format: UnitFileFormat) => `/api/units/export?format=${format}`,
};
