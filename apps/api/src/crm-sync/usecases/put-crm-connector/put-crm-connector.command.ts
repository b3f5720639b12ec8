import type { Principal } from '@scb/auth';
import type { CrmConnectorKind } from '@scb/persistence';

/** An admin saves a connector; `credentials` (the adapter's `auth`) may be left out on update. */
export interface PutCrmConnectorCommand {
  actor: Principal;
  name: string;
  kind: CrmConnectorKind;
  settings: Record<string, unknown>;
  fieldOwnership: unknown;
  credentials: Record<string, unknown> | null;
  /** The Zendesk webhook's signing secret: null removes it, undefined keeps the stored one. */
  webhookSecret?: string | null;
}
