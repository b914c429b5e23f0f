import type { Permission } from '@citydesk/shared';
import type { Actor } from '../../platform/context.js';

/** Staff who take or answer cases may upload pictures: holding any one of these is enough. */
export const uploadPermissions = [
  'case.create',
  'case.handle',
  'case.reply',
  'case.verify',
  'case.visit',
] as const satisfies readonly Permission[];

export function canUploadAttachments(actor: Actor): boolean {
  return uploadPermissions.some((p) => actor.permissions.has(p));
}

/** Who an upload is recorded as coming from: a staff user, or another system's API client. */
export interface Uploader {
  userId: string | null;
  clientId: string | null;
}

/**
 * The uploader a call stands for: an explicit client id (a use case acting for an API client),
 * else the actor itself, recorded as a client when it is one.
 */
export function uploaderOf(actor: Actor, clientId: string | null = null): Uploader {
  if (clientId !== null) return { userId: actor.kind === 'user' ? actor.id : null, clientId };
  if (actor.kind === 'client') return { userId: null, clientId: actor.id };
  return { userId: actor.kind === 'user' ? actor.id : null, clientId: null };
}

/** Whether an upload belongs to the caller: the same API client, or else the same staff user. */
export function isUploadedBy(
  row: { uploaded_by_user_id: string | null; uploaded_by_client_id: string | null },
  uploader: Uploader,
): boolean {
  if (uploader.clientId !== null) return row.uploaded_by_client_id === uploader.clientId;
  return uploader.userId !== null && row.uploaded_by_client_id === null && row.uploaded_by_user_id === uploader.userId;
}
