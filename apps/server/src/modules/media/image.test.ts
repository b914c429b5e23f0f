import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { rejectionOf } from '../../../test/support/errors.js';
import {
  describeContent,
  detectImageType,
  dmsToDegrees,
  gpsFromExifTags,
  maxImageBytes,
  maxInputPixels,
  processImage,
  readExifGps,
} from './image.js';
import {
  brokenJpeg,
  gifImage,
  jpegImage,
  jpegWithGps,
  pdfBytes,
  pingshanPoint,
  pngClaiming,
  pngImage,
  sidewaysJpeg,
  webpImage,
} from './test-images.js';

describe('detecting the image type from the bytes', () => {
  it('recognises JPEG, PNG and WebP by their magic bytes', async () => {
    expect(detectImageType(await jpegImage())).toBe('jpeg');
    expect(detectImageType(await pngImage())).toBe('png');
    expect(detectImageType(await webpImage())).toBe('webp');
  });

  it('refuses a PDF, a GIF, a RIFF file that is not WebP, and empty or cut-off bytes', async () => {
    expect(detectImageType(pdfBytes)).toBeNull();
    expect(detectImageType(await gifImage())).toBeNull();
    expect(detectImageType(Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt ', 'latin1'))).toBeNull();
    expect(detectImageType(Buffer.alloc(0))).toBeNull();
    expect(detectImageType(Buffer.from([0xff, 0xd8]))).toBeNull();
    expect(detectImageType(Buffer.from([0x89, 0x50, 0x4e, 0x47]))).toBeNull();
    expect(detectImageType(Buffer.from('RIFF\x00\x00\x00\x00WEB', 'latin1'))).toBeNull();
  });

  it('names what a refused file appears to be', async () => {
    expect(describeContent(pdfBytes)).toBe('pdf');
    expect(describeContent(await gifImage())).toBe('gif');
    expect(describeContent(Buffer.from('\x00\x00\x00\x18ftypheic\x00\x00\x00\x00', 'latin1'))).toBe('heic');
    expect(describeContent(Buffer.alloc(0))).toBe('empty');
    expect(describeContent(Buffer.from('hello'))).toBe('unknown');
  });
});

describe('reading the GPS position', () => {
  it('converts degrees, minutes and seconds with hemisphere references to decimal degrees', () => {
    expect(dmsToDegrees([22, 42, 30], 'N', 'lat')).toBeCloseTo(22.708333, 6);
    expect(dmsToDegrees([114, 20, 15], 'E', 'lon')).toBeCloseTo(114.3375, 6);
    expect(dmsToDegrees([33, 51, 54], 'S', 'lat')).toBeCloseTo(-33.865, 6);
    expect(dmsToDegrees([0, 7, 39.6], 'W', 'lon')).toBeCloseTo(-0.1276667, 6);
    // Some devices write decimal minutes and no seconds.
    expect(dmsToDegrees([22, 42.5], 'n', 'lat')).toBeCloseTo(22.708333, 6);
  });

  it('ignores impossible or incomplete values', () => {
    expect(dmsToDegrees([91, 0, 0], 'N', 'lat')).toBeNull();
    expect(dmsToDegrees([180, 0, 1], 'E', 'lon')).toBeNull();
    expect(dmsToDegrees([22, 60, 0], 'N', 'lat')).toBeNull();
    expect(dmsToDegrees([22, 1, 60], 'N', 'lat')).toBeNull();
    expect(dmsToDegrees([-22, 1, 0], 'N', 'lat')).toBeNull();
    expect(dmsToDegrees([Number.NaN, 1, 0], 'N', 'lat')).toBeNull();
    expect(dmsToDegrees([22, 42, 30], 'E', 'lat')).toBeNull();
    expect(dmsToDegrees([22, 42, 30], undefined, 'lat')).toBeNull();
    expect(dmsToDegrees(22.7, 'N', 'lat')).toBeNull();
    expect(dmsToDegrees([], 'N', 'lat')).toBeNull();
    expect(dmsToDegrees(['22', 42, 30], 'N', 'lat')).toBeNull();
  });

  it('needs both coordinates, a valid fix and not the 0,0 placeholder', () => {
    const tags = { GPSLatitude: [22, 42, 30], GPSLatitudeRef: 'N', GPSLongitude: [114, 20, 15], GPSLongitudeRef: 'E' };
    expect(gpsFromExifTags(tags)).toEqual({ lat: 22.7083333, lon: 114.3375 });
    expect(gpsFromExifTags({ ...tags, GPSStatus: 'V' })).toBeNull();
    expect(gpsFromExifTags({ ...tags, GPSLongitude: undefined })).toBeNull();
    expect(gpsFromExifTags({ ...tags, GPSLatitude: [0, 0, 0], GPSLongitude: [0, 0, 0] })).toBeNull();
    expect(gpsFromExifTags(undefined)).toBeNull();
  });

  it('treats missing or malformed EXIF as no position', () => {
    expect(readExifGps(undefined)).toBeNull();
    expect(readExifGps(Buffer.from('Exif\0\0garbage'))).toBeNull();
    expect(readExifGps(Buffer.from('not exif at all'))).toBeNull();
  });
});

describe('processing an upload', () => {
  it('reads the GPS position once and strips all metadata from the original and the thumbnail', async () => {
    const input = await jpegWithGps();
    expect(readExifGps((await sharp(input).metadata()).exif)).not.toBeNull();
    expect(input.includes(Buffer.from('CityDeskCam'))).toBe(true);
    const image = await processImage(input);
    expect(image).toMatchObject({ type: 'jpeg', mime: 'image/jpeg', ext: 'jpg', width: 640, height: 480 });
    expect(image.gps?.lat).toBeCloseTo(pingshanPoint.lat, 6);
    expect(image.gps?.lon).toBeCloseTo(pingshanPoint.lon, 6);
    for (const output of [image.body, image.thumbnail]) {
      const metadata = await sharp(output).metadata();
      expect(metadata.exif).toBeUndefined();
      expect(metadata.xmp).toBeUndefined();
      expect(metadata.iptc).toBeUndefined();
      expect(readExifGps(metadata.exif)).toBeNull();
      expect(output.includes(Buffer.from('CityDeskCam'))).toBe(false);
    }
  });

  it('keeps the format: PNG stays PNG and WebP stays WebP, with their EXIF dropped too', async () => {
    const png = await processImage(await pngImage(64, 48, true));
    expect(png).toMatchObject({ type: 'png', mime: 'image/png', ext: 'png', thumbnailMime: 'image/webp' });
    expect(png.gps).not.toBeNull();
    expect((await sharp(png.body).metadata()).format).toBe('png');
    expect((await sharp(png.body).metadata()).exif).toBeUndefined();
    expect((await sharp(png.body).metadata()).hasAlpha).toBe(true);

    const webp = await processImage(await webpImage(64, 48, true));
    expect(webp).toMatchObject({ type: 'webp', mime: 'image/webp', ext: 'webp' });
    expect((await sharp(webp.body).metadata()).format).toBe('webp');
    expect((await sharp(webp.body).metadata()).exif).toBeUndefined();
  });

  it('turns a sideways photo upright by its EXIF orientation', async () => {
    const image = await processImage(await sidewaysJpeg(64, 48));
    expect([image.width, image.height]).toEqual([48, 64]);
    const metadata = await sharp(image.body).metadata();
    expect([metadata.width, metadata.height]).toEqual([48, 64]);
    expect(metadata.orientation).toBeUndefined();
  });

  it('caps the long side at 4096 and makes a 320 px thumbnail', async () => {
    const wide = await processImage(await jpegImage(5000, 100));
    expect([wide.width, wide.height]).toEqual([4096, 82]);
    const thumb = await sharp(wide.thumbnail).metadata();
    expect(Math.max(thumb.width, thumb.height)).toBe(320);

    const tall = await processImage(await jpegWithGps(600, 900));
    expect([tall.width, tall.height]).toEqual([600, 900]);
    const tallThumb = await sharp(tall.thumbnail).metadata();
    expect([tallThumb.width, tallThumb.height]).toEqual([213, 320]);
    expect(tallThumb.format).toBe('jpeg');
  });

  it('does not enlarge small images or their thumbnails', async () => {
    const small = await processImage(await pngImage(40, 30));
    expect([small.width, small.height]).toEqual([40, 30]);
    const thumb = await sharp(small.thumbnail).metadata();
    expect([thumb.width, thumb.height]).toEqual([40, 30]);
  });

  it('refuses files that are not JPEG, PNG or WebP with 415, saying what they are', async () => {
    const pdf = await rejectionOf(processImage(pdfBytes));
    expect(pdf.status).toBe(415);
    expect(pdf.details).toEqual({ reason: 'only JPEG, PNG or WebP images', detected: 'pdf' });
    const gif = await rejectionOf(processImage(await gifImage()));
    expect(gif.details).toMatchObject({ detected: 'gif' });
  });

  it('refuses bytes that claim to be an image but cannot be decoded with 415', async () => {
    const error = await rejectionOf(processImage(brokenJpeg));
    expect(error.code).toBe('UNSUPPORTED_MEDIA_TYPE');
    expect(error.details).toMatchObject({ detected: 'jpeg' });
    const cut = await jpegImage(200, 200);
    expect((await rejectionOf(processImage(cut.subarray(0, cut.length / 2)))).status).toBe(415);
  });

  it('refuses more than 10 MB, and a canvas beyond the pixel limit, with 413', async () => {
    const big = Buffer.concat([await jpegImage(), Buffer.alloc(maxImageBytes)]);
    const error = await rejectionOf(processImage(big));
    expect(error.code).toBe('PAYLOAD_TOO_LARGE');
    expect(error.details).toEqual({ maxBytes: maxImageBytes });
    const bomb = await rejectionOf(processImage(await pngClaiming(20_000, 20_000)));
    expect(bomb.code).toBe('PAYLOAD_TOO_LARGE');
    expect(bomb.details).toEqual({ maxPixels: maxInputPixels });
  });
});
