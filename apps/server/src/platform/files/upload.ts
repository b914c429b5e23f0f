import { AppError } from '../errors.js';
import { parseCsv, type Table } from './csv.js';
import { looksLikeXlsx, parseXlsx } from './xlsx.js';

export type TabularFormat = 'csv' | 'xlsx';

/** Reads an uploaded CSV or Excel file into a table; the format is detected from the bytes. */
export async function readTabularUpload(body: Buffer): Promise<{ format: TabularFormat; table: Table }> {
  if (looksLikeXlsx(body)) {
    try {
      return { format: 'xlsx', table: await parseXlsx(body) };
    } catch {
      throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'not a readable .xlsx workbook' });
    }
  }
  const text = body.toString('utf8');
  if (text.includes('\u0000')) {
    throw new AppError('UNSUPPORTED_MEDIA_TYPE', { reason: 'expected CSV (UTF-8) or .xlsx' });
  }
  return { format: 'csv', table: parseCsv(text) };
}
