import { createHash, randomBytes } from 'node:crypto';
import { caseChannels, type CaseChannel } from '@citydesk/shared';
import { toDbTime, type Clock } from '../../platform/clock.js';
import type { Actor, UseCaseContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/connect.js';
import { AppError } from '../../platform/errors.js';
import { newId } from '../../platform/ids.js';
import { recordAudit } from '../audit/index.js';
import { getUnitByCode, getUnitRow } from '../org/index.js';

/** What an API client may do: create cases on its channels and read them back. */
const clientPermissions = new Set(['case.create', 'case.read'] as const);
const keyPrefix = 'cdk_';

const hashKey = (key: string) => createHash('sha256').update(key).digest('hex');

/** Registers another system; returns its key, which is shown only this once. */
export async function createApiClient(
  db: Db,
  ctx: UseCaseContext,
  input: { name: string; unitCode: string; channels: CaseChannel[] },
): Promise<{ id: string; name: string; key: string; channels: CaseChannel[] }> {
  const unit = await getUnitByCode(db, input.unitCode);
  if (!unit)
    throw new AppError('VALIDATION_FAILED', { fields: [{ field: 'unitCode', reason: `no unit ${input.unitCode}` }] });
  const bad = input.channels.filter((c) => !(caseChannels as readonly string[]).includes(c));
  if (input.channels.length === 0 || bad.length > 0) {
    throw new AppError('VALIDATION_FAILED', {
      fields: [{ field: 'channels', reason: `choose from ${caseChannels.join(', ')}` }],
    });
  }
  const key = `${keyPrefix}${randomBytes(32).toString('base64url')}`;
  const id = newId(ctx.clock.now().getTime());
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('api_client')
      .values({
        id,
        name: input.name,
        key_hash: hashKey(key),
        channels: JSON.stringify(input.channels),
        unit_id: unit.id,
        active: 1,
        created_at: toDbTime(ctx.clock.now()),
        last_used_at: null,
      })
      .execute();
    await recordAudit(trx, ctx, {
      action: 'api_client.created',
      subjectType: 'api_client',
      subjectId: id,
      after: { name: input.name, unitCode: unit.code, channels: input.channels },
    });
  });
  return { id, name: input.name, key, channels: input.channels };
}

/** The actor behind an API key, or null when the key is unknown or the client disabled. */
export async function resolveApiClient(db: Db, clock: Clock, key: string): Promise<Actor | null> {
  if (!key.startsWith(keyPrefix)) return null;
  const client = await db.selectFrom('api_client').selectAll().where('key_hash', '=', hashKey(key)).executeTakeFirst();
  if (!client || client.active !== 1) return null;
  const unit = await getUnitRow(db, client.unit_id);
  const now = clock.now();
  if (!client.last_used_at || now.getTime() - Date.parse(client.last_used_at) > 60_000) {
    await db
      .updateTable('api_client')
      .set({ last_used_at: toDbTime(now) })
      .where('id', '=', client.id)
      .execute();
  }
  return {
    kind: 'client',
    id: client.id,
    username: `client:${client.name}`,
    displayName: client.name,
    unitId: client.unit_id,
    unitPath: unit?.path ?? null,
    roles: [],
    permissions: clientPermissions,
    channels: JSON.parse(client.channels) as string[],
  };
}
