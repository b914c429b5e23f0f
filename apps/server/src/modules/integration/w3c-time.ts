/**
 * W3C date-times (the ISO 8601 subset of https://www.w3.org/TR/NOTE-datetime) as Open311 wants
 * them: always with a time zone. CityDesk answers in China Standard Time (+08:00, no summer time),
 * which is what the district's people and systems read.
 */

const shanghaiOffsetMinutes = 8 * 60;

/** A stored UTC instant as `2026-11-25T10:00:00+08:00` (seconds, no fraction). */
export function formatW3c(instant: string | Date, offsetMinutes = shanghaiOffsetMinutes): string {
  const ms = typeof instant === 'string' ? Date.parse(instant) : instant.getTime();
  if (Number.isNaN(ms)) throw new Error(`not an instant: ${String(instant)}`);
  const local = new Date(Math.floor(ms / 1000) * 1000 + offsetMinutes * 60_000);
  const sign = offsetMinutes >= 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  const zone =
    offsetMinutes === 0
      ? 'Z'
      : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
  return `${local.toISOString().slice(0, 19)}${zone}`;
}

const w3cDateTime = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;

/**
 * Parses a W3C date-time with its time zone (`2010-01-01T00:00:00Z`, `…+08:00`, minutes-only and
 * fractions allowed); null when it is not one (a date without time or zone included: Open311
 * says the zone must be there).
 */
export function parseW3c(value: string): Date | null {
  const m = w3cDateTime.exec(value.trim());
  if (!m) return null;
  const [, y, mo, d, h, mi, s] = m;
  if (Number(mo) < 1 || Number(mo) > 12 || Number(d) < 1 || Number(d) > 31) return null;
  if (Number(h) > 23 || Number(mi) > 59 || Number(s ?? 0) > 59) return null;
  const ms = Date.parse(value.trim());
  if (Number.isNaN(ms)) return null;
  // Date.parse rolls 2026-02-31 over into March: compare the calendar date back.
  const zone = m[8] ?? 'Z';
  const offset =
    zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  const local = new Date(ms + offset * 60_000);
  if (
    local.getUTCFullYear() !== Number(y) ||
    local.getUTCMonth() + 1 !== Number(mo) ||
    local.getUTCDate() !== Number(d)
  ) {
    return null;
  }
  return new Date(ms);
}
