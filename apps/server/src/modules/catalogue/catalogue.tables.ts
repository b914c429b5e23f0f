export interface CategoryTable {
  id: string;
  code: string;
  parent_id: string | null;
  /** 1 and 2 are groups; 3 is an item cases are classified into. */
  level: number;
  name: string;
  description: string;
  /** JSON array of strings. */
  keywords: string;
  legal_basis: string;
  workflow_template: string | null;
  /** JSON object: request type → { hours } | { workingDays } (items only). */
  time_limits: string | null;
  is_urgent: number;
  active: number;
  /** JSON array of extra fields asked of the reporter. */
  extra_fields: string;
  sort_order: number;
  created_at: string;
  updated_at: string;
}

export interface CategoryUnitTable {
  id: string;
  category_id: string;
  /** null: the default rule; a street centre's id: the rule for cases in that street. */
  street_unit_id: string | null;
  unit_id: string;
  role: 'lead' | 'co';
  position: number;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    category: CategoryTable;
    category_unit: CategoryUnitTable;
  }
}
