import { z } from 'zod';
import { caseLocationSchema } from './case.js';
import { requestTypes } from './catalogue.js';
import { mobilePattern } from './common.js';

/**
 * What the citizen portal and the grid-worker app send. The server parses these; the portal
 * validates with them before sending, so a citizen sees the same reasons either way.
 */

/** A mainland mobile number: the only kind that can receive a verification code. */
export const citizenPhoneSchema = z
  .string()
  .trim()
  .regex(mobilePattern, { message: 'not a mainland mobile number (11 digits starting with 1)' });

/** Why a code is asked for (the SMS text says what it is for). */
export const smsCodePurposes = ['report', 'my_cases', 'group'] as const;
export type SmsCodePurpose = (typeof smsCodePurposes)[number];

export const smsCodeRequestSchema = z.object({
  phone: citizenPhoneSchema,
  purpose: z.enum(smsCodePurposes).default('report'),
});
export type SmsCodeRequest = z.infer<typeof smsCodeRequestSchema>;

/** Proving the phone: the 6-digit code that was sent to it. */
export const citizenSignInSchema = z.object({
  phone: citizenPhoneSchema,
  code: z
    .string()
    .trim()
    .regex(/^\d{6}$/, { message: 'the code has 6 digits' }),
});
export type CitizenSignIn = z.infer<typeof citizenSignInSchema>;

/** The entrance a report came through: the public one, or a registered group's own. */
export const portalEntrances = ['public', 'group'] as const;
export type PortalEntrance = (typeof portalEntrances)[number];

/** Request types a citizen may choose (praise and other included; the operator reclassifies). */
export const citizenRequestTypes = requestTypes;

/** 随手拍 / 我要反映: a citizen's report. Needs a verified phone unless anonymous. */
export const publicReportSchema = z.object({
  channel: z.enum(['web', 'wechat']).default('web'),
  entrance: z.enum(portalEntrances).default('public'),
  requestType: z.enum(citizenRequestTypes),
  description: z.string().trim().min(5).max(2000),
  categoryId: z.string().min(1).max(64).optional(),
  location: caseLocationSchema.optional(),
  /** Optional name; never required. */
  name: z.string().trim().max(40).optional(),
  /** Anonymous: the phone is not kept with the case; it is followed only by its secret link. */
  anonymous: z.boolean().default(false),
  extraAnswers: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])).default({}),
  attachmentIds: z.array(z.string().min(1).max(64)).max(9).default([]),
  /**
   * The random key the portal sent with each photo upload (X-Upload-Key): only photos uploaded
   * with the same key can be attached, so nobody attaches another citizen's pictures.
   */
  uploadKey: z
    .string()
    .regex(/^[A-Za-z0-9_-]{16,100}$/)
    .optional(),
});
export type PublicReportInput = z.infer<typeof publicReportSchema>;

/** 领导信箱: a letter with no location, routed to the leader's office. */
export const mailboxLetterSchema = z.object({
  requestType: z.enum(citizenRequestTypes).default('suggestion'),
  subject: z.string().trim().min(1).max(60),
  description: z.string().trim().min(10).max(4000),
  name: z.string().trim().max(40).optional(),
  anonymous: z.boolean().default(false),
});
export type MailboxLetterInput = z.infer<typeof mailboxLetterSchema>;

/** Special groups a phone can be registered in (两代表一委员 and others). */
export const citizenGroups = ['npc_deputy', 'cppcc_member', 'party_deputy', 'vulnerable', 'talent'] as const;
export type CitizenGroup = (typeof citizenGroups)[number];

/** An administrator registers a member of a special group (the entrance checks the phone). */
export const groupMemberInputSchema = z.object({
  phone: citizenPhoneSchema,
  name: z.string().trim().min(1).max(40),
  group: z.enum(citizenGroups),
  note: z.string().trim().max(200).default(''),
});
export type GroupMemberInput = z.infer<typeof groupMemberInputSchema>;
