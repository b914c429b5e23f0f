import { z } from 'zod';

export const requestTypes = ['consultation', 'suggestion', 'complaint', 'report', 'help', 'praise', 'other'] as const;
export type RequestType = (typeof requestTypes)[number];

export const workflowTemplates = ['general', 'simple'] as const;
export type WorkflowTemplate = (typeof workflowTemplates)[number];

/** A time limit: natural hours from the start, or working days after the start's date. */
export const timeLimitSchema = z.union([
  z.object({ hours: z.number().positive().max(8760) }).strict(),
  z.object({ workingDays: z.number().int().min(1).max(365) }).strict(),
]);
export type TimeLimit = z.infer<typeof timeLimitSchema>;

export const timeLimitsSchema = z.object(
  Object.fromEntries(requestTypes.map((t) => [t, timeLimitSchema])) as Record<RequestType, typeof timeLimitSchema>,
);
export type TimeLimits = z.infer<typeof timeLimitsSchema>;

export const extraFieldTypes = ['string', 'number', 'datetime', 'text', 'single_choice', 'multiple_choice'] as const;
export type ExtraFieldType = (typeof extraFieldTypes)[number];

/** A question asked of the reporter for one catalogue item (like an Open311 attribute). */
export const extraFieldSchema = z
  .object({
    code: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/),
    label: z.string().trim().min(1).max(100),
    labelEn: z.string().trim().max(200).optional(),
    type: z.enum(extraFieldTypes),
    required: z.boolean().default(false),
    options: z.array(z.object({ key: z.string().min(1).max(40), label: z.string().min(1).max(100) })).optional(),
  })
  .refine(
    (f) =>
      f.type === 'single_choice' || f.type === 'multiple_choice'
        ? (f.options?.length ?? 0) >= 1
        : f.options === undefined,
    { message: 'choice fields need options; other fields must not have them', path: ['options'] },
  );
export type ExtraField = z.infer<typeof extraFieldSchema>;

export const extraFieldsSchema = z
  .array(extraFieldSchema)
  .max(30)
  .refine((fs) => new Set(fs.map((f) => f.code)).size === fs.length, {
    message: 'extra field codes must be unique',
  });

/** Responsible units of an item: one lead and co-units, by default or for one street. */
export const responsibilitySchema = z.object({
  streetCode: z.string().trim().min(1).nullable().default(null),
  leadUnitCode: z.string().trim().min(1),
  coUnitCodes: z.array(z.string().trim().min(1)).max(10).default([]),
});
export type ResponsibilityInput = z.infer<typeof responsibilitySchema>;

export const categoryCodeSchema = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9_.-]{1,40}$/);

/** A level-3 catalogue item as written by an administrator or an import row. */
export const categoryItemInputSchema = z.object({
  code: categoryCodeSchema,
  name: z.string().trim().min(1).max(60),
  parentCode: categoryCodeSchema,
  description: z.string().trim().max(2000).default(''),
  keywords: z.array(z.string().trim().min(1).max(30)).max(50).default([]),
  legalBasis: z.string().trim().max(4000).default(''),
  workflowTemplate: z.enum(workflowTemplates).default('general'),
  timeLimits: timeLimitsSchema,
  isUrgent: z.boolean().default(false),
  active: z.boolean().default(true),
  extraFields: extraFieldsSchema.default([]),
  responsibilities: z
    .array(responsibilitySchema)
    .min(1)
    .refine((rs) => rs.filter((r) => r.streetCode === null).length === 1, {
      message: 'exactly one default (no street) responsibility is needed',
    })
    .refine((rs) => new Set(rs.map((r) => r.streetCode)).size === rs.length, {
      message: 'one responsibility per street',
    }),
});
export type CategoryItemInput = z.infer<typeof categoryItemInputSchema>;

/** A level-1 or level-2 group of the catalogue. */
export const categoryGroupInputSchema = z.object({
  code: categoryCodeSchema,
  name: z.string().trim().min(1).max(60),
  parentCode: categoryCodeSchema.nullable().default(null),
  active: z.boolean().default(true),
});
export type CategoryGroupInput = z.infer<typeof categoryGroupInputSchema>;
