import { Inject, Injectable } from '@nestjs/common';
import { ConflictError, ValidationError } from '@scb/core';
import { parseFieldOwnership } from '@scb/crm';
import { CrmConnectorRepository } from '@scb/persistence';
import { AuditTrail } from '../../../audit/audit-trail';
import { CrmConnectorPool } from '../../crm-connector.pool';
import { checkConnectorConfig } from '../../crm-connector.factory';
import { webhookSecretContext } from '../../credential.cipher';
import type { PutCrmConnectorCommand } from './put-crm-connector.command';

/**
 * Creates or updates a CRM connector, audited (settings and field ownership before and after;
 * credentials and the webhook secret never: the entry says only whether they changed). Credentials are checked with
 * the settings against the adapter's schema, then stored encrypted (AES-256-GCM). A new
 * connector starts `running`; its outbound side covers cases opened from then on.
 *
 * Throws `ValidationError` naming the bad path (`settings.*`, `credentials.*`, `fieldOwnership.*`;
 * credentials are required for a new connector and when the kind changes), `ConflictError` when
 * `CRM_CREDENTIALS_KEY` is not set.
 */
@Injectable()
export class PutCrmConnector {
  constructor(
    @Inject(CrmConnectorRepository)
    private readonly repo: Pick<CrmConnectorRepository, 'findConnector' | 'upsertConnector'>,
    @Inject(CrmConnectorPool) private readonly pool: Pick<CrmConnectorPool, 'cipher'>,
    private readonly audit: AuditTrail,
  ) {}

  async execute(command: PutCrmConnectorCommand): Promise<void> {
    const cipher = this.pool.cipher;
    if (!cipher)
      throw new ConflictError('CRM_CREDENTIALS_KEY is not set: credentials cannot be stored');
    const ownership = parseFieldOwnership(command.fieldOwnership);
    if (!ownership.ok)
      throw new ValidationError(
        ownership.problems.map((p) => ({ path: `fieldOwnership.${p.path}`, message: p.message })),
      );
    if (typeof command.webhookSecret === 'string' && command.kind !== 'zendesk')
      throw ValidationError.field('webhookSecret', 'webhooks are for Zendesk connectors only');
    const before = await this.repo.findConnector(command.name);
    let credentials = command.credentials;
    if (credentials === null) {
      if (!before || before.kind !== command.kind)
        throw ValidationError.field('credentials', 'required for a new connector or a new kind');
      credentials = JSON.parse(cipher.decrypt(command.name, before.credentials)) as Record<
        string,
        unknown
      >;
    }
    checkConnectorConfig(command.kind, command.settings, credentials);
    const shown = (c: { kind: string; settings: unknown; fieldOwnership: unknown }) => ({
      kind: c.kind,
      settings: c.settings,
      fieldOwnership: c.fieldOwnership,
    });
    await this.audit.change(
      command.actor,
      { entity: 'crm_connector', action: before ? 'update' : 'create', entityId: command.name },
      async () => {
        await this.repo.upsertConnector({
          name: command.name,
          kind: command.kind,
          settings: command.settings,
          fieldOwnership: ownership.value,
          credentials:
            command.credentials === null
              ? null
              : cipher.encrypt(command.name, JSON.stringify(command.credentials)),
          webhookSecret:
            typeof command.webhookSecret === 'string'
              ? cipher.encrypt(webhookSecretContext(command.name), command.webhookSecret)
              : command.kind === 'zendesk'
                ? command.webhookSecret
                : null,
        });
        return {
          result: undefined,
          before: before ? shown(before) : null,
          after: {
            ...shown({ ...command, fieldOwnership: ownership.value }),
            credentialsChanged: command.credentials !== null,
            webhookSecretChanged: command.webhookSecret !== undefined,
          },
        };
      },
    );
  }
}
