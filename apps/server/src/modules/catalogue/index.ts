export type { CategoryTable, CategoryUnitTable } from './catalogue.tables.js';
export { catalogueColumns } from './catalogue-file.js';
export { parseTimeLimitText, formatTimeLimitText } from './time-limit-text.js';
export {
  catalogueTree,
  publicCatalogue,
  getCategoryItem,
  getCategoryItemByCode,
  listActiveItemViews,
  searchCategoryItems,
  createCategoryItem,
  updateCategoryItem,
  saveCategoryGroup,
  importCatalogue,
  exportCatalogue,
  countCategoryItems,
  categoryNamesByIds,
  categoryHistory,
  type CategoryItemView,
  type CatalogueTreeNode,
  type CatalogueImportOutcome,
} from './catalogue.service.js';
export { registerCatalogueRoutes } from './catalogue.routes.js';
