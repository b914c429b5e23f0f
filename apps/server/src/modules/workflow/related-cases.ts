import type { CaseSummary, RelatedCases } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { DbOrTrx } from '../../platform/db/connect.js';
import { presentSummaries, type CaseRecordTable } from '../intake/index.js';
import { scoped } from './inbox.js';

/** How close counts as "the same place". */
export const nearbyMetres = 200;
/** How far back "the same item" looks. */
export const sameItemDays = 30;
/** At most this many cases per list. */
export const relatedLimit = 10;

const earthRadiusMetres = 6_371_008.8;
const radians = (degrees: number) => (degrees * Math.PI) / 180;

/** Great-circle distance between two points in metres (haversine). */
export function distanceMetres(a: { lat: number; lon: number }, b: { lat: number; lon: number }): number {
  const dLat = radians(b.lat - a.lat);
  const dLon = radians(b.lon - a.lon);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(radians(a.lat)) * Math.cos(radians(b.lat)) * Math.sin(dLon / 2) ** 2;
  return 2 * earthRadiusMetres * Math.asin(Math.min(1, Math.sqrt(h)));
}

/**
 * A latitude/longitude box that contains every point within `metres` of the centre: a cheap
 * index range the database can use before the exact distance is checked.
 */
export function boundingBox(
  centre: { lat: number; lon: number },
  metres: number,
): { minLat: number; maxLat: number; minLon: number; maxLon: number } {
  const dLat = (metres / earthRadiusMetres) * (180 / Math.PI);
  // Longitude degrees shrink towards the poles; a small margin keeps rounding from cutting the edge.
  const dLon = dLat / Math.max(Math.cos(radians(centre.lat)), 1e-6);
  const margin = 1.001;
  return {
    minLat: centre.lat - dLat * margin,
    maxLat: centre.lat + dLat * margin,
    minLon: centre.lon - dLon * margin,
    maxLon: centre.lon + dLon * margin,
  };
}

async function samePhone(db: DbOrTrx, row: CaseRecordTable, scopePath: string | null): Promise<CaseRecordTable[]> {
  if (!row.reporter_phone) return [];
  return scoped(db, db.selectFrom('case_record'), scopePath)
    .selectAll('case_record')
    .where('case_record.reporter_phone', '=', row.reporter_phone)
    .where('case_record.id', '!=', row.id)
    .orderBy('case_record.created_at', 'desc')
    .orderBy('case_record.id', 'desc')
    .limit(relatedLimit)
    .execute();
}

async function sameItem(
  db: DbOrTrx,
  row: CaseRecordTable,
  scopePath: string | null,
  now: Date,
): Promise<CaseRecordTable[]> {
  if (!row.category_id) return [];
  const since = toDbTime(new Date(now.getTime() - sameItemDays * 24 * 3600_000));
  return scoped(db, db.selectFrom('case_record'), scopePath)
    .selectAll('case_record')
    .where('case_record.category_id', '=', row.category_id)
    .where('case_record.created_at', '>=', since)
    .where('case_record.id', '!=', row.id)
    .orderBy('case_record.created_at', 'desc')
    .orderBy('case_record.id', 'desc')
    .limit(relatedLimit)
    .execute();
}

/**
 * Cases within 200 m: the box finds candidates by index; the exact distance drops the box's
 * corners. Candidates are read newest first in batches until ten are found or none are left.
 */
async function nearby(db: DbOrTrx, row: CaseRecordTable, scopePath: string | null): Promise<CaseRecordTable[]> {
  if (row.lat === null || row.lon === null) return [];
  const centre = { lat: Number(row.lat), lon: Number(row.lon) };
  const box = boundingBox(centre, nearbyMetres);
  const batch = 100;
  const found: CaseRecordTable[] = [];
  let cursor: { createdAt: string; id: string } | null = null;
  for (;;) {
    let query = scoped(db, db.selectFrom('case_record'), scopePath)
      .selectAll('case_record')
      .where('case_record.lat', '>=', box.minLat)
      .where('case_record.lat', '<=', box.maxLat)
      .where('case_record.lon', '>=', box.minLon)
      .where('case_record.lon', '<=', box.maxLon)
      .where('case_record.id', '!=', row.id);
    if (cursor) {
      const { createdAt, id } = cursor;
      query = query.where((eb) =>
        eb.or([
          eb('case_record.created_at', '<', createdAt),
          eb.and([eb('case_record.created_at', '=', createdAt), eb('case_record.id', '<', id)]),
        ]),
      );
    }
    const rows = await query
      .orderBy('case_record.created_at', 'desc')
      .orderBy('case_record.id', 'desc')
      .limit(batch)
      .execute();
    for (const candidate of rows) {
      if (candidate.lat === null || candidate.lon === null) continue;
      if (distanceMetres(centre, { lat: Number(candidate.lat), lon: Number(candidate.lon) }) <= nearbyMetres) {
        found.push(candidate);
        if (found.length === relatedLimit) return found;
      }
    }
    const last = rows[rows.length - 1];
    if (rows.length < batch || !last) return found;
    cursor = { createdAt: last.created_at, id: last.id };
  }
}

/** The cases related to one case, in the caller's scope (the caller may already see the case). */
export async function relatedCases(
  db: DbOrTrx,
  row: CaseRecordTable,
  scopePath: string | null,
  now: Date,
): Promise<RelatedCases> {
  const [phone, place, item] = await Promise.all([
    samePhone(db, row, scopePath),
    nearby(db, row, scopePath),
    sameItem(db, row, scopePath, now),
  ]);
  // One presentation pass for all three lists (a case may appear in several).
  const unique = new Map<string, CaseRecordTable>();
  for (const r of [...phone, ...place, ...item]) unique.set(r.id, r);
  const summaries = new Map<string, CaseSummary>();
  for (const s of await presentSummaries(db, [...unique.values()])) summaries.set(s.id, s);
  const present = (rows: CaseRecordTable[]) =>
    rows.map((r) => summaries.get(r.id)).filter((s): s is CaseSummary => s !== undefined);
  return { samePhone: present(phone), nearby: present(place), sameItem: present(item) };
}
