import {
  mobilePattern,
  type CaseChannel,
  type CreateCaseInput,
  type ExtraField,
  type FieldIssue,
} from '@citydesk/shared';

/**
 * Channels where a citizen may report anonymously, tracked only by the secret link (the
 * leader's mailbox included: a letter may be unsigned).
 */
export const anonymousChannels: readonly CaseChannel[] = ['web', 'wechat', 'app', 'mailbox'];

/**
 * Checks the rules that depend on the channel; returns every problem. `placedByGrid`: a patrol
 * report of a worker whose unit is a grid, which that grid places when the GPS point is missing.
 */
export function checkChannelRules(input: CreateCaseInput, options: { placedByGrid?: boolean } = {}): FieldIssue[] {
  const issues: FieldIssue[] = [];
  // A camera has no phone; another platform (or an Open311 client) keeps its reporter's contact
  // itself and may pass none on (minimum collection); a patrol report's reporter is the grid
  // worker, already known by the account that files it.
  const phoneOptional =
    input.channel === 'video_ai' ||
    input.channel === 'integration' ||
    input.channel === 'grid' ||
    (input.reporter.anonymous && anonymousChannels.includes(input.channel));
  if (!input.reporter.phone && !phoneOptional) {
    issues.push({
      field: 'reporter.phone',
      reason: 'required (optional only for grid, video_ai, integration and anonymous reports)',
    });
  }
  if (input.reporter.anonymous && !anonymousChannels.includes(input.channel) && input.channel !== 'video_ai') {
    issues.push({
      field: 'reporter.anonymous',
      reason: 'anonymous reports come only through web, wechat, app or the mailbox',
    });
  }
  const hasPoint = input.location?.lat !== undefined;
  const hasAddress = Boolean(input.location?.address);
  const hasArea = Boolean(input.location?.areaId);
  if (input.channel !== 'mailbox' && !hasPoint && !hasAddress && !hasArea && !options.placedByGrid) {
    issues.push({
      field: 'location',
      reason: 'give coordinates, an area or an address (only mailbox letters may have none)',
    });
  }
  if (input.channel === 'grid' && !hasPoint && !options.placedByGrid) {
    issues.push({ field: 'location', reason: 'a patrol report needs coordinates' });
  }
  if (input.directAnswer !== undefined) {
    if (input.requestType !== 'consultation') {
      issues.push({ field: 'directAnswer', reason: 'only a consultation can be answered and closed at intake' });
    }
  }
  if (input.externalRef !== undefined && input.channel !== 'integration') {
    issues.push({ field: 'externalRef', reason: 'only integration cases carry an external reference' });
  }
  return issues;
}

const isoDateTime = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?$/;

/** Checks the answers against the item's extra fields (required, type, options, unknown keys). */
export function checkExtraAnswers(
  fields: readonly ExtraField[],
  answers: CreateCaseInput['extraAnswers'],
): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const known = new Map(fields.map((f) => [f.code, f]));
  for (const key of Object.keys(answers)) {
    if (!known.has(key)) issues.push({ field: `extraAnswers.${key}`, reason: 'not a question of this item' });
  }
  for (const field of fields) {
    const value = answers[field.code];
    const path = `extraAnswers.${field.code}`;
    if (value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
      if (field.required) issues.push({ field: path, reason: `required: ${field.label}` });
      continue;
    }
    const options = new Set((field.options ?? []).map((o) => o.key));
    switch (field.type) {
      case 'number':
        if (typeof value !== 'number' || !Number.isFinite(value))
          issues.push({ field: path, reason: 'expected a number' });
        break;
      case 'datetime':
        if (typeof value !== 'string' || !isoDateTime.test(value) || Number.isNaN(Date.parse(value))) {
          issues.push({ field: path, reason: 'expected an ISO 8601 date-time' });
        }
        break;
      case 'string':
      case 'text':
        if (typeof value !== 'string' || value.length > (field.type === 'string' ? 200 : 2000)) {
          issues.push({
            field: path,
            reason:
              field.type === 'string' ? 'expected text up to 200 characters' : 'expected text up to 2000 characters',
          });
        }
        break;
      case 'single_choice':
        if (typeof value !== 'string' || !options.has(value))
          issues.push({ field: path, reason: `expected one of ${[...options].join(', ')}` });
        break;
      case 'multiple_choice':
        if (!Array.isArray(value) || value.some((v) => !options.has(v)) || new Set(value).size !== value.length) {
          issues.push({ field: path, reason: `expected distinct values from ${[...options].join(', ')}` });
        }
        break;
    }
  }
  return issues;
}

/** A title from the description when none is given: its first clause, at most 30 characters. */
export function deriveTitle(description: string): string {
  const firstClause =
    description
      .trim()
      .split(/[。！？!?\n；;]/)[0]
      ?.trim() ?? '';
  const text = firstClause.length > 0 ? firstClause : description.trim();
  return [...text].length > 30 ? `${[...text].slice(0, 29).join('')}…` : text;
}

/** Masks a person's name for display: 王小明 → 王**. */
export function maskName(name: string | null | undefined): string | null {
  if (!name) return null;
  const chars = [...name.trim()];
  if (chars.length === 0) return null;
  return `${chars[0]}${'*'.repeat(Math.max(1, chars.length - 1))}`;
}

/** Whether a number can receive SMS (a mainland mobile). */
export function isMobile(phone: string | null | undefined): phone is string {
  return Boolean(phone && mobilePattern.test(phone));
}
