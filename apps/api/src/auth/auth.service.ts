import {
  DUMMY_PASSWORD_HASH,
  digestSecret,
  isApiKey,
  newSessionToken,
  verifyPassword,
  type Principal,
} from '@scb/auth';
import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@scb/core';
import { ApiKeyRepository, UserRepository, type User } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { ApiSettings } from '../config/api-settings';
import { CredentialCache } from './credential-cache';
import type { LoginThrottle } from './login-throttle';
import { RedisLoginThrottle } from './redis-login-throttle';

export type Authentication =
  { ok: true; principal: Principal } | { ok: false; reason: 'invalid_token' | 'expired_token' };

export type LoginAttempt =
  | { status: 'ok'; login: Login }
  | { status: 'invalid' }
  | { status: 'throttled'; retryAfterSeconds: number };

export interface Login {
  token: string;
  expiresAt: Date;
  user: Pick<User, 'id' | 'email' | 'displayName' | 'role' | 'agentId'>;
}

/** Writing "last used" on every call would put a write on every request; once a minute is enough. */
const TOUCH_INTERVAL_MS = 60_000;

/** Logins, sessions and the check of every request's credential. */
@Injectable()
export class AuthService {
  private readonly touchedAt = new Map<string, number>();
  private readonly sessionTtlSeconds: number;

  constructor(
    private readonly users: UserRepository,
    private readonly apiKeys: ApiKeyRepository,
    @Inject(ApiSettings) settings: Pick<ApiSettings, 'SESSION_TTL_S'>,
    @Inject(RedisLoginThrottle) private readonly throttle: LoginThrottle,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CredentialCache) private readonly cache: CredentialCache,
  ) {
    this.sessionTtlSeconds = settings.SESSION_TTL_S;
  }

  /**
   * The principal of a request's secret. A credential found valid is remembered for the
   * cache's bound (`CredentialCache`, AUTH_CACHE_TTL_MS): within it no database lookup.
   */
  async authenticate(secret: string): Promise<Authentication> {
    const digest = digestSecret(secret);
    const now = this.clock.now().getTime();
    const known = this.cache.get(digest, now);
    if (known) {
      if (known.kind === 'api_key') await this.touch(known.id);
      return { ok: true, principal: known };
    }
    if (isApiKey(secret)) {
      const principal = await this.apiKeys.principal(digest);
      if (!principal) return { ok: false, reason: 'invalid_token' };
      this.cache.set(digest, principal, now);
      await this.touch(principal.id);
      return { ok: true, principal };
    }
    const session = await this.users.findSession(digest);
    if (session.status === 'valid') {
      this.cache.set(digest, session.principal, now, session.expiresAt.getTime());
      return { ok: true, principal: session.principal };
    }
    return { ok: false, reason: session.status === 'expired' ? 'expired_token' : 'invalid_token' };
  }

  /**
   * A wrong email and a wrong password answer alike, after the same amount of work. The attempt
   * is counted by the throttle before its password is evaluated; too many failures for the
   * email from this address, for the email or from the address are refused without evaluating.
   */
  async login(email: string, password: string, address: string): Promise<LoginAttempt> {
    const retryAfterSeconds = await this.throttle.reserve(email, address);
    if (retryAfterSeconds > 0) return { status: 'throttled', retryAfterSeconds };
    const found = await this.users.findForLogin(email);
    const matches = await verifyPassword(password, found?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!found || !matches) return { status: 'invalid' };
    await this.throttle.succeeded(email, address);
    await this.users.deleteExpiredSessions();
    const { secret, digest } = newSessionToken();
    const expiresAt = await this.users.createSession(found.user.id, digest, this.sessionTtlSeconds);
    const { id, email: userEmail, displayName, role, agentId } = found.user;
    const user = { id, email: userEmail, displayName, role, agentId };
    return { status: 'ok', login: { token: secret, expiresAt, user } };
  }

  async logout(secret: string): Promise<void> {
    if (isApiKey(secret)) return;
    const digest = digestSecret(secret);
    await this.users.deleteSession(digest);
    this.cache.forget(digest);
  }

  private async touch(keyId: string): Promise<void> {
    const now = this.clock.now().getTime();
    if (now - (this.touchedAt.get(keyId) ?? 0) < TOUCH_INTERVAL_MS) return;
    this.touchedAt.set(keyId, now);
    await this.apiKeys.touch(keyId);
  }
}
