import { hash, verify, type Algorithm } from '@node-rs/argon2';

/** OWASP's argon2id baseline: 19 MiB, 2 iterations, 1 lane. */
// Algorithm is an ambient const enum; 2 is Argon2id.
const argonOptions = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export async function hashPassword(password: string): Promise<string> {
  return hash(password, argonOptions);
}

export async function verifyPassword(hashed: string, password: string): Promise<boolean> {
  try {
    return await verify(hashed, password);
  } catch {
    return false;
  }
}

/** A hash of a random password, verified against when the account does not exist (same timing). */
let decoyHash: Promise<string> | null = null;
export function decoy(): Promise<string> {
  decoyHash ??= hashPassword(`decoy-${Math.random()}`);
  return decoyHash;
}

export interface PasswordPolicy {
  minLength: number;
  /** How many of: lowercase, uppercase, digits, symbols. */
  minClasses: number;
}

/** Every reason a password breaks the policy (empty when it is acceptable). */
export function checkPasswordPolicy(password: string, policy: PasswordPolicy, username?: string): string[] {
  const reasons: string[] = [];
  if ([...password].length < policy.minLength) reasons.push(`at least ${policy.minLength} characters`);
  const classes = [/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < policy.minClasses) {
    reasons.push(`at least ${policy.minClasses} of: lowercase, uppercase, digits, symbols`);
  }
  if (username && username.length >= 3 && password.toLowerCase().includes(username.toLowerCase())) {
    reasons.push('must not contain the account name');
  }
  if (/^(.)\1+$/.test(password)) reasons.push('must not repeat one character');
  return reasons;
}
