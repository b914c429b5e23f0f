import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Permission } from '@citydesk/shared';
import Fastify from 'fastify';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testStart } from '../../../test/support/app.js';
import { createMigratedDatabase, describeEachDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { rejectionOf } from '../../../test/support/errors.js';
import { ManualClock, toDbTime } from '../../platform/clock.js';
import type { Actor, UseCaseContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/connect.js';
import { newId } from '../../platform/ids.js';
import {
  linkAttachments,
  listAttachments,
  openAttachment,
  purgeStaleUploads,
  sendAttachment,
  storeUpload,
  type LinkTarget,
} from './media.service.js';
import { jpegImage, jpegWithGps, pingshanPoint, pngImage } from './test-images.js';

function contextFor(
  clock: ManualClock,
  kind: 'user' | 'client',
  id: string,
  permissions: Permission[],
): UseCaseContext {
  const actor: Actor = {
    kind,
    id,
    username: `${kind}-${id}`,
    displayName: id,
    unitId: null,
    unitPath: null,
    roles: [],
    permissions: new Set(permissions),
  };
  return { actor, requestId: null, ip: null, channel: kind === 'client' ? 'api' : 'web', clock };
}

/** A bare case (and optionally one reply entry) to link attachments to; the case modules own these tables. */
async function createCase(db: Db, at: string): Promise<{ caseId: string; entryId: string }> {
  const unitId = newId();
  const caseId = newId();
  const entryId = newId();
  await sql`insert into unit (id, code, type, name, path, depth, created_at, updated_at)
    values (${unitId}, ${`U${unitId.slice(-8)}`}, 'street_centre', 'Test street', ${`/${unitId}/`}, 0, ${at}, ${at})`.execute(
    db,
  );
  await sql`insert into case_record (id, number, channel, request_type, title, description, workflow_template, node,
      status, version, urgency, reporter_anonymous, extra_answers, tracking_token_hash, owner_unit_id, accepted_at,
      node_started_at, deadline_status, created_at, updated_at)
    values (${caseId}, ${`T${caseId.slice(-12)}`}, 'grid', 'report', 'Broken lamp', 'The lamp is broken', 'general',
      'accept', 'open', 1, 'normal', 0, '{}', ${caseId}, ${unitId}, ${at}, ${at}, 'green', ${at}, ${at})`.execute(db);
  await sql`insert into case_entry (id, case_id, kind, is_public, body, created_at)
    values (${entryId}, ${caseId}, 'reply', 1, 'Fixed', ${at})`.execute(db);
  return { caseId, entryId };
}

function filesUnder(folder: string): string[] {
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }).filter((f) => f.includes('.'));
}

