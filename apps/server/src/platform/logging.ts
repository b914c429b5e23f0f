import type { FastifyServerOptions } from 'fastify';
import type { DestinationStream, LoggerOptions } from 'pino';

const mobileRe = /(?<!\d)(1[3-9]\d)\d{4}(\d{4})(?!\d)/g;
const idCardRe = /(?<![0-9A-Za-z])(\d{6})\d{8}(\d{3}[\dXx])(?![0-9A-Za-z])/g;
const landlineRe = /(?<!\d)(0\d{2,3}-?)\d{3,4}(\d{4})(?!\d)/g;

/** Masks mainland mobile numbers, landlines and ID-card numbers inside free text. */
export function maskPersonalData(text: string): string {
  return text
    .replace(idCardRe, (_m, head: string, tail: string) => `${head}********${tail}`)
    .replace(mobileRe, (_m, head: string, tail: string) => `${head}****${tail}`)
    .replace(landlineRe, (_m, head: string, tail: string) => `${head}****${tail}`);
}

/** Masks one phone number for display: 13812345678 → 138****5678. */
export function maskPhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  return maskPersonalData(phone);
}

const redactPaths = [
  'req.headers.cookie',
  'req.headers.authorization',
  'res.headers["set-cookie"]',
  '*.password',
  '*.newPassword',
  '*.currentPassword',
  '*.passwordHash',
  '*.phone',
  '*.idNumber',
];

/** pino options shared by the server and the CLI: JSON lines, personal data masked. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'citydesk' },
    timestamp: () => `,"time":"${new Date().toISOString()}"`,
    redact: {
      paths: redactPaths,
      censor: (value: unknown, path: string[]) => {
        const key = path[path.length - 1] ?? '';
        if (typeof value === 'string' && /phone|idNumber/i.test(key)) return maskPersonalData(value);
        return '[redacted]';
      },
    },
    serializers: {
      req: (req: { method: string; url: string; id: string; ip?: string }) => ({
        method: req.method,
        url: maskPersonalData(req.url),
        requestId: req.id,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: string }) => ({
        type: err.name,
        code: err.code,
        message: maskPersonalData(err.message),
        stack: err.stack ? maskPersonalData(err.stack) : undefined,
      }),
    },
  };
}

/** Fastify logger settings; a destination stream may be given (tests capture logs). */
export function fastifyLoggerOptions(level: string, stream?: DestinationStream): FastifyServerOptions['logger'] {
  const options = loggerOptions(level);
  return stream ? { ...options, stream } : options;
}
