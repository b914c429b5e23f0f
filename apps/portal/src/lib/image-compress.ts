/**
 * Photos are made smaller in the browser before they are sent: a phone's 12-megapixel picture
 * (4–8 MB) becomes a JPEG of a few hundred KB, which a citizen on a weak mobile signal can upload
 * and which is all a case ever needs. Re-encoding also drops the original's EXIF data.
 */

/** The long side of a sent photo, in pixels. */
export const maxLongSide = 1920;
/** The server refuses images larger than this (10 MiB). */
export const maxUploadBytes = 10 * 1024 * 1024;
/** At most this many photos per report. */
export const maxPhotos = 9;

export type CompressFailure = 'not_image' | 'too_large';

/** Why a photo could not be prepared: not a picture the browser can read, or too large even after compressing. */
export class CompressError extends Error {
  override readonly name = 'CompressError';
  constructor(readonly reason: CompressFailure) {
    super(reason);
  }
}

/** The size that fits `width × height` within `limit` on its long side, keeping the proportions. */
export function fitWithin(width: number, height: number, limit = maxLongSide): { width: number; height: number } {
  const long = Math.max(width, height);
  if (long <= limit || long === 0) return { width, height };
  const scale = limit / long;
  return { width: Math.max(1, Math.round(width * scale)), height: Math.max(1, Math.round(height * scale)) };
}

export interface CompressedPhoto {
  blob: Blob;
  width: number;
  height: number;
}

interface Decoded {
  source: CanvasImageSource;
  width: number;
  height: number;
  release(): void;
}

async function decode(file: Blob): Promise<Decoded> {
  if (typeof createImageBitmap === 'function') {
    try {
      // from-image: a portrait photo taken with the phone on its side stands upright.
      const bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { source: bitmap, width: bitmap.width, height: bitmap.height, release: () => bitmap.close() };
    } catch {
      // Some browsers cannot decode every format this way; the <img> element may still manage.
    }
  }
  const url = URL.createObjectURL(file);
  try {
    const image = new Image();
    image.decoding = 'async';
    image.src = url;
    await image.decode();
    return { source: image, width: image.naturalWidth, height: image.naturalHeight, release: () => undefined };
  } catch {
    throw new CompressError('not_image');
  } finally {
    URL.revokeObjectURL(url);
  }
}

function toJpeg(canvas: HTMLCanvasElement, quality: number): Promise<Blob | null> {
  return new Promise((resolve) => canvas.toBlob(resolve, 'image/jpeg', quality));
}

/** Re-encodes a picture as a JPEG of at most 1920 px on its long side; the original is not kept. */
export async function compressPhoto(file: Blob): Promise<CompressedPhoto> {
  if (file.type && !file.type.startsWith('image/')) throw new CompressError('not_image');
  const decoded = await decode(file);
  const size = fitWithin(decoded.width, decoded.height);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  try {
    const context = canvas.getContext('2d');
    if (!context || size.width === 0) throw new CompressError('not_image');
    // JPEG has no transparency: a PNG screenshot gets a white background rather than black.
    context.fillStyle = '#fff';
    context.fillRect(0, 0, size.width, size.height);
    context.drawImage(decoded.source, 0, 0, size.width, size.height);
    for (const quality of [0.8, 0.6, 0.45]) {
      const blob = await toJpeg(canvas, quality);
      if (!blob) throw new CompressError('not_image');
      if (blob.size <= maxUploadBytes) return { blob, width: size.width, height: size.height };
    }
    throw new CompressError('too_large');
  } finally {
    decoded.release();
    // Frees the canvas's pixel memory at once (mobile browsers keep it until collected).
    canvas.width = 0;
    canvas.height = 0;
  }
}

/** A small JPEG data URL of a photo, kept with a draft so its thumbnail survives a reload. */
export async function thumbnailDataUrl(photo: Blob, longSide = 200): Promise<string> {
  const decoded = await decode(photo);
  const size = fitWithin(decoded.width, decoded.height, longSide);
  const canvas = document.createElement('canvas');
  canvas.width = size.width;
  canvas.height = size.height;
  try {
    canvas.getContext('2d')?.drawImage(decoded.source, 0, 0, size.width, size.height);
    return canvas.toDataURL('image/jpeg', 0.7);
  } finally {
    decoded.release();
    canvas.width = 0;
    canvas.height = 0;
  }
}
