import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { seedDataPath } from '../../platform/paths.js';
import { quickEventFileSchema, resolveQuickEvents, type MatchableItem } from './quick-events.js';

const facility = {
  code: 'facility',
  label: '设施类型',
  type: 'single_choice' as const,
  required: true,
  options: [
    { key: 'manhole', label: '井盖' },
    { key: 'road', label: '道路' },
  ],
};

const items: MatchableItem[] = [
  {
    id: 'i-sanitation',
    code: '010112',
    name: '环境卫生',
    pathNames: ['城乡建设', '城市建设和市政管理'],
    keywords: ['暴露垃圾'],
    extraFields: [],
  },
  {
    id: 'i-other',
    code: '010199',
    name: '其他',
    pathNames: ['城乡建设', '城市建设和市政管理'],
    keywords: [],
    extraFields: [],
  },
  {
    id: 'i-infra',
    code: '010111',
    name: '基础设施',
    pathNames: ['城乡建设', '城市建设和市政管理'],
    keywords: ['井盖缺损'],
    extraFields: [facility],
  },
];

const event = (match: Record<string, string[]>, extraAnswers: Record<string, string> = {}) => ({
  key: 'e',
  name: '事件',
  nameEn: 'Event',
  kind: 'event' as const,
  requestType: 'report' as const,
  match: { codes: [], paths: [], keywords: [], ...match },
  extraAnswers,
});

describe('grid quick events', () => {
  it('find their item by code, then by full name path, then by keyword', () => {
    const [byCode, byPath, byKeyword] = resolveQuickEvents(
      [
        event({ codes: ['010199'], paths: ['城乡建设/城市建设和市政管理/环境卫生'] }),
        event({ paths: ['城乡建设/城市建设和市政管理/环境卫生'], keywords: ['井盖缺损'] }),
        event({ paths: ['不存在/的/路径'], keywords: ['井盖缺损'] }),
      ],
      items,
    );
    expect([byCode?.categoryId, byPath?.categoryId, byKeyword?.categoryId]).toEqual([
      'i-other',
      'i-sanitation',
      'i-infra',
    ]);
  });

  it('have no category rather than an invented one when nothing matches', () => {
    const [none] = resolveQuickEvents([event({ codes: ['999'], paths: ['x/y/z'], keywords: ['无'] })], items);
    expect(none?.categoryId).toBeNull();
    expect(none?.extraAnswers).toEqual({});
  });

  it('keep only the preset answers the matched item asks, with values it accepts', () => {
    const [fits, wrongValue, notAsked] = resolveQuickEvents(
      [
        event({ keywords: ['井盖缺损'] }, { facility: 'manhole', colour: 'red' }),
        event({ keywords: ['井盖缺损'] }, { facility: 'bridge' }),
        event({ keywords: ['暴露垃圾'] }, { facility: 'manhole' }),
      ],
      items,
    );
    expect(fits?.extraAnswers).toEqual({ facility: 'manhole' });
    expect(wrongValue?.extraAnswers).toEqual({});
    expect(notAsked?.extraAnswers).toEqual({});
  });

  it('ship 10–16 well-formed events with unique keys', () => {
    const file = quickEventFileSchema.parse(
      JSON.parse(fs.readFileSync(seedDataPath('grid-quick-events.json'), 'utf8')),
    );
    expect(file.events.length).toBeGreaterThanOrEqual(10);
    expect(file.events.length).toBeLessThanOrEqual(16);
    expect(new Set(file.events.map((e) => e.key)).size).toBe(file.events.length);
    expect(file.events.map((e) => e.name)).toEqual(
      expect.arrayContaining(['暴露垃圾', '占道经营', '井盖缺损', '违规广告']),
    );
  });
});
