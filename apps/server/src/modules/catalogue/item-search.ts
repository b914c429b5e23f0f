import { pinyin } from 'pinyin-pro';

/**
 * Finding catalogue items the way an operator types while the caller talks: by name, code or
 * keyword, and — because typing Chinese is slow — by pinyin initials ("zdjy" → 占道经营) or
 * full pinyin ("zhandao"). Pure: the entries are built once per catalogue version and reused.
 */

export interface SearchableItem {
  id: string;
  code: string;
  name: string;
  keywords: readonly string[];
}

interface Spelling {
  text: string;
  lower: string;
  /** Initials of each syllable ("zdjy"); ASCII runs are kept whole. */
  initials: string;
  /** Syllables run together ("zhandaojingying"). */
  full: string;
}

export interface SearchEntry<T extends SearchableItem> {
  item: T;
  code: string;
  name: Spelling;
  keywords: Spelling[];
}

/** What matched, best first: lower is better. */
export type MatchKind = 'name' | 'code' | 'keyword' | 'pinyin_name' | 'pinyin_keyword';

export interface SearchMatch<T extends SearchableItem> {
  item: T;
  kind: MatchKind;
  /** The keyword that matched (by text or pinyin), for showing why an item came up. */
  keyword: string | null;
}

const asciiOnly = (text: string) => text.toLowerCase().replace(/[^a-z0-9]/g, '');

function spell(text: string): Spelling {
  const options = { toneType: 'none', type: 'array', nonZh: 'consecutive' } as const;
  return {
    text,
    lower: text.toLowerCase(),
    initials: asciiOnly(pinyin(text, { ...options, pattern: 'first' }).join('')),
    full: asciiOnly(pinyin(text, options).join('')),
  };
}

/** Spells every item once (the expensive part: a few milliseconds for the whole catalogue). */
export function buildSearchEntries<T extends SearchableItem>(items: readonly T[]): SearchEntry<T>[] {
  return items.map((item) => ({
    item,
    code: item.code.toLowerCase(),
    name: spell(item.name),
    keywords: item.keywords.map(spell),
  }));
}

/** How well a pinyin query fits a spelling: 0 starts it, 1 is inside it, null not at all. */
function pinyinFit(spelling: Spelling, query: string): 0 | 1 | null {
  if (spelling.initials.startsWith(query) || spelling.full.startsWith(query)) return 0;
  // One letter inside a word matches nearly everything; inside matches need a real fragment.
  if (query.length >= 2 && (spelling.initials.includes(query) || spelling.full.includes(query))) return 1;
  return null;
}

/**
 * The items matching a query, best first (name, code, keyword, then pinyin of the name, then of
 * a keyword; within each, matches at the start first, then by code).
 */
export function matchItems<T extends SearchableItem>(
  entries: readonly SearchEntry<T>[],
  text: string,
  limit: number,
): SearchMatch<T>[] {
  const query = text.trim().toLowerCase();
  if (query === '') return [];
  // Pinyin is tried only for Latin letters (with optional spaces or apostrophes: "zhan dao").
  const pinyinQuery = /^[a-z][a-z\s']*$/.test(query) ? query.replace(/[\s']/g, '') : null;
  const scored: { match: SearchMatch<T>; score: number }[] = [];
  for (const entry of entries) {
    const offers: { score: number; kind: MatchKind; keyword: string | null }[] = [];
    const offer = (score: number, kind: MatchKind, keyword: string | null = null) =>
      offers.push({ score, kind, keyword });
    if (entry.name.lower === query) offer(0, 'name');
    else if (entry.name.lower.startsWith(query)) offer(1, 'name');
    else if (entry.name.lower.includes(query)) offer(2, 'name');
    if (entry.code.startsWith(query)) offer(3, 'code');
    else if (entry.code.includes(query)) offer(4, 'code');
    for (const keyword of entry.keywords) {
      if (keyword.lower.includes(query)) offer(keyword.lower.startsWith(query) ? 5 : 6, 'keyword', keyword.text);
    }
    if (pinyinQuery) {
      const nameFit = pinyinFit(entry.name, pinyinQuery);
      if (nameFit !== null) offer(7 + nameFit * 2, 'pinyin_name');
      for (const keyword of entry.keywords) {
        const fit = pinyinFit(keyword, pinyinQuery);
        if (fit !== null) offer(8 + fit * 2, 'pinyin_keyword', keyword.text);
      }
    }
    const best = offers.reduce<(typeof offers)[number] | null>((a, b) => (a && a.score <= b.score ? a : b), null);
    if (best) scored.push({ match: { item: entry.item, kind: best.kind, keyword: best.keyword }, score: best.score });
  }
  scored.sort((a, b) => a.score - b.score || a.match.item.code.localeCompare(b.match.item.code));
  return scored.slice(0, limit).map((s) => s.match);
}
