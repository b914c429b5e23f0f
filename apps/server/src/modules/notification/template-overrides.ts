import type { MessageTemplateInput, MessageTemplateView } from '@citydesk/shared';
import { toDbTime } from '../../platform/clock.js';
import type { UseCaseContext } from '../../platform/context.js';
import type { Db } from '../../platform/db/connect.js';
import { AppError } from '../../platform/errors.js';
import { recordAudit } from '../audit/index.js';
import {
  deleteTemplateOverride,
  findTemplateOverride,
  listTemplateOverrides,
  upsertTemplateOverride,
} from './notification.repository.js';
import type { MessageTemplateTable } from './notification.tables.js';
import {
  checkTemplateText,
  isTemplateName,
  signOf,
  templateNames,
  templateSamples,
  templates,
  templateVariables,
  type TemplateName,
} from './templates.js';

export type TemplateTexts = ReadonlyMap<TemplateName, { zh: string; en: string }>;

/**
 * The delivery worker renders every message with these, so they come from memory. A change in
 * this process replaces them at once; another process's change is seen after at most this long.
 */
const cacheTtlMs = 5_000;
const cache = new WeakMap<object, { texts: TemplateTexts; loadedAt: number }>();

function textsFrom(rows: readonly MessageTemplateTable[]): TemplateTexts {
  const texts = new Map<TemplateName, { zh: string; en: string }>();
  for (const row of rows) if (isTemplateName(row.name)) texts.set(row.name, { zh: row.text_zh, en: row.text_en });
  return texts;
}

/** Administrators' texts by template (templates without one use the shipped text). */
export async function templateTextsOf(db: Db): Promise<TemplateTexts> {
  const hit = cache.get(db);
  if (hit && Date.now() - hit.loadedAt < cacheTtlMs) return hit.texts;
  const texts = textsFrom(await listTemplateOverrides(db));
  cache.set(db, { texts, loadedAt: Date.now() });
  return texts;
}

function viewOf(name: TemplateName, row: MessageTemplateTable | undefined): MessageTemplateView {
  const template = templates[name];
  const defaults = { zh: template.zh, en: template.en };
  const override = row ? { zh: row.text_zh, en: row.text_en } : null;
  return {
    key: name,
    variables: templateVariables(name),
    choices: Object.fromEntries(
      Object.entries(template.choices ?? {}).map(([variable, options]) => [variable, { ...options }]),
    ),
    defaults,
    override,
    effective: override ?? defaults,
    sample: Object.fromEntries(
      templateVariables(name).map((v) => [v, { zh: templateSamples.zh[v] ?? v, en: templateSamples.en[v] ?? v }]),
    ),
    sign: signOf(name),
    updatedAt: row?.updated_at ?? null,
    updatedBy: row?.updated_by ?? null,
  };
}

/** Every template with its shipped and current text, variables and preview values. */
export async function listMessageTemplates(db: Db): Promise<MessageTemplateView[]> {
  const rows = new Map((await listTemplateOverrides(db)).map((r) => [r.name, r]));
  return templateNames.map((name) => viewOf(name, rows.get(name)));
}

function templateNameOf(key: string): TemplateName {
  if (!isTemplateName(key)) throw new AppError('NOT_FOUND', { template: key });
  return key;
}

/**
 * Replaces a template's text in both languages. Refused when a text uses a `{placeholder}` the
 * template does not have, or an SMS text drops the carrier's sign.
 */
export async function setMessageTemplate(
  db: Db,
  ctx: UseCaseContext,
  key: string,
  input: MessageTemplateInput,
): Promise<MessageTemplateView> {
  const name = templateNameOf(key);
  const fields: { field: string; reason: string }[] = [];
  const unknown = new Set<string>();
  let sign: string | null = null;
  for (const lang of ['zh', 'en'] as const) {
    const check = checkTemplateText(name, lang, input[lang]);
    for (const u of check.unknown) unknown.add(u);
    if (check.unknown.length > 0) {
      fields.push({ field: lang, reason: `unknown placeholders: ${check.unknown.map((u) => `{${u}}`).join(', ')}` });
    }
    if (check.missingSign) {
      sign = check.missingSign;
      fields.push({ field: lang, reason: `must start with the SMS sign ${check.missingSign}` });
    }
  }
  if (fields.length > 0) {
    throw new AppError('TEMPLATE_INVALID', {
      fields,
      unknown: [...unknown],
      allowed: templateVariables(name),
      ...(sign ? { sign } : {}),
    });
  }
  const now = toDbTime(ctx.clock.now());
  const row = await db.transaction().execute(async (trx) => {
    const before = await findTemplateOverride(trx, name);
    const next: MessageTemplateTable = {
      name,
      text_zh: input.zh,
      text_en: input.en,
      updated_at: now,
      updated_by: ctx.actor.username,
    };
    await upsertTemplateOverride(trx, next);
    await recordAudit(trx, ctx, {
      action: 'message_template.updated',
      subjectType: 'message_template',
      subjectId: name,
      before: before ? { zh: before.text_zh, en: before.text_en } : { zh: templates[name].zh, en: templates[name].en },
      after: { zh: input.zh, en: input.en },
    });
    return next;
  });
  cache.delete(db);
  return viewOf(name, row);
}

/** Goes back to the shipped text (nothing happens, and nothing is logged, if it was not changed). */
export async function resetMessageTemplate(db: Db, ctx: UseCaseContext, key: string): Promise<MessageTemplateView> {
  const name = templateNameOf(key);
  await db.transaction().execute(async (trx) => {
    const before = await findTemplateOverride(trx, name);
    if (!before || !(await deleteTemplateOverride(trx, name))) return;
    await recordAudit(trx, ctx, {
      action: 'message_template.reset',
      subjectType: 'message_template',
      subjectId: name,
      before: { zh: before.text_zh, en: before.text_en },
      after: { zh: templates[name].zh, en: templates[name].en },
    });
  });
  cache.delete(db);
  return viewOf(name, undefined);
}
