import { describe, expect, it } from 'vitest';
import { pointInGeometry } from './geolocation';

const square = (x0: number, y0: number, x1: number, y1: number) => [
  [x0, y0],
  [x1, y0],
  [x1, y1],
  [x0, y1],
  [x0, y0],
];

describe('a point in a grid outline', () => {
  const grid = { type: 'Polygon' as const, coordinates: [square(114.354, 22.716, 114.363, 22.725)] };

  it('is inside a polygon it lies in and outside one it does not', () => {
    expect(pointInGeometry({ lat: 22.7205, lon: 114.3585 }, grid)).toBe(true);
    expect(pointInGeometry({ lat: 22.73, lon: 114.3585 }, grid)).toBe(false);
    expect(pointInGeometry({ lat: 22.7205, lon: 114.35 }, grid)).toBe(false);
  });

  it('is outside when it lies in a hole of the polygon', () => {
    const withHole = {
      type: 'Polygon' as const,
      coordinates: [square(114.354, 22.716, 114.363, 22.725), square(114.357, 22.719, 114.36, 22.722)],
    };
    expect(pointInGeometry({ lat: 22.7205, lon: 114.3585 }, withHole)).toBe(false);
    expect(pointInGeometry({ lat: 22.717, lon: 114.355 }, withHole)).toBe(true);
  });

  it('is inside a multipolygon when it lies in any of its parts', () => {
    const parts = {
      type: 'MultiPolygon' as const,
      coordinates: [[square(0, 0, 1, 1)], [square(114.354, 22.716, 114.363, 22.725)]],
    };
    expect(pointInGeometry({ lat: 22.7205, lon: 114.3585 }, parts)).toBe(true);
    expect(pointInGeometry({ lat: 5, lon: 5 }, parts)).toBe(false);
  });

  it('is outside a geometry with no rings', () => {
    expect(pointInGeometry({ lat: 22.72, lon: 114.35 }, { type: 'Polygon', coordinates: [] })).toBe(false);
  });
});
