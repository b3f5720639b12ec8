import { Inject, Injectable } from '@nestjs/common';
import { hashPassword } from '@scb/auth';
import { ConflictError } from '@scb/core';
import { UserRepository, type User } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import type { CreateUserCommand } from './create-user.command';

/** Creates a user, audited (the entry holds the user without any password). */
@Injectable()
export class CreateUser {
  constructor(
    @Inject(UserRepository) private readonly users: Pick<UserRepository, 'create'>,
    private readonly audit: AuditTrail,
  ) {}

  /** Throws `ConflictError` when a user with the email exists. */
  async execute({ actor, user: input }: CreateUserCommand): Promise<User> {
    const passwordHash = await hashPassword(input.password);
    const { password: _secret, ...fields } = input;
    return this.audit.change(actor, { entity: 'user', action: 'create' }, async () => {
      const user = await this.users.create({ ...fields, passwordHash });
      if (!user) throw new ConflictError(`a user with email ${input.email} already exists`);
      return { result: user, entityId: user.id, after: user };
    });
  }
}
