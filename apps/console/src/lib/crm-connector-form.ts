import type { CrmConnectorKind } from '../types';

/** One write-only credential input of a connector kind; `key` is the field in its `auth` object. */
export interface CredentialField {
  key: string;
  label: string;
}

/**
 * The credential inputs per kind: Salesforce's OAuth 2.0 client-credentials flow (the connected
 * app's consumer key and secret) and Zendesk's agent email + API token, the `auth` shapes of
 * `SalesforceConnectorConfigSchema` / `ZendeskConnectorConfigSchema` (docs/crm-connectors.md).
 */
export const CREDENTIAL_FIELDS: Record<CrmConnectorKind, CredentialField[]> = {
  salesforce: [
    { key: 'clientId', label: 'Consumer key' },
    { key: 'clientSecret', label: 'Consumer secret' },
  ],
  zendesk: [
    { key: 'email', label: 'Agent email' },
    { key: 'token', label: 'API token' },
  ],
};

const AUTH_KIND: Record<CrmConnectorKind, string> = {
  salesforce: 'client-credentials',
  zendesk: 'api-token',
};

/**
 * The `credentials` to send from what was typed, or null when nothing was (the stored ones stay).
 * Blank fields are left out, so the API names each missing one (`credentials.<field>`).
 */
export function credentialsFrom(
  kind: CrmConnectorKind,
  typed: Record<string, string>,
): Record<string, string> | null {
  const filled = CREDENTIAL_FIELDS[kind]
    .map((f) => [f.key, (typed[f.key] ?? '').trim()] as const)
    .filter(([, v]) => v !== '');
  if (filled.length === 0) return null;
  return { kind: AUTH_KIND[kind], ...Object.fromEntries(filled) };
}

/** A starting point for a new connector's settings (JSON text), to be completed by the admin. */
export function settingsTemplate(kind: CrmConnectorKind): string {
  const settings =
    kind === 'salesforce'
      ? {
          loginUrl: 'https://login.salesforce.com',
          apiVersion: '62.0',
          caseExternalIdField: 'SCB_External_Id__c',
          handleFields: [{ platform: 'x', field: 'Twitter_Handle__c' }],
        }
      : { endpointUri: 'https://example.zendesk.com/api/v2', accountNumberField: 'account_number' };
  return JSON.stringify(settings, null, 2);
}
