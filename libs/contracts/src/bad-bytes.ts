import { isUtf8 } from 'node:buffer';

/** U+0000: Postgres `text` cannot hold it and most downstream tools cut strings at it. */
const NUL = '\u0000';

/** Deeper than this, a value is not walked further (bodies are depth-limited before parsing). */
const MAX_WALK_DEPTH = 300;

/**
 * The paths (`a.b.0.c`, `(root)` for the value itself) of every string or object key in `value`
 * that contains a NUL character, in document order. One rule for every entry point (JSON bodies,
 * query strings, path parameters, header-derived values, webhook items): refuse, never strip.
 */
export function nulCharacterPaths(value: unknown, path: string[] = []): string[] {
  const found: string[] = [];
  const walk = (node: unknown, at: string[], depth: number): void => {
    if (typeof node === 'string') {
      if (node.includes(NUL)) found.push(at.length > 0 ? at.join('.') : '(root)');
      return;
    }
    if (typeof node !== 'object' || node === null || depth > MAX_WALK_DEPTH) return;
    for (const [key, child] of Object.entries(node)) {
      if (key.includes(NUL)) found.push([...at, key].join('.'));
      walk(child, [...at, key], depth + 1);
    }
  };
  walk(value, path, 0);
  return found;
}

/** The field errors a NUL gives, in the shape of `parseWith`'s errors. */
export const nulCharacterErrors = (value: unknown, path: string[] = []) =>
  nulCharacterPaths(value, path).map((p) => ({
    path: p,
    message: 'contains a NUL character (U+0000), which is not allowed',
  }));

/**
 * True when the bytes are well-formed UTF-8 (RFC 3629): no stray continuation bytes, overlong
 * forms, surrogates or truncated sequences. Decoding such bytes would silently turn them into
 * U+FFFD, so entry points refuse them instead.
 */
export const isWellFormedUtf8 = (bytes: Uint8Array): boolean => isUtf8(bytes);
