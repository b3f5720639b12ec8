import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { hashPassword } from '@scb/auth';
import type { UserRepository } from '@scb/persistence';

/**
 * Creates the first admin from the environment so a fresh install can be signed into. Idempotent:
 * an existing account with that email is left as it is (its password is never reset from env).
 */
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UserRepository,
    private readonly admin: { email: string; password: string } | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.admin) return;
    const created = await this.users.create({
      email: this.admin.email,
      displayName: 'Administrator',
      role: 'admin',
      agentId: null,
      passwordHash: await hashPassword(this.admin.password),
    });
    if (created) this.logger.log(`bootstrap admin ${created.email} created`);
  }
}
