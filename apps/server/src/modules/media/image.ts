import exifReader from 'exif-reader';
import sharp, { type Metadata, type OutputInfo, type Sharp } from 'sharp';
import { AppError } from '../../platform/errors.js';

export type ImageType = 'jpeg' | 'png' | 'webp';
export type ImageMime = 'image/jpeg' | 'image/png' | 'image/webp';
export type ImageExt = 'jpg' | 'png' | 'webp';

/** Largest upload accepted, in bytes (10 MiB). */
export const maxImageBytes = 10 * 1024 * 1024;
/** Longest side of a stored original; larger photos are scaled down. */
export const maxStoredSide = 4096;
/** Longest side of a thumbnail. */
export const thumbnailSide = 320;
/**
 * Largest decoded image, in pixels: room for 200-megapixel phone photos, while a small file
 * that decodes to a huge canvas (a decompression bomb) is refused before it is decoded.
 */
export const maxInputPixels = 200_000_000;

const formats: Record<ImageType, { mime: ImageMime; ext: ImageExt }> = {
  jpeg: { mime: 'image/jpeg', ext: 'jpg' },
  png: { mime: 'image/png', ext: 'png' },
  webp: { mime: 'image/webp', ext: 'webp' },
};

export function mimeOf(type: ImageType): ImageMime {
  return formats[type].mime;
}

export function extOf(type: ImageType): ImageExt {
  return formats[type].ext;
}

const pngSignature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function startsWith(bytes: Buffer, prefix: Buffer | string, at = 0): boolean {
  const p = typeof prefix === 'string' ? Buffer.from(prefix, 'latin1') : prefix;
  return bytes.length >= at + p.length && bytes.subarray(at, at + p.length).equals(p);
}

/**
 * The image type of a file from its magic bytes alone: a file name or a Content-Type header is
 * whatever the client says, the bytes are what the decoder will see.
 */
export function detectImageType(bytes: Buffer): ImageType | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (startsWith(bytes, pngSignature)) return 'png';
  if (startsWith(bytes, 'RIFF') && startsWith(bytes, 'WEBP', 8)) return 'webp';
  return null;
}

/** A rough name for bytes that are not an accepted image, so a refusal can say what was sent. */
export function describeContent(bytes: Buffer): string {
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, 'GIF87a') || startsWith(bytes, 'GIF89a')) return 'gif';
  if (startsWith(bytes, '%PDF-')) return 'pdf';
  if (startsWith(bytes, 'BM')) return 'bmp';
  if (startsWith(bytes, 'II*\0') || startsWith(bytes, 'MM\0*')) return 'tiff';
  if (startsWith(bytes, 'ftyp', 4)) {
    const brand = bytes.subarray(8, 12).toString('latin1');
    if (/^(heic|heix|hevc|hevx|mif1|msf1)$/.test(brand)) return 'heic';
    if (/^avi[fs]$/.test(brand)) return 'avif';
    return 'video';
  }
  if (startsWith(bytes, 'PK\x03\x04')) return 'zip';
  return 'unknown';
}

export interface GpsPoint {
  lat: number;
  lon: number;
}

/**
 * Degrees, minutes and seconds with a hemisphere reference (N/S or E/W) as signed decimal
 * degrees; null when any part is missing or impossible.
 */
export function dmsToDegrees(dms: unknown, ref: unknown, axis: 'lat' | 'lon'): number | null {
  if (!Array.isArray(dms) || dms.length === 0 || dms.length > 3) return null;
  const [deg = 0, min = 0, sec = 0] = dms as unknown[];
  if (typeof deg !== 'number' || typeof min !== 'number' || typeof sec !== 'number') return null;
  if (![deg, min, sec].every((v) => Number.isFinite(v) && v >= 0)) return null;
  if (min >= 60 || sec >= 60) return null;
  const refs = axis === 'lat' ? { plus: 'N', minus: 'S', max: 90 } : { plus: 'E', minus: 'W', max: 180 };
  const hemisphere = typeof ref === 'string' ? ref.trim().toUpperCase() : '';
  if (hemisphere !== refs.plus && hemisphere !== refs.minus) return null;
  const value = deg + min / 60 + sec / 3600;
  if (value > refs.max) return null;
  // 7 decimals are about a centimetre: more is noise, and it keeps stored values stable.
  const rounded = Math.round(value * 1e7) / 1e7;
  return hemisphere === refs.minus ? -rounded : rounded;
}

/**
 * The position in an EXIF GPS directory (as exif-reader returns it), or null. Values come from
 * the uploader's device, so every field is checked; a "void" fix (GPSStatus V) and the 0,0
 * placeholder some phones write without a fix count as no position.
 */
