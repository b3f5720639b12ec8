/**
 * The rule condition builder's model: a list of field/operator/value rows joined by "all" or
 * "any", converted to and from the matcher's condition JSON (libs/matching
 * matching-rule.schema.ts: RuleCondition). Conditions the rows cannot show (nesting, `not`) stay
 * in the raw JSON view only.
 */
export type Combinator = 'all' | 'any';

export interface ConditionRow {
  field: FieldName;
  /** Comma-separated words, a pattern, a `min..max` range, or `true`/`false`, by field. */
  value: string;
}

export interface ConditionModel {
  combinator: Combinator;
  rows: ConditionRow[];
}

type Kind = 'words' | 'pattern' | 'range' | 'flag';

/** Each field the matcher can test, the operator shown for it and how its value is written. */
export const FIELDS = {
  textContainsAny: { label: 'text contains any of', kind: 'words' },
  textContainsAll: { label: 'text contains all of', kind: 'words' },
  textMatches: { label: 'text matches pattern (RE2)', kind: 'pattern' },
  language: { label: 'language is one of', kind: 'words' },
  platform: { label: 'platform is one of', kind: 'words' },
  authorHandle: { label: 'author handle is one of', kind: 'words' },
  customerTier: { label: 'customer tier is one of', kind: 'words' },
  authorFollowers: { label: 'author followers between (min..max)', kind: 'range' },
  sentiment: { label: 'sentiment between (min..max)', kind: 'range' },
  authorVerified: { label: 'author is verified', kind: 'flag' },
  isReply: { label: 'is a reply', kind: 'flag' },
  hasCaseNumber: { label: 'names a case number', kind: 'flag' },
} as const satisfies Record<string, { label: string; kind: Kind }>;

export type FieldName = keyof typeof FIELDS;

const isField = (t: unknown): t is FieldName => typeof t === 'string' && t in FIELDS;
const words = (v: string) =>
  v
    .split(',')
    .map((w) => w.trim())
    .filter(Boolean);
const num = (s: string | undefined) => (s === undefined || s.trim() === '' ? undefined : Number(s));

/** The JSON condition of one row; values the API will refuse are passed on for it to say why. */
export function rowToCondition(row: ConditionRow): Record<string, unknown> {
  switch (FIELDS[row.field].kind) {
    case 'words':
      return { type: row.field, values: words(row.value) };
    case 'pattern':
      return { type: row.field, pattern: row.value, caseSensitive: false };
    case 'flag':
      return { type: row.field, value: row.value.trim() !== 'false' };
    case 'range': {
      const [min, max] = row.value.split('..');
      const r: Record<string, unknown> = { type: row.field };
      if (num(min) !== undefined) r.min = num(min);
      if (num(max) !== undefined) r.max = num(max);
      return r;
    }
  }
}

export function modelToCondition(model: ConditionModel): Record<string, unknown> {
  if (model.rows.length === 1) return rowToCondition(model.rows[0]);
  return { type: model.combinator, conditions: model.rows.map(rowToCondition) };
}

function conditionToRow(c: unknown): ConditionRow | null {
  if (typeof c !== 'object' || c === null) return null;
  const o = c as Record<string, unknown>;
  if (!isField(o.type)) return null;
  const field = o.type;
  switch (FIELDS[field].kind) {
    case 'words':
      return Array.isArray(o.values) ? { field, value: o.values.join(', ') } : null;
    case 'pattern':
      // Case-sensitive patterns have no switch in the rows; they stay in the JSON view.
      return typeof o.pattern === 'string' && o.caseSensitive !== true
        ? { field, value: o.pattern }
        : null;
    case 'flag':
      return typeof o.value === 'boolean' ? { field, value: String(o.value) } : null;
    case 'range':
      return {
        field,
        value: `${(o.min as number | undefined) ?? ''}..${(o.max as number | undefined) ?? ''}`,
      };
  }
}

/** The rows of a condition, or null when it does not fit them (edit it as JSON). */
export function conditionToModel(c: unknown): ConditionModel | null {
  const single = conditionToRow(c);
  if (single) return { combinator: 'all', rows: [single] };
  if (typeof c !== 'object' || c === null) return null;
  const o = c as Record<string, unknown>;
  if ((o.type !== 'all' && o.type !== 'any') || !Array.isArray(o.conditions)) return null;
  const rows = o.conditions.map(conditionToRow);
  if (rows.length === 0 || rows.some((r) => r === null)) return null;
  return { combinator: o.type, rows: rows as ConditionRow[] };
}
