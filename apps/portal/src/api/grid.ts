import type { CasePage, GridQuickEvent, GridWorkerView } from '@citydesk/shared';
import { http } from './http';

export type GridMe = GridWorkerView;

/** The grid worker's own data (`/api/grid/…`). */
export const gridApi = {
  me: () => http.get<GridMe>('/api/grid/me'),
  quickEvents: () => http.get<GridQuickEvent[]>('/api/grid/quick-events'),
  myReports: (cursor?: string | null) => http.get<CasePage>('/api/grid/my-reports', { query: { cursor } }),
};
