import type { Locale } from '@citydesk/shared';

/** Every message the platform sends, by name. */
export const templateNames = [
  'case_accepted',
  'case_replied',
  'case_closed',
  'rating_invitation',
  'case_reopened',
  'verification_code',
  'unit_notice',
] as const;

export type TemplateName = (typeof templateNames)[number];

/** Values a template fills into its `{placeholders}`. */
export type TemplatePayload = Readonly<Record<string, string | number>>;

export interface TemplateText {
  zh: string;
  en: string;
  /**
   * Variables that take one of a fixed set of codes, shown in the message's language
   * (callers pass the stable code, e.g. `kind: 'urge'`, never display text).
   */
  choices?: Readonly<Record<string, Readonly<Record<string, { zh: string; en: string }>>>>;
}

/** The sign a carrier requires at the start of every SMS sent for the centre. */
export const smsSign = { zh: '【坪山区12345】', en: '[Pingshan 12345]' } as const;

/** The texts; `zh` and `en` of one template use the same variables (a test checks). */
export const templates: Readonly<Record<TemplateName, TemplateText>> = {
  case_accepted: {
    zh: `${smsSign.zh}您反映的诉求已受理，工单号：{number}，我们将在{timeLimit}内办理并答复。办理进度请查询：{trackingUrl}`,
    en: `${smsSign.en} Your request has been accepted. Case number: {number}. We will handle it and reply within {timeLimit}. Track its progress: {trackingUrl}`,
  },
  case_replied: {
    zh: `${smsSign.zh}您反映的诉求（工单号：{number}）承办单位已答复，请点击查看：{trackingUrl}`,
    en: `${smsSign.en} The responsible unit has replied to your request (case {number}). View the reply: {trackingUrl}`,
  },
  case_closed: {
    zh: `${smsSign.zh}您反映的诉求（工单号：{number}）已办结。诚邀您对办理情况进行评价：{trackingUrl}`,
    en: `${smsSign.en} Your request (case {number}) has been closed. Please rate how it was handled: {trackingUrl}`,
  },
  rating_invitation: {
    zh: `${smsSign.zh}诚邀您对工单{number}的办理结果进行满意度评价，您的意见是我们改进工作的重要依据：{trackingUrl}`,
    en: `${smsSign.en} Please rate how your request (case {number}) was handled; your feedback helps us improve: {trackingUrl}`,
  },
  case_reopened: {
    zh: `${smsSign.zh}您反映的诉求（工单号：{number}）已重新启动办理，我们将尽快处理并答复。办理进度请查询：{trackingUrl}`,
    en: `${smsSign.en} Your request (case {number}) has been reopened and will be handled again. Track its progress: {trackingUrl}`,
  },
  // The citizen portal's sign-in code; the purpose says what the code will unlock.
  verification_code: {
    zh: `${smsSign.zh}验证码{code}，用于{purpose}，{minutes}分钟内有效。请勿将验证码告诉他人；如非本人操作，请忽略本短信。`,
    en: `${smsSign.en} Your code is {code}, to {purpose}; valid for {minutes} minutes. Never share it; if you did not ask for it, ignore this message.`,
    choices: {
      purpose: {
        report: { zh: '提交诉求', en: 'send your report' },
        my_cases: { zh: '查询您的诉求', en: 'see your cases' },
        group: { zh: '登录专属通道', en: 'enter your group’s own channel' },
      },
    },
  },
  // In-app only (to a unit's inbox), so no SMS sign.
  unit_notice: {
    zh: '【{kind}】工单{number}：{reason}',
    en: '[{kind}] Case {number}: {reason}',
    choices: {
      kind: {
        urge: { zh: '催办', en: 'Urge' },
        supervise: { zh: '督办', en: 'Supervision' },
        escalation: { zh: '升级', en: 'Escalation' },
      },
    },
  },
};

const placeholderRe = /\{([A-Za-z][A-Za-z0-9]*)\}/g;

