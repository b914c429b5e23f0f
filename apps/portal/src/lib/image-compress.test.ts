import { describe, expect, it } from 'vitest';
import { fitWithin, maxLongSide } from './image-compress';

describe('the size a photo is made smaller to', () => {
  it('brings the long side of a large landscape or portrait photo down to 1920 px, keeping its proportions', () => {
    expect(maxLongSide).toBe(1920);
    expect(fitWithin(4032, 3024)).toEqual({ width: 1920, height: 1440 });
    expect(fitWithin(3024, 4032)).toEqual({ width: 1440, height: 1920 });
  });

  it('leaves a photo that already fits as it is', () => {
    expect(fitWithin(1280, 720)).toEqual({ width: 1280, height: 720 });
    expect(fitWithin(1920, 1920)).toEqual({ width: 1920, height: 1920 });
  });

  it('never rounds a very thin picture down to nothing', () => {
    expect(fitWithin(20000, 3)).toEqual({ width: 1920, height: 1 });
    expect(fitWithin(0, 0)).toEqual({ width: 0, height: 0 });
  });

  it('fits thumbnails to another limit', () => {
    expect(fitWithin(1920, 1080, 200)).toEqual({ width: 200, height: 113 });
  });
});
