import { z } from 'zod';

/** Mainland mobile number (11 digits starting 1[3-9]). */
export const mobilePattern = /^1[3-9]\d{9}$/;
/** Mainland landline with area code, optional hyphen and extension: 0755-28308888, 075528308888-12. */
export const landlinePattern = /^0\d{2,3}-?\d{7,8}(-\d{1,6})?$/;
/** Local landline without area code or a short service number, allowed for unit contacts only. */
const localNumberPattern = /^(\d{7,8}|1\d{4})$/;

/** A citizen's phone number: mainland mobile or landline with area code. */
export const phoneSchema = z
  .string()
  .trim()
  .refine((v) => mobilePattern.test(v) || landlinePattern.test(v), {
    message: 'not a mainland mobile or landline number',
  });

/** A unit's contact phone: also accepts local numbers and 5-digit service numbers. */
export const contactPhoneSchema = z
  .string()
  .trim()
  .refine((v) => mobilePattern.test(v) || landlinePattern.test(v) || localNumberPattern.test(v), {
    message: 'not a valid contact phone number',
  });

const position = z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]).rest(z.number());

const ring = z
  .array(position)
  .min(4, { message: 'a ring needs at least 4 positions' })
  .refine(
    (r) => {
      const first = r[0];
      const last = r[r.length - 1];
      return first !== undefined && last !== undefined && first[0] === last[0] && first[1] === last[1];
    },
    { message: 'a ring must be closed (first position equals last)' },
  );

export const polygonSchema = z.object({
  type: z.literal('Polygon'),
  coordinates: z.array(ring).min(1),
});

export const multiPolygonSchema = z.object({
  type: z.literal('MultiPolygon'),
  coordinates: z.array(z.array(ring).min(1)).min(1),
});

/** A GeoJSON Polygon or MultiPolygon in [longitude, latitude] order. */
export const areaGeometrySchema = z.discriminatedUnion('type', [polygonSchema, multiPolygonSchema]);
export type AreaGeometry = z.infer<typeof areaGeometrySchema>;
export type Position = z.infer<typeof position>;

export const latLonSchema = z.object({
  lat: z.coerce.number().min(-90).max(90),
  lon: z.coerce.number().min(-180).max(180),
});

export const paginationSchema = z.object({
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});
