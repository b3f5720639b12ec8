import type { Clock } from '@scb/core';
import { ValidationError } from '@scb/core';
import {
  SalesforceConnector,
  SalesforceConnectorConfigSchema,
  ZendeskConnector,
  ZendeskConnectorConfigSchema,
  type CrmConnector,
} from '@scb/crm';
import type { CrmConnectorKind } from '@scb/persistence';

const SCHEMAS = {
  salesforce: SalesforceConnectorConfigSchema,
  zendesk: ZendeskConnectorConfigSchema,
} as const;

/**
 * Checks a connector's settings with its credentials (the adapter's `auth`) against the adapter's
 * own schema. Throws `ValidationError` naming each bad path: `settings.<path>` or
 * `credentials.<path>` (the message only; credentials' values are never echoed).
 */
export function checkConnectorConfig(
  kind: CrmConnectorKind,
  settings: Record<string, unknown>,
  credentials: unknown,
): void {
  if ('auth' in settings)
    throw ValidationError.field('settings.auth', 'credentials go in `credentials`, not settings');
  const parsed = SCHEMAS[kind].safeParse({ ...settings, auth: credentials });
  if (parsed.success) return;
  throw new ValidationError(
    parsed.error.issues.map((issue) => {
      const [head, ...rest] = issue.path.map(String);
      const path =
        head === 'auth'
          ? ['credentials', ...rest].join('.')
          : ['settings', head, ...rest].join('.');
      return { path: path.replace(/\.$/, ''), message: issue.message };
    }),
  );
}

/** Builds the adapter for a stored connector from its settings and decrypted credentials. */
export function buildConnector(
  kind: CrmConnectorKind,
  settings: Record<string, unknown>,
  credentials: unknown,
  clock: Clock,
): CrmConnector {
  const config = { ...settings, auth: credentials };
  return kind === 'salesforce'
    ? new SalesforceConnector(config as never, clock)
    : new ZendeskConnector(config as never, clock);
}
