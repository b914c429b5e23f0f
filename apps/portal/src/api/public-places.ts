import type { PublicAreaCollection, PublicCatalogueGroup, PublicPlace } from '@citydesk/shared';
import { http } from './http';

/** Settings the server gives the front ends (`GET /api/client-config`). */
export interface ClientConfig {
  /** Tile URL template ({z}/{x}/{y}); null: maps draw only the district's outlines. */
  mapTileUrl: string | null;
  mapAttribution: string | null;
}

let areas: Promise<PublicAreaCollection> | null = null;
let catalogue: Promise<PublicCatalogueGroup[]> | null = null;
let clientConfig: Promise<ClientConfig> | null = null;

/** Remembers a promise for the page's life, forgetting it when it fails (so a retry asks again). */
function cached<T>(get: () => Promise<T>, keep: (p: Promise<T> | null) => void): Promise<T> {
  const promise = get();
  keep(promise);
  promise.catch(() => {
    keep(null);
  });
  return promise;
}

/** The catalogue and the district's places as a citizen sees them (names only). */
export const placesApi = {
  catalogue: () =>
    catalogue ??
    cached(
      () => http.get<PublicCatalogueGroup[]>('/api/public/catalogue'),
      (p) => {
        catalogue = p;
      },
    ),
  areas: () =>
    areas ??
    cached(
      () => http.get<PublicAreaCollection>('/api/public/geo/areas'),
      (p) => {
        areas = p;
      },
    ),
  lookup: (lat: number, lon: number) => http.get<PublicPlace>('/api/public/geo/lookup', { query: { lat, lon } }),
  clientConfig: () =>
    clientConfig ??
    cached(
      () =>
        http
          .get<ClientConfig>('/api/client-config')
          .catch((): ClientConfig => ({ mapTileUrl: null, mapAttribution: null })),
      (p) => {
        clientConfig = p;
      },
    ),
};
