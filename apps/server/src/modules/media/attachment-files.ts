import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The folder under DATA_DIR that holds every attachment file. */
export const attachmentsFolder = 'attachments';

/**
 * Where an attachment's files go, relative to DATA_DIR, with `/` separators (the stored form, so
 * a data folder can move between machines): `attachments/<yyyy>/<mm>/<id>.<ext>` and
 * `<id>.thumb.<ext>`. The month is the upload's, in UTC.
 */
export function attachmentPaths(
  id: string,
  at: Date,
  ext: string,
  thumbnailExt: string,
): { path: string; thumbPath: string } {
  const yyyy = String(at.getUTCFullYear()).padStart(4, '0');
  const mm = String(at.getUTCMonth() + 1).padStart(2, '0');
  const folder = `${attachmentsFolder}/${yyyy}/${mm}`;
  return { path: `${folder}/${id}.${ext}`, thumbPath: `${folder}/${id}.thumb.${thumbnailExt}` };
}

/**
 * The absolute path of a stored relative path, or null when it would point outside the
 * attachments folder (a damaged or tampered row must not let a reader open other files).
 */
export function resolveStoredPath(dataDir: string, relative: string): string | null {
  const root = path.resolve(dataDir, attachmentsFolder);
  const absolute = path.resolve(dataDir, ...relative.split('/'));
  return absolute.startsWith(root + path.sep) ? absolute : null;
}

/**
 * Writes a file so that readers see either nothing or the whole file: the bytes go to a
 * temporary name in the same folder, are flushed to disk, then renamed into place.
 */
export async function writeFileAtomic(absolute: string, data: Buffer): Promise<void> {
  const folder = path.dirname(absolute);
  await fs.promises.mkdir(folder, { recursive: true });
  const temporary = `${absolute}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await fs.promises.open(temporary, 'wx');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.promises.rename(temporary, absolute);
  } catch (error) {
    await fs.promises.rm(temporary, { force: true });
    throw error;
  }
  await syncFolder(folder);
}

/** Makes a rename durable; not every platform can open a folder, so failure is ignored. */
async function syncFolder(folder: string): Promise<void> {
  try {
    const handle = await fs.promises.open(folder, 'r');
    try {
      await handle.sync();
    } finally {
      await handle.close();
    }
  } catch {
    // Best effort only.
  }
}

/** Deletes stored files by their relative paths; files already gone are fine. */
export async function removeStoredFiles(dataDir: string, relatives: readonly string[]): Promise<void> {
  for (const relative of relatives) {
    const absolute = resolveStoredPath(dataDir, relative);
    if (absolute) await fs.promises.rm(absolute, { force: true });
  }
}

/** The size of a stored file, or null when it is missing. */
export async function storedFileSize(absolute: string): Promise<number | null> {
  try {
    const stat = await fs.promises.stat(absolute);
    return stat.isFile() ? stat.size : null;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
