import type { DeadlineStatus } from '../schemas/case.js';

/**
 * What the command board API answers (`/api/board/summary`, `/api/board/map`). Every figure is
 * limited to the caller's data scope; days and weeks are Asia/Shanghai calendar days (weeks
 * start on Monday).
 */

/** Counts for one period (today, or this week so far). */
export interface BoardPeriodCounts {
  /** Start of the period (UTC ISO). */
  from: string;
  /** Cases created in the period. */
  received: number;
  /** Cases dispatched to a handling unit in the period. */
  dispatched: number;
  /** Cases closed (办结, not voided or merged) in the period. */
  closed: number;
  /** Of those, the ones handled by their deadline (or without one). */
  closedOnTime: number;
  /** closedOnTime / closed, 0…1; null when nothing was closed. */
  onTimeRate: number | null;
  /** Cases whose handling deadline fell in the period and was missed. */
  overdue: number;
}

export interface BoardRankItem {
  id: string;
  name: string;
  count: number;
}

export interface BoardSummary {
  /** When the figures were computed (the server's clock). */
  at: string;
  today: BoardPeriodCounts;
  week: BoardPeriodCounts;
  /** Open cases right now by deadline status. */
  open: { total: number; normal: number; amber: number; red: number };
  /** Today's ten most frequent catalogue items and streets. */
  topCategories: BoardRankItem[];
  topStreets: BoardRankItem[];
}

/** An open case with coordinates, for the board's map. */
export interface BoardMapPoint {
  id: string;
  number: string;
  title: string;
  lat: number;
  lon: number;
  deadlineStatus: DeadlineStatus;
}

export interface BoardMap {
  items: BoardMapPoint[];
  /** True when more open cases with coordinates exist than were sent. */
  capped: boolean;
}
