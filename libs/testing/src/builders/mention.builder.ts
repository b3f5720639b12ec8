import { randomInt } from 'node:crypto';
import { SocialMentionSchema, type SocialMention, type SocialMentionInput } from '@scb/contracts';

let sequence = 0;

/** A valid mention with fresh ids; override what the test is about. */
export function aMention(overrides: Partial<SocialMentionInput> = {}): SocialMention {
  sequence += 1;
  const unique = `${Date.now()}${String(sequence).padStart(6, '0')}${String(randomInt(1_000_000)).padStart(6, '0')}`;
  return SocialMentionSchema.parse({
    platform: 'x',
    // X ids are digits (the contract checks it): time, sequence and randomness keep them unique.
    externalId: unique,
    // Digits fit every platform's author ids (the contract wants digits for Meta).
    authorId: `7${unique}`,
    authorHandle: `handle_${sequence}`,
    authorName: `Customer ${sequence}`,
    text: `@SpotifyCares my playlist vanished again (${sequence})`,
    createdAt: new Date(Date.UTC(2026, 0, 1, 0, 0, sequence % 60)).toISOString(),
    source: 'test',
    ...overrides,
  });
}

/**
 * `mentionsPerAuthor` posts from each of `authors` fresh authors, interleaved the way a stream
 * would deliver them (author 1, author 2, ..., author 1 again).
 */
export function mentionsFromAuthors(
  authors: number,
  mentionsPerAuthor: number,
  runId = `${Date.now()}${String(randomInt(1_000_000)).padStart(6, '0')}`,
): SocialMention[] {
  const result: SocialMention[] = [];
  for (let round = 0; round < mentionsPerAuthor; round += 1) {
    for (let a = 0; a < authors; a += 1) {
      result.push(
        aMention({
          externalId: `${runId}${String(a).padStart(6, '0')}${String(round).padStart(4, '0')}`,
          authorId: `${runId}-author-${a}`,
          authorHandle: `customer_${a}`,
          text: `@SpotifyCares message ${round + 1} from customer ${a}`,
        }),
      );
    }
  }
  return result;
}
