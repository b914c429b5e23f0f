import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { Table } from './csv.js';

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object') {
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result);
    if ('error' in value) return '';
  }
  return typeof value === 'object' ? '' : String(value);
}

/** Reads the first worksheet of an .xlsx file into a table (first row = headers). */
export async function parseXlsx(buffer: Buffer): Promise<Table> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(buffer as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return { headers: [], rows: [] };
  const headerRow = sheet.getRow(1);
  const headers: string[] = [];
  headerRow.eachCell({ includeEmpty: true }, (cell, col) => {
    headers[col - 1] = cellText(cell.value).trim();
  });
  const rows: Table['rows'] = [];
  sheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    if (rowNumber === 1) return;
    const cells: Record<string, string> = {};
    headers.forEach((h, i) => {
      cells[h] = cellText(row.getCell(i + 1).value);
    });
    if (Object.values(cells).some((v) => v.trim() !== '')) rows.push({ line: rowNumber, cells });
  });
  return { headers, rows };
}

/** Writes one worksheet with a bold, frozen header row. */
export async function toXlsx(
  sheetName: string,
  headers: readonly string[],
  rows: readonly Record<string, string>[],
): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'CityDesk';
  const sheet = workbook.addWorksheet(sheetName, { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = headers.map((h) => ({ header: h, key: h, width: Math.min(60, Math.max(12, h.length + 4)) }));
  sheet.getRow(1).font = { bold: true };
  for (const row of rows) sheet.addRow(headers.map((h) => row[h] ?? ''));
  const out = await workbook.xlsx.writeBuffer();
  return Buffer.from(out);
}

/** True when the bytes start like a ZIP container (what .xlsx files are). */
export function looksLikeXlsx(buffer: Buffer): boolean {
  return buffer.length > 4 && buffer[0] === 0x50 && buffer[1] === 0x4b && buffer[2] === 0x03 && buffer[3] === 0x04;
}

/** One worksheet to stream: a bold, frozen header row, then the rows as text. */
export interface XlsxSheet {
  name: string;
  headers: readonly string[];
  /** Column widths in characters (defaults from the header). */
  widths?: readonly number[];
  rows: Iterable<readonly string[]>;
}

/**
 * Writes a workbook to a stream row by row (ExcelJS's streaming writer), so a large export is
 * never held in memory as a whole workbook. Resolves once the last byte is handed to `out`.
 */
export async function writeXlsxStream(out: Writable, sheets: readonly XlsxSheet[]): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  workbook.creator = 'CityDesk';
  for (const s of sheets) {
    const sheet = workbook.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = s.headers.map((h, i) => ({
      header: h,
      width: s.widths?.[i] ?? Math.min(60, Math.max(12, h.length * 2 + 4)),
    }));
    sheet.getRow(1).font = { bold: true };
    sheet.getRow(1).commit();
    for (const row of s.rows) sheet.addRow([...row]).commit();
    sheet.commit();
  }
  await workbook.commit();
}
