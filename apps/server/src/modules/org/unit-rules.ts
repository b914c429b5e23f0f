import {
  communityCodePattern,
  districtCodePattern,
  gridCodePattern,
  streetCodePattern,
  type UnitType,
} from '@citydesk/shared';

/** Which unit types may sit directly under which: the shape of the organisation tree. */
export const allowedParentTypes: Record<UnitType, readonly UnitType[]> = {
  district_centre: [],
  street_centre: ['district_centre'],
  department: ['district_centre', 'street_centre', 'department'],
  community: ['street_centre'],
  grid: ['community'],
  external: ['district_centre'],
};

/** Types whose code is a division/grid code that extends the parent's code. */
const codePatterns: Partial<Record<UnitType, { pattern: RegExp; digits: number }>> = {
  district_centre: { pattern: districtCodePattern, digits: 6 },
  street_centre: { pattern: streetCodePattern, digits: 9 },
  community: { pattern: communityCodePattern, digits: 12 },
  grid: { pattern: gridCodePattern, digits: 15 },
};

export const areaRequiredTypes: readonly UnitType[] = ['community', 'grid'];

export interface PlacementIssue {
  field: string;
  reason: string;
}

/**
 * Checks a unit against its parent: parent type, the code scheme of 数字城管 (district 6 →
 * street 9 → community 12 → grid 15 digits, each extending its parent's), required polygons.
 */
export function checkPlacement(
  unit: { code: string; type: UnitType; hasGeometry: boolean },
  parent: { code: string; type: UnitType } | null,
): PlacementIssue[] {
  const issues: PlacementIssue[] = [];
  const allowed = allowedParentTypes[unit.type];
  if (parent === null) {
    if (allowed.length > 0) {
      issues.push({ field: 'parentCode', reason: `a ${unit.type} needs a parent (${allowed.join(' or ')})` });
    }
  } else if (!allowed.includes(parent.type)) {
    issues.push({
      field: 'parentCode',
      reason:
        allowed.length === 0
          ? `a ${unit.type} is the root and has no parent`
          : `a ${unit.type} must sit under ${allowed.join(' or ')}, not ${parent.type}`,
    });
  }
  const scheme = codePatterns[unit.type];
  if (scheme) {
    if (!scheme.pattern.test(unit.code)) {
      issues.push({ field: 'code', reason: `a ${unit.type} code has ${scheme.digits} digits` });
    } else if (parent && codePatterns[parent.type] && !unit.code.startsWith(parent.code)) {
      issues.push({ field: 'code', reason: `code must start with the parent's code ${parent.code}` });
    }
  }
  if (areaRequiredTypes.includes(unit.type) && !unit.hasGeometry) {
    issues.push({ field: 'geometry', reason: `a ${unit.type} needs a polygon` });
  }
  return issues;
}

/** The path of a child under a parent path. */
export function childPath(parentPath: string | null, id: string): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** Whether a path is the root's (the district centre's scope covers every unit). */
export function isRootPath(path: string): boolean {
  return path.split('/').filter(Boolean).length === 1;
}

/** Whether a unit (by path) lies in the subtree rooted at `scopePath` (inclusive). */
export function isWithin(path: string, scopePath: string | null): boolean {
  return scopePath !== null && path.startsWith(scopePath);
}
