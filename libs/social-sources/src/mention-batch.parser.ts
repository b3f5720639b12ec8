import {
  parseJsonWith,
  parseWith,
  SocialMentionSchema,
  type FieldError,
  type SocialMention,
} from '@scb/contracts';
import { z } from 'zod';

export type BatchItem =
  | { index: number; ok: true; mention: SocialMention }
  | { index: number; ok: false; errors: FieldError[]; raw: unknown };

export type ParsedBatch = { ok: true; items: BatchItem[] } | { ok: false; errors: FieldError[] };

const Body = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]);

/**
 * A webhook body holding one mention (an object) or a batch (an array). Each item is validated on
 * its own, so one bad item does not sink the others; `source` defaults to the webhook's name when
 * the sender does not say which tool it is.
 */
export function parseMentionBatch(body: Buffer, source: string, maxItems: number): ParsedBatch {
  const parsed = parseJsonWith(Body, body);
  if (!parsed.ok)
    return {
      ok: false,
      errors: parsed.errors.map((e) =>
        e.path === '(root)' && !/JSON|empty/.test(e.message)
          ? { path: '(root)', message: 'expected a mention object or an array of mentions' }
          : e,
      ),
    };
  const list = Array.isArray(parsed.value) ? parsed.value : [parsed.value];
  if (list.length === 0)
    return { ok: false, errors: [{ path: '(root)', message: 'the batch is empty' }] };
  if (list.length > maxItems)
    return {
      ok: false,
      errors: [{ path: '(root)', message: `at most ${maxItems} mentions per request` }],
    };
  return {
    ok: true,
    items: list.map((raw, index): BatchItem => {
      const input = raw !== null && typeof raw === 'object' ? { source, ...raw } : raw;
      const item = parseWith(SocialMentionSchema, input);
      return item.ok
        ? { index, ok: true, mention: item.value }
        : { index, ok: false, errors: item.errors, raw };
    }),
  };
}
