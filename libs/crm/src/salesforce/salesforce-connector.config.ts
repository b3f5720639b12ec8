import { z } from 'zod';
import { CrmRetryPolicySchema } from '../retry/crm-retry';
import { SOQL_FIELD_NAME } from './soql';

const fieldName = z
  .string()
  .regex(SOQL_FIELD_NAME, 'must be a Salesforce API field name (letters, digits, underscores)');

/**
 * A Salesforce connector's settings. Credentials: a connected app's consumer key with either its
 * secret (OAuth 2.0 client credentials flow, run as the app's execution user) or an X.509 private
 * key and the integration user's username (JWT bearer flow).
 */
export const SalesforceConnectorConfigSchema = z.object({
  /** `https://login.salesforce.com`, `https://test.salesforce.com` or the org's My Domain URL. */
  loginUrl: z.url(),
  /** REST API version, e.g. `62.0` (46.0 or later: upsert answers 200 with the id on update). */
  apiVersion: z.string().regex(/^\d{2}\.0$/, 'must look like 62.0'),
  auth: z.discriminatedUnion('kind', [
    z.object({
      kind: z.literal('client-credentials'),
      clientId: z.string().min(1),
      clientSecret: z.string().min(1),
    }),
    z.object({
      kind: z.literal('jwt-bearer'),
      clientId: z.string().min(1),
      username: z.string().min(1),
      privateKeyPem: z.string().includes('PRIVATE KEY', { message: 'must be a PEM private key' }),
      /** The JWT `aud`; defaults to `loginUrl`. */
      audience: z.url().optional(),
    }),
  ]),
  /** The Case field (External ID, unique) holding our case number, e.g. `SCB_External_Id__c`. */
  caseExternalIdField: fieldName,
  /** Contact fields holding social handles, e.g. `[{ platform: 'x', field: 'Twitter_Handle__c' }]`. */
  handleFields: z
    .array(z.object({ platform: z.string().min(1), field: fieldName }))
    .max(10)
    .default([]),
  /** Case `Status` values we write for our two statuses (must exist in the org's picklist). */
  statusValues: z
    .object({ open: z.string().min(1), resolved: z.string().min(1) })
    .default({ open: 'Working', resolved: 'Closed' }),
  /** Case `Priority` values for our priorities 1 (highest) to 5. */
  priorityValues: z
    .tuple([z.string(), z.string(), z.string(), z.string(), z.string()])
    .default(['High', 'High', 'Medium', 'Low', 'Low']),
  /** Case `Origin` for cases we open. */
  caseOrigin: z.string().min(1).default('Social'),
  /** Records per query page (`Sforce-Query-Options: batchSize`, Salesforce allows 200–2000). */
  pageSize: z.number().int().min(1).max(2000).default(2000),
  /**
   * How far back each change read re-reads, in ms. `SystemModstamp` is stamped when a transaction
   * starts, so a long transaction commits records older than ones already read; re-reading this
   * window catches them (the repeats are harmless: changes are whole states).
   */
  changeOverlapMs: z
    .number()
    .int()
    .min(0)
    .default(5 * 60_000),
  /** Where the first change read starts, in ms before now (no cursor yet). */
  initialLookbackMs: z
    .number()
    .int()
    .min(0)
    .default(24 * 3_600_000),
  /**
   * The share of the org's daily API requests (`Sforce-Limit-Info: api-usage=used/limit`) left to
   * the org's other users: once usage reaches `1 - apiReserve` of the limit, calls are refused with
   * `CrmUnavailableError` (code API_USAGE_RESERVE) until `limitRecheckMs` has passed, then one call
   * re-reads the usage.
   */
  apiReserve: z.number().min(0).max(0.9).default(0.1),
  limitRecheckMs: z
    .number()
    .int()
    .min(0)
    .default(15 * 60_000),
  retry: CrmRetryPolicySchema,
});

export type SalesforceConnectorConfig = z.infer<typeof SalesforceConnectorConfigSchema>;
export type SalesforceConnectorSettings = z.input<typeof SalesforceConnectorConfigSchema>;
