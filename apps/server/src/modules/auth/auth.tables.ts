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

/** Another system (provincial 12345, a video-AI platform, an Open311 client…) that calls with API keys. */
export interface ApiClientTable {
  id: string;
  name: string;
  /** `open311_client` | `platform` | `camera_system` | `external_unit`, checked by the application. */
  kind: string;
  /** JSON array of the intake channels the client may use. */
  channels: string;
  unit_id: string;
  active: number;
  description: string;
  created_at: string;
  updated_at: string;
  last_used_at: string | null;
}

/** One key of an API client; several may be live at once (rotation), each revocable. */
export interface ApiClientKeyTable {
  id: string;
  client_id: string;
  /** The key's first characters, shown to tell keys apart. */
  prefix: string;
  label: string;
  /** sha256 of the key; the key itself is shown once, when issued. */
  key_hash: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

declare module '../../platform/db/schema.js' {
  interface Database {
    api_client: ApiClientTable;
    api_client_key: ApiClientKeyTable;
    app_user: AppUserTable;
    user_role: UserRoleTable;
    user_session: UserSessionTable;
    login_attempt: LoginAttemptTable;
  }
}
