import { describe, expect, it } from 'vitest';
import { checkPlacement, childPath, isWithin } from './unit-rules.js';

describe('checkPlacement', () => {
  it('accepts the 数字城管 code chain district → street → community → grid', () => {
    expect(checkPlacement({ code: '440310', type: 'district_centre', hasGeometry: true }, null)).toEqual([]);
    expect(
      checkPlacement(
        { code: '440310001', type: 'street_centre', hasGeometry: false },
        { code: '440310', type: 'district_centre' },
      ),
    ).toEqual([]);
    expect(
      checkPlacement(
        { code: '440310001002', type: 'community', hasGeometry: true },
        { code: '440310001', type: 'street_centre' },
      ),
    ).toEqual([]);
    expect(
      checkPlacement(
        { code: '440310001002003', type: 'grid', hasGeometry: true },
        { code: '440310001002', type: 'community' },
      ),
    ).toEqual([]);
  });

  it('refuses a grid code that is not 15 digits or does not extend its community code', () => {
    expect(
      checkPlacement(
        { code: '44031000100200', type: 'grid', hasGeometry: true },
        { code: '440310001002', type: 'community' },
      ),
    ).toEqual([{ field: 'code', reason: 'a grid code has 15 digits' }]);
    expect(
      checkPlacement(
        { code: '440310001009003', type: 'grid', hasGeometry: true },
        { code: '440310001002', type: 'community' },
      ),
    ).toEqual([{ field: 'code', reason: "code must start with the parent's code 440310001002" }]);
  });

  it('refuses wrong parents and missing polygons', () => {
    expect(
      checkPlacement(
        { code: '440310001002003', type: 'grid', hasGeometry: false },
        { code: '440310001', type: 'street_centre' },
      ),
    ).toEqual([
      { field: 'parentCode', reason: 'a grid must sit under community, not street_centre' },
      { field: 'geometry', reason: 'a grid needs a polygon' },
    ]);
    expect(checkPlacement({ code: 'PS.X', type: 'department', hasGeometry: false }, null)[0]?.field).toBe('parentCode');
    expect(
      checkPlacement(
        { code: '440310', type: 'district_centre', hasGeometry: false },
        { code: 'X', type: 'department' },
      )[0]?.reason,
    ).toMatch(/root/);
  });

  it('lets departments nest and sit under streets', () => {
    expect(
      checkPlacement(
        { code: 'PS.CGJ.ZFDD', type: 'department', hasGeometry: false },
        { code: 'PS.CGJ', type: 'department' },
      ),
    ).toEqual([]);
    expect(
      checkPlacement(
        { code: 'PS.S1.ZF', type: 'department', hasGeometry: false },
        { code: '440310001', type: 'street_centre' },
      ),
    ).toEqual([]);
  });
});

describe('paths', () => {
  it('nest child paths and test subtree membership by prefix', () => {
    const root = childPath(null, 'a');
    const child = childPath(root, 'b');
    expect(root).toBe('/a/');
    expect(child).toBe('/a/b/');
    expect(isWithin(child, root)).toBe(true);
    expect(isWithin(root, child)).toBe(false);
    expect(isWithin('/a/bc/', '/a/b/')).toBe(false);
    expect(isWithin(child, null)).toBe(false);
  });
});
