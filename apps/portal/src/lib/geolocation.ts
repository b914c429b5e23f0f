/** Why the browser gave no position. */
export type GeoFailure = 'denied' | 'unavailable' | 'timeout' | 'unsupported';

export interface GeoPosition {
  lat: number;
  lon: number;
  accuracy: number;
}

/** The phone's position once (GPS when it has it), rounded to 6 decimals (about 0.1 m). */
export function currentPosition(timeoutMs = 15_000): Promise<GeoPosition> {
  return new Promise((resolve, reject) => {
    if (!('geolocation' in navigator)) {
      reject(new GeoError('unsupported'));
      return;
    }
    navigator.geolocation.getCurrentPosition(
      (p) =>
        resolve({
          lat: Number(p.coords.latitude.toFixed(6)),
          lon: Number(p.coords.longitude.toFixed(6)),
          accuracy: Math.round(p.coords.accuracy),
        }),
      (error) =>
        reject(
          new GeoError(
            error.code === error.PERMISSION_DENIED
              ? 'denied'
              : error.code === error.TIMEOUT
                ? 'timeout'
                : 'unavailable',
          ),
        ),
      // A fresh fix: "use my location" is pressed again exactly when the phone has moved.
      { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 0 },
    );
  });
}

export class GeoError extends Error {
  override readonly name = 'GeoError';
  constructor(readonly reason: GeoFailure) {
    super(reason);
  }
}

type Ring = readonly (readonly number[])[];

/** Whether [lon, lat] lies inside a ring (ray casting; the ring's closing point may repeat the first). */
function inRing(lon: number, lat: number, ring: Ring): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i] as [number, number];
    const [xj, yj] = ring[j] as [number, number];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * Whether a point lies in a GeoJSON Polygon or MultiPolygon (holes respected). The grid app
 * uses it offline to say which of the worker's grids a position is in, without the server.
 */
export function pointInGeometry(
  point: { lat: number; lon: number },
  geometry: { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown },
): boolean {
  const polygons = (geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates) as Ring[][];
  if (!Array.isArray(polygons)) return false;
  return polygons.some((rings) => {
    if (!Array.isArray(rings) || rings.length === 0) return false;
    const [outer, ...holes] = rings as [Ring, ...Ring[]];
    return inRing(point.lon, point.lat, outer) && !holes.some((hole) => inRing(point.lon, point.lat, hole));
  });
}