export function gpsFromExifTags(tags: Record<string, unknown> | undefined): GpsPoint | null {
  if (!tags) return null;
  if (typeof tags.GPSStatus === 'string' && tags.GPSStatus.trim().toUpperCase() === 'V') return null;
  const lat = dmsToDegrees(tags.GPSLatitude, tags.GPSLatitudeRef, 'lat');
  const lon = dmsToDegrees(tags.GPSLongitude, tags.GPSLongitudeRef, 'lon');
  if (lat === null || lon === null) return null;
  if (lat === 0 && lon === 0) return null;
  return { lat, lon };
}

/** The GPS position in a raw EXIF block (as sharp's metadata returns it); malformed EXIF is no position. */
export function readExifGps(exif: Buffer | undefined): GpsPoint | null {
  if (!exif || exif.length === 0) return null;
  try {
    return gpsFromExifTags(exifReader(exif).GPSInfo);
  } catch {
    return null;
  }
}

export interface ProcessedImage {
  type: ImageType;
  mime: ImageMime;
  ext: ImageExt;
  width: number;
  height: number;
  /** The re-encoded original: oriented, at most 4096 px on its long side, no metadata. */
  body: Buffer;
  /** At most 320 px on its long side; JPEG for photos, WebP where there may be transparency. */
  thumbnail: Buffer;
  thumbnailMime: ImageMime;
  thumbnailExt: ImageExt;
  /** From the upload's EXIF, read before it is stripped. */
  gps: GpsPoint | null;
}

function encode(pipeline: Sharp, type: ImageType): Sharp {
  switch (type) {
    case 'jpeg':
      return pipeline.jpeg({ quality: 85, mozjpeg: true });
    case 'png':
      return pipeline.png();
    case 'webp':
      return pipeline.webp({ quality: 85 });
  }
}

function undecodable(type: ImageType): AppError {
  return new AppError('UNSUPPORTED_MEDIA_TYPE', {
    reason: 'the image could not be decoded',
    detected: type,
  });
}

/**
 * Checks an uploaded image by its bytes and re-encodes it in the same format: oriented by its
 * EXIF, scaled to at most 4096 px, every metadata block (EXIF with GPS, XMP, IPTC) dropped;
 * plus a thumbnail. The GPS position is read once, before stripping, and returned separately.
 */
export async function processImage(bytes: Buffer): Promise<ProcessedImage> {
  if (bytes.length > maxImageBytes) throw new AppError('PAYLOAD_TOO_LARGE', { maxBytes: maxImageBytes });
  const type = detectImageType(bytes);
  if (!type) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', {
      reason: 'only JPEG, PNG or WebP images',
      detected: describeContent(bytes),
    });
  }
  // failOn 'error': phone JPEGs often carry harmless decoder warnings; real damage still fails.
  const input = () => sharp(bytes, { failOn: 'error', limitInputPixels: maxInputPixels });

  let metadata: Metadata;
  try {
    // The header only, without the pixel limit, so an oversized canvas gets its own answer.
    metadata = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch {
    throw undecodable(type);
  }
  if (metadata.format !== type) throw undecodable(type);
  if (metadata.width * metadata.height > maxInputPixels) {
    throw new AppError('PAYLOAD_TOO_LARGE', { maxPixels: maxInputPixels });
  }
  const gps = readExifGps(metadata.exif);

  // No keepExif/keepMetadata/withMetadata anywhere: sharp then writes no metadata at all.
  let main: { data: Buffer; info: OutputInfo };
  try {
    main = await encode(
      input().rotate().resize({
        width: maxStoredSide,
        height: maxStoredSide,
        fit: 'inside',
        withoutEnlargement: true,
      }),
      type,
    ).toBuffer({ resolveWithObject: true });
  } catch {
    throw undecodable(type);
  }

  // From the stored body: already oriented and stripped, and at most 4096 px to decode.
  const thumbnailType: ImageType = type === 'jpeg' ? 'jpeg' : 'webp';
  const thumbnail = await encode(
    sharp(main.data).resize({ width: thumbnailSide, height: thumbnailSide, fit: 'inside', withoutEnlargement: true }),
    thumbnailType,
  ).toBuffer();

  return {
    type,
    mime: mimeOf(type),
    ext: extOf(type),
    width: main.info.width,
    height: main.info.height,
    body: main.data,
    thumbnail,
    thumbnailMime: mimeOf(thumbnailType),
    thumbnailExt: extOf(thumbnailType),
    gps,
  };
}
