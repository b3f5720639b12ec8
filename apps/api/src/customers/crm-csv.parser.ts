import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { StringDecoder } from 'node:string_decoder';
import { CsvError, parse } from 'csv-parse';
import { CrmCustomerSchema, CrmImportSchema, parseWith, type CrmCustomer } from '@scb/contracts';

/**
 * The CSV layout of a CRM import: one row per fact, rows sharing a `crm_id` are one customer.
 * A row may carry the customer's fields, one social identity, identifiers and one case; empty
 * cells are absent. Documented in docs/crm-import.md.
 */
export const CRM_CSV_COLUMNS = {
  crm_id: 'crmId',
  display_name: 'displayName',
  tier: 'tier',
  platform: 'identities.0.platform',
  external_user_id: 'identities.0.externalUserId',
  handle: 'identities.0.handle',
  email: 'identifiers.email',
  phone: 'identifiers.phone',
  account_number: 'identifiers.account',
  crm_case_id: 'cases.0.crmCaseId',
  case_status: 'cases.0.status',
  case_category: 'cases.0.category',
  case_priority: 'cases.0.priority',
  case_resolved_at: 'cases.0.resolvedAt',
} as const;
type Column = keyof typeof CRM_CSV_COLUMNS;
const COLUMNS = Object.keys(CRM_CSV_COLUMNS) as Column[];

/** A refused cell: `row` counts data rows from 1 (the header is row 0), `line` is the file's. */
export interface CsvCellError {
  row: number;
  line: number;
  column: string;
  message: string;
}

export type CrmCsvParsed =
  { ok: true; customers: CrmCustomer[] } | { ok: false; errors: CsvCellError[] };

const MAX_ERRORS = 100;
const IDENTIFIER_COLUMNS = [
  ['email', 'email'],
  ['phone', 'phone'],
  ['account', 'account_number'],
] as const;

/** Reads a whole CRM CSV (a file or a request body, in chunks) into import records. */
export async function parseCrmCsv(chunks: AsyncIterable<string | Buffer>): Promise<CrmCsvParsed> {
  const rows = new CrmCsvRows();
  // RFC 4180 as csv-parse reads it; a quote inside an unquoted cell is an ordinary character and
  // rows may be short (absent cells are empty). Blank lines stay records so lines can be counted.
  const parser = parse({ info: true, relax_column_count: true, relax_quotes: true });
  const lines = new LineCounter();
  // In flowing mode every record reaches the rows before a later parse error is raised.
  parser.on('data', ({ record, info }: CsvParseRecord) => {
    const line = lines.next(record, info.lines);
    if (record.length === 1 && record[0] === '') return; // a blank line
    rows.add({ fields: record, line });
  });
  try {
    // pipeline() also carries a failure of the source (a body over its cap) to the caller.
    await pipeline(Readable.from(decoded(chunks)), parser);
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    rows.fail(0, lines.start, '(file)', csvErrorMessage(error, lines.start));
  }
  return rows.result();
}

interface CsvParseRecord {
  record: string[];
  info: { lines: number };
}

interface CsvRecord {
  fields: string[];
  line: number;
}

async function* decoded(chunks: AsyncIterable<string | Buffer>): AsyncIterable<string> {
  const decoder = new StringDecoder('utf8');
  for await (const chunk of chunks) yield typeof chunk === 'string' ? chunk : decoder.write(chunk);
  const rest = decoder.end();
  if (rest) yield rest;
}

/**
 * The file line each record starts on. csv-parse's `info.lines` is the line a record ends on, but
 * it counts a CRLF inside a quoted cell as two lines; that excess is taken back here.
 */
class LineCounter {
  /** The line the next record starts on. */
  start = 1;
  private excess = 0;

  next(fields: string[], reportedEnd: number): number {
    for (const field of fields) this.excess += field.split('\r\n').length - 1;
    const start = this.start;
    this.start = reportedEnd - this.excess + 1;
    return start;
  }
}

function csvErrorMessage(error: CsvError, line: number): string {
  if (error.code === 'CSV_QUOTE_NOT_CLOSED')
    return `unterminated quoted field in the record starting on line ${line}`;
  return `malformed CSV in the record starting on line ${line}: ${error.message}`;
}

/** Validates row by row, naming the cell, and folds the rows of one `crm_id` together. */
class CrmCsvRows {
  private header: Array<Column | null> | null = null;
  private headerRefused = false;
  private row = 0;
  private readonly errors: CsvCellError[] = [];
  private readonly customers = new Map<
    string,
    { customer: CrmCustomer; row: number; given: Map<Column, string> }
  >();

