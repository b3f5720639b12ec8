import { createHash, randomBytes } from 'node:crypto';

/** Both kinds are recognisable by prefix (secret scanners, telling a Bearer token's kind apart). */
export const API_KEY_PREFIX = 'scb_';
export const SESSION_TOKEN_PREFIX = 'scbs_';

/**
 * Both secrets carry 256 random bits, so a fast SHA-256 digest is enough to store them: unlike a
 * password there is nothing to guess, and the digest can be looked up by an index.
 */
export const digestSecret = (secret: string): string =>
  createHash('sha256').update(secret, 'utf8').digest('hex');

export interface IssuedSecret {
  /** Shown to its owner once, never stored. */
  secret: string;
  digest: string;
}

export function newApiKey(): IssuedSecret {
  const secret = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, digest: digestSecret(secret) };
}

export function newSessionToken(): IssuedSecret {
  const secret = `${SESSION_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
  return { secret, digest: digestSecret(secret) };
}

export const isApiKey = (secret: string): boolean => secret.startsWith(API_KEY_PREFIX);
