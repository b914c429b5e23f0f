/** Reads a yes/no cell the way people type it in spreadsheets; undefined when empty. */
export function parseBooleanCell(value: string | undefined): boolean | undefined | 'invalid' {
  const v = (value ?? '').trim().toLowerCase();
  if (v === '') return undefined;
  if (['true', '1', 'yes', 'y', '是', '启用'].includes(v)) return true;
  if (['false', '0', 'no', 'n', '否', '停用'].includes(v)) return false;
  return 'invalid';
}

/** An optional text cell: empty → null. */
export function optionalCell(value: string | undefined): string | null {
  const v = (value ?? '').trim();
  return v === '' ? null : v;
}

/** Splits a list cell on ; ； , ， 、 or | and drops empties. */
export function listCell(value: string | undefined): string[] {
  return (value ?? '')
    .split(/[;；,，、|]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}
