import { Inject, Injectable } from '@nestjs/common';
import type { Clock } from '@scb/core';
import type { CrmConnector } from '@scb/crm';
import type { CrmConnectorRow } from '@scb/persistence';
import { CLOCK } from '@scb/platform';
import { ApiSettings } from '../config/api-settings';
import { CredentialCipher, parseCredentialsKey } from './credential.cipher';
import { buildConnector } from './crm-connector.factory';

/**
 * The adapters of the stored connectors, built once per saved version (a Salesforce session is
 * reused across passes) from their settings and decrypted credentials. Also the process's
 * `CredentialCipher` (null without `CRM_CREDENTIALS_KEY`: connectors can then be neither saved
 * nor run).
 */
@Injectable()
export class CrmConnectorPool {
  readonly cipher: CredentialCipher | null;
  private readonly built = new Map<string, { version: number; connector: CrmConnector }>();

  constructor(
    @Inject(ApiSettings) settings: Pick<ApiSettings, 'CRM_CREDENTIALS_KEY'>,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.cipher = settings.CRM_CREDENTIALS_KEY
      ? new CredentialCipher(parseCredentialsKey(settings.CRM_CREDENTIALS_KEY))
      : null;
  }

  /** The adapter for `row`; throws when there is no key or the credentials do not decrypt. */
  for(row: CrmConnectorRow): CrmConnector {
    const version = row.updatedAt.getTime();
    const cached = this.built.get(row.name);
    if (cached?.version === version) return cached.connector;
    if (!this.cipher) throw new Error('CRM_CREDENTIALS_KEY is not set: CRM connectors cannot run');
    const credentials: unknown = JSON.parse(this.cipher.decrypt(row.name, row.credentials));
    const connector = buildConnector(row.kind, row.settings, credentials, this.clock);
    this.built.set(row.name, { version, connector });
    return connector;
  }
}
