import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { DbOrTrx, Trx } from '../../platform/db/connect.js';
import { newId } from '../../platform/ids.js';
import { linkAttachments } from '../media/index.js';
import type { CaseEntryTable, CaseExtensionTable, EntryKind } from './workflow.tables.js';

/** Writes an entry (reply, feedback, note, record) and links its pictures to it. */
export async function addEntry(
  trx: Trx,
  ctx: UseCaseContext,
  caseId: string,
  entry: {
    kind: EntryKind;
    isPublic: boolean;
    body: string;
    data?: Record<string, unknown>;
    attachmentIds?: readonly string[];
    /** Result and reply photos are shown to the citizen; verification photos are not. */
    attachmentsPublic?: boolean;
    /** The unit the entry speaks for (defaults to the author's unit). */
    unitId?: string | null;
  },
): Promise<string> {
  const id = newId(ctx.clock.now().getTime());
  await trx
    .insertInto('case_entry')
    .values({
      id,
      case_id: caseId,
      kind: entry.kind,
      is_public: entry.isPublic ? 1 : 0,
      body: entry.body,
      data: entry.data ? JSON.stringify(entry.data) : null,
      author_user_id: ctx.actor.kind === 'user' ? ctx.actor.id : null,
      author_unit_id: entry.unitId ?? ctx.actor.unitId,
      created_at: toDbTime(ctx.clock.now()),
    })
    .execute();
  if (entry.attachmentIds && entry.attachmentIds.length > 0) {
    await linkAttachments(trx, ctx, [...entry.attachmentIds], {
      caseId,
      entryId: id,
      isPublic: entry.attachmentsPublic ?? false,
    });
  }
  return id;
}

export async function entriesOfCase(
  db: DbOrTrx,
  caseIds: readonly string[],
  publicOnly = false,
): Promise<CaseEntryTable[]> {
  if (caseIds.length === 0) return [];
  let query = db
    .selectFrom('case_entry')
    .selectAll()
    .where('case_id', 'in', [...caseIds]);
  if (publicOnly) query = query.where('is_public', '=', 1);
  return query.orderBy('created_at').orderBy('id').execute();
}

/** Whether a public reply went out since an instant (a reply sent with or before feedback). */
export async function hasPublicReplySince(db: DbOrTrx, caseId: string, since: string): Promise<boolean> {
  const row = await db
    .selectFrom('case_entry')
    .select('id')
    .where('case_id', '=', caseId)
    .where('kind', '=', 'reply')
    .where('created_at', '>=', since)
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

export async function pendingExtension(db: DbOrTrx, caseId: string): Promise<CaseExtensionTable | undefined> {
  return db
    .selectFrom('case_extension')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('status', '=', 'pending')
    .executeTakeFirst();
}

export async function extensionsOfCase(db: DbOrTrx, caseId: string): Promise<CaseExtensionTable[]> {
  return db.selectFrom('case_extension').selectAll().where('case_id', '=', caseId).orderBy('requested_at').execute();
}
