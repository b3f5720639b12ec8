/**
 * Text as platforms really send it may hold what no later step can store: a lone UTF-16
 * surrogate (X truncating an emoji in half), NUL (PostgreSQL text and jsonb refuse U+0000), or
 * bytes that were not UTF-8. Ingestion repairs each into U+FFFD (REPLACEMENT CHARACTER, Unicode
 * §3.9 / the WHATWG "replacement" decoding) and records which repair it made, so nothing is
 * changed silently and everything ingestion accepts, the matcher can store.
 */
export type TextRepair = 'lone-surrogate' | 'nul' | 'invalid-utf8';

const REPLACEMENT = '\uFFFD';
// A high surrogate not followed by a low one, or a low surrogate not preceded by a high one.
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
// eslint-disable-next-line no-control-regex -- NUL is exactly what this looks for
const NUL = /\u0000/g;

/** The text with every lone surrogate and NUL replaced by U+FFFD, and the kinds replaced. */
export function repairText(text: string): { text: string; repairs: TextRepair[] } {
  const repairs: TextRepair[] = [];
  let out = text;
  const withoutLone = out.replace(LONE_SURROGATE, REPLACEMENT);
  if (withoutLone !== out) {
    repairs.push('lone-surrogate');
    out = withoutLone;
  }
  if (out.includes('\u0000')) {
    repairs.push('nul');
    out = out.replace(NUL, REPLACEMENT);
  }
  return { text: out, repairs };
}

/** True when the bytes are not well-formed UTF-8 (a decoder would have to substitute U+FFFD). */
export function isMalformedUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return false;
  } catch {
    return true;
  }
}

/**
 * `value` with every string inside (keys included) repaired; `found` collects the repair kinds.
 * Returns the same value when nothing needed repair, so clean payloads are not copied.
 */
export function repairDeep(value: unknown, found: Set<TextRepair>, depth = 0): unknown {
  if (typeof value === 'string') {
    const r = repairText(value);
    for (const kind of r.repairs) found.add(kind);
    return r.repairs.length ? r.text : value;
  }
  if (value === null || typeof value !== 'object' || depth > 64) return value;
  if (Array.isArray(value)) {
    let changed = false;
    const out = value.map((v: unknown) => {
      const fixed = repairDeep(v, found, depth + 1);
      changed ||= fixed !== v;
      return fixed;
    });
    return changed ? out : value;
  }
  let changed = false;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    const key = repairDeep(k, found, depth + 1) as string;
    const fixed = repairDeep(v, found, depth + 1);
    changed ||= fixed !== v || key !== k;
    out[key] = fixed;
  }
  return changed ? out : value;
}

/** The free-text fields of a mention (input or parsed) that come from the platform's users. */
const TEXT_FIELDS = ['text', 'authorName', 'authorHandle'] as const;

/**
 * The mention with its user-written fields repaired and `repairs` listing what was done
 * (`text:lone-surrogate`, `authorName:nul`, ...); the same object when nothing needed repair.
 * `extra` adds a repair found outside the fields (e.g. `body:invalid-utf8` from the raw bytes).
 */
export function repairMentionText<
  T extends {
    text?: unknown;
    authorName?: unknown;
    authorHandle?: unknown;
    raw?: unknown;
    repairs?: string[] | undefined;
  },
>(mention: T, extra: string[] = []): T & { repairs?: string[] } {
  const found: string[] = [...extra];
  const fixed: Record<string, unknown> = {};
  // The platform's original payload is stored too (jsonb refuses lone surrogates and NUL).
  if (mention.raw !== undefined && mention.raw !== null && typeof mention.raw === 'object') {
    const kinds = new Set<TextRepair>();
    const raw = repairDeep(mention.raw, kinds);
    if (raw !== mention.raw) fixed.raw = raw;
    for (const kind of kinds) found.push(`raw:${kind}`);
  }
  for (const field of TEXT_FIELDS) {
    const value = mention[field];
    if (typeof value !== 'string') continue;
    const repaired = repairText(value);
    if (repaired.repairs.length === 0) continue;
    fixed[field] = repaired.text;
    for (const r of repaired.repairs) found.push(`${field}:${r}`);
  }
  if (found.length === 0) return mention;
  return {
    ...mention,
    ...fixed,
    repairs: [...new Set([...(Array.isArray(mention.repairs) ? mention.repairs : []), ...found])],
  };
}
