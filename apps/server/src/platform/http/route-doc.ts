import type { Permission } from '@citydesk/shared';
import type { preHandlerAsyncHookHandler } from 'fastify';
import type { ZodType } from 'zod';
import { requireAnyPermission, requirePermission } from './guard.js';

/**
 * What a route says about itself for the API description (`/api/openapi.json`). The schemas are
 * the very zod objects the handler parses its input with (`parseInput(doc.body, request.body)`),
 * so the description cannot drift from what the route accepts.
 */
export interface RouteDoc {
  summary: string;
  description?: string;
  /** The group in the description (a module's name). */
  tag: string;
  /**
   * Who may call it: permissions (all required), any one of some permissions, `session` (any
   * signed-in staff member or API client), `citizen` (the portal's verified-phone session or a
   * case's own identity) or `public`.
   */
  access: readonly Permission[] | { anyOf: readonly Permission[] } | 'session' | 'citizen' | 'public';
  body?: ZodType;
  query?: ZodType;
  params?: ZodType;
  /** What the body is when it is not JSON: an uploaded file, a form. */
  bodyKind?: 'json' | 'binary' | 'form' | 'multipart';
  /** Media types of a successful answer other than JSON (an Excel file, an event stream, XML). */
  produces?: readonly string[];
  /** The success status (200 unless said). */
  status?: number;
  /** What a successful answer holds, in words (answer shapes are TypeScript views, not schemas). */
  returns?: string;
  /** The route honours an Idempotency-Key header. */
  idempotent?: boolean;
  /**
   * One route standing for several operations by a path parameter (`/actions/:action`): the
   * description lists each value as its own path with its own input and permissions.
   */
  variants?: {
    param: string;
    values: Record<string, { summary: string; body?: ZodType; access?: RouteDoc['access'] }>;
  };
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route's own description for the OpenAPI document. */
    doc?: RouteDoc;
  }
}

/** Declares a route's description (identity; gives the object its type). */
export function routeDoc<T extends RouteDoc>(doc: T): T {
  return doc;
}

/**
 * Route options from a description: the description itself and, for permission-guarded routes,
 * the preHandler enforcing those permissions — one declaration serves the check and the document.
 */
export function documented(doc: RouteDoc): { config: { doc: RouteDoc }; preHandler?: preHandlerAsyncHookHandler } {
  const { all, anyOf } = permissionsOf(doc.access);
  if (all) return { config: { doc }, preHandler: requirePermission(...all) };
  if (anyOf) return { config: { doc }, preHandler: requireAnyPermission(anyOf) };
  return { config: { doc } };
}

/** The permissions a description names (all of them, or the alternatives), for the document. */
export function permissionsOf(access: RouteDoc['access']): {
  all?: readonly Permission[];
  anyOf?: readonly Permission[];
} {
  if (typeof access === 'string') return {};
  if ('anyOf' in access) return { anyOf: access.anyOf };
  return { all: access };
}
