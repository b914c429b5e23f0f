import { errorCatalogue, type ErrorCode, type FieldIssue, type RowIssue } from '@citydesk/shared';
import type { z } from 'zod';

/** The one error type use cases throw; the HTTP layer turns it into the error envelope. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: ErrorCode,
    readonly details: Record<string, unknown> = {},
    message?: string,
  ) {
    super(message ?? errorCatalogue[code].en);
    this.name = 'AppError';
    this.status = errorCatalogue[code].status;
  }
}

/** Turns zod issues into `details.fields` entries naming every bad field. */
export function fieldIssues(error: z.ZodError, prefix = ''): FieldIssue[] {
  return error.issues.map((issue) => ({
    field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(root)',
    reason: issue.message,
  }));
}

/** Parses input with a schema or throws VALIDATION_FAILED listing every bad field. */
export function parseInput<T extends z.ZodType>(schema: T, input: unknown, prefix = ''): z.infer<T> {
  const result = schema.safeParse(input);
  if (!result.success) {
    throw new AppError('VALIDATION_FAILED', { fields: fieldIssues(result.error, prefix) });
  }
  return result.data;
}

/** Rejects a whole import, listing every bad row. */
export function importRejected(rows: RowIssue[]): AppError {
  return new AppError('IMPORT_REJECTED', { rows, count: rows.length });
}
