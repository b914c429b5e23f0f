import { describe, expect, it } from 'vitest';
import { parseCsv, toCsv } from '../../platform/files/csv.js';
import { catalogueColumns, catalogueFromTable, formatStreetRules, parseStreetRules } from './catalogue-file.js';
import { formatTimeLimitText, parseTimeLimitText } from './time-limit-text.js';

const goodRow = {
  level1_code: 'X1',
  level1_name: '城市管理',
  level2_code: 'X101',
  level2_name: '市容环境',
  code: 'X101001',
  name: '占道经营',
  keywords: '占道;乱摆卖、流动摊贩',
  lead_unit: 'PS.CGJ',
  co_units: 'PS.CGJ.ZFDD',
  street_rules: '440310001:440310001+PS.CGJ',
  workflow: 'general',
  limit_consultation: '1wd',
  limit_suggestion: '3个工作日',
  limit_complaint: '2 小时',
  limit_report: '24h',
  limit_help: '1wd',
  limit_praise: '3wd',
  limit_other: '5wd',
  urgent: '否',
  active: 'true',
};

describe('time limit text', () => {
  it('reads working days and hours in English and Chinese and writes them back', () => {
    expect(parseTimeLimitText('3wd')).toEqual({ workingDays: 3 });
    expect(parseTimeLimitText('3 个工作日')).toEqual({ workingDays: 3 });
    expect(parseTimeLimitText('24h')).toEqual({ hours: 24 });
    expect(parseTimeLimitText('0.5小时')).toEqual({ hours: 0.5 });
    expect(parseTimeLimitText('three days')).toBeNull();
    expect(formatTimeLimitText({ workingDays: 7 })).toBe('7wd');
    expect(formatTimeLimitText({ hours: 2 })).toBe('2h');
  });
});

describe('street rules', () => {
  it('parse street:lead+co;… and format back', () => {
    const { rules, error } = parseStreetRules('440310001:440310001+PS.CGJ；440310002:440310002');
    expect(error).toBeNull();
    expect(rules).toEqual([
      { streetCode: '440310001', leadUnitCode: '440310001', coUnitCodes: ['PS.CGJ'] },
      { streetCode: '440310002', leadUnitCode: '440310002', coUnitCodes: [] },
    ]);
    expect(formatStreetRules(rules)).toBe('440310001:440310001+PS.CGJ;440310002:440310002');
    expect(parseStreetRules('440310001').error).toMatch(/street:lead/);
  });
});

describe('catalogueFromTable', () => {
  it('reads a good row into an item with default and street responsibilities', () => {
    const parsed = catalogueFromTable(parseCsv(toCsv(catalogueColumns, [goodRow])));
    expect(parsed.issues).toEqual([]);
    expect(parsed.groups.map((g) => [g.code, g.level])).toEqual([
      ['X1', 1],
      ['X101', 2],
    ]);
    expect(parsed.items[0]?.input).toMatchObject({
      code: 'X101001',
      keywords: ['占道', '乱摆卖', '流动摊贩'],
      timeLimits: { complaint: { hours: 2 }, suggestion: { workingDays: 3 } },
      isUrgent: false,
      responsibilities: [
        { streetCode: null, leadUnitCode: 'PS.CGJ', coUnitCodes: ['PS.CGJ.ZFDD'] },
        { streetCode: '440310001', leadUnitCode: '440310001', coUnitCodes: ['PS.CGJ'] },
      ],
    });
  });

  it('names the line and column of every bad cell', () => {
    const rows = [
      goodRow,
      { ...goodRow, code: 'X101002', limit_complaint: 'soon' },
      { ...goodRow, code: 'X101003', level1_name: '另一个名字', urgent: 'perhaps' },
      { ...goodRow, code: 'X101004', workflow: 'fancy', extra_fields: '[{"code":"n","label":"数量","type":"number"}' },
      { ...goodRow, code: 'X101001' },
      { ...goodRow, code: 'X101', name: '与分组同码' },
      { ...goodRow, code: 'X101007', lead_unit: '' },
    ];
    const parsed = catalogueFromTable(parseCsv(toCsv(catalogueColumns, rows)));
    const issues = parsed.issues.map((i) => `${i.line}:${i.field}`);
    expect(issues).toEqual(
      expect.arrayContaining([
        '3:limit_complaint',
        '4:level1_name',
        '4:urgent',
        '5:extra_fields',
        '6:code',
        '7:code',
        '8:lead_unit',
      ]),
    );
  });

  it('reports missing columns', () => {
    const parsed = catalogueFromTable(parseCsv('code,name\nX,Y\n'));
    expect(parsed.issues.map((i) => i.field)).toContain('lead_unit');
  });
});
