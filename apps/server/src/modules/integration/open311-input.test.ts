import type { ExtraField } from '@citydesk/shared';
import { describe, expect, it } from 'vitest';
import { answersFor, collectFields, locationOf, open311FieldName } from './open311-input.js';

const fields: ExtraField[] = [
  { code: 'count', label: '数量', type: 'number', required: false },
  {
    code: 'kinds',
    label: '类型',
    type: 'multiple_choice',
    required: false,
    options: [
      { key: 'a', label: 'A' },
      { key: 'b', label: 'B' },
    ],
  },
  { code: 'period', label: '时段', type: 'single_choice', required: true, options: [{ key: 'day', label: '白天' }] },
];

describe('Open311 POST arguments', () => {
  it('treats empty values as absent and collects attribute[code] and attribute[code][] answers in order', () => {
    const { values, attributes } = collectFields([
      ['service_code', '001'],
      ['email', ''],
      ['attribute[kinds][]', 'a'],
      ['attribute[kinds][]', 'b'],
      ['attribute[period]', 'day'],
      ['attribute[empty]', ''],
      ['service_code', 'ignored-second'],
    ]);
    expect([...values]).toEqual([['service_code', '001']]);
    expect([...attributes]).toEqual([
      ['kinds', ['a', 'b']],
      ['period', ['day']],
    ]);
  });

  it('takes lat and long together, else address_string, else address_id, and names every problem', () => {
    expect(
      locationOf(
        new Map([
          ['lat', '22.7'],
          ['long', '114.3'],
        ]),
      ).location,
    ).toEqual({ kind: 'point', lat: 22.7, lon: 114.3 });
    expect(locationOf(new Map([['address_string', '坪山大道']])).location).toEqual({
      kind: 'address',
      address: '坪山大道',
    });
    expect(locationOf(new Map([['address_id', '440310001001001']])).location).toEqual({
      kind: 'area',
      code: '440310001001001',
    });
    expect(
      locationOf(
        new Map([
          ['lat', '91'],
          ['long', 'x'],
        ]),
      ).problems.map((p) => p.field),
    ).toEqual(['lat', 'long']);
    expect(locationOf(new Map([['lat', '22.7']])).problems.map((p) => p.field)).toEqual(['long']);
    expect(locationOf(new Map()).problems.map((p) => p.field)).toEqual(['lat']);
  });

  it('parses answers as the extra fields take them', () => {
    const result = answersFor(
      new Map([
        ['count', ['3']],
        ['kinds', ['a', 'b']],
        ['period', ['day', 'night']],
        ['unknown', ['x']],
      ]),
      fields,
    );
    expect(result.answers).toEqual({ count: 3, kinds: ['a', 'b'], unknown: 'x' });
    expect(result.problems).toEqual([
      { field: 'attribute[period]', reason: expect.stringContaining('one value') as string },
    ]);
    expect(answersFor(new Map([['count', ['three']]]), fields).problems).toEqual([
      { field: 'attribute[count]', reason: 'expected a number' },
    ]);
  });

  it('names intake’s fields by the Open311 arguments', () => {
    expect(open311FieldName('extraAnswers.period')).toBe('attribute[period]');
    expect(open311FieldName('location')).toBe('lat');
    expect(open311FieldName('reporter.phone')).toBe('phone');
    expect(open311FieldName('description')).toBe('description');
  });
});
