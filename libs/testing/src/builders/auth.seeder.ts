import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { hashPassword, newApiKey, newSessionToken, type Role } from '@scb/auth';
import { ApiKeyRepository, Database, type User, UserRepository } from '@scb/persistence';

/** An API key with this role, stored as the api stores it; returns the key to send. */
export async function seedApiKey(
  dataSource: DataSource,
  role: Role,
  name = `test-${role}`,
): Promise<string> {
  const { secret, digest } = newApiKey();
  await new ApiKeyRepository(new Database(dataSource)).create({ name, role, digest });
  return secret;
}

export interface SeededUser {
  user: User;
  password: string;
}

/** A user who can sign in with the returned password (scrypt-hashed like any other). */
export async function seedUser(
  dataSource: DataSource,
  seed: { role: Role; agentId?: string | null; email?: string; password?: string },
): Promise<SeededUser> {
  const password = seed.password ?? `pw-${randomBytes(12).toString('hex')}`;
  const user = await new UserRepository(new Database(dataSource)).create({
    email: seed.email ?? `${seed.role}-${randomBytes(4).toString('hex')}@test.scb`,
    displayName: `Test ${seed.role}`,
    role: seed.role,
    agentId: seed.agentId ?? null,
    passwordHash: await hashPassword(password),
  });
  if (!user) throw new Error('seedUser: email already taken');
  return { user, password };
}

/**
 * A signed-in user's session token, without going through the login route: for tests that need
 * a user (role agent linked to an agent) rather than an API key.
 */
export async function seedSession(
  dataSource: DataSource,
  seed: { role: Role; agentId?: string | null; ttlSeconds?: number },
): Promise<string> {
  const { user } = await seedUser(dataSource, seed);
  const { secret, digest } = newSessionToken();
  await new UserRepository(new Database(dataSource)).createSession(
    user.id,
    digest,
    seed.ttlSeconds ?? 3_600,
  );
  return secret;
}