  add(record: CsvRecord): void {
    if (!this.header) return this.readHeader(record);
    // A bad header makes every row's errors noise: it alone is reported.
    if (this.headerRefused) return;
    this.row += 1;
    const cells = new Map<Column, string>();
    this.header.forEach((column, i) => {
      const value = (record.fields[i] ?? '').trim();
      if (column && value !== '') cells.set(column, value);
    });
    if (cells.size === 0) return;
    const fail = (column: string, message: string) =>
      this.fail(this.row, record.line, column, message);
    const identifiers = IDENTIFIER_COLUMNS.flatMap(([kind, column]) =>
      cells.has(column) ? [{ kind, value: cells.get(column)!, column }] : [],
    );
    if (!cells.has('crm_id')) return fail('crm_id', 'required on every row');
    const priority = cells.get('case_priority');
    if (priority !== undefined && !/^\d+$/.test(priority))
      return fail('case_priority', `expected a whole number, got "${priority}"`);
    const hasIdentity = cells.has('platform') || cells.has('external_user_id');
    const input = {
      crmId: cells.get('crm_id'),
      displayName: cells.get('display_name'),
      tier: cells.get('tier'),
      identities: hasIdentity
        ? [
            {
              platform: cells.get('platform'),
              externalUserId: cells.get('external_user_id'),
              handle: cells.get('handle'),
            },
          ]
        : [],
      identifiers: identifiers.map(({ kind, value }) => ({ kind, value })),
      cases: cells.has('crm_case_id')
        ? [
            {
              crmCaseId: cells.get('crm_case_id'),
              status: cells.get('case_status'),
              category: cells.get('case_category'),
              priority: priority === undefined ? undefined : Number(priority),
              resolvedAt: cells.get('case_resolved_at'),
            },
          ]
        : [],
    };
    for (const column of ['case_status', 'case_category', 'case_priority', 'case_resolved_at'])
      if (!input.cases.length && cells.has(column as Column))
        return fail(column, 'a case field needs crm_case_id on the same row');
    if (cells.has('handle') && !cells.has('platform'))
      return fail('handle', 'a handle needs platform on the same row');
    const parsed = parseWith(CrmCustomerSchema, input);
    if (!parsed.ok) {
      for (const e of parsed.errors) fail(columnOf(e.path, identifiers), e.message);
      return;
    }
    this.fold(parsed.value, cells, fail);
  }

  fail(row: number, line: number, column: string, message: string): void {
    if (this.errors.length < MAX_ERRORS) this.errors.push({ row, line, column, message });
  }

  result(): CrmCsvParsed {
    if (!this.header && this.errors.length === 0) this.fail(0, 1, '(file)', 'the file is empty');
    if (this.errors.length > 0) return { ok: false, errors: this.errors };
    if (this.customers.size === 0) {
      return { ok: false, errors: [{ row: 0, line: 1, column: '(file)', message: 'no rows' }] };
    }
    const customers = [...this.customers.values()].map((c) => c.customer);
    // The limits of the whole import (customers per file, cases per customer) hold for CSV too.
    const whole = parseWith(CrmImportSchema, { customers });
    if (!whole.ok) {
      return {
        ok: false,
        errors: whole.errors.map((e) => ({
          row: 0,
          line: 0,
          column: '(file)',
          message: `${e.path}: ${e.message}`,
        })),
      };
    }
    return { ok: true, customers: whole.value.customers };
  }

  private readHeader(record: CsvRecord): void {
    const names = record.fields.map((f) =>
      f
        .trim()
        .replace(/^\uFEFF/, '')
        .toLowerCase(),
    );
    this.header = names.map((name) => (COLUMNS.includes(name as Column) ? (name as Column) : null));
    names.forEach((name, i) => {
      if (!this.header![i])
        this.fail(0, record.line, name, `unknown column; use ${COLUMNS.join(', ')}`);
    });
    if (!names.includes('crm_id'))
      this.fail(0, record.line, 'crm_id', 'the crm_id column is required');
    this.headerRefused = this.errors.length > 0;
  }

  /** A later row of the same customer adds identities, identifiers and cases; its fields agree. */
  private fold(
    next: CrmCustomer,
    cells: Map<Column, string>,
    fail: (column: string, message: string) => void,
  ): void {
    const given = new Map(
      CUSTOMER_FIELDS.flatMap(([c]) => (cells.has(c) ? [[c, cells.get(c)!]] : [])),
    );
    const seen = this.customers.get(next.crmId);
    if (!seen) {
      this.customers.set(next.crmId, { customer: next, row: this.row, given });
      return;
    }
    for (const [column, field] of CUSTOMER_FIELDS) {
      const value = given.get(column);
      const earlier = seen.given.get(column);
      if (value === undefined || value === earlier) continue;
      if (earlier !== undefined) {
        fail(
          column,
          `"${value}" differs from "${earlier}" on row ${seen.row} of customer ${next.crmId}`,
        );
        continue;
      }
      seen.given.set(column, value);
      Object.assign(seen.customer, { [field]: next[field] });
    }
    seen.customer.identities.push(...next.identities);
    seen.customer.identifiers.push(...next.identifiers);
    seen.customer.cases.push(...next.cases);
  }
}

const CUSTOMER_FIELDS = [
  ['display_name', 'displayName'],
  ['tier', 'tier'],
] as const;

/** The cell a schema path points at (`cases.0.priority` → `case_priority`). */
function columnOf(path: string, identifiers: Array<{ column: string }>): string {
  const identifier = /^identifiers\.(\d+)/.exec(path);
  if (identifier) return identifiers[Number(identifier[1])]?.column ?? 'email';
  const exact = COLUMNS.find((c) => CRM_CSV_COLUMNS[c] === path);
  if (exact) return exact;
  if (path.startsWith('identities')) return 'platform';
  if (path.startsWith('cases')) return 'crm_case_id';
  return path;
}
