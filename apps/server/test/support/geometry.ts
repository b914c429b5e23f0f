import type { Position } from '@citydesk/shared';

/** A square GeoJSON Polygon with its south-west corner at (lon, lat), for test units and grids. */
export function squarePolygon(lon: number, lat: number, size = 0.002) {
  const ring: Position[] = [
    [lon, lat],
    [lon + size, lat],
    [lon + size, lat + size],
    [lon, lat + size],
    [lon, lat],
  ];
  return { type: 'Polygon' as const, coordinates: [ring] };
}
