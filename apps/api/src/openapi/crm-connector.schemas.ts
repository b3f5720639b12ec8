import { z } from 'zod';

/** `GET/PUT /v1/admin/crm-connectors/:name` and its actions, as it goes over the wire. */
const at = z.iso.datetime({ offset: true });
const count = z.number().int().min(0);
const status = z.enum(['open', 'resolved']);

export const CrmConnectorSchema = z.object({
  name: z.string(),
  kind: z.enum(['salesforce', 'zendesk']),
  settings: z.record(z.string(), z.unknown()),
  fieldOwnership: z.unknown(),
  /** Always `set`: credentials are write-only. */
  credentials: z.literal('set'),
  /** `set` when the Zendesk webhook's signing secret is stored (write-only), else null. */
  webhookSecret: z.literal('set').nullable(),
  state: z.enum(['running', 'paused', 'error']),
  lagSeconds: count,
  lastSuccessAt: at.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: at.nullable(),
  counts: z.object({
    casesLinked: count,
    casesOpenedInCrm: count,
    commentsSent: count,
    changesApplied: count,
    deadLetters: count,
    conflicts: count,
    commentsPending: count,
  }),
  fullSync: z
    .object({
      status: z.enum(['requested', 'running', 'done', 'failed']),
      phase: z.enum(['customers', 'cases']),
      page: z.string().nullable(),
      pages: count,
      customers: count,
      cases: count,
      requestedAt: at,
      finishedAt: at.nullable(),
      error: z.string().nullable(),
    })
    .nullable(),
  deadLetters: z.array(
    z.object({
      id: z.string(),
      caseId: z.uuid().nullable(),
      operation: z.string(),
      recordRef: z.string(),
      code: z.string(),
      reason: z.string(),
      httpStatus: z.number().int().nullable(),
      createdAt: at,
    }),
  ),
  conflicts: z.array(
    z.object({
      id: z.string(),
      caseId: z.uuid().nullable(),
      crmCaseId: z.string(),
      ours: status,
      theirs: status,
      rule: z.string(),
      winner: z.string(),
      why: z.string(),
      createdAt: at,
    }),
  ),
  createdAt: at,
  updatedAt: at,
});

/** An item of `GET /v1/admin/crm-connectors`: a connector's state at a glance. */
export const CrmConnectorListItemSchema = z.object({
  name: z.string(),
  kind: z.enum(['salesforce', 'zendesk']),
  state: z.enum(['running', 'paused', 'error']),
  lagSeconds: count,
  lastSuccessAt: at.nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: at.nullable(),
  fullSyncStatus: z.enum(['requested', 'running', 'done', 'failed']).nullable(),
  createdAt: at,
  updatedAt: at,
});

/** The body of `PUT /v1/admin/crm-connectors/:name`. */
export const PutCrmConnectorBodySchema = z
  .object({
    kind: z.enum(['salesforce', 'zendesk']),
    /** The adapter's settings without `auth` (see docs/crm-connectors.md). */
    settings: z.record(z.string(), z.unknown()),
    /** Field ownership and the status conflict rule; defaults when left out. */
    fieldOwnership: z.unknown().optional(),
    /** The adapter's `auth` object; write-only, required for a new connector. */
    credentials: z.record(z.string(), z.unknown()).optional(),
    /**
     * Zendesk only: the signing secret of the Zendesk webhook that calls
     * `POST /v1/webhooks/crm/:name`; write-only, stored encrypted. Null removes it; left out, the
     * stored one stays.
     */
    webhookSecret: z.string().min(16).max(256).nullable().optional(),
  })
  .strict();

export const CrmConnectorNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lower-case letters, digits and dashes, up to 63');
