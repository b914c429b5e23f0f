import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import type { DbOrTrx } from '../../platform/db/connect.js';

/**
 * Chinese full-text search without engine-specific features: jieba cuts the case text into
 * words (search mode: whole words and their parts), each word is a row of case_search_term, and
 * a query matches the cases holding all of its words. Works the same on SQLite and PostgreSQL.
 */
const jieba = Jieba.withDict(dict);
const loadedWords = new Set<string>();

const meaningful = (token: string) => /[\p{Script=Han}\p{L}\p{N}]/u.test(token) && [...token].length >= 2;

/** Teaches the tokenizer the district's own words (unit names, category names and keywords). */
export function addSearchWords(words: Iterable<string>): void {
  const fresh = [...words].map((w) => w.trim()).filter((w) => w.length >= 2 && !/\s/.test(w) && !loadedWords.has(w));
  if (fresh.length === 0) return;
  for (const w of fresh) loadedWords.add(w);
  jieba.loadDict(Buffer.from(fresh.map((w) => `${w} 2000 n`).join('\n')));
}

/** The distinct index terms of a text (lowercased, punctuation and single characters dropped). */
export function indexTerms(text: string): string[] {
  return [
    ...new Set(
      jieba
        .cutForSearch(text, true)
        .map((t) => t.trim().toLowerCase())
        .filter(meaningful),
    ),
  ];
}

/** The words a query must all match; empty when the query has no indexable word. */
export function queryTerms(query: string): string[] {
  const words = jieba
    .cut(query, true)
    .map((t) => t.trim().toLowerCase())
    .filter(meaningful);
  if (words.length > 0) return [...new Set(words)];
  const whole = query.trim().toLowerCase();
  return meaningful(whole) ? [whole] : [];
}

/** Replaces a case's index terms. */
export async function indexCaseText(db: DbOrTrx, caseId: string, text: string): Promise<void> {
  await db.deleteFrom('case_search_term').where('case_id', '=', caseId).execute();
  const terms = indexTerms(text).slice(0, 400);
  for (let i = 0; i < terms.length; i += 200) {
    await db
      .insertInto('case_search_term')
      .values(terms.slice(i, i + 200).map((term) => ({ term, case_id: caseId })))
      .execute();
  }
}

/** Ids of cases whose text holds every word of the query (a subquery for further filters). */
export function casesMatching(db: DbOrTrx, terms: readonly string[]) {
  return db
    .selectFrom('case_search_term')
    .select('case_id')
    .where('term', 'in', [...terms])
    .groupBy('case_id')
    .having((eb) => eb.fn.count('term').distinct(), '=', terms.length);
}
