/**
 * The part of SOQL the Salesforce stand-in answers: `SELECT a, b, Rel.c FROM Obj [WHERE x op v
 * [AND|OR ...]] [ORDER BY f [ASC|DESC], ...] [LIMIT n]`, with string (escaped), boolean, null,
 * number and dateTime literals. AND binds tighter than OR, as in SOQL. Anything else is a
 * MALFORMED_QUERY, as Salesforce would answer.
 */
export type SoqlRecord = Record<string, unknown>;

export interface ParsedSoql {
  fields: string[];
  object: string;
  where: (record: SoqlRecord, resolve: (r: SoqlRecord, path: string) => unknown) => boolean;
  orderBy: Array<{ field: string; desc: boolean }>;
  limit: number | null;
}

export class SoqlError extends Error {}

const PATTERN =
  /^SELECT\s+(.+?)\s+FROM\s+(\w+)(?:\s+WHERE\s+(.+?))?(?:\s+ORDER\s+BY\s+(.+?))?(?:\s+LIMIT\s+(\d+))?$/is;

function tokenize(where: string): string[] {
  const tokens: string[] = [];
  const re = /\s*('(?:\\.|[^'\\])*'|>=|<=|!=|=|<|>|[A-Za-z0-9_.:+-]+)/gy;
  let m: RegExpExecArray | null;
  while ((m = re.exec(where)) !== null) tokens.push(m[1]);
  if (tokens.join('').length !== where.replace(/\s+/g, '').length) {
    throw new SoqlError(`unexpected token in WHERE ${where}`);
  }
  return tokens;
}

function literal(token: string): unknown {
  if (token.startsWith("'"))
    return token
      .slice(1, -1)
      .replace(/\\(.)/g, (_, c: string) => ({ n: '\n', r: '\r', t: '\t' })[c] ?? c);
  if (/^(true|false)$/i.test(token)) return token.toLowerCase() === 'true';
  if (/^null$/i.test(token)) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(token)) return new Date(token);
  if (/^-?\d+(\.\d+)?$/.test(token)) return Number(token);
  throw new SoqlError(`not a literal: ${token}`);
}

function compare(a: unknown, op: string, b: unknown): boolean {
  const norm = (v: unknown) =>
    v instanceof Date
      ? v.getTime()
      : typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(v)
        ? Date.parse(v)
        : v;
  const x = norm(a);
  const y = norm(b);
  switch (op) {
    case '=':
      return x === y || (x === undefined && y === null);
    case '!=':
      return x !== y;
    default:
      if (x === null || x === undefined || y === null) return false;
      if (op === '>=') return (x as number) >= (y as number);
      if (op === '<=') return (x as number) <= (y as number);
      if (op === '>') return (x as number) > (y as number);
      return (x as number) < (y as number);
  }
}

export function parseSoql(soql: string): ParsedSoql {
  const m = PATTERN.exec(soql.trim());
  if (!m) throw new SoqlError(`unexpected query ${soql}`);
  const [, fieldList, object, where, order, limit] = m;
  const disjunction: Array<Array<{ field: string; op: string; value: unknown }>> = [[]];
  if (where) {
    const tokens = tokenize(where);
    for (let i = 0; i < tokens.length;) {
      const [field, op, value] = tokens.slice(i, i + 3);
      if (!field || !/^(=|!=|>=|<=|<|>)$/.test(op ?? '') || value === undefined) {
        throw new SoqlError(`bad condition at ${tokens.slice(i).join(' ')}`);
      }
      disjunction[disjunction.length - 1].push({ field, op, value: literal(value) });
      i += 3;
      const joiner = tokens[i]?.toUpperCase();
      if (joiner === 'OR') disjunction.push([]);
      else if (joiner !== 'AND' && joiner !== undefined)
        throw new SoqlError(`expected AND/OR, got ${joiner}`);
      if (joiner) i += 1;
    }
  }
  return {
    fields: fieldList.split(',').map((f) => f.trim()),
    object,
    where: (record, resolve) =>
      !where ||
      disjunction.some((all) => all.every((c) => compare(resolve(record, c.field), c.op, c.value))),
    orderBy: order
      ? order.split(',').map((part) => {
          const [field, dir] = part.trim().split(/\s+/);
          return { field, desc: dir?.toUpperCase() === 'DESC' };
        })
      : [],
    limit: limit ? Number(limit) : null,
  };
}
