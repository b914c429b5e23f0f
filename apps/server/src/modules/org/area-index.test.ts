import type { AreaGeometry, Position } from '@citydesk/shared';
import { describe, expect, it } from 'vitest';
import { AreaIndex } from './area-index.js';
import { containsPoint, flatten } from './geometry.js';

const square = (x: number, y: number, size = 1) => ({
  type: 'Polygon' as const,
  coordinates: [
    [
      [x, y],
      [x + size, y],
      [x + size, y + size],
      [x, y + size],
      [x, y],
    ],
  ] as Position[][],
});

describe('containsPoint', () => {
  it('finds points inside and outside a polygon', () => {
    const poly = flatten(square(0, 0, 2));
    expect(containsPoint(poly, 1, 1)).toBe(true);
    expect(containsPoint(poly, 3, 1)).toBe(false);
    expect(containsPoint(poly, -0.1, 1)).toBe(false);
  });

  it('leaves out the hole of a polygon with a hole', () => {
    const withHole: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [10, 0],
          [10, 10],
          [0, 10],
          [0, 0],
        ],
        [
          [4, 4],
          [6, 4],
          [6, 6],
          [4, 6],
          [4, 4],
        ],
      ],
    };
    const flat = flatten(withHole);
    expect(containsPoint(flat, 2, 2)).toBe(true);
    expect(containsPoint(flat, 5, 5)).toBe(false);
  });

  it('tests every part of a MultiPolygon', () => {
    const multi: AreaGeometry = {
      type: 'MultiPolygon',
      coordinates: [square(0, 0).coordinates, square(5, 5).coordinates],
    };
    expect(containsPoint(flatten(multi), 5.5, 5.5)).toBe(true);
    expect(containsPoint(flatten(multi), 3, 3)).toBe(false);
  });

  it('handles a concave polygon', () => {
    const u: AreaGeometry = {
      type: 'Polygon',
      coordinates: [
        [
          [0, 0],
          [3, 0],
          [3, 3],
          [2, 3],
          [2, 1],
          [1, 1],
          [1, 3],
          [0, 3],
          [0, 0],
        ],
      ],
    };
    expect(containsPoint(flatten(u), 1.5, 2)).toBe(false);
    expect(containsPoint(flatten(u), 0.5, 2)).toBe(true);
  });
});

describe('AreaIndex', () => {
  const areas: { id: string; geometry: AreaGeometry }[] = [];
  for (let x = 0; x < 30; x++) for (let y = 0; y < 30; y++) areas.push({ id: `g${x}-${y}`, geometry: square(x, y) });
  const index = new AreaIndex(areas);

  it('finds the one area containing a point among many', () => {
    expect(index.size).toBe(900);
    expect(index.find(12.5, 7.25)).toBe('g12-7');
    expect(index.find(0.01, 29.99)).toBe('g0-29');
  });

  it('returns null outside every area', () => {
    expect(index.find(-1, 5)).toBeNull();
    expect(index.find(31, 5)).toBeNull();
  });

  it('answers the same as testing every polygon, for many random points', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31) * 32 - 1;
    for (let i = 0; i < 2000; i++) {
      const [lon, lat] = [random(), random()];
      const brute = areas.find((a) => containsPoint(flatten(a.geometry), lon, lat))?.id ?? null;
      expect(index.find(lon, lat)).toBe(brute);
    }
  });

  it('works when empty', () => {
    expect(new AreaIndex([]).find(1, 1)).toBeNull();
  });
});
