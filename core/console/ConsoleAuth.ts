import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { burnPasswordCheck, verifyPassword } from './passwords.js';
import type { ConsoleSession, ConsoleStore } from './ports/ConsoleStore.js';

export interface LockoutPolicy {
  /** Failed sign-ins in a row that lock the account. */
  readonly attempts: number;
  readonly lockMinutes: number;
}

export type SignInResult =
  | { readonly ok: true; readonly sessionId: string; readonly session: ConsoleSession }
  | { readonly ok: false; readonly reason: 'unknown-user' | 'wrong-password' | 'locked' };

export function sessionHash(sessionId: string): string {
  return createHash('sha256').update(sessionId).digest('hex');
}

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

export function sameToken(a: string | undefined, b: string | undefined): boolean {
  if (typeof a !== 'string' || typeof b !== 'string') return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * Sign-in with lock-out and server-side sessions: the cookie holds a random id, the store only its hash, with the
 * session's CSRF token. A locked account is refused without checking the password (so guessing gains nothing while
 * locked), yet with the same message as a wrong password.
 */
export class ConsoleAuth {
  constructor(private readonly store: ConsoleStore, private readonly policy: LockoutPolicy, private readonly sessionMinutes: number,
    private readonly now: () => number = Date.now) {}

  async signIn(username: string, password: string): Promise<SignInResult> {
    const now = this.now();
    const user = await this.store.getUser(username);
    if (!user) {
      await burnPasswordCheck(password);
      return { ok: false, reason: 'unknown-user' };
    }
    if (user.lockedUntil > now) return { ok: false, reason: 'locked' };
    if (!await verifyPassword(password, user.passwordHash)) {
      const failures = user.failedAttempts + 1;
      const lock = failures >= this.policy.attempts ? now + this.policy.lockMinutes * 60_000 : undefined;
      await this.store.recordFailedSignIn(username, now, lock);
      return { ok: false, reason: lock ? 'locked' : 'wrong-password' };
    }
    await this.store.recordSignIn(username, now);
    return this.startSession(username, user.role);
  }

  /** A new session for a user already proven (password above, or the identity provider's answer). */
  async startSession(username: string, role: ConsoleSession['role']): Promise<{ ok: true; sessionId: string; session: ConsoleSession }> {
    const now = this.now();
    const sessionId = randomToken();
    const session: ConsoleSession = { idHash: sessionHash(sessionId), username, role, csrf: randomToken(),
      expiresAt: now + this.sessionMinutes * 60_000 };
    await this.store.createSession({ ...session, now });
    return { ok: true, sessionId, session };
  }

  async session(sessionId: string | undefined): Promise<ConsoleSession | undefined> {
    if (!sessionId || sessionId.length > 100) return undefined;
    return this.store.getSession(sessionHash(sessionId), this.now());
  }

  async signOut(sessionId: string): Promise<void> {
    await this.store.deleteSession(sessionHash(sessionId));
  }
}
