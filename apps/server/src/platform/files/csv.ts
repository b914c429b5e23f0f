/** One parsed data row: header → cell text, with the 1-based line number in the file. */
export interface TableRow {
  line: number;
  cells: Record<string, string>;
}

export interface Table {
  headers: string[];
  rows: TableRow[];
}

/**
 * Parses RFC 4180 CSV (quoted fields, doubled quotes, CRLF or LF, optional UTF-8 BOM).
 * Row `line` is the file line where the record starts, so errors can point at it.
 */
export function parseCsv(text: string): Table {
  const input = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const records: { line: number; fields: string[] }[] = [];
  let fields: string[] = [];
  let field = '';
  let inQuotes = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  for (let i = 0; i < input.length; i++) {
    const ch = input[i];
    if (inQuotes) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          field += '"';
          i++;
        } else inQuotes = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      inQuotes = true;
      fieldStarted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && input[i + 1] === '\n') i++;
      fields.push(field);
      records.push({ line: recordLine, fields });
      fields = [];
      field = '';
      fieldStarted = false;
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (field !== '' || fields.length > 0) {
    fields.push(field);
    records.push({ line: recordLine, fields });
  }
  const nonEmpty = records.filter((r) => r.fields.some((f) => f.trim() !== ''));
  const [head, ...body] = nonEmpty;
  if (!head) return { headers: [], rows: [] };
  const headers = head.fields.map((h) => h.trim());
  return {
    headers,
    rows: body.map((r) => ({
      line: r.line,
      cells: Object.fromEntries(headers.map((h, i) => [h, r.fields[i] ?? ''])),
    })),
  };
}

function quote(value: string): string {
  return /[",\r\n]/.test(value) || /^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** Writes CSV with a header row, CRLF line ends and a BOM so Excel opens UTF-8 correctly. */
export function toCsv(headers: readonly string[], rows: readonly Record<string, string>[]): string {
  const lines = [headers.map(quote).join(',')];
  for (const row of rows) lines.push(headers.map((h) => quote(row[h] ?? '')).join(','));
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
