import { z } from 'zod';
import { areaGeometrySchema, contactPhoneSchema } from './common.js';

export const unitTypes = ['district_centre', 'street_centre', 'department', 'community', 'grid', 'external'] as const;
export type UnitType = (typeof unitTypes)[number];

/** 数字城管 unit-grid code: 6 district + 3 street + 3 community + 3 sequence digits. */
export const gridCodePattern = /^\d{15}$/;
export const communityCodePattern = /^\d{12}$/;
export const streetCodePattern = /^\d{9}$/;
export const districtCodePattern = /^\d{6}$/;

export const unitCodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(40)
  .regex(/^[A-Za-z0-9_.-]+$/, { message: 'letters, digits, “_”, “.” and “-” only' });

/** A unit as written by an administrator or an import row (parent referenced by code). */
export const unitInputSchema = z.object({
  code: unitCodeSchema,
  type: z.enum(unitTypes),
  name: z.string().trim().min(1).max(100),
  nameEn: z.string().trim().max(200).nullish(),
  parentCode: unitCodeSchema.nullish(),
  active: z.boolean().default(true),
  phone: contactPhoneSchema.nullish(),
  geometry: areaGeometrySchema.nullish(),
});
export type UnitInput = z.infer<typeof unitInputSchema>;

export const unitPatchSchema = unitInputSchema.omit({ code: true, type: true }).partial();
export type UnitPatch = z.infer<typeof unitPatchSchema>;

/** A unit as the API presents it. */
export interface UnitView {
  id: string;
  code: string;
  type: UnitType;
  name: string;
  nameEn: string | null;
  parentId: string | null;
  parentCode: string | null;
  active: boolean;
  phone: string | null;
  hasGeometry: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface UnitRef {
  id: string;
  code: string;
  name: string;
  type: UnitType;
}

/** Where a point falls: grid → community → street (each may be absent). */
export interface PointLocation {
  grid: UnitRef | null;
  community: UnitRef | null;
  street: UnitRef | null;
}
