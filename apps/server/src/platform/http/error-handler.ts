import { errorMessage, type ErrorCode, type ErrorEnvelope } from '@citydesk/shared';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ZodError } from 'zod';
import { AppError, fieldIssues } from '../errors.js';
import { negotiateLocale } from './locale.js';

interface DriverError {
  code?: string | number;
  constraint?: string;
  detail?: string;
}

/** Maps framework and database-driver errors onto the error catalogue. */
export function toAppError(error: unknown): AppError | null {
  if (error instanceof AppError) return error;
  if (error instanceof ZodError) return new AppError('VALIDATION_FAILED', { fields: fieldIssues(error) });
  const fe = error as FastifyError & DriverError;
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return new AppError('UNSUPPORTED_MEDIA_TYPE');
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return new AppError('PAYLOAD_TOO_LARGE');
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError('MALFORMED_REQUEST');
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
    case '23505':
      return new AppError('CONFLICT', { constraint: fe.constraint ?? null });
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
    case '23503':
      return new AppError('CONFLICT', { reason: 'referenced record missing or still in use' });
    default:
      break;
  }
  if (fe instanceof SyntaxError || fe.statusCode === 400) return new AppError('MALFORMED_REQUEST');
  return null;
}

/** Sends the error envelope; localises the message by Accept-Language. */
export function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  code: ErrorCode,
  status: number,
  details: Record<string, unknown> = {},
): FastifyReply {
  const body: ErrorEnvelope = {
    error: { code, message: errorMessage(code, negotiateLocale(request.headers['accept-language'])), details },
  };
  return reply.status(status).type('application/json; charset=utf-8').send(body);
}

/** Installs the one error handler: known errors become envelopes, the rest a bare 500. */
export function installErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => {
    const known = toAppError(error);
    if (known) {
      if (known.status >= 500) request.log.error({ err: error }, 'request failed');
      else request.log.info({ code: known.code }, 'request refused');
      return sendError(request, reply, known.code, known.status, known.details);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(request, reply, 'INTERNAL', 500, { requestId: request.id });
  });
}
