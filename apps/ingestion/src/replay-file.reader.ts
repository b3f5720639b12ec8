import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  describeErrors,
  parseJsonWith,
  SocialMentionSchema,
  type SocialMention,
} from '@scb/contracts';
import type { Rejected } from '@scb/messaging';
import { CsvRecordReader, TwcsRowNormalizer } from '@scb/social-sources';

/** One record of a replay file: a mention to publish, or what was refused and why. */
export type ReplayItem = { mention: SocialMention } | { rejected: Rejected };

export const REPLAY_FORMATS = ['jsonl', 'twcs-csv'] as const;
export type ReplayFormat = (typeof REPLAY_FORMATS)[number];

const rejected = (reason: string, payload: string): ReplayItem => ({
  rejected: { reason, key: null, payload, partition: null, offset: null },
});

/** Streams replay files record by record, so a file of any size runs in constant memory. */
export class ReplayFileReader {
  static formatOf(path: string): ReplayFormat {
    return path.toLowerCase().endsWith('.csv') ? 'twcs-csv' : 'jsonl';
  }

  static read(path: string, format: ReplayFormat): AsyncIterable<ReplayItem> {
    return format === 'jsonl' ? ReplayFileReader.jsonl(path) : ReplayFileReader.twcsCsv(path);
  }

  /** One `SocialMention` per line; blank lines are skipped. */
  static async *jsonl(path: string): AsyncIterable<ReplayItem> {
    const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
    let lineNumber = 0;
    for await (const line of lines) {
      lineNumber += 1;
      if (line.trim() === '') continue;
      const parsed = parseJsonWith(SocialMentionSchema, line);
      yield parsed.ok
        ? { mention: parsed.value }
        : rejected(`line ${lineNumber}: ${describeErrors(parsed.errors)}`, line);
    }
  }

  /** The "Customer Support on Twitter" CSV layout; a file with another header is refused whole. */
  static async *twcsCsv(path: string): AsyncIterable<ReplayItem> {
    const reader = new CsvRecordReader();
    let normalizer: TwcsRowNormalizer | null = null;
    const convert = (fields: string[], line: number): ReplayItem[] => {
      if (!normalizer) {
        normalizer = new TwcsRowNormalizer(fields);
        return [];
      }
      const row = normalizer.normalize(fields);
      return row.kind === 'mention'
        ? [{ mention: row.mention }]
        : [rejected(`line ${line}: ${row.reason}`, JSON.stringify(fields))];
    };
    for await (const chunk of createReadStream(path, 'utf8') as AsyncIterable<string>) {
      for (const record of reader.push(chunk)) yield* convert(record.fields, record.line);
    }
    for (const record of reader.end()) yield* convert(record.fields, record.line);
  }
}
