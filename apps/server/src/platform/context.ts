import type { Permission, Role } from '@citydesk/shared';
import type { Clock } from './clock.js';

/** Who is acting: a signed-in staff member, or the system / CLI acting on its own. */
export interface Actor {
  /** A staff member, another system calling with an API key, or the system / CLI itself. */
  kind: 'user' | 'client' | 'system';
  id: string | null;
  username: string;
  displayName: string;
  unitId: string | null;
  /** Materialised path of the actor's unit ("/<id>/<id>/"): the root of the actor's data scope. */
  unitPath: string | null;
  roles: readonly Role[];
  permissions: ReadonlySet<Permission>;
  /** For API clients: the intake channels they may use. */
  channels?: readonly string[];
}

/** Where a call came from, as the audit log records it. */
export type Channel = 'web' | 'api' | 'cli' | 'system' | 'public';

/** Everything a use case needs to know about the call besides its input. */
export interface UseCaseContext {
  actor: Actor;
  requestId: string | null;
  ip: string | null;
  channel: Channel;
  clock: Clock;
}

/** The actor for work the system does by itself (seeding, jobs) or an operator runs from the CLI. */
export function systemActor(name: 'system' | 'cli' = 'system'): Actor {
  return {
    kind: 'system',
    id: null,
    username: name,
    displayName: name,
    unitId: null,
    unitPath: null,
    roles: [],
    permissions: new Set(),
  };
}

export function systemContext(clock: Clock, channel: Channel = 'system'): UseCaseContext {
  return {
    actor: systemActor(channel === 'cli' ? 'cli' : 'system'),
    requestId: null,
    ip: null,
    channel,
    clock,
  };
}

/** Who a citizen is in the audit log: the public channel, no account (the portal, tracking links). */
export const citizenActor: Actor = {
  kind: 'system',
  id: null,
  username: 'citizen',
  displayName: 'citizen',
  unitId: null,
  unitPath: null,
  roles: [],
  permissions: new Set(),
};

/**
 * The root path of the actor's data scope, or null when the actor is the system itself
 * (seeding, CLI) and sees everything. Staff always have a unit, so a path.
 */
export function scopePathOf(actor: Actor): string | null {
  if (actor.kind === 'system') return null;
  return actor.unitPath ?? '/__no_scope__/';
}