/** Whether a stored or given string names a template. */
export function isTemplateName(value: string): value is TemplateName {
  return (templateNames as readonly string[]).includes(value);
}

/** The variables a text uses, in order of first use. */
export function placeholdersOf(text: string): string[] {
  return [...new Set(Array.from(text.matchAll(placeholderRe), (m) => m[1] ?? ''))];
}

/** The variables a template needs in its payload. */
export function templateVariables(name: TemplateName): string[] {
  return placeholdersOf(templates[name].zh);
}

/**
 * Problems with a payload for a template: missing or empty variables and choice values outside
 * their set. Values are never quoted, since payloads may carry personal data or codes.
 */
export function checkTemplatePayload(name: TemplateName, payload: TemplatePayload): string[] {
  const template = templates[name];
  const problems: string[] = [];
  for (const variable of templateVariables(name)) {
    const value = payload[variable];
    if (value === undefined || value === '' || (typeof value === 'number' && !Number.isFinite(value))) {
      problems.push(`missing variable ${variable}`);
      continue;
    }
    const choices = template.choices?.[variable];
    if (choices && !Object.hasOwn(choices, String(value))) {
      problems.push(`${variable} must be one of ${Object.keys(choices).join(', ')}`);
    }
  }
  return problems;
}

/**
 * Renders a template in a locale; throws naming every missing variable (a programming error).
 * `texts`, when given, is an administrator's text replacing the shipped one (choices stay).
 */
export function renderTemplate(
  name: TemplateName,
  locale: Locale,
  payload: TemplatePayload,
  texts?: { zh: string; en: string },
): string {
  const problems = checkTemplatePayload(name, payload);
  if (problems.length > 0) throw new Error(`template ${name}: ${problems.join('; ')}`);
  const template = templates[name];
  const lang = locale === 'en-US' ? 'en' : 'zh';
  // One pass over the template text, so a value containing "{…}" is never expanded again.
  return (texts ?? template)[lang].replace(placeholderRe, (_match, variable: string) => {
    const value = String(payload[variable]);
    return template.choices?.[variable]?.[value]?.[lang] ?? value;
  });
}

/** The sign an SMS template must start with, or null for in-app notices. */
export function signOf(name: TemplateName): { zh: string; en: string } | null {
  return templates[name].zh.startsWith(smsSign.zh) ? smsSign : null;
}

/** Any `{…}` in a text: used to find placeholders that are not the template's own. */
const braceRe = /\{([^{}]*)\}/g;

/**
 * Problems with an administrator's text for a template in one language: `{…}` that are not the
 * template's variables, and an SMS text that does not start with the carrier's sign. A text may
 * leave variables out (shorter SMS); the console warns about it.
 */
export function checkTemplateText(
  name: TemplateName,
  lang: 'zh' | 'en',
  text: string,
): { unknown: string[]; missingSign: string | null } {
  const known = new Set(templateVariables(name));
  const unknown = [...new Set(Array.from(text.matchAll(braceRe), (m) => m[1] ?? '').filter((v) => !known.has(v)))];
  const sign = signOf(name)?.[lang] ?? null;
  return { unknown, missingSign: sign !== null && !text.startsWith(sign) ? sign : null };
}

/** Example values for previews in the console (no real case or person). */
export const templateSamples: Readonly<Record<'zh' | 'en', Readonly<Record<string, string>>>> = {
  zh: {
    number: 'PS20261126001',
    timeLimit: '3个工作日',
    trackingUrl: 'https://12345.example.gov.cn/portal/t/PS20261126001',
    code: '482913',
    minutes: '5',
    purpose: 'report',
    kind: 'urge',
    reason: '距办理时限不足4小时',
  },
  en: {
    number: 'PS20261126001',
    timeLimit: '3 working days',
    trackingUrl: 'https://12345.example.gov.cn/portal/t/PS20261126001',
    code: '482913',
    minutes: '5',
    purpose: 'report',
    kind: 'urge',
    reason: 'less than 4 hours left',
  },
};
