import { describe, expect, it } from 'vitest';
import { buildSearchEntries, matchItems } from './item-search.js';

const items = [
  { id: '1', code: '0102001', name: '城管执法', keywords: ['占道经营', '乱摆卖'] },
  { id: '2', code: '0102002', name: '环境卫生', keywords: ['暴露垃圾'] },
  { id: '3', code: '0301001', name: '噪音污染', keywords: ['施工噪音', '扰民'] },
  { id: '4', code: '0401001', name: '占用绿地', keywords: [] },
];
const entries = buildSearchEntries(items);
const names = (q: string) => matchItems(entries, q, 10).map((m) => m.item.name);

describe('catalogue item matching', () => {
  it('finds an item by the pinyin initials of a keyword and says which keyword matched', () => {
    expect(matchItems(entries, 'zdjy', 10)).toEqual([{ item: items[0], kind: 'pinyin_keyword', keyword: '占道经营' }]);
  });

  it('finds items by initials and full pinyin of the name, ignoring case and spaces', () => {
    expect(names('HJWS')).toEqual(['环境卫生']);
    expect(names('zao yin')).toEqual(['噪音污染']);
    expect(names('zhanyong')).toEqual(['占用绿地']);
  });

  it('puts name matches before keyword matches and keyword matches before pinyin', () => {
    expect(names('噪音')).toEqual(['噪音污染']);
    expect(matchItems(entries, '扰民', 10)[0]).toMatchObject({ kind: 'keyword', keyword: '扰民' });
    // Equal fits (both names start with "zy") are ordered by code.
    expect(names('zy')).toEqual(['噪音污染', '占用绿地']);
  });

  it('matches codes and refuses one-letter fragments inside words', () => {
    expect(names('0301')).toEqual(['噪音污染']);
    expect(names('y')).toEqual([]);
    expect(names('')).toEqual([]);
  });

  it('keeps to the limit', () => {
    expect(matchItems(entries, '0', 2)).toHaveLength(2);
  });
});
