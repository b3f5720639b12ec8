import { ConflictException, NotFoundException } from '@nestjs/common';
import { hashPassword, newApiKey, type Principal, type Role } from '@scb/auth';
import type { ApiKey, ApiKeyRepository, User, UserRepository } from '@scb/persistence';
import type { AuditTrail } from '../audit/audit-trail';

export interface UserInput {
  email: string;
  displayName: string;
  role: Role;
  agentId: string | null;
  password: string;
}

export interface UserPatch {
  displayName?: string;
  role?: Role;
  agentId?: string | null;
  password?: string;
  disabled?: boolean;
}

/** Users and API keys, every change audited. Secrets go in; only hashes and digests are kept. */
export class UserAdminService {
  constructor(
    private readonly users: UserRepository,
    private readonly apiKeys: ApiKeyRepository,
    private readonly audit: AuditTrail,
  ) {}

  async createUser(actor: Principal, input: UserInput): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    return this.audit.change(actor, { entity: 'user', action: 'create' }, async () => {
      const user = await this.users.create({ ...input, passwordHash });
      if (!user) throw new ConflictException(`a user with email ${input.email} already exists`);
      return { result: user, entityId: user.id, after: user };
    });
  }

  async updateUser(actor: Principal, id: string, patch: UserPatch): Promise<User> {
    const { password, ...rest } = patch;
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    return this.audit.change(
      actor,
      { entity: 'user', action: 'update', entityId: id },
      async () => {
        const before = await this.users.find(id);
        const user = before && (await this.users.update(id, { ...rest, passwordHash }));
        if (!user) throw new NotFoundException(`user ${id} does not exist`);
        // The audit entry says that the password changed, never what to.
        return {
          result: user,
          before,
          after: { ...user, passwordChanged: password !== undefined },
        };
      },
    );
  }

  /** The key is in this answer only; afterwards nobody, admins included, can read it. */
  async createApiKey(
    actor: Principal,
    input: { name: string; role: Role },
  ): Promise<{ apiKey: ApiKey; key: string }> {
    const { secret, digest } = newApiKey();
    const apiKey = await this.audit.change(
      actor,
      { entity: 'api_key', action: 'create' },
      async () => {
        const created = await this.apiKeys.create({ ...input, digest });
        return { result: created, entityId: created.id, after: created };
      },
    );
    return { apiKey, key: secret };
  }

  async revokeApiKey(actor: Principal, id: string): Promise<ApiKey> {
    return this.audit.change(
      actor,
      { entity: 'api_key', action: 'revoke', entityId: id },
      async () => {
        const before = await this.apiKeys.find(id);
        const after = before && (await this.apiKeys.revoke(id));
        if (!after) throw new NotFoundException(`API key ${id} does not exist`);
        return { result: after, before, after };
      },
    );
  }
}
