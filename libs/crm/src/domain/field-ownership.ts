import { z } from 'zod';

/**
 * The case fields a connector keeps in step, and who may change each one:
 * - `crm`: the CRM is the record; its value is copied here, ours is never written back;
 * - `scb`: we are the record; our value is written to the CRM, the CRM's is ignored;
 * - `shared`: either side may change it; when both did since the last sync the status conflict
 *   rule decides. Only `case.status` may be shared: it is the only field with a conflict rule.
 * Customers (names, emails, phones, handles, account numbers) are always the CRM's and are not
 * configurable: connectors only read them.
 */
export const SYNCED_CASE_FIELDS = [
  'case.status',
  'case.priority',
  'case.category',
  'case.subject',
] as const;

export type SyncedCaseField = (typeof SYNCED_CASE_FIELDS)[number];
export type FieldOwner = 'crm' | 'scb' | 'shared';

/** How a status conflict (both sides changed it since the last sync, to different values) ends. */
export const STATUS_CONFLICT_RULES = ['open-wins', 'crm-wins', 'scb-wins', 'latest-wins'] as const;
export type StatusConflictRule = (typeof STATUS_CONFLICT_RULES)[number];

export interface FieldOwnership {
  fields: Record<SyncedCaseField, FieldOwner>;
  statusConflict: StatusConflictRule;
}

/** The defaults: status shared (open wins a conflict), the rest the CRM's. */
export const DEFAULT_FIELD_OWNERSHIP: FieldOwnership = {
  fields: {
    'case.status': 'shared',
    'case.priority': 'crm',
    'case.category': 'crm',
    'case.subject': 'crm',
  },
  statusConflict: 'open-wins',
};

const ownerSchema = z.enum(['crm', 'scb', 'shared']);

const FieldOwnershipSchema = z
  .object({
    fields: z
      .object({
        'case.status': ownerSchema.default(DEFAULT_FIELD_OWNERSHIP.fields['case.status']),
        'case.priority': ownerSchema.default(DEFAULT_FIELD_OWNERSHIP.fields['case.priority']),
        'case.category': ownerSchema.default(DEFAULT_FIELD_OWNERSHIP.fields['case.category']),
        'case.subject': ownerSchema.default(DEFAULT_FIELD_OWNERSHIP.fields['case.subject']),
      })
      .strict()
      .default({ ...DEFAULT_FIELD_OWNERSHIP.fields }),
    statusConflict: z.enum(STATUS_CONFLICT_RULES).default(DEFAULT_FIELD_OWNERSHIP.statusConflict),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const field of SYNCED_CASE_FIELDS) {
      if (field !== 'case.status' && value.fields[field] === 'shared') {
        ctx.addIssue({
          code: 'custom',
          path: ['fields', field],
          message: `only case.status may be shared (it is the only field with a conflict rule); choose crm or scb`,
        });
      }
    }
  });

/** One problem with a field-ownership document; `path` is dotted (`fields.case.priority`). */
export interface FieldOwnershipProblem {
  path: string;
  message: string;
}

export type FieldOwnershipResult =
  { ok: true; value: FieldOwnership } | { ok: false; problems: FieldOwnershipProblem[] };

/**
 * Validates an admin's field-ownership document (JSON). Missing fields take the defaults;
 * unknown fields, unknown owners, unknown conflict rules and a shared field other than the
 * status are refused, each problem naming its path.
 */
export function parseFieldOwnership(input: unknown): FieldOwnershipResult {
  const parsed = FieldOwnershipSchema.safeParse(input ?? {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return {
    ok: false,
    problems: parsed.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(document)',
      message:
        issue.code === 'unrecognized_keys'
          ? `unknown field(s) ${issue.keys.join(', ')}; known: ${issue.path.length ? SYNCED_CASE_FIELDS.join(', ') : 'fields, statusConflict'}`
          : issue.message,
    })),
  };
}

/** Where a change to `field` made on `side` goes: copied to the other side, or ignored. */
export function changeFlows(
  ownership: FieldOwnership,
  field: SyncedCaseField,
  side: 'crm' | 'scb',
): 'copy' | 'ignore' {
  const owner = ownership.fields[field];
  return owner === 'shared' || owner === side ? 'copy' : 'ignore';
}
