import { requestTypes, type ExtraField, type GridQuickEvent } from '@citydesk/shared';
import { z } from 'zod';

/**
 * The grid app's one-tap events (seed-data/grid-quick-events.json) and how each finds its
 * catalogue item. Pure: the service loads the file and the catalogue.
 */

const answerValue = z.union([z.string(), z.number(), z.array(z.string())]);

export const quickEventFileSchema = z.object({
  events: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z][a-z0-9_]*$/),
        name: z.string().min(1).max(20),
        nameEn: z.string().min(1).max(60),
        kind: z.enum(['event', 'component']),
        requestType: z.enum(requestTypes),
        match: z.object({
          codes: z.array(z.string().min(1)).default([]),
          /** Full name paths "level 1/level 2/level 3": names repeat across groups ("其他"). */
          paths: z.array(z.string().min(1)).default([]),
          keywords: z.array(z.string().min(1)).default([]),
        }),
        extraAnswers: z.record(z.string(), answerValue).default({}),
      }),
    )
    .min(1),
});
export type QuickEventDefinition = z.infer<typeof quickEventFileSchema>['events'][number];

/** What the matcher needs of an active level-3 item. */
export interface MatchableItem {
  id: string;
  code: string;
  name: string;
  pathNames: readonly string[];
  keywords: readonly string[];
  extraFields: readonly ExtraField[];
}

/** The item an event stands for: by code, then by full name path, then by keyword; null when none. */
export function matchItem(event: QuickEventDefinition, items: readonly MatchableItem[]): MatchableItem | null {
  for (const code of event.match.codes) {
    const hit = items.find((i) => i.code === code);
    if (hit) return hit;
  }
  for (const path of event.match.paths) {
    const hit = items.find((i) => [...i.pathNames, i.name].join('/') === path);
    if (hit) return hit;
  }
  for (const keyword of event.match.keywords) {
    const hit = items.find((i) => i.keywords.includes(keyword));
    if (hit) return hit;
  }
  return null;
}

/** Keeps the preset answers the item actually asks, with values it accepts. */
function answersFor(
  preset: QuickEventDefinition['extraAnswers'],
  item: MatchableItem | null,
): GridQuickEvent['extraAnswers'] {
  if (!item) return {};
  const kept: GridQuickEvent['extraAnswers'] = {};
  for (const [code, value] of Object.entries(preset)) {
    const field = item.extraFields.find((f) => f.code === code);
    if (!field) continue;
    const options = new Set((field.options ?? []).map((o) => o.key));
    const fits =
      field.type === 'single_choice'
        ? typeof value === 'string' && options.has(value)
        : field.type === 'multiple_choice'
          ? Array.isArray(value) && value.every((v) => options.has(v))
          : true;
    if (fits) kept[code] = value;
  }
  return kept;
}

/** The events as the app shows them, each with its catalogue item (never an invented id). */
export function resolveQuickEvents(
  events: readonly QuickEventDefinition[],
  items: readonly MatchableItem[],
): GridQuickEvent[] {
  return events.map((event) => {
    const item = matchItem(event, items);
    return {
      key: event.key,
      name: event.name,
      nameEn: event.nameEn,
      kind: event.kind,
      categoryId: item?.id ?? null,
      requestType: event.requestType,
      extraAnswers: answersFor(event.extraAnswers, item),
    };
  });
}
