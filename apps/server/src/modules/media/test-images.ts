/**
 * Test fixtures: small images made with sharp, and files that only pretend to be images.
 * Used by this module's tests only.
 */
import zlib from 'node:zlib';
import sharp from 'sharp';

/** 22°42'30"N 114°20'15"E (Pingshan), as a phone writes it into EXIF. */
export const pingshanGps = {
  GPSLatitudeRef: 'N',
  GPSLatitude: '22/1 42/1 30/1',
  GPSLongitudeRef: 'E',
  GPSLongitude: '114/1 20/1 15/1',
};
/** The same position in decimal degrees. */
export const pingshanPoint = { lat: 22.7083333, lon: 114.3375 };

function canvas(width: number, height: number, alpha = false) {
  return sharp({
    create: {
      width,
      height,
      channels: alpha ? 4 : 3,
      background: alpha ? { r: 0, g: 120, b: 200, alpha: 0.5 } : '#c00',
    },
  });
}

/** A JPEG carrying camera EXIF with a GPS position (and a camera make to show EXIF is there). */
export async function jpegWithGps(width = 640, height = 480): Promise<Buffer> {
  return canvas(width, height)
    .jpeg()
    .withExif({ IFD0: { Make: 'CityDeskCam', Model: 'Test' }, IFD3: pingshanGps })
    .toBuffer();
}

export async function jpegImage(width = 64, height = 48): Promise<Buffer> {
  return canvas(width, height).jpeg().toBuffer();
}

/** A JPEG stored sideways with EXIF orientation 6 ("rotate 90° clockwise to view"). */
export async function sidewaysJpeg(width = 64, height = 48): Promise<Buffer> {
  return canvas(width, height).jpeg().withMetadata({ orientation: 6 }).toBuffer();
}

export async function pngImage(width = 64, height = 48, exif = false): Promise<Buffer> {
  const png = canvas(width, height, true).png();
  return (exif ? png.withExif({ IFD0: { Make: 'CityDeskCam' }, IFD3: pingshanGps }) : png).toBuffer();
}

export async function webpImage(width = 64, height = 48, exif = false): Promise<Buffer> {
  const webp = canvas(width, height).webp();
  return (exif ? webp.withExif({ IFD0: { Make: 'CityDeskCam' }, IFD3: pingshanGps }) : webp).toBuffer();
}

export async function gifImage(): Promise<Buffer> {
  return canvas(16, 16).gif().toBuffer();
}

/** A minimal one-page PDF: what a "photo.jpg" that is really a document looks like. */
export const pdfBytes = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n' +
    'trailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);

/** JPEG magic bytes followed by rubbish: claims to be a JPEG, cannot be decoded. */
export const brokenJpeg = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(2000, 7)]);

/**
 * A small PNG whose header claims width × height pixels (a decompression-bomb shape): the
 * header is valid, the pixel data does not match.
 */
export async function pngClaiming(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(await canvas(8, 8).png().toBuffer());
  // IHDR is the first chunk: length (8), type (12), width (16), height (20), …, CRC (29).
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(zlib.crc32(png.subarray(12, 29)), 29);
  return png;
}
