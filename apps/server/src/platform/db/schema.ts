/**
 * The database's table map. Empty here: each module adds its own tables by declaration
 * merging in its `*.tables.ts`, so the platform knows no domain.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface Database {}
