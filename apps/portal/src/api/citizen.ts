import type { CitizenSessionView, CitizenSignIn, SmsCodeRequest, SmsCodeSent } from '@citydesk/shared';
import { ApiError, http } from './http';

/** The citizen's phone verification (`/api/public/sms-codes`, `/api/public/session(s)`). */
export const citizenApi = {
  /** Asks for a 6-digit code by SMS; 429 RATE_LIMITED with `retryAfterSeconds` past 1/min or 10/day. */
  sendCode: (input: SmsCodeRequest) => http.post<SmsCodeSent>('/api/public/sms-codes', input),
  /** Proves the phone with the code; the server sets the HttpOnly citizen cookie. */
  signIn: (input: CitizenSignIn) => http.post<CitizenSessionView>('/api/public/sessions', input),
  /** The verified citizen, or null when no (or an expired) citizen session exists. */
  async session(): Promise<CitizenSessionView | null> {
    try {
      return await http.get<CitizenSessionView>('/api/public/session');
    } catch (error) {
      if (error instanceof ApiError && error.status === 401) return null;
      throw error;
    }
  },
  signOut: () => http.delete<void>('/api/public/session'),
};
