import { z } from 'zod';

/** The workflow rules an administrator may change at run time (each falls back to the environment). */
export const workflowSettingKeys = [
  'amberRatio',
  'returnLimitHours',
  'reopenDays',
  'autoDispatch',
  'urgeAtAmber',
  'escalateAtRed',
] as const;
export type WorkflowSettingKey = (typeof workflowSettingKeys)[number];

/** One value per setting; the bounds are those of the environment variables they override. */
export const workflowSettingValueSchemas = {
  amberRatio: z.number().gt(0).lt(1),
  returnLimitHours: z
    .number()
    .int()
    .min(1)
    .max(24 * 30),
  reopenDays: z.number().int().min(1).max(365),
  autoDispatch: z.boolean(),
  urgeAtAmber: z.boolean(),
  escalateAtRed: z.boolean(),
} as const satisfies Record<WorkflowSettingKey, z.ZodType>;

export interface WorkflowSettings {
  /** Share of a time limit used after which a case turns amber. */
  amberRatio: number;
  /** A unit may return a dispatched case within this many hours. */
  returnLimitHours: number;
  /** A citizen may reopen a closed case within this many days. */
  reopenDays: number;
  /** Dispatch a new case by itself when its item names one responsible unit. */
  autoDispatch: boolean;
  /** Send an urge notice when a case turns amber. */
  urgeAtAmber: boolean;
  /** Send supervision and escalation notices when a case turns red. */
  escalateAtRed: boolean;
}

/**
 * `PUT /api/settings/workflow`: a value sets an override, `null` removes it (the environment's
 * value applies again), a missing key leaves it as it is.
 */
export const workflowSettingsPatchSchema = z
  .object({
    amberRatio: workflowSettingValueSchemas.amberRatio.nullable(),
    returnLimitHours: workflowSettingValueSchemas.returnLimitHours.nullable(),
    reopenDays: workflowSettingValueSchemas.reopenDays.nullable(),
    autoDispatch: workflowSettingValueSchemas.autoDispatch.nullable(),
    urgeAtAmber: workflowSettingValueSchemas.urgeAtAmber.nullable(),
    escalateAtRed: workflowSettingValueSchemas.escalateAtRed.nullable(),
    reason: z.string().trim().max(500).optional(),
  })
  .partial()
  .strict();
export type WorkflowSettingsPatch = z.infer<typeof workflowSettingsPatchSchema>;

/** Text of a message template; `{name}` placeholders are checked against the template's variables. */
export const messageTemplateInputSchema = z
  .object({
    zh: z.string().trim().min(1).max(500),
    en: z.string().trim().min(1).max(1000),
  })
  .strict();
export type MessageTemplateInput = z.infer<typeof messageTemplateInputSchema>;
