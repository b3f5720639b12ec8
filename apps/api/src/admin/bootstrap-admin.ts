import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { ConflictError } from '@scb/core';
import { ApiSettings } from '../config/api-settings';
import { CreateUser } from './usecases/create-user/create-user.usecase';

/**
 * Creates the first admin from the environment so a fresh install can be signed into. Idempotent:
 * an existing account with that email is left as it is (its password is never reset from env).
 */
@Injectable()
export class BootstrapAdmin implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');
  private readonly admin: { email: string; password: string } | null;

  constructor(
    private readonly createUser: CreateUser,
    @Inject(ApiSettings)
    settings: Pick<ApiSettings, 'BOOTSTRAP_ADMIN_EMAIL' | 'BOOTSTRAP_ADMIN_PASSWORD'>,
  ) {
    this.admin =
      settings.BOOTSTRAP_ADMIN_EMAIL && settings.BOOTSTRAP_ADMIN_PASSWORD
        ? { email: settings.BOOTSTRAP_ADMIN_EMAIL, password: settings.BOOTSTRAP_ADMIN_PASSWORD }
        : null;
  }

  async onApplicationBootstrap(): Promise<void> {
    const admin = this.admin;
    if (!admin) return;
    const actor = { kind: 'system', id: null, name: 'bootstrap' } as const;
    const user = { ...admin, displayName: 'Administrator', role: 'admin', agentId: null } as const;
    // An existing admin: nothing changed, so the unit of work is rolled back with no entry.
    const created = await this.createUser.execute({ actor, user }).catch((error: unknown) => {
      if (error instanceof ConflictError) return null;
      throw error;
    });
    if (created) this.logger.log(`bootstrap admin ${created.email} created`);
  }
}
