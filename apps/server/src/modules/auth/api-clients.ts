import { createHash, randomBytes } from 'node:crypto';
import { caseChannels, integrationClientKinds, type CaseChannel, type IntegrationClientKind } from '@citydesk/shared';
import { toDbTime, type Clock } from '../../platform/clock.js';
import type { Actor, UseCaseContext } from '../../platform/context.js';
import type { Db, DbOrTrx, Trx } from '../../platform/db/connect.js';
import { transact } from '../../platform/db/transaction.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { getUnitByCode, getUnitRow } from '../org/index.js';
import type { ApiClientKeyTable, ApiClientTable } from './auth.tables.js';

/**
 * Other systems (provincial 12345, a camera platform, an Open311 client, an external unit's
 * GeoReport server) are API clients: one identity with a kind, the unit it acts for, the intake
 * channels it may use and any number of revocable keys. The integration module keeps everything
 * else about them (secrets, mappings, subscriptions) beside this.
 */

/** What an API client may do: create cases on its channels and read them back. */
const clientPermissions = new Set(['case.create', 'case.read'] as const);
const keyPrefix = 'cdk_';
/** How many characters of a key stay visible (the `cdk_` and four more) to tell keys apart. */
const visiblePrefixLength = keyPrefix.length + 4;

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

export type { ApiClientKeyTable, ApiClientTable };

export interface NewApiClient {
  name: string;
  kind: IntegrationClientKind;
  unitId: string;
  channels: readonly CaseChannel[];
  active?: boolean;
  description?: string;
}

function checkChannels(channels: readonly string[]): void {
  const bad = channels.filter((c) => !(caseChannels as readonly string[]).includes(c));
  if (bad.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'channels', reason: `choose from ${caseChannels.join(', ')}` }],
    });
  }
}

async function activeUnit(db: DbOrTrx, unitId: string, field: string) {
  const unit = await getUnitRow(db, unitId);
  if (!unit || unit.active !== 1) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field, reason: 'no active unit with this id' }] });
  }
  return unit;
}

/** Registers another system inside the caller's transaction (audited); no key yet. */
export async function insertApiClient(trx: Trx, ctx: UseCaseContext, input: NewApiClient): Promise<ApiClientTable> {
  checkChannels(input.channels);
  if (!(integrationClientKinds as readonly string[]).includes(input.kind)) {
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'kind', reason: 'unknown kind' }] });
  }
  const unit = await activeUnit(trx, input.unitId, 'unitId');
  const taken = await trx.selectFrom('api_client').select('id').where('name', '=', input.name).executeTakeFirst();
  if (taken) throw new AppError('CONFLICT', { field: 'name', reason: 'another client has this name' });
  const now = toDbTime(ctx.clock.now());
  const row: ApiClientTable = {
    id: newId(ctx.clock.now().getTime()),
    name: input.name,
    kind: input.kind,
    channels: JSON.stringify([...new Set(input.channels)]),
    unit_id: unit.id,
    active: input.active === false ? 0 : 1,
    description: input.description ?? '',
    created_at: now,
    updated_at: now,
    last_used_at: null,
  };
  await trx.insertInto('api_client').values(row).execute();
  await recordAudit(trx, ctx, {
    action: 'api_client.created',
    subjectType: 'api_client',
    subjectId: row.id,
    after: {
      name: row.name,
      kind: row.kind,
      unitCode: unit.code,
      channels: JSON.parse(row.channels) as string[],
      active: true,
    },
  });
  return row;
}

export type ApiClientPatch = Partial<Pick<NewApiClient, 'name' | 'unitId' | 'channels' | 'active' | 'description'>>;

/** Changes a client's identity fields (audited with before and after); 404 when unknown. */
export async function updateApiClient(
  trx: Trx,
  ctx: UseCaseContext,
  id: string,
  patch: ApiClientPatch,
): Promise<ApiClientTable> {
  const before = await findApiClient(trx, id);
  if (!before) throw new AppError('NOT_FOUND', { clientId: id });
  if (patch.channels) checkChannels(patch.channels);
  if (patch.unitId !== undefined) await activeUnit(trx, patch.unitId, 'unitId');
  if (patch.name !== undefined && patch.name !== before.name) {
    const taken = await trx.selectFrom('api_client').select('id').where('name', '=', patch.name).executeTakeFirst();
    if (taken) throw new AppError('CONFLICT', { field: 'name', reason: 'another client has this name' });
  }
  const changes: Partial<ApiClientTable> = {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.unitId !== undefined ? { unit_id: patch.unitId } : {}),
    ...(patch.channels !== undefined ? { channels: JSON.stringify([...new Set(patch.channels)]) } : {}),
    ...(patch.active !== undefined ? { active: patch.active ? 1 : 0 } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    updated_at: toDbTime(ctx.clock.now()),
  };
  await trx.updateTable('api_client').set(changes).where('id', '=', id).execute();
  const after = { ...before, ...changes };
  const shown = (r: ApiClientTable) => ({
    name: r.name,
    unitId: r.unit_id,
    channels: JSON.parse(r.channels) as string[],
    active: r.active === 1,
    description: r.description,
  });
  await recordAudit(trx, ctx, {
    action: 'api_client.updated',
    subjectType: 'api_client',
    subjectId: id,
    before: shown(before),
    after: shown(after),
  });
  return after;
}

