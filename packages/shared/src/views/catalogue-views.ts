import type { ExtraField, TimeLimits, WorkflowTemplate } from '../schemas/catalogue.js';
import type { UnitRef } from '../schemas/org.js';

/**
 * What the catalogue API answers (`/api/catalogue/*`), as the server presents it and the front
 * ends read it.
 */

/** Responsible units of an item: the default rule (street null) or one street's rule. */
export interface ResponsibilityView {
  street: UnitRef | null;
  lead: UnitRef;
  coUnits: UnitRef[];
}

/** A level-3 item with everything intake and routing need (`GET /api/catalogue/items/:id`). */
export interface CategoryItemView {
  id: string;
  code: string;
  name: string;
  level: 3;
  parentId: string | null;
  path: { id: string; code: string; name: string }[];
  description: string;
  keywords: string[];
  legalBasis: string;
  workflowTemplate: WorkflowTemplate;
  timeLimits: TimeLimits;
  isUrgent: boolean;
  active: boolean;
  extraFields: ExtraField[];
  responsibilities: ResponsibilityView[];
  createdAt: string;
  updatedAt: string;
}

/** A level-1 or level-2 group. */
export interface CategoryGroupView {
  id: string;
  code: string;
  name: string;
  level: 1 | 2;
  parentId: string | null;
  active: boolean;
}

/** A level-3 item in the tree and in lists. */
export interface CategoryItemSummary {
  id: string;
  code: string;
  name: string;
  level: 3;
  parentId: string | null;
  keywords: string[];
  isUrgent: boolean;
  active: boolean;
  workflowTemplate: WorkflowTemplate;
}

/** `GET /api/catalogue/tree`: groups with their groups and items. */
export interface CatalogueTreeNode extends CategoryGroupView {
  children: (CatalogueTreeNode | CategoryItemSummary)[];
}

/** How a search hit matched: its name, code or a keyword as typed, or their pinyin. */
export type CategoryMatchKind = 'name' | 'code' | 'keyword' | 'pinyin_name' | 'pinyin_keyword';

/** `GET /api/catalogue/items?q=`: an item found by name, code, keyword or pinyin, best first. */
export interface CategorySearchHit extends CategoryItemSummary {
  /** Names of the level-1 and level-2 groups above the item. */
  pathNames: string[];
  matchedBy: CategoryMatchKind;
  /** The keyword that matched, when one did. */
  matchedKeyword: string | null;
}
