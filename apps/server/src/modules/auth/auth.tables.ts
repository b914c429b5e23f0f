export interface AppUserTable {
  id: string;
  username: string;
  display_name: string;
  unit_id: string;
  phone: string | null;
  password_hash: string;
  password_changed_at: string;
  active: number;
  /** Set when too many sign-ins failed; sign-in is refused until then. */
  locked_until: string | null;
  /** Failed logins before this instant no longer count towards a lockout (set by an unlock). */
  lockout_cleared_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface UserRoleTable {
  user_id: string;
  role: string;
}

export interface UserSessionTable {
  /** sha256 of the cookie token: a stolen database does not hand out live sessions. */
  id: string;
  user_id: string;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
  ip: string | null;
  user_agent: string | null;
  ended_at: string | null;
  end_reason: string | null;
}

export interface LoginAttemptTable {
  id: string;
  username: string;
  user_id: string | null;
  succeeded: number;
  at: string;
  ip: string | null;
}

/** Another system (provincial 12345, a video-AI platform…) that creates cases with an API key. */
export interface ApiClientTable {
  id: string;
  name: string;
  /** sha256 of the key; the key itself is shown once, when created. */
  key_hash: string;
  /** JSON array of the intake channels the client may use. */
  channels: string;
  unit_id: string;
  active: number;
  created_at: string;
  last_used_at: string | null;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    api_client: ApiClientTable;
    app_user: AppUserTable;
    user_role: UserRoleTable;
    user_session: UserSessionTable;
    login_attempt: LoginAttemptTable;
  }
}
