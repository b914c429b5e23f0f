export type { UnitTable } from './org.tables.js';
export { AreaIndex } from './area-index.js';
export { containsPoint, bboxOf } from './geometry.js';
export { unitIdsInScope } from './org.repository.js';
export { isWithin, isRootPath } from './unit-rules.js';
export {
  areaIndexOf,
  resolvePoint,
  lookupPoint,
  getUnit,
  getUnitByCode,
  getUnitRow,
  unitRefsByIds,
  unitPathOf,
  districtCentre,
  hasAnyUnit,
  listUnitViews,
  unitTree,
  createUnit,
  updateUnit,
  importUnits,
  exportUnits,
  areasGeoJson,
  presentUnit,
  type UnitDetail,
  type ImportOutcome,
} from './org.service.js';
export { registerOrgRoutes } from './org.routes.js';
