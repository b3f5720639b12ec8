import { Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { hashPassword } from '@scb/auth';
import type { UserRepository } from '@scb/persistence';
import type { AuditTrail } from '../audit/audit-trail';

/**
 * Creates the first admin from the environment so a fresh install can be signed into. Idempotent:
 * an existing account with that email is left as it is (its password is never reset from env).
 */
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly users: UserRepository,
    private readonly audit: AuditTrail,
    private readonly admin: { email: string; password: string } | null,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.admin;
    if (!admin) return;
    const passwordHash = await hashPassword(admin.password);
    const actor = { kind: 'system', id: null, name: 'bootstrap' } as const;
    const created = await this.audit
      .change(actor, { entity: 'user', action: 'create' }, async (tx) => {
        const user = await this.users.create(
          {
            email: admin.email,
            displayName: 'Administrator',
            role: 'admin',
            agentId: null,
            passwordHash,
          },
          tx,
        );
        // An existing admin: nothing changed, so the transaction is rolled back with no entry.
        if (!user) throw new AlreadyThere();
        return { result: user, entityId: user.id, after: user };
      })
      .catch((error: unknown) => {
        if (error instanceof AlreadyThere) return null;
        throw error;
      });
    if (created) this.logger.log(`bootstrap admin ${created.email} created`);
  }
}

class AlreadyThere extends Error {}
