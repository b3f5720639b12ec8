import type { z } from 'zod';
import { isWellFormedUtf8 } from './bad-bytes';

export interface FieldError {
  path: string;
  message: string;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Runs a contract schema and turns its issues into field-level errors fit for a 400 or a DLQ. */
export function parseWith<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.infer<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    errors: result.error.issues.map((issue) => ({
      path: issue.path.map(String).join('.') || '(root)',
      message: issue.message,
    })),
  };
}

/** Deeper than any real payload; deeper input would exhaust recursive code (zod, stringify). */
export const MAX_JSON_DEPTH = 256;

/** One linear pass over the text, so a hostile body is refused before anything recurses on it. */
export function jsonNestedDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i += 1; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x7d || c === 0x5d) depth -= 1;
  }
  return false;
}

/**
 * Decodes a JSON message body, reporting malformed bytes (invalid UTF-8, RFC 8259 §8.1) or JSON as
 * a field error rather than throwing.
 */
export function parseJsonWith<S extends z.ZodType>(
  schema: S,
  body: Buffer | string | null,
): Parsed<z.infer<S>> {
  if (body === null || body.length === 0) {
    return { ok: false, errors: [{ path: '(root)', message: 'empty message body' }] };
  }
  // Bytes that are not UTF-8 would decode to U+FFFD: refused, never silently changed.
  if (typeof body !== 'string' && !isWellFormedUtf8(body))
    return {
      ok: false,
      errors: [{ path: '(root)', message: 'malformed JSON: the bytes are not valid UTF-8' }],
    };
  const text = typeof body === 'string' ? body : body.toString('utf8');
  if (jsonNestedDeeperThan(text, MAX_JSON_DEPTH)) {
    return {
      ok: false,
      errors: [{ path: '(root)', message: `JSON nested deeper than ${MAX_JSON_DEPTH} levels` }],
    };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return {
      ok: false,
      errors: [{ path: '(root)', message: `malformed JSON: ${(error as Error).message}` }],
    };
  }
  return parseWith(schema, json);
}

export function describeErrors(errors: FieldError[]): string {
  return errors.map((e) => `${e.path}: ${e.message}`).join('; ');
}