describeEachDatabase('storing, linking, serving and purging attachments', (dialect) => {
  let database: TestDatabase;
  let db: Db;
  let dataDir: string;
  const clock = new ManualClock(testStart);
  const grid = contextFor(clock, 'user', 'user-grid', ['case.create', 'case.verify']);
  const handler = contextFor(clock, 'user', 'user-handler', ['case.handle', 'case.reply']);
  const client = contextFor(clock, 'client', 'client-12345', ['case.create', 'case.read']);
  const link = (ctx: UseCaseContext, ids: string[], target: LinkTarget, options?: { clientId?: string | null }) =>
    db.transaction().execute((trx) => linkAttachments(trx, ctx, ids, target, options));
  const upload = async (ctx: UseCaseContext, bytes?: Buffer) =>
    storeUpload(db, ctx, dataDir, bytes ?? (await jpegImage()), { purpose: 'report' });
  const caseIdOf = async (id: string) =>
    (await db.selectFrom('attachment').select('case_id').where('id', '=', id).executeTakeFirstOrThrow()).case_id;

  beforeAll(async () => {
    database = await createMigratedDatabase(dialect);
    db = database.handle.db;
    dataDir = database.dir;
  });
  afterAll(async () => database.drop());

  it('stores the re-encoded image and its thumbnail under attachments/<yyyy>/<mm>/ with the server’s own names', async () => {
    const view = await storeUpload(db, grid, dataDir, await jpegWithGps(), { purpose: 'verify' });
    expect(view).toMatchObject({
      purpose: 'verify',
      mime: 'image/jpeg',
      width: 640,
      height: 480,
      isPublic: false,
      entryId: null,
      createdAt: testStart,
    });
    expect(view.suggestedLocation?.lat).toBeCloseTo(pingshanPoint.lat, 6);
    expect(view.suggestedLocation?.lon).toBeCloseTo(pingshanPoint.lon, 6);

    const row = await db.selectFrom('attachment').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
    expect(row.path).toBe(`attachments/2026/11/${view.id}.jpg`);
    expect(row.thumb_path).toBe(`attachments/2026/11/${view.id}.thumb.jpg`);
    const stored = fs.readFileSync(path.join(dataDir, row.path));
    expect(Number(row.bytes)).toBe(stored.length);
    expect(view.bytes).toBe(stored.length);
    expect(row.sha256).toBe(createHash('sha256').update(stored).digest('hex'));
    expect(Number(row.gps_lat)).toBeCloseTo(pingshanPoint.lat, 6);
    expect(row).toMatchObject({ case_id: null, uploaded_by_user_id: 'user-grid', uploaded_by_client_id: null });
    // Nothing is left behind from the atomic writes.
    expect(fs.readdirSync(path.join(dataDir, 'attachments/2026/11')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('audits the upload in the same transaction, without the position', async () => {
    const view = await upload(grid, await jpegWithGps());
    const events = await db
      .selectFrom('audit_event')
      .select(['action', 'actor_id', 'after_json'])
      .where('subject_type', '=', 'attachment')
      .where('subject_id', '=', view.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'attachment.uploaded', actor_id: 'user-grid' });
    expect(JSON.parse(events[0]?.after_json ?? 'null')).toEqual({
      purpose: 'report',
      mime: 'image/jpeg',
      bytes: view.bytes,
      width: 640,
      height: 480,
    });
    expect(events[0]?.after_json).not.toMatch(/lat|lon|gps|22\.7|114\.3/i);
  });

  it('links the uploader’s own uploads to a case and a reply, and lists them', async () => {
    const { caseId, entryId } = await createCase(db, testStart);
    const casePhotos = [await upload(grid), await upload(grid)];
    const replyPhoto = await upload(handler, await pngImage());
    const linked = await link(
      grid,
      casePhotos.map((p) => p.id),
      { caseId, isPublic: true },
    );
    expect(linked.map((r) => [r.id, r.case_id, r.entry_id, r.is_public])).toEqual(
      casePhotos.map((p) => [p.id, caseId, null, 1]),
    );
    expect(linked[0]).not.toHaveProperty('gps_lat');
    await link(handler, [replyPhoto.id], { caseId, entryId, isPublic: false });

    const all = await listAttachments(db, { caseId });
    expect(all.map((a) => a.id)).toEqual([...casePhotos.map((p) => p.id), replyPhoto.id]);
    expect(all[2]).toMatchObject({ mime: 'image/png', entryId, isPublic: false });
    expect(all[0]).not.toHaveProperty('suggestedLocation');
    expect((await listAttachments(db, { caseId, entryId: null })).map((a) => a.id)).toEqual(
      casePhotos.map((p) => p.id),
    );
    expect((await listAttachments(db, { caseId, entryId })).map((a) => a.id)).toEqual([replyPhoto.id]);
    expect((await listAttachments(db, { caseId, publicOnly: true })).map((a) => a.id)).toEqual(
      casePhotos.map((p) => p.id),
    );
  });

  it('refuses more than 9 attachments and links none of them', async () => {
    const { caseId } = await createCase(db, testStart);
    const ids: string[] = [];
    for (let i = 0; i < 10; i++) ids.push((await upload(grid)).id);
    const error = await rejectionOf(link(grid, ids, { caseId, isPublic: true }));
    expect(error.code).toBe('TOO_MANY_ATTACHMENTS');
    expect(error.status).toBe(422);
    expect(error.details).toEqual({ max: 9, count: 10 });
    expect(await listAttachments(db, { caseId })).toEqual([]);
    expect(await link(grid, ids.slice(0, 9), { caseId, isPublic: true })).toHaveLength(9);
  });

  it('refuses someone else’s upload, naming it, and links nothing', async () => {
    const { caseId } = await createCase(db, testStart);
    const mine = await upload(grid);
    const theirs = await upload(handler);
    const error = await rejectionOf(link(grid, [mine.id, theirs.id], { caseId, isPublic: true }));
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({
      fields: [{ field: 'attachmentIds.1', reason: `attachment ${theirs.id} was uploaded by someone else` }],
    });
    expect(await caseIdOf(mine.id)).toBeNull();
    expect(await caseIdOf(theirs.id)).toBeNull();
  });

  it('refuses an upload that is already linked, or does not exist, or is listed twice', async () => {
    const first = await createCase(db, testStart);
    const second = await createCase(db, testStart);
    const photo = await upload(grid);
    await link(grid, [photo.id], { caseId: first.caseId, isPublic: true });
    const missing = newId();
    const fresh = await upload(grid);
    const error = await rejectionOf(
      link(grid, [photo.id, missing, fresh.id, fresh.id], { caseId: second.caseId, isPublic: true }),
    );
    expect(error.code).toBe('VALIDATION_FAILED');
    expect(error.details).toEqual({
      fields: [
        { field: 'attachmentIds.0', reason: `attachment ${photo.id} is already attached to a case` },
        { field: 'attachmentIds.1', reason: `attachment ${missing} does not exist` },
        { field: 'attachmentIds.3', reason: `attachment ${fresh.id} is listed twice` },
      ],
    });
    expect(await caseIdOf(photo.id)).toBe(first.caseId);
    expect(await caseIdOf(fresh.id)).toBeNull();
  });

  it('records an API client’s upload as the client’s: only that client may link it', async () => {
    const { caseId } = await createCase(db, testStart);
    const view = await upload(client);
    const row = await db
      .selectFrom('attachment')
      .select(['uploaded_by_user_id', 'uploaded_by_client_id'])
      .where('id', '=', view.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ uploaded_by_user_id: null, uploaded_by_client_id: 'client-12345' });
    // A staff user whose id happened to equal the client's is still someone else.
    const lookalike = contextFor(clock, 'user', 'client-12345', ['case.create']);
    expect((await rejectionOf(link(lookalike, [view.id], { caseId, isPublic: false }))).code).toBe('VALIDATION_FAILED');
    expect(await link(client, [view.id], { caseId, isPublic: false })).toHaveLength(1);

    // A use case acting for a client names it explicitly.
    const forClient = await storeUpload(db, grid, dataDir, await jpegImage(), {
      purpose: 'report',
      clientId: 'client-777',
    });
    expect((await rejectionOf(link(grid, [forClient.id], { caseId, isPublic: false }))).code).toBe('VALIDATION_FAILED');
    expect(await link(grid, [forClient.id], { caseId, isPublic: false }, { clientId: 'client-777' })).toHaveLength(1);
  });

  it('opens the original or the thumbnail, and answers null for an unknown id or a missing file', async () => {
    const view = await upload(grid, await jpegWithGps(800, 600));
    const original = await openAttachment(db, dataDir, view.id, 'original');
    expect(original).toMatchObject({ variant: 'original', mime: 'image/jpeg', size: view.bytes });
    expect(original?.row).not.toHaveProperty('gps_lat');
    expect(original?.row).not.toHaveProperty('gps_lon');
    const thumbnail = await openAttachment(db, dataDir, view.id, 'thumbnail');
    expect(thumbnail?.mime).toBe('image/jpeg');
    const chunks: Buffer[] = [];
    for await (const chunk of thumbnail?.open() ?? []) chunks.push(chunk as Buffer);
    const thumbMeta = await sharp(Buffer.concat(chunks)).metadata();
    expect([thumbMeta.width, thumbMeta.height]).toEqual([320, 240]);

    expect(await openAttachment(db, dataDir, newId(), 'original')).toBeNull();
    expect(await openAttachment(db, dataDir, '../../etc/passwd', 'original')).toBeNull();
    fs.rmSync(path.join(dataDir, `attachments/2026/11/${view.id}.jpg`));
    expect(await openAttachment(db, dataDir, view.id, 'original')).toBeNull();
  });

  it('never opens a file outside the attachments folder, whatever the row says', async () => {
    const view = await upload(grid);
    fs.writeFileSync(path.join(dataDir, 'secret.jpg'), 'secret');
    await db.updateTable('attachment').set({ path: '../secret.jpg' }).where('id', '=', view.id).execute();
    expect(await openAttachment(db, dataDir, view.id, 'original')).toBeNull();
    await db.updateTable('attachment').set({ path: 'attachments/../secret.jpg' }).where('id', '=', view.id).execute();
    expect(await openAttachment(db, dataDir, view.id, 'original')).toBeNull();
  });

  it('sends a file with its type, length, private caching and nosniff', async () => {
    const view = await upload(handler, await pngImage(100, 80));
    const app = Fastify();
    app.get('/file/:variant', async (request, reply) => {
      const { variant } = request.params as { variant: 'original' | 'thumbnail' };
      const file = await openAttachment(db, dataDir, view.id, variant);
      return file ? sendAttachment(reply, file) : reply.status(404).send();
    });
    try {
      const original = await app.inject({ url: '/file/original' });
      expect(original.statusCode).toBe(200);
      expect(original.headers).toMatchObject({
        'content-type': 'image/png',
        'content-length': String(view.bytes),
        'cache-control': 'private, max-age=3600',
        'x-content-type-options': 'nosniff',
      });
      expect(
        original.rawPayload.equals(fs.readFileSync(path.join(dataDir, `attachments/2026/11/${view.id}.png`))),
      ).toBe(true);
      const thumbnail = await app.inject({ url: '/file/thumbnail' });
      expect(thumbnail.headers['content-type']).toBe('image/webp');
      expect((await sharp(thumbnail.rawPayload).metadata()).format).toBe('webp');
    } finally {
      await app.close();
    }
  });
});

describeEachDatabase('purging uploads never linked to a case', (dialect) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createMigratedDatabase(dialect);
  });
  afterAll(async () => database.drop());

  it('deletes rows and files of unlinked uploads older than 24 hours, and nothing else', async () => {
    const db = database.handle.db;
    const dataDir = database.dir;
    const clock = new ManualClock('2026-11-30T23:30:00.000Z');
    const ctx = contextFor(clock, 'user', 'user-grid', ['case.create']);
    const { caseId } = await createCase(db, toDbTime(clock.now()));
    const stale = await storeUpload(db, ctx, dataDir, await jpegImage(), { purpose: 'report' });
    const kept = await storeUpload(db, ctx, dataDir, await jpegImage(), { purpose: 'report' });
    await db.transaction().execute((trx) => linkAttachments(trx, ctx, [kept.id], { caseId, isPublic: true }));
    clock.advance(23 * 60 * 60 * 1000);
    const recent = await storeUpload(db, ctx, dataDir, await pngImage(), { purpose: 'report' });
    // The recent one lands in December's folder; the stale one is in November's.
    expect(filesUnder(path.join(dataDir, 'attachments'))).toHaveLength(6);

    expect(await purgeStaleUploads(db, dataDir, clock.now())).toBe(0);
    clock.advance(60 * 60 * 1000 + 1);
    expect(await purgeStaleUploads(db, dataDir, clock.now())).toBe(1);

    const left = await db.selectFrom('attachment').select('id').orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual([kept.id, recent.id]);
    expect(filesUnder(path.join(dataDir, 'attachments')).sort()).toEqual(
      [
        `2026/11/${kept.id}.jpg`,
        `2026/11/${kept.id}.thumb.jpg`,
        `2026/12/${recent.id}.png`,
        `2026/12/${recent.id}.thumb.webp`,
      ].map((f) => path.join(...f.split('/'))),
    );
    expect(fs.existsSync(path.join(dataDir, `attachments/2026/11/${stale.id}.jpg`))).toBe(false);
  });
});

describe('an upload whose transaction fails', () => {
  it('removes the files it wrote, leaving no row and no file', async () => {
    const database = await createMigratedDatabase('sqlite');
    try {
      const db = database.handle.db;
      // Without the audit table the audit step fails after the files are written and the row inserted.
      await sql`drop table audit_event`.execute(db);
      const ctx = contextFor(new ManualClock(testStart), 'user', 'user-grid', ['case.create']);
      await expect(storeUpload(db, ctx, database.dir, await jpegImage(), { purpose: 'report' })).rejects.toThrow(
        /audit_event/,
      );
      expect(await db.selectFrom('attachment').select('id').execute()).toEqual([]);
      expect(filesUnder(path.join(database.dir, 'attachments'))).toEqual([]);
    } finally {
      await database.drop();
    }
  });
});
