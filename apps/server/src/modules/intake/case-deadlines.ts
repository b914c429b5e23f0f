import {
  handlingNodes,
  nodesFor,
  type CaseNode,
  type DeadlineStatus,
  type RequestType,
  type TimeLimit,
  type TimeLimits,
  type WorkflowTemplate,
} from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import { computeDueAt, noteMissingYears, type WorkingCalendar } from '../calendar/index.js';

/** Limits for a case not yet classified (the seed platforms' usual limits). */
export const defaultTimeLimits: TimeLimits = {
  consultation: { workingDays: 1 },
  suggestion: { workingDays: 3 },
  complaint: { workingDays: 5 },
  report: { workingDays: 5 },
  help: { workingDays: 3 },
  praise: { workingDays: 3 },
  other: { workingDays: 5 },
};

export interface Deadlines {
  dueAt: string | null;
  amberAt: string | null;
  nodeDueAt: string | null;
  nodeAmberAt: string | null;
}

/** The instant a share `ratio` of the time from start to due has passed. */
export function amberInstant(start: Date, due: Date, ratio: number): Date {
  return new Date(start.getTime() + Math.round((due.getTime() - start.getTime()) * ratio));
}

/**
 * Deadline status at `now` and when it can next change. The item's handling limit counts while
 * the case is before or at feedback; each node's own limit counts while the case is at it.
 */
export function evaluateDeadlines(
  now: Date,
  node: CaseNode,
  d: Deadlines,
): { status: DeadlineStatus; nextCheckAt: string | null } {
  const points: { amber: string | null; due: string }[] = [];
  if (d.dueAt && handlingNodes.includes(node)) points.push({ amber: d.amberAt, due: d.dueAt });
  if (d.nodeDueAt) points.push({ amber: d.nodeAmberAt, due: d.nodeDueAt });
  if (points.length === 0) return { status: 'none', nextCheckAt: null };
  const at = toDbTime(now);
  if (points.some((p) => p.due <= at)) return { status: 'red', nextCheckAt: null };
  const amber = points.some((p) => p.amber !== null && p.amber <= at);
  const upcoming = points
    .flatMap((p) => [p.amber, p.due])
    .filter((t): t is string => t !== null && t > at)
    .sort();
  return { status: amber ? 'amber' : 'normal', nextCheckAt: upcoming[0] ?? null };
}

/** The whole case's handling deadline from the item's (or the default) limit for the request type. */
export function planCaseDue(
  calendar: WorkingCalendar,
  start: Date,
  limits: TimeLimits | null,
  requestType: RequestType,
  ratio: number,
): { dueAt: string; amberAt: string; limit: TimeLimit } {
  const limit = (limits ?? defaultTimeLimits)[requestType];
  const { dueAt: due, missingYears } = computeDueAt(start, limit, calendar);
  noteMissingYears(missingYears);
  return { dueAt: toDbTime(due), amberAt: toDbTime(amberInstant(start, due, ratio)), limit };
}

/** A node's own deadline when a case arrives at it (`'case'` nodes share the handling deadline). */
export function planNodeDue(
  calendar: WorkingCalendar,
  input: {
    template: WorkflowTemplate;
    channel: string;
    node: CaseNode;
    start: Date;
    caseDue: { dueAt: string | null; amberAt: string | null };
    ratio: number;
  },
): { nodeDueAt: string | null; nodeAmberAt: string | null } {
  const definition = nodesFor(input.template, input.channel).find((n) => n.node === input.node);
  if (!definition || definition.limit === null) return { nodeDueAt: null, nodeAmberAt: null };
  if (definition.limit === 'case') return { nodeDueAt: input.caseDue.dueAt, nodeAmberAt: input.caseDue.amberAt };
  const { dueAt: due, missingYears } = computeDueAt(input.start, definition.limit, calendar);
  noteMissingYears(missingYears);
  return { nodeDueAt: toDbTime(due), nodeAmberAt: toDbTime(amberInstant(input.start, due, input.ratio)) };
}
