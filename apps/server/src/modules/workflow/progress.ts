import {
  nodesFor,
  stateGroupOf,
  type CaseNode,
  type PublicCaseListItem,
  type PublicCaseView,
  type PublicPhoto,
  type PublicProgressNode,
} from '@citydesk/shared';
import type { DbOrTrx } from '../../platform/db/connect.js';
import type { ModuleDeps } from '../../platform/deps.js';
import { listAuditEvents } from '../audit/index.js';
import type { CaseRecordTable } from '../intake/index.js';
import { listAttachments } from '../media/index.js';
import { unitRefsByIds } from '../org/index.js';
import { workflowSettingsOf } from '../settings/index.js';
import { entriesOfCase } from './entries.js';
import { publicPhotoUrl } from './public-links.js';

export type { PublicCaseView, PublicCaseListItem };

/** A photo's signed links (original and thumbnail) for the citizen's view. */
export type PhotoLinker = (attachmentId: string, variant: 'original' | 'thumbnail') => string;

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

/**
 * Whether the citizen may rate now: once, after a public reply (to the case or, for a merged
 * case, to its main case), while the case is open or closed.
 */
function canRateCase(row: CaseRecordTable, replied: boolean, rated: boolean): boolean {
  return !rated && replied && (row.status === 'closed' || row.status === 'open');
}

/**
 * The citizen's view of a case (the caller has checked the number and phone, the secret link or
 * the verified phone). What it holds is chosen, never filtered: no staff names, no internal
 * entries, no one's personal data.
 */
export async function presentPublicCase(
  db: DbOrTrx,
  row: CaseRecordTable,
  options: { reopenDays: number; now: Date; photoUrl: PhotoLinker },
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
  const nodes: PublicProgressNode[] = template.map((n, index) => {
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
  const view = (a: { id: string; width: number; height: number }): PublicPhoto => ({
    id: a.id,
    width: a.width,
    height: a.height,
    thumbnailUrl: options.photoUrl(a.id, 'thumbnail'),
    url: options.photoUrl(a.id, 'original'),
  });
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
    canRate: canRateCase(row, replied, Boolean(rating)),
    canReopen:
      row.status === 'closed' &&
      closedAt !== null &&
      options.now.getTime() - closedAt <= options.reopenDays * 24 * 3600_000,
  };
}

/** The citizen's view of a case with photo links signed for about an hour. */
export async function citizenCaseView(
  deps: Pick<ModuleDeps, 'db' | 'clock' | 'signingSecret' | 'config'>,
  row: CaseRecordTable,
): Promise<PublicCaseView> {
  const now = deps.clock.now();
  const expires = Math.floor(now.getTime() / 1000) + 3600;
  return presentPublicCase(deps.db, row, {
    reopenDays: workflowSettingsOf(deps).reopenDays,
    now,
    photoUrl: (id, variant) => publicPhotoUrl(deps.signingSecret, row.number, id, variant, expires),
  });
}

/** Cases as the citizen's own list shows them (progress in words, whether a rating is awaited). */
export async function presentPublicCaseItems(
  db: DbOrTrx,
  rows: readonly CaseRecordTable[],
): Promise<PublicCaseListItem[]> {
  const sources = rows.map((r) => r.merged_into_id ?? r.id);
  const replied = new Set(
    sources.length === 0
      ? []
      : (
          await db
            .selectFrom('case_entry')
            .select('case_id')
            .distinct()
            .where('case_id', 'in', [...new Set(sources)])
            .where('kind', '=', 'reply')
            .where('is_public', '=', 1)
            .execute()
        ).map((e) => e.case_id),
  );
  return rows.map((row) => ({
    number: row.number,
    title: row.title,
    requestType: row.request_type,
    stateGroup: stateGroupOf(row.node, row.status),
    status: row.status,
    node: row.node,
    acceptedAt: row.accepted_at,
    dueAt: row.due_at,
    closedAt: row.closed_at,
    canRate: canRateCase(row, replied.has(row.merged_into_id ?? row.id), row.rated_at !== null),
  }));
}
