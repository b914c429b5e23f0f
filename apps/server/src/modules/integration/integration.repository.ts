import { dialectOf, type DbOrTrx, type Trx } from '../../platform/db/connect.js';
import type {
  CameraEventTable,
  ExternalUnitTable,
  IntegrationCategoryMapTable,
  IntegrationClientTable,
  IntegrationInboundCaseTable,
  Open311RequestTable,
  Open311SendTable,
  Open311UpdateInTable,
  WebhookSubscriptionTable,
} from './integration.tables.js';

// ---------------------------------------------------------------------------------------------
// Client settings

export async function findProfile(db: DbOrTrx, clientId: string): Promise<IntegrationClientTable | undefined> {
  return db.selectFrom('integration_client').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function findProfiles(db: DbOrTrx, clientIds: readonly string[]): Promise<IntegrationClientTable[]> {
  if (clientIds.length === 0) return [];
  return db
    .selectFrom('integration_client')
    .selectAll()
    .where('client_id', 'in', [...clientIds])
    .execute();
}

/** A client's settings row, created with defaults when it has none yet (clients made by the CLI). */
export async function ensureProfile(db: DbOrTrx, clientId: string, now: string): Promise<IntegrationClientTable> {
  const found = await findProfile(db, clientId);
  if (found) return found;
  const row: IntegrationClientTable = {
    client_id: clientId,
    callback_url: null,
    secret_cipher: null,
    secret_rotated_at: null,
    outbound_words: '{}',
    inbound_words: '{}',
    camera_min_confidence: null,
    camera_merge_minutes: null,
    updated_at: now,
  };
  await db
    .insertInto('integration_client')
    .values(row)
    .onConflict((oc) => oc.column('client_id').doNothing())
    .execute();
  return (await findProfile(db, clientId)) ?? row;
}

export async function updateProfile(
  db: DbOrTrx,
  clientId: string,
  patch: Partial<Omit<IntegrationClientTable, 'client_id'>>,
): Promise<void> {
  await db.updateTable('integration_client').set(patch).where('client_id', '=', clientId).execute();
}

export async function findSetting(db: DbOrTrx, key: string): Promise<string | undefined> {
  return (await db.selectFrom('integration_setting').select('value').where('key', '=', key).executeTakeFirst())?.value;
}

export async function upsertSetting(
  db: DbOrTrx,
  row: { key: string; value: string; updated_at: string; updated_by: string },
): Promise<void> {
  const updated = await db
    .updateTable('integration_setting')
    .set({ value: row.value, updated_at: row.updated_at, updated_by: row.updated_by })
    .where('key', '=', row.key)
    .executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await db.insertInto('integration_setting').values(row).execute();
}

export async function deleteSetting(db: DbOrTrx, key: string): Promise<void> {
  await db.deleteFrom('integration_setting').where('key', '=', key).execute();
}

// ---------------------------------------------------------------------------------------------
// Category mappings

export async function listCategoryMappings(db: DbOrTrx, clientId: string): Promise<IntegrationCategoryMapTable[]> {
  return db
    .selectFrom('integration_category_map')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('external_code')
    .execute();
}

export async function replaceCategoryMappings(
  trx: Trx,
  clientId: string,
  rows: readonly IntegrationCategoryMapTable[],
): Promise<void> {
  await trx.deleteFrom('integration_category_map').where('client_id', '=', clientId).execute();
  for (let i = 0; i < rows.length; i += 200) {
    await trx
      .insertInto('integration_category_map')
      .values(rows.slice(i, i + 200))
      .execute();
  }
}

/** The catalogue item a client's code maps to, or undefined. */
export async function findMappedCategoryId(
  db: DbOrTrx,
  clientId: string,
  externalCode: string,
): Promise<string | undefined> {
  return (
    await db
      .selectFrom('integration_category_map')
      .select('category_id')
      .where('client_id', '=', clientId)
      .where('external_code', '=', externalCode)
      .executeTakeFirst()
  )?.category_id;
}

// ---------------------------------------------------------------------------------------------
// Inbound cases

export async function insertInboundCase(trx: Trx, row: IntegrationInboundCaseTable): Promise<void> {
  await trx.insertInto('integration_inbound_case').values(row).execute();
}

export async function findInboundByExternal(
  db: DbOrTrx,
  clientId: string,
  externalId: string,
): Promise<IntegrationInboundCaseTable | undefined> {
  return db
    .selectFrom('integration_inbound_case')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export async function findInboundByCase(db: DbOrTrx, caseId: string): Promise<IntegrationInboundCaseTable | undefined> {
  return db.selectFrom('integration_inbound_case').selectAll().where('case_id', '=', caseId).executeTakeFirst();
}

// ---------------------------------------------------------------------------------------------
// Webhook subscriptions

export async function listSubscriptions(db: DbOrTrx, clientId: string): Promise<WebhookSubscriptionTable[]> {
  return db
    .selectFrom('webhook_subscription')
    .selectAll()
    .where('client_id', '=', clientId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

export async function listActiveSubscriptions(db: DbOrTrx): Promise<WebhookSubscriptionTable[]> {
  return db.selectFrom('webhook_subscription').selectAll().where('active', '=', 1).orderBy('id').execute();
}

export async function findSubscription(db: DbOrTrx, id: string): Promise<WebhookSubscriptionTable | undefined> {
  return db.selectFrom('webhook_subscription').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertSubscription(trx: Trx, row: WebhookSubscriptionTable): Promise<void> {
  await trx.insertInto('webhook_subscription').values(row).execute();
}

export async function updateSubscription(
  trx: Trx,
  id: string,
  patch: Partial<Omit<WebhookSubscriptionTable, 'id' | 'client_id'>>,
): Promise<void> {
  await trx.updateTable('webhook_subscription').set(patch).where('id', '=', id).execute();
}

export async function deleteSubscription(trx: Trx, id: string): Promise<void> {
  await trx.deleteFrom('webhook_subscription').where('id', '=', id).execute();
}

// ---------------------------------------------------------------------------------------------
// Camera events

export async function insertCameraEvent(trx: Trx, row: CameraEventTable): Promise<void> {
  await trx.insertInto('camera_event').values(row).execute();
}

export async function findCameraEvent(
  db: DbOrTrx,
  clientId: string,
  eventId: string,
): Promise<CameraEventTable | undefined> {
  return db
    .selectFrom('camera_event')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('event_id', '=', eventId)
    .executeTakeFirst();
}

/** The latest event of a camera and type since an instant that belongs to a case. */
export async function findLatestCasedEvent(
  db: DbOrTrx,
  q: { clientId: string; cameraId: string; eventType: string; since: string },
): Promise<CameraEventTable | undefined> {
  return db
    .selectFrom('camera_event')
    .selectAll()
    .where('client_id', '=', q.clientId)
    .where('camera_id', '=', q.cameraId)
    .where('event_type', '=', q.eventType)
    .where('occurred_at', '>=', q.since)
    .where('case_id', 'is not', null)
    .orderBy('occurred_at', 'desc')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function searchCameraEvents(
  db: DbOrTrx,
  q: {
    clientId?: string | undefined;
    cameraId?: string | undefined;
    outcome?: string | undefined;
    caseId?: string;
    limit: number;
    offset: number;
  },
): Promise<{ rows: CameraEventTable[]; total: number }> {
  let query = db.selectFrom('camera_event');
  if (q.clientId) query = query.where('client_id', '=', q.clientId);
  if (q.cameraId) query = query.where('camera_id', '=', q.cameraId);
  if (q.outcome) query = query.where('outcome', '=', q.outcome);
  if (q.caseId) query = query.where('case_id', '=', q.caseId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('received_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

// ---------------------------------------------------------------------------------------------
// Open311 server side

export async function insertOpen311Request(trx: Trx, row: Open311RequestTable): Promise<void> {
  await trx.insertInto('open311_request').values(row).execute();
}

export async function findOpen311Requests(db: DbOrTrx, caseIds: readonly string[]): Promise<Open311RequestTable[]> {
  if (caseIds.length === 0) return [];
  return db
    .selectFrom('open311_request')
    .selectAll()
    .where('case_id', 'in', [...caseIds])
    .execute();
}

export async function findOpen311RequestByAttachment(
  db: DbOrTrx,
  attachmentId: string,
): Promise<Open311RequestTable | undefined> {
  return db
    .selectFrom('open311_request')
    .selectAll()
    .where('media_attachment_id', '=', attachmentId)
    .executeTakeFirst();
}

export async function findUpdateIn(
  db: DbOrTrx,
  clientId: string,
  updateId: string,
): Promise<Open311UpdateInTable | undefined> {
  return db
    .selectFrom('open311_update_in')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('update_id', '=', updateId)
    .executeTakeFirst();
}

export async function insertUpdateIn(trx: Trx, row: Open311UpdateInTable): Promise<void> {
  await trx.insertInto('open311_update_in').values(row).execute();
}

// ---------------------------------------------------------------------------------------------
// External units and what was sent to them

export async function findExternalUnitByClient(db: DbOrTrx, clientId: string): Promise<ExternalUnitTable | undefined> {
  return db.selectFrom('external_unit').selectAll().where('client_id', '=', clientId).executeTakeFirst();
}

export async function findActiveExternalUnits(db: DbOrTrx, unitIds: readonly string[]): Promise<ExternalUnitTable[]> {
  if (unitIds.length === 0) return [];
  return db
    .selectFrom('external_unit')
    .selectAll()
    .where('unit_id', 'in', [...unitIds])
    .where('active', '=', 1)
    .execute();
}

export async function listActiveExternalUnits(db: DbOrTrx): Promise<ExternalUnitTable[]> {
  return db.selectFrom('external_unit').selectAll().where('active', '=', 1).orderBy('client_id').execute();
}

export async function upsertExternalUnit(trx: Trx, row: ExternalUnitTable): Promise<void> {
  const { client_id: clientId, ...rest } = row;
  const updated = await trx.updateTable('external_unit').set(rest).where('client_id', '=', clientId).executeTakeFirst();
  if (Number(updated.numUpdatedRows) === 0) await trx.insertInto('external_unit').values(row).execute();
}

export async function updateExternalUnit(
  db: DbOrTrx,
  clientId: string,
  patch: Partial<Omit<ExternalUnitTable, 'client_id'>>,
): Promise<void> {
  await db.updateTable('external_unit').set(patch).where('client_id', '=', clientId).execute();
}

export async function findSend(db: DbOrTrx, id: string): Promise<Open311SendTable | undefined> {
  return db.selectFrom('open311_send').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSendOfCase(
  db: DbOrTrx,
  caseId: string,
  clientId: string,
): Promise<Open311SendTable | undefined> {
  return db
    .selectFrom('open311_send')
    .selectAll()
    .where('case_id', '=', caseId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
}

export async function insertSend(trx: Trx, row: Open311SendTable): Promise<void> {
  await trx.insertInto('open311_send').values(row).execute();
}

export async function updateSend(
  db: DbOrTrx,
  id: string,
  patch: Partial<Omit<Open311SendTable, 'id' | 'case_id' | 'client_id'>>,
): Promise<void> {
  await db.updateTable('open311_send').set(patch).where('id', '=', id).execute();
}

/**
 * Claims sends that are due (unprocessed, or sending with a lease run out), oldest first, with a
 * lease like the outbox's: several processes never post the same case twice at once.
 */
export async function claimDueSends(
  trx: Trx,
  now: string,
  leaseUntil: string,
  limit: number,
): Promise<Open311SendTable[]> {
  let query = trx
    .selectFrom('open311_send')
    .selectAll()
    .where('send_state', 'in', ['unprocessed', 'sending'])
    .where('next_attempt_at', '<=', now)
    .orderBy('next_attempt_at')
    .orderBy('id')
    .limit(limit);
  if (dialectOf(trx) === 'postgres') query = query.forUpdate().skipLocked();
  const rows = await query.execute();
  if (rows.length === 0) return [];
  await trx
    .updateTable('open311_send')
    .set({ send_state: 'sending', next_attempt_at: leaseUntil })
    .where(
      'id',
      'in',
      rows.map((r) => r.id),
    )
    .execute();
  return rows;
}

/** Sent cases of a client not yet closed there: the ones whose updates are pulled. */
export async function listOpenSends(db: DbOrTrx, clientId: string, limit: number): Promise<Open311SendTable[]> {
  return db
    .selectFrom('open311_send')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('send_state', '=', 'sent')
    .where((eb) => eb.or([eb('external_status', 'is', null), eb('external_status', '!=', 'closed')]))
    .orderBy('sent_at')
    .limit(limit)
    .execute();
}

export async function findSendsByExternalIds(
  db: DbOrTrx,
  clientId: string,
  externalIds: readonly string[],
): Promise<Open311SendTable[]> {
  if (externalIds.length === 0) return [];
  return db
    .selectFrom('open311_send')
    .selectAll()
    .where('client_id', '=', clientId)
    .where('external_id', 'in', [...externalIds])
    .execute();
}

export async function searchSends(
  db: DbOrTrx,
  q: { state?: string | undefined; clientId?: string | undefined; caseId?: string; limit: number; offset: number },
): Promise<{ rows: Open311SendTable[]; total: number }> {
  let query = db.selectFrom('open311_send');
  if (q.state) query = query.where('send_state', '=', q.state);
  if (q.clientId) query = query.where('client_id', '=', q.clientId);
  if (q.caseId) query = query.where('case_id', '=', q.caseId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(q.limit).offset(q.offset).execute(),
    query.select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Records an external update as seen; false when it already was (pulled before). */
export async function markUpdatePulled(trx: Trx, sendId: string, key: string, now: string): Promise<boolean> {
  const result = await trx
    .insertInto('open311_pulled_update')
    .values({ send_id: sendId, update_key: key, created_at: now })
    .onConflict((oc) => oc.columns(['send_id', 'update_key']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}
