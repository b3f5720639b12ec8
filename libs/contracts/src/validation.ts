import type { z } from 'zod';

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

/** Decodes a JSON message body, reporting malformed bytes as a field error rather than throwing. */
export function parseJsonWith<S extends z.ZodType>(
  schema: S,
  body: Buffer | string | null,
): Parsed<z.infer<S>> {
  if (body === null || body.length === 0) {
    return { ok: false, errors: [{ path: '(root)', message: 'empty message body' }] };
  }
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : body.toString('utf8'));
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
