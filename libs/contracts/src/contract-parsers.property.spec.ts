import { repairText } from './text-repair';
import fc from 'fast-check';
import { CaseEventSchema, CHANNELS } from './case-event.schema';
import { PLATFORMS, SocialMentionSchema } from './social-mention.schema';
import { parseJsonWith, parseWith } from './validation';

/** Any text a post may carry: every code point, emoji, RTL marks, zero-width joiners, NULs. */
const anyText = (max: number) =>
  fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: max }),
    fc.string({ unit: 'binary', maxLength: max }),
    fc.constantFrom(
      "'; DROP TABLE interactions; --",
      '<script>alert(1)</script>',
      '\u202Eevil\u202C \u200B\u200D\uFEFF',
      'مرحبا بالعالم 👩‍👩‍👧‍👦',
      '\u0000\u0001',
    ),
  );
const id = fc.string({ minLength: 1, maxLength: 40 }).filter((s) => s.trim().length > 0);
const isoDate = fc
  .date({ min: new Date('2000-01-01'), max: new Date('2100-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());

const mentionInput = fc.record(
  {
    platform: fc.constantFrom(...PLATFORMS),
    direction: fc.constantFrom('inbound', 'outbound'),
    externalId: id,
    authorId: id,
    authorHandle: fc.option(anyText(256), { nil: null }),
    authorName: fc.option(anyText(256), { nil: null }),
    text: anyText(2_000),
    lang: fc.option(fc.string({ maxLength: 16 }), { nil: null }),
    createdAt: isoDate,
    conversationId: fc.option(id, { nil: null }),
    inReplyToId: fc.option(id, { nil: null }),
    targetAccount: fc.option(anyText(256), { nil: null }),
    authorMetrics: fc.record({
      followers: fc.option(fc.nat(), { nil: null }),
      verified: fc.option(fc.boolean(), { nil: null }),
    }),
    source: fc.string({ maxLength: 64 }),
  },
  { requiredKeys: ['platform', 'externalId', 'authorId', 'text', 'createdAt'] },
);

const caseEventInput = fc.record({
  type: fc.constantFrom('caseOpened', 'mentionLinked'),
  eventId: fc.uuid(),
  occurredAt: isoDate,
  caseId: fc.uuid(),
  caseNumber: fc
    .integer({ min: 0, max: 99_999_999 })
    .map((n) => `CS-${String(n).padStart(6, '0')}`),
  customerId: fc.uuid(),
  channel: fc.constantFrom(...CHANNELS),
  priority: fc.integer({ min: 1, max: 5 }),
  category: fc.option(fc.string({ maxLength: 128 }), { nil: null }),
  interactionId: fc.uuid(),
  tags: fc.array(fc.string({ minLength: 1, maxLength: 64 }), { maxLength: 50 }),
  sentiment: fc.option(fc.integer({ min: -10_000, max: 10_000 }), { nil: null }),
  language: fc.option(fc.string({ maxLength: 16 }), { nil: null }),
  platform: fc.constantFrom(...PLATFORMS),
  externalId: fc.string({ minLength: 1, maxLength: 128 }),
});

/** What Kafka carries: the parsed value serialized, then read back by the consumer. */
const wire = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8');

describe('contract parsers (property-based)', () => {
  it('SocialMention: parse ∘ serialize ∘ parse is parse, for every valid mention', () => {
    fc.assert(
      fc.property(mentionInput, (input) => {
        const first = parseWith(SocialMentionSchema, input);
        if (!first.ok) return; // Generated trimmed-to-empty ids etc. are the rejecting tests' job.
        const again = parseJsonWith(SocialMentionSchema, wire(first.value));
        expect(again).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('SocialMention: text survives the wire byte for byte (emoji, RTL, zero-width, injections), only NUL and lone surrogates repaired and recorded', () => {
    fc.assert(
      fc.property(anyText(2_000), (text) => {
        const parsed = parseWith(SocialMentionSchema, {
          platform: 'x',
          externalId: '1',
          authorId: '2',
          text,
          createdAt: '2026-01-01T00:00:00Z',
        });
        expect(parsed.ok).toBe(true);
        const back = parseJsonWith(SocialMentionSchema, wire(parsed.ok && parsed.value));
        const expected = repairText(text);
        expect(back.ok && back.value.text).toBe(expected.text);
        expect(back.ok && back.value.repairs).toEqual(expected.repairs.map((r) => `text:${r}`));
      }),
      { numRuns: 300 },
    );
  });

  it('CaseEvent: parse ∘ serialize ∘ parse is parse', () => {
    fc.assert(
      fc.property(caseEventInput, (input) => {
        const first = parseWith(CaseEventSchema, input);
        expect(first.ok).toBe(true);
        expect(parseJsonWith(CaseEventSchema, wire(first.ok && first.value))).toEqual(first);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary JSON values: either a value or field errors with a path', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        for (const schema of [SocialMentionSchema, CaseEventSchema]) {
          const result = parseWith(schema, value);
          if (!result.ok) {
            expect(result.errors.length).toBeGreaterThan(0);
            for (const e of result.errors) expect(typeof e.path).toBe('string');
          }
        }
      }),
      { numRuns: 500 },
    );
  });

  it('never throws on arbitrary bytes (malformed JSON, invalid UTF-8, empty)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 4_096 }), (bytes) => {
        const result = parseJsonWith(SocialMentionSchema, Buffer.from(bytes));
        expect(result.ok).toBe(false);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses JSON nested past the limit before parsing it, and counts nesting only outside strings', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 257, max: 100_000 }),
        fc.constantFrom('[', '{"a":'),
        (depth, open) => {
          const close = open === '[' ? ']' : '}';
          const result = parseJsonWith(
            SocialMentionSchema,
            `${open.repeat(depth)}1${close.repeat(depth)}`,
          );
          expect(!result.ok && result.errors[0].message).toMatch(/nested deeper than 256/);
        },
      ),
      { numRuns: 50 },
    );
    const brackets = '['.repeat(10_000);
    const inText = parseJsonWith(
      SocialMentionSchema,
      wire({
        platform: 'x',
        externalId: '1',
        authorId: '2',
        text: `\\"${brackets}`,
        createdAt: '2026-01-01T00:00:00Z',
      }),
    );
    expect(inText.ok && inText.value.text).toBe(`\\"${brackets}`);
  });

  it('rejects a valid mention with any one required field replaced by a wrong type, naming it', () => {
    const required = ['platform', 'externalId', 'authorId', 'text', 'createdAt'] as const;
    fc.assert(
      fc.property(
        mentionInput,
        fc.constantFrom(...required),
        fc.oneof(fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.nat())),
        (input, field, wrong) => {
          const result = parseWith(SocialMentionSchema, { ...input, [field]: wrong });
          expect(result.ok).toBe(false);
          expect(!result.ok && result.errors.map((e) => e.path)).toContain(field);
        },
      ),
      { numRuns: 300 },
    );
  });
});
