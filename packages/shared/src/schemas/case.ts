import { z } from 'zod';
import { requestTypes } from './catalogue.js';
import { phoneSchema } from './common.js';

/** Every way a case can arrive. */
export const caseChannels = [
  'hotline',
  'wechat',
  'web',
  'mailbox',
  'grid',
  'app',
  'video_ai',
  'integration',
  'sms',
  'walk_in',
] as const;
export type CaseChannel = (typeof caseChannels)[number];

export const urgencies = ['normal', 'urgent', 'critical'] as const;
export type Urgency = (typeof urgencies)[number];

/** Nodes of the workflow templates (a case's current step). `done` is after the last node. */
export const caseNodes = [
  'accept',
  'register',
  'dispatch',
  'sign',
  'handle',
  'feedback',
  'verify',
  'return_visit',
  'close',
  'rate',
  'done',
] as const;
export type CaseNode = (typeof caseNodes)[number];

/** Lifecycle status, orthogonal to the node. */
export const caseStatuses = ['open', 'suspended', 'closed', 'voided', 'merged'] as const;
export type CaseStatus = (typeof caseStatuses)[number];

export const deadlineStatuses = ['normal', 'amber', 'red', 'none'] as const;
export type DeadlineStatus = (typeof deadlineStatuses)[number];

/** State groups that rules, inboxes and analytics look at instead of raw nodes. */
export type CaseStateGroup = 'intake' | 'handling' | 'review' | 'finished' | 'suspended' | 'cancelled';

/** The state group of a node and status. */
export function stateGroupOf(node: CaseNode, status: CaseStatus): CaseStateGroup {
  if (status === 'voided' || status === 'merged') return 'cancelled';
  if (status === 'suspended') return 'suspended';
  if (status === 'closed' || node === 'rate' || node === 'done') return 'finished';
  if (node === 'accept' || node === 'register' || node === 'dispatch') return 'intake';
  if (node === 'return_visit' || node === 'close') return 'review';
  return 'handling';
}

const text = (max: number) => z.string().trim().min(1).max(max);

export const caseLocationSchema = z
  .object({
    lat: z.number().min(-90).max(90).optional(),
    lon: z.number().min(-180).max(180).optional(),
    address: z.string().trim().max(300).optional(),
    /** A street, community or grid the caller named, placing the case when there is no point. */
    areaId: z.string().min(1).max(64).optional(),
  })
  .refine((l) => (l.lat === undefined) === (l.lon === undefined), {
    message: 'give both lat and lon, or neither',
    path: ['lat'],
  });

export const reporterSchema = z.object({
  name: z.string().trim().max(40).optional(),
  phone: phoneSchema.optional(),
  anonymous: z.boolean().default(false),
});

export const tagSchema = z
  .string()
  .trim()
  .min(1)
  .max(30)
  .regex(/^[^\s,，;；]+$/, { message: 'one tag, no spaces or separators' });

/** The one create-case input every channel uses. */
export const createCaseSchema = z.object({
  channel: z.enum(caseChannels),
  requestType: z.enum(requestTypes),
  title: z.string().trim().max(60).optional(),
  description: text(4000),
  categoryId: z.string().min(1).max(64).optional(),
  location: caseLocationSchema.optional(),
  reporter: reporterSchema.default({ anonymous: false }),
  extraAnswers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).default({}),
  attachmentIds: z.array(z.string().min(1).max(64)).max(9).default([]),
  tags: z.array(tagSchema).max(20).default([]),
  urgency: z.enum(urgencies).default('normal'),
  externalRef: z.string().trim().max(100).optional(),
  /** 直接办结: a consultation answered on the call; the answer becomes the reply and the case closes. */
  directAnswer: z.string().trim().min(1).max(4000).optional(),
});
export type CreateCaseInput = z.infer<typeof createCaseSchema>;

/** Every action on a case carries the version the client saw (optimistic concurrency). */
export const versionSchema = z.object({ version: z.number().int().min(1) });

export const ratingSchema = z.object({
  speed: z.number().int().min(1).max(5),
  result: z.number().int().min(1).max(5),
  attitude: z.number().int().min(1).max(5),
  experience: z.number().int().min(1).max(5),
  comment: z.string().trim().max(500).default(''),
});
export type RatingInput = z.infer<typeof ratingSchema>;
