import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import IORedis from 'ioredis';
import {
  DEFAULT_THROTTLE,
  retryAfterSeconds,
  throttleKeys,
  type LoginThrottle,
  type ThrottleLimits,
} from './login-throttle';
import { ApiSettings } from '../config/api-settings';

/**
 * Checks every counter and, only when all are under their limit, counts the attempt in all:
 * one script, so Redis runs it atomically and parallel attempts (on any api instance) cannot
 * all pass the check before any is counted. Answers 0, or the milliseconds until the window
 * of the first counter at its limit ends. Fixed windows: a counter expires `windowMs` after
 * its first attempt.
 */
const RESERVE = `
for i = 1, #KEYS do
  local n = tonumber(redis.call('GET', KEYS[i]) or '0')
  if n >= tonumber(ARGV[i]) then
    local ttl = redis.call('PTTL', KEYS[i])
    if ttl < 1 then ttl = tonumber(ARGV[4]) end
    return ttl
  end
end
for i = 1, #KEYS do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('PEXPIRE', KEYS[i], ARGV[4]) end
end
return 0`;

/** A right password: forget the pair's and the email's failures, give back the address's count. */
const SUCCEEDED = `
redis.call('DEL', KEYS[1], KEYS[2])
if tonumber(redis.call('GET', KEYS[3]) or '0') > 0 then redis.call('DECR', KEYS[3]) end
return 0`;

/**
 * The sign-in throttle shared by every api instance through Redis (keys
 * `<QUEUE_PREFIX>:login:…`), counted before any password is evaluated.
 */
@Injectable()
export class RedisLoginThrottle implements LoginThrottle, OnApplicationShutdown {
  private readonly redis: IORedis;
  private readonly prefix: string;
  private readonly limits: ThrottleLimits = DEFAULT_THROTTLE;

  constructor(@Inject(ApiSettings) settings: Pick<ApiSettings, 'REDIS_URL' | 'QUEUE_PREFIX'>) {
    this.prefix = settings.QUEUE_PREFIX;
    this.redis = new IORedis(settings.REDIS_URL, { maxRetriesPerRequest: 2 });
  }

  async reserve(email: string, address: string): Promise<number> {
    const { perPair, perEmail, perAddress, windowMs } = this.limits;
    const waitMs = (await this.redis.eval(
      RESERVE,
      3,
      ...this.keys(email, address),
      perPair,
      perEmail,
      perAddress,
      windowMs,
    )) as number;
    return waitMs > 0 ? retryAfterSeconds(waitMs) : 0;
  }

  async succeeded(email: string, address: string): Promise<void> {
    await this.redis.eval(SUCCEEDED, 3, ...this.keys(email, address));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }

  private keys(email: string, address: string): string[] {
    return throttleKeys(email, address).map((key) => `${this.prefix}:login:${key}`);
  }
}
