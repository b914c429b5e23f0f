import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildApp } from '../../app.js';
import { signInAs, testConfig, testStart, type ErrorBody } from '../../../test/support/app.js';
import { createMigratedDatabase, describeEachDatabase, type TestDatabase } from '../../../test/support/databases.js';
import { ManualClock } from '../../platform/clock.js';
import { systemContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/connect.js';
import { seedDemo } from '../../seed/demo.js';
import { maxImageBytes, readExifGps } from './image.js';
import type { UploadedAttachmentView } from './media.presenter.js';
import { openAttachment, type AttachmentFile } from './media.service.js';
import { gifImage, jpegImage, jpegWithGps, pdfBytes, pingshanPoint, pngImage } from './test-images.js';

async function readAll(file: AttachmentFile | null): Promise<Buffer> {
  if (!file) throw new Error('attachment file not found');
  const chunks: Buffer[] = [];
  for await (const chunk of file.open()) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

describeEachDatabase('uploading pictures', (dialect) => {
  let database: TestDatabase;
  let app: FastifyInstance;
  let db: Db;
  let dataDir: string;
  let grid: string;
  let handler: string;
  let sysadmin: string;

  const post = (cookie: string | null, body: Buffer | string, contentType: string, purpose = 'report') =>
    app.inject({
      method: 'POST',
      url: `/api/attachments?purpose=${purpose}`,
      headers: {
        ...(cookie ? { cookie } : {}),
        'content-type': contentType,
        'content-disposition': 'attachment; filename="photo.jpg"',
      },
      payload: body,
    });
  const attachmentCount = async () =>
    Number(
      (
        await db
          .selectFrom('attachment')
          .select((eb) => eb.fn.countAll().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  const storedFiles = () => {
    const folder = path.join(dataDir, 'attachments');
    return fs.existsSync(folder) ? fs.readdirSync(folder, { recursive: true, encoding: 'utf8' }) : [];
  };

  beforeAll(async () => {
    database = await createMigratedDatabase(dialect);
    db = database.handle.db;
    const clock = new ManualClock(testStart);
    const config = testConfig(database);
    dataDir = config.dataDir;
    await seedDemo(db, config, systemContext(clock));
    // The app registers the media routes itself.
    app = await buildApp({ config, database: database.handle, clock, serveFrontEnds: false });
    await app.ready();
    grid = await signInAs(app, 'grid01', 'Demo@2026!');
    handler = await signInAs(app, 'ps.handler');
    sysadmin = await signInAs(app, 'sysadmin');
  });
  afterAll(async () => {
    await app.close();
    await database.drop();
  });

  it('accepts a PNG sent as image/jpeg named photo.jpg, and stores it as the PNG it is', async () => {
    const response = await post(grid, await pngImage(120, 90), 'image/jpeg');
    expect(response.statusCode).toBe(201);
    const view = response.json<UploadedAttachmentView>();
    expect(view).toMatchObject({ mime: 'image/png', width: 120, height: 90, purpose: 'report', isPublic: false });
    const row = await db.selectFrom('attachment').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
    expect(row.mime).toBe('image/png');
    expect(row.path).toMatch(new RegExp(`^attachments/\\d{4}/\\d{2}/${view.id}\\.png$`));
    expect(row.path).not.toContain('photo');
    expect((await sharp(path.join(dataDir, row.path)).metadata()).format).toBe('png');
  });

  it('refuses a PDF renamed .jpg with 415 in the error envelope and writes nothing', async () => {
    const rowsBefore = await attachmentCount();
    const filesBefore = storedFiles();
    const response = await post(grid, pdfBytes, 'image/jpeg');
    expect(response.statusCode).toBe(415);
    expect(response.json<ErrorBody>().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { reason: 'only JPEG, PNG or WebP images', detected: 'pdf' },
    });
    expect(await attachmentCount()).toBe(rowsBefore);
    expect(storedFiles()).toEqual(filesBefore);
  });

  it('refuses a GIF with 415, by its content', async () => {
    const response = await post(grid, await gifImage(), 'image/gif');
    expect(response.statusCode).toBe(415);
    expect(response.json<ErrorBody>().error).toMatchObject({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      details: { detected: 'gif' },
    });
  });

  it('offers the photo’s GPS position once, and stores the original and thumbnail without any EXIF', async () => {
    const response = await post(grid, await jpegWithGps(1024, 768), 'image/jpeg', 'verify');
    expect(response.statusCode).toBe(201);
    const view = response.json<UploadedAttachmentView>();
    expect(view.suggestedLocation?.lat).toBeCloseTo(pingshanPoint.lat, 4);
    expect(view.suggestedLocation?.lon).toBeCloseTo(pingshanPoint.lon, 4);
    expect(view.suggestedLocation?.lat).toBeCloseTo(22.7083, 4);
    expect(view.suggestedLocation?.lon).toBeCloseTo(114.3375, 4);

    for (const variant of ['original', 'thumbnail'] as const) {
      const bytes = await readAll(await openAttachment(db, dataDir, view.id, variant));
      const metadata = await sharp(bytes).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(readExifGps(metadata.exif)).toBeNull();
      expect(bytes.includes(Buffer.from('CityDeskCam'))).toBe(false);
      expect(bytes.includes(Buffer.from('GPS'))).toBe(false);
    }
    const row = await db.selectFrom('attachment').selectAll().where('id', '=', view.id).executeTakeFirstOrThrow();
    const stored = await sharp(path.join(dataDir, row.path)).metadata();
    expect(stored.exif).toBeUndefined();
    expect((await sharp(path.join(dataDir, row.thumb_path)).metadata()).exif).toBeUndefined();
  });

  it('makes a thumbnail 320 px on its long side', async () => {
    const view = (
      await post(handler, await jpegImage(1200, 900), 'image/jpeg', 'reply')
    ).json<UploadedAttachmentView>();
    const thumbnail = await sharp(await readAll(await openAttachment(db, dataDir, view.id, 'thumbnail'))).metadata();
    expect([thumbnail.width, thumbnail.height]).toEqual([320, 240]);
  });

  it('caps a 5000×100 image at 4096 px wide', async () => {
    const response = await post(grid, await jpegImage(5000, 100), 'image/jpeg');
    expect(response.statusCode).toBe(201);
    const view = response.json<UploadedAttachmentView>();
    expect([view.width, view.height]).toEqual([4096, 82]);
    const original = await sharp(await readAll(await openAttachment(db, dataDir, view.id, 'original'))).metadata();
    expect([original.width, original.height]).toEqual([4096, 82]);
  });

  it('accepts a 10 MB image and refuses an 11 MB body with 413 in the error envelope', async () => {
    const jpeg = await jpegImage();
    const tenMegabytes = Buffer.concat([jpeg, Buffer.alloc(maxImageBytes - jpeg.length)]);
    expect(tenMegabytes.length).toBe(maxImageBytes);
    expect((await post(grid, tenMegabytes, 'image/jpeg')).statusCode).toBe(201);

    const tooBig = await post(grid, Buffer.concat([jpeg, Buffer.alloc(11 * 1024 * 1024)]), 'image/jpeg');
    expect(tooBig.statusCode).toBe(413);
    expect(tooBig.json<ErrorBody>().error.code).toBe('PAYLOAD_TOO_LARGE');
    const justOver = await post(grid, Buffer.concat([tenMegabytes, Buffer.alloc(1)]), 'image/jpeg');
    expect(justOver.statusCode).toBe(413);
    expect(justOver.json<ErrorBody>().error).toMatchObject({
      code: 'PAYLOAD_TOO_LARGE',
      details: { maxBytes: maxImageBytes },
    });
  });

  it('audits the upload under the uploader’s name, without the position', async () => {
    const view = (await post(grid, await jpegWithGps(), 'image/jpeg')).json<UploadedAttachmentView>();
    const events = await db
      .selectFrom('audit_event')
      .select(['action', 'actor_name', 'after_json', 'channel'])
      .where('subject_type', '=', 'attachment')
      .where('subject_id', '=', view.id)
      .execute();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ action: 'attachment.uploaded', actor_name: 'grid01', channel: 'web' });
    expect(JSON.parse(events[0]?.after_json ?? 'null')).toMatchObject({ mime: 'image/jpeg', bytes: view.bytes });
    expect(events[0]?.after_json).not.toMatch(/lat|lon|gps|22\.7|114\.3/i);
  });

  it('lets a grid worker upload, refuses a system administrator with 403 and a stranger with 401', async () => {
    expect((await post(grid, await jpegImage(), 'image/jpeg')).statusCode).toBe(201);
    const rowsBefore = await attachmentCount();
    const forbidden = await post(sysadmin, await jpegImage(), 'image/jpeg');
    expect(forbidden.statusCode).toBe(403);
    expect(forbidden.json<ErrorBody>().error).toMatchObject({
      code: 'FORBIDDEN',
      details: { anyOf: ['case.create', 'case.handle', 'case.reply', 'case.verify', 'case.visit'] },
    });
    const anonymous = await post(null, await jpegImage(), 'image/jpeg');
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json<ErrorBody>().error.code).toBe('UNAUTHENTICATED');
    expect(await attachmentCount()).toBe(rowsBefore);
  });

  it('asks for a known purpose and for the image itself as the body', async () => {
    const noPurpose = await post(grid, await jpegImage(), 'image/jpeg', 'holiday');
    expect(noPurpose.statusCode).toBe(400);
    expect(noPurpose.json<ErrorBody>().error.details.fields).toEqual([expect.objectContaining({ field: 'purpose' })]);
    const json = await post(grid, JSON.stringify({ image: 'base64…' }), 'application/json');
    expect(json.statusCode).toBe(415);
    expect(json.json<ErrorBody>().error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    const octets = await post(grid, await jpegImage(), 'application/octet-stream');
    expect(octets.statusCode).toBe(201);
  });
});
