import { http } from './http';

/** Settings the server gives the front ends (`GET /api/client-config`, no sign-in needed). */
export interface ClientConfig {
  /** A map tile URL template ({z}/{x}/{y}); null: maps draw only the district's outlines. */
  mapTileUrl: string | null;
  mapAttribution: string | null;
}

let cached: Promise<ClientConfig> | null = null;

export function fetchClientConfig(): Promise<ClientConfig> {
  cached ??= http.get<ClientConfig>('/api/client-config').catch(() => ({ mapTileUrl: null, mapAttribution: null }));
  return cached;
}
