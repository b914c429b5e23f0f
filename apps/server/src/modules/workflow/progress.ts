import { nodesFor, stateGroupOf, type CaseNode, type CaseStateGroup } from '@citydesk/shared';
import type { DbOrTrx } from '../../platform/db/connect.js';
import { listAuditEvents } from '../audit/index.js';
import type { CaseRecordTable } from '../intake/index.js';
import { listAttachments } from '../media/index.js';
import { unitRefsByIds } from '../org/index.js';
import { entriesOfCase } from './entries.js';

export interface ProgressNode {
  node: CaseNode;
  name: { zh: string; en: string };
  status: 'done' | 'current' | 'pending' | 'skipped';
  /** When the case finished this node (done), or arrived at it (current). */
  at: string | null;
  /** The node's deadline while current. */
  dueAt: string | null;
}

/** What a citizen sees of a case: never staff names, internal notes or unmasked personal data. */
export interface PublicCaseView {
  number: string;
  title: string;
  requestType: CaseRecordTable['request_type'];
  channel: CaseRecordTable['channel'];
  stateGroup: CaseStateGroup;
  status: CaseRecordTable['status'];
  acceptedAt: string;
  dueAt: string | null;
  closedAt: string | null;
  mergedIntoNumber: string | null;
  nodes: ProgressNode[];
  replies: {
    body: string;
    unitName: string | null;
    createdAt: string;
    photos: { id: string; width: number; height: number }[];
  }[];
  resultPhotos: { id: string; width: number; height: number }[];
  rating: { speed: number; result: number; attitude: number; experience: number; comment: string } | null;
  canRate: boolean;
  canReopen: boolean;
}

interface Visit {
  enteredAt: string;
  leftAt: string | null;
}

/**
 * The progress bar from the case's audit events: each event records the node before and after,
 * so the time a node was finished is the first event that left it (its last visit, after a redo).
 */
async function nodeVisits(
  db: DbOrTrx,
  row: CaseRecordTable,
  order: readonly CaseNode[],
): Promise<Map<CaseNode, Visit>> {
  const { items } = await listAuditEvents(db, { subjectType: 'case', subjectId: row.id, limit: 500, offset: 0 });
  const visits = new Map<CaseNode, Visit>();
  visits.set('accept', { enteredAt: row.accepted_at, leftAt: row.accepted_at });
  for (const event of items.reverse()) {
    const before = (event.before ?? {}) as { node?: CaseNode };
    const after = (event.after ?? {}) as { node?: CaseNode };
    if (event.action === 'case.created' && after.node) visits.set(after.node, { enteredAt: event.at, leftAt: null });
    if (before.node && after.node && before.node !== after.node) {
      const left = visits.get(before.node);
      if (left && left.leftAt === null) left.leftAt = event.at;
      // One action may finish several nodes at once (dispatch from registration, feedback sent
      // with the reply): the nodes jumped over were done at that moment — except when a
      // consultation was answered and closed at intake, where they did not happen at all.
      const from = order.indexOf(before.node);
      const to = after.node === 'done' ? order.length : order.indexOf(after.node);
      if (from >= 0 && to > from + 1 && event.action !== 'case.closed_directly') {
        for (const node of order.slice(from + 1, to)) visits.set(node, { enteredAt: event.at, leftAt: event.at });
      }
      visits.set(after.node, { enteredAt: event.at, leftAt: null });
    }
  }
  return visits;
}

/** The citizen's view of a case (the caller has checked the number and phone, or the secret link). */
export async function presentPublicCase(
  db: DbOrTrx,
  row: CaseRecordTable,
  options: { reopenDays: number; now: Date },
): Promise<PublicCaseView> {
  // A case merged into another follows the main case's replies.
  const main = row.merged_into_id
    ? await db.selectFrom('case_record').selectAll().where('id', '=', row.merged_into_id).executeTakeFirst()
    : undefined;
  const source = main ?? row;
  const template = nodesFor(row.workflow_template, row.channel);
  const [visits, entries, photos, rating] = await Promise.all([
    nodeVisits(
      db,
      row,
      template.map((n) => n.node),
    ),
    entriesOfCase(db, [source.id], true),
    listAttachments(db, { caseId: source.id, publicOnly: true }),
    db.selectFrom('case_rating').selectAll().where('case_id', '=', row.id).executeTakeFirst(),
  ]);
  const units = await unitRefsByIds(
    db,
    entries.map((e) => e.author_unit_id).filter((id): id is string => id !== null),
  );
  const finished = row.status === 'closed';
  const currentIndex = template.findIndex((n) => n.node === row.node);
  const nodes: ProgressNode[] = template.map((n, index) => {
    const visit = visits.get(n.node);
    const past = finished ? n.node !== 'rate' || row.node === 'done' : currentIndex < 0 ? true : index < currentIndex;
    if (n.node === row.node) {
      return { node: n.node, name: n.name, status: 'current', at: visit?.enteredAt ?? null, dueAt: row.node_due_at };
    }
    if (past) {
      return visit
        ? { node: n.node, name: n.name, status: 'done', at: visit.leftAt ?? visit.enteredAt, dueAt: null }
        : { node: n.node, name: n.name, status: 'skipped', at: null, dueAt: null };
    }
    return { node: n.node, name: n.name, status: 'pending', at: null, dueAt: null };
  });
  const replied = entries.some((e) => e.kind === 'reply');
  const closedAt = row.closed_at ? Date.parse(row.closed_at) : null;
  const view = (a: { id: string; width: number; height: number }) => ({ id: a.id, width: a.width, height: a.height });
  return {
    number: row.number,
    title: row.title,
    requestType: row.request_type,
    channel: row.channel,
    stateGroup: stateGroupOf(row.node, row.status),
    status: row.status,
    acceptedAt: row.accepted_at,
    dueAt: row.due_at,
    closedAt: row.closed_at,
    mergedIntoNumber: main?.number ?? null,
    nodes,
    replies: entries.map((e) => ({
      body: e.body,
      unitName: e.author_unit_id ? (units.get(e.author_unit_id)?.name ?? null) : null,
      createdAt: e.created_at,
      photos: photos.filter((p) => p.entryId === e.id).map(view),
    })),
    resultPhotos: photos.filter((p) => !entries.some((e) => e.id === p.entryId)).map(view),
    rating: rating
      ? {
          speed: rating.speed,
          result: rating.result,
          attitude: rating.attitude,
          experience: rating.experience,
          comment: rating.comment,
        }
      : null,
    canRate: !rating && replied && (row.status === 'closed' || row.status === 'open'),
    canReopen:
      row.status === 'closed' &&
      closedAt !== null &&
      options.now.getTime() - closedAt <= options.reopenDays * 24 * 3600_000,
  };
}
