import { describe, expect, it } from 'vitest';
import { boundingBox, distanceMetres } from './related-cases.js';

describe('distance and the 200 m box', () => {
  const centre = { lat: 22.7083333, lon: 114.3375 };

  it('measures a thousandth of a degree of latitude as about 111 m', () => {
    expect(distanceMetres(centre, { lat: centre.lat + 0.001, lon: centre.lon })).toBeCloseTo(111.2, 0);
  });

  it('measures a degree of longitude shorter than one of latitude away from the equator', () => {
    const east = distanceMetres(centre, { lat: centre.lat, lon: centre.lon + 0.001 });
    expect(east).toBeGreaterThan(102);
    expect(east).toBeLessThan(103.5);
  });

  it('builds a box holding every point of the circle, corners included in the box only', () => {
    const box = boundingBox(centre, 200);
    for (const bearing of [0, 45, 90, 135, 180, 225, 270, 315]) {
      const rad = (bearing * Math.PI) / 180;
      // Points 199 m away in eight directions lie inside the box.
      const dLat = (199 * Math.cos(rad)) / 111_195;
      const dLon = (199 * Math.sin(rad)) / (111_195 * Math.cos((centre.lat * Math.PI) / 180));
      const p = { lat: centre.lat + dLat, lon: centre.lon + dLon };
      expect(distanceMetres(centre, p)).toBeLessThan(200);
      expect(p.lat).toBeGreaterThanOrEqual(box.minLat);
      expect(p.lat).toBeLessThanOrEqual(box.maxLat);
      expect(p.lon).toBeGreaterThanOrEqual(box.minLon);
      expect(p.lon).toBeLessThanOrEqual(box.maxLon);
    }
    // The box's corner is farther than 200 m: the exact distance must drop it.
    expect(distanceMetres(centre, { lat: box.maxLat, lon: box.maxLon })).toBeGreaterThan(200);
  });
});
