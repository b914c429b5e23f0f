import type { BoardMap, BoardSummary } from '@citydesk/shared';
import { http } from './http';

export type { BoardMap, BoardSummary };

/** A case change pushed by `GET /api/cases/stream` (event `case`). */
export interface CaseStreamEvent {
  seq: number;
  caseId: string;
  number: string;
  /** The audit action that changed it, e.g. `case.created`, `case.dispatched`, `case.turned_red`. */
  action: string;
  node: string;
  status: string;
  deadlineStatus: string;
  unitIds: string[];
  at: string;
}

export const boardApi = {
  /** Today's and this week's counts, open cases by deadline, top items and streets (caller's scope). */
  summary: () => http.get<BoardSummary>('/api/board/summary'),
  /** Open cases with coordinates, newest first. */
  map: (limit = 800) => http.get<BoardMap>('/api/board/map', { query: { limit } }),
  /** The live feed's address (server-sent events; EventSource reconnects by itself). */
  streamUrl: '/api/cases/stream',
};