/** Issues a new key for a client (audited); the key is returned only here and stored hashed. */
export async function issueApiKey(
  trx: Trx,
  ctx: UseCaseContext,
  clientId: string,
  label = '',
): Promise<{ key: string; row: ApiClientKeyTable }> {
  const client = await findApiClient(trx, clientId);
  if (!client) throw new AppError('NOT_FOUND', { clientId });
  const key = `${keyPrefix}${randomBytes(32).toString('base64url')}`;
  const row: ApiClientKeyTable = {
    id: newId(ctx.clock.now().getTime()),
    client_id: clientId,
    prefix: key.slice(0, visiblePrefixLength),
    label,
    key_hash: hashKey(key),
    created_at: toDbTime(ctx.clock.now()),
    last_used_at: null,
    revoked_at: null,
  };
  await trx.insertInto('api_client_key').values(row).execute();
  await recordAudit(trx, ctx, {
    action: 'api_client.key_issued',
    subjectType: 'api_client',
    subjectId: clientId,
    after: { keyId: row.id, prefix: row.prefix, label },
  });
  return { key, row };
}

/** Revokes one key of a client (audited): calls with it are refused from now on. */
export async function revokeApiKey(
  trx: Trx,
  ctx: UseCaseContext,
  clientId: string,
  keyId: string,
): Promise<ApiClientKeyTable> {
  const row = await trx
    .selectFrom('api_client_key')
    .selectAll()
    .where('id', '=', keyId)
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (!row) throw new AppError('NOT_FOUND', { clientId, keyId });
  if (row.revoked_at !== null) {
    throw new AppError('CONFLICT', { keyId, reason: 'the key is already revoked', revokedAt: row.revoked_at });
  }
  const revokedAt = toDbTime(ctx.clock.now());
  await trx.updateTable('api_client_key').set({ revoked_at: revokedAt }).where('id', '=', keyId).execute();
  await recordAudit(trx, ctx, {
    action: 'api_client.key_revoked',
    subjectType: 'api_client',
    subjectId: clientId,
    before: { keyId, prefix: row.prefix, revokedAt: null },
    after: { keyId, prefix: row.prefix, revokedAt },
  });
  return { ...row, revoked_at: revokedAt };
}

export async function findApiClient(db: DbOrTrx, id: string): Promise<ApiClientTable | undefined> {
  return db.selectFrom('api_client').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Every client, by name. */
export async function listApiClients(db: DbOrTrx): Promise<ApiClientTable[]> {
  return db.selectFrom('api_client').selectAll().orderBy('name').execute();
}

/** The keys of some clients, oldest first (hashes included: callers present them without it). */
export async function listApiKeys(db: DbOrTrx, clientIds: readonly string[]): Promise<ApiClientKeyTable[]> {
  if (clientIds.length === 0) return [];
  return db
    .selectFrom('api_client_key')
    .selectAll()
    .where('client_id', 'in', [...clientIds])
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** Registers another system from the CLI and returns its first key, which is shown only this once. */
export async function createApiClient(
  db: Db,
  ctx: UseCaseContext,
  input: { name: string; unitCode: string; channels: CaseChannel[]; kind?: IntegrationClientKind },
): Promise<{ id: string; name: string; key: string; channels: CaseChannel[] }> {
  const unit = await getUnitByCode(db, input.unitCode);
  if (!unit)
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'unitCode', reason: `no unit ${input.unitCode}` }] });
  if (input.channels.length === 0) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'channels', reason: `choose from ${caseChannels.join(', ')}` }],
    });
  }
  return transact(db, async (trx) => {
    const client = await insertApiClient(trx, ctx, {
      name: input.name,
      kind: input.kind ?? 'platform',
      unitId: unit.id,
      channels: input.channels,
    });
    const { key } = await issueApiKey(trx, ctx, client.id, 'created from the command line');
    return { id: client.id, name: client.name, key, channels: input.channels };
  });
}

/** The actor an API client acts as (its unit's path is its data scope). */
export function apiClientActor(client: ApiClientTable, unitPath: string | null): Actor {
  return {
    kind: 'client',
    id: client.id,
    username: `client:${client.name}`,
    displayName: client.name,
    unitId: client.unit_id,
    unitPath,
    roles: [],
    permissions: clientPermissions,
    channels: JSON.parse(client.channels) as string[],
  };
}

const lastUseWriteMs = 60_000;

/** The actor behind an API key, or null when the key is unknown or revoked, or the client disabled. */
export async function resolveApiClient(db: Db, clock: Clock, key: string): Promise<Actor | null> {
  if (!key.startsWith(keyPrefix)) return null;
  const found = await db
    .selectFrom('api_client_key')
    .innerJoin('api_client', 'api_client.id', 'api_client_key.client_id')
    .selectAll('api_client')
    .select(['api_client_key.id as key_id', 'api_client_key.last_used_at as key_last_used_at'])
    .where('api_client_key.key_hash', '=', hashKey(key))
    .where('api_client_key.revoked_at', 'is', null)
    .executeTakeFirst();
  if (!found || found.active !== 1) return null;
  const { key_id: keyId, key_last_used_at: keyLastUsed, ...client } = found;
  const unit = await getUnitRow(db, client.unit_id);
  const now = clock.now();
  // "Last used" is for administrators; writing it at most once a minute keeps calls cheap.
  if (!keyLastUsed || now.getTime() - Date.parse(keyLastUsed) > lastUseWriteMs) {
    await db
      .updateTable('api_client_key')
      .set({ last_used_at: toDbTime(now) })
      .where('id', '=', keyId)
      .execute();
    await db
      .updateTable('api_client')
      .set({ last_used_at: toDbTime(now) })
      .where('id', '=', client.id)
      .execute();
  }
  return apiClientActor(client, unit?.path ?? null);
}
