import { Inject, Injectable } from '@nestjs/common';
import { hashPassword, passwordWeakness } from '@scb/auth';
import { NotFoundError, ValidationError } from '@scb/core';
import { UserRepository, type User } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import { CredentialCache } from '../../../auth/credential-cache';
import type { UpdateUserCommand } from './update-user.command';

/**
 * Changes a user, audited with before and after (a password change as a flag, never its value).
 * The sessions a new role, password or disabling ends are refused at once by this api instance
 * (by another within AUTH_CACHE_TTL_MS, the bound of `CredentialCache`).
 */
@Injectable()
export class UpdateUser {
  constructor(
    @Inject(UserRepository) private readonly users: Pick<UserRepository, 'find' | 'update'>,
    private readonly audit: AuditTrail,
    @Inject(CredentialCache) private readonly credentials: Pick<CredentialCache, 'clear'>,
  ) {}

  /**
   * Throws `NotFoundError` for an unknown user, `ValidationError` (`password`) for a weak new
   * password (checked against the user's email and name, which only the stored user tells).
   */
  async execute({ actor, id, patch }: UpdateUserCommand): Promise<User> {
    const { password, ...rest } = patch;
    if (password !== undefined) {
      const user = await this.users.find(id);
      if (!user) throw new NotFoundError(`user ${id} not found`);
      const weakness = passwordWeakness(password, [
        user.email,
        patch.displayName ?? user.displayName,
      ]);
      if (weakness) throw ValidationError.field('password', weakness);
    }
    const passwordHash = password === undefined ? undefined : await hashPassword(password);
    const updated = await this.audit.change(
      actor,
      { entity: 'user', action: 'update', entityId: id },
      async () => {
        const before = await this.users.find(id);
        const user = before && (await this.users.update(id, { ...rest, passwordHash }));
        if (!user) throw new NotFoundError(`user ${id} does not exist`);
        return {
          result: user,
          before,
          after: { ...user, passwordChanged: password !== undefined },
        };
      },
    );
    // Once committed: the user's remembered sessions are looked up again (ended, or a new role).
    this.credentials.clear();
    return updated;
  }
}
