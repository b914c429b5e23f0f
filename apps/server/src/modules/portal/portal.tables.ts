import type { CitizenGroup, SmsCodePurpose } from '@citydesk/shared';

/** A verification code sent by SMS; only its keyed hash is kept. */
export interface SmsCodeTable {
  id: string;
  /** Keyed hash of the number (citizen-identity.ts): matches without storing the number. */
  phone_hash: string;
  purpose: SmsCodePurpose;
  code_hash: string;
  /** Wrong entries so far; at 5 the code is dead. */
  attempts: number;
  created_at: string;
  expires_at: string;
  /** Set when the code signed a citizen in, or a newer code replaced it. */
  used_at: string | null;
}

/** A citizen's verified phone behind the `citydesk_citizen` cookie. */
export interface CitizenSessionTable {
  /** sha256 of the cookie token: a stolen database does not hand out live sessions. */
  id: string;
  phone_hash: string;
  /** The number, encrypted: reports need it as the reporter's phone. */
  phone_sealed: string;
  created_at: string;
  expires_at: string;
  ended_at: string | null;
}

/** A phone registered in a special group (两代表一委员 and others) by the system administrator. */
export interface CitizenGroupMemberTable {
  id: string;
  phone_hash: string;
  phone_sealed: string;
  /** For lists: the only form of the number an administrator sees. */
  phone_masked: string;
  name: string;
  group_code: CitizenGroup;
  note: string;
  created_at: string;
  created_by_user_id: string | null;
}

/**
 * One rate-limit window of a public endpoint's key (a number's codes, an address's uploads):
 * in the database, so the limit holds across restarts and across servers.
 */
export interface PortalRateWindowTable {
  key: string;
  /** The window the count belongs to: a Shanghai day or an hour's start. */
  window_start: string;
  count: number;
  /** When the last one was allowed (the minimum gap between two counts from it). */
  last_at: string;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    sms_code: SmsCodeTable;
    citizen_session: CitizenSessionTable;
    citizen_group_member: CitizenGroupMemberTable;
    portal_rate_window: PortalRateWindowTable;
  }
}
