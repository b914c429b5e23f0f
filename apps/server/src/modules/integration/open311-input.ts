import type { ExtraField, FieldIssue } from '@citydesk/shared';

/**
 * The arguments of an Open311 POST (`requests`, `servicerequestupdates`), from the form fields as
 * sent: `application/x-www-form-urlencoded` or `multipart/form-data`. Pure: no database.
 * "Optional" as the spec defines it: an empty value is the same as a missing one.
 */

export interface Open311Fields {
  /** The first non-empty value of each plain field. */
  values: Map<string, string>;
  /** `attribute[code]=v` and `attribute[code][]=v`, every value in order. */
  attributes: Map<string, string[]>;
}

const attributeKey = /^attribute\[([^\]]+)\](\[\])?$/;

/** Sorts form fields into plain values and attribute answers. */
export function collectFields(pairs: Iterable<readonly [string, string]>): Open311Fields {
  const values = new Map<string, string>();
  const attributes = new Map<string, string[]>();
  for (const [key, raw] of pairs) {
    const value = raw.trim();
    const attr = attributeKey.exec(key);
    if (attr?.[1]) {
      if (value === '') continue;
      attributes.set(attr[1], [...(attributes.get(attr[1]) ?? []), value]);
      continue;
    }
    if (value !== '' && !values.has(key)) values.set(key, value);
  }
  return { values, attributes };
}

export type Open311Location =
  | { kind: 'point'; lat: number; lon: number; address?: string }
  | { kind: 'address'; address: string }
  | { kind: 'area'; code: string; address?: string };

/**
 * The location of a new request: `lat`+`long` (both, numbers in range), else `address_string`,
 * else `address_id` (in CityDesk: the code of a street, community or grid). Problems name the
 * Open311 argument.
 */
export function locationOf(values: ReadonlyMap<string, string>): {
  location: Open311Location | null;
  problems: FieldIssue[];
} {
  const problems: FieldIssue[] = [];
  const latText = values.get('lat');
  const lonText = values.get('long');
  const address = values.get('address_string');
  const addressId = values.get('address_id');
  if (address !== undefined && address.length > 300)
    problems.push({ field: 'address_string', reason: 'at most 300 characters' });
  if (latText !== undefined || lonText !== undefined) {
    const lat = Number(latText);
    const lon = Number(lonText);
    if (latText === undefined || lonText === undefined) {
      problems.push({ field: latText === undefined ? 'lat' : 'long', reason: 'lat and long are sent together' });
    } else {
      if (!Number.isFinite(lat) || lat < -90 || lat > 90)
        problems.push({ field: 'lat', reason: 'a WGS84 latitude (-90…90)' });
      if (!Number.isFinite(lon) || lon < -180 || lon > 180)
        problems.push({ field: 'long', reason: 'a WGS84 longitude (-180…180)' });
    }
    if (problems.length > 0) return { location: null, problems };
    return { location: { kind: 'point', lat, lon, ...(address ? { address } : {}) }, problems };
  }
  if (problems.length > 0) return { location: null, problems };
  if (address) return { location: { kind: 'address', address }, problems };
  if (addressId) return { location: { kind: 'area', code: addressId }, problems };
  return {
    location: null,
    problems: [{ field: 'lat', reason: 'a location is required: lat and long, address_string or address_id' }],
  };
}

export type AnswerValue = string | number | string[];

/**
 * The attribute answers as the item's extra fields take them: numbers parsed, list fields as
 * arrays, one value for the others. Required answers, unknown codes and allowed values are
 * checked by intake like every channel's; problems here are only those of the form encoding.
 */
export function answersFor(
  attributes: ReadonlyMap<string, readonly string[]>,
  fields: readonly ExtraField[],
): { answers: Record<string, AnswerValue>; problems: FieldIssue[] } {
  const byCode = new Map(fields.map((f) => [f.code, f]));
  const answers: Record<string, AnswerValue> = {};
  const problems: FieldIssue[] = [];
  for (const [code, given] of attributes) {
    const field = byCode.get(code);
    const name = `attribute[${code}]`;
    if (!field) {
      answers[code] = given[0] ?? '';
      continue;
    }
    if (field.type === 'multiple_choice') {
      answers[code] = [...given];
      continue;
    }
    if (given.length > 1) {
      problems.push({ field: name, reason: 'one value only (this attribute is not a multivaluelist)' });
      continue;
    }
    const value = given[0] ?? '';
    if (field.type === 'number') {
      const n = Number(value);
      if (!Number.isFinite(n)) problems.push({ field: name, reason: 'expected a number' });
      else answers[code] = n;
    } else {
      answers[code] = value;
    }
  }
  return { answers, problems };
}

/** Open311 argument names for intake's field paths, so a client reads problems in its own terms. */
export function open311FieldName(field: string): string {
  if (field.startsWith('extraAnswers.')) return `attribute[${field.slice('extraAnswers.'.length)}]`;
  if (field === 'location' || field === 'location.lat') return 'lat';
  if (field === 'location.lon') return 'long';
  if (field === 'location.address') return 'address_string';
  if (field === 'location.areaId') return 'address_id';
  if (field === 'reporter.phone') return 'phone';
  if (field === 'reporter.name') return 'first_name';
  if (field === 'categoryId') return 'service_code';
  if (field.startsWith('attachmentIds')) return 'media';
  return field;
}

/** Open311 datatypes for our extra field types. */
export const open311Datatype: Record<ExtraField['type'], string> = {
  string: 'string',
  number: 'number',
  datetime: 'datetime',
  text: 'text',
  single_choice: 'singlevaluelist',
  multiple_choice: 'multivaluelist',
};
