import {
  landlinePattern,
  mobilePattern,
  tagSchema,
  type CaseChannel,
  type CreateCaseInput,
  type RequestType,
  type Urgency,
} from '@citydesk/shared';

/** Channels an operator records by hand; the others arrive from systems or the portal. */
export const intakeChannels: readonly CaseChannel[] = ['hotline', 'walk_in', 'mailbox', 'wechat', 'web', 'sms', 'app'];

/** Channels where the server accepts an anonymous report (tracked by the secret link only). */
export const anonymousChannels: readonly CaseChannel[] = ['web', 'wechat', 'app'];

export type ExtraAnswer = string | number | string[];

/** Everything the operator types during a call. */
export interface IntakeForm {
  phone: string;
  name: string;
  anonymous: boolean;
  requestType: RequestType;
  description: string;
  directClose: boolean;
  directAnswer: string;
  /** [streetId] or [streetId, communityId] from the cascader. */
  area: string[];
  address: string;
  pin: { lat: number; lon: number } | null;
  categoryId: string | null;
  extraAnswers: Record<string, ExtraAnswer | null>;
  urgency: Urgency;
  tags: string[];
  channel: CaseChannel;
  title: string;
}

export function emptyForm(): IntakeForm {
  return {
    phone: '',
    name: '',
    anonymous: false,
    requestType: 'complaint',
    description: '',
    directClose: false,
    directAnswer: '',
    area: [],
    address: '',
    pin: null,
    categoryId: null,
    extraAnswers: {},
    urgency: 'normal',
    tags: [],
    channel: 'hotline',
    title: '',
  };
}

/** Whether the text is a number the server accepts for a citizen (mainland mobile or landline). */
export function isCallerNumber(text: string): boolean {
  const value = text.trim();
  return mobilePattern.test(value) || landlinePattern.test(value);
}

/** Whether the text is one tag the server accepts. */
export const isValidTag = (tag: string): boolean => tagSchema.safeParse(tag).success;

/**
 * A case number in groups that can be read out on the phone: PS20261125-00012 → PS 2026 1125 00012.
 * Numbers of another shape are split into groups of four.
 */
export function groupCaseNumber(number: string): string[] {
  const match = /^([A-Za-z]*)(\d{4})(\d{4})-?(\d+)$/.exec(number);
  if (match) return match.slice(1).filter((part) => part !== '');
  return number.replace(/[^A-Za-z0-9]/g, '').match(/.{1,4}/g) ?? [number];
}

/** The create body the form stands for (`attachmentIds` from the uploads). */
export function buildCreateBody(form: IntakeForm, attachmentIds: readonly string[]): CreateCaseInput {
  const extra: CreateCaseInput['extraAnswers'] = {};
  for (const [code, value] of Object.entries(form.extraAnswers)) {
    if (value === null || value === '' || (Array.isArray(value) && value.length === 0)) continue;
    extra[code] = value;
  }
  const areaId = form.area[form.area.length - 1];
  const location: NonNullable<CreateCaseInput['location']> = {
    ...(form.pin ? { lat: form.pin.lat, lon: form.pin.lon } : {}),
    ...(form.address.trim() ? { address: form.address.trim() } : {}),
    ...(areaId ? { areaId } : {}),
  };
  const directAnswer =
    form.requestType === 'consultation' && form.directClose && form.directAnswer.trim()
      ? form.directAnswer.trim()
      : undefined;
  return {
    channel: form.channel,
    requestType: form.requestType,
    description: form.description.trim(),
    ...(form.title.trim() ? { title: form.title.trim() } : {}),
    ...(form.categoryId ? { categoryId: form.categoryId } : {}),
    ...(Object.keys(location).length > 0 ? { location } : {}),
    reporter: {
      ...(form.name.trim() ? { name: form.name.trim() } : {}),
      ...(form.phone.trim() ? { phone: form.phone.trim() } : {}),
      anonymous: form.anonymous,
    },
    extraAnswers: extra,
    attachmentIds: [...attachmentIds],
    tags: [...new Set(form.tags.map((tag) => tag.trim()).filter(Boolean))],
    urgency: form.urgency,
    ...(directAnswer ? { directAnswer } : {}),
  };
}

/** The form field a server issue belongs to ("reporter.phone" → phone, "extraAnswers.x" → extra.x). */
export function formFieldOf(serverField: string): string {
  if (serverField.startsWith('extraAnswers.')) return `extra.${serverField.split('.')[1] ?? ''}`;
  if (serverField.startsWith('tags')) return 'tags';
  if (serverField.startsWith('location')) return 'location';
  if (serverField.startsWith('attachmentIds')) return 'photos';
  const map: Record<string, string> = {
    'reporter.phone': 'phone',
    'reporter.name': 'name',
    'reporter.anonymous': 'anonymous',
  };
  return map[serverField] ?? serverField;
}
