import { readFileSync } from 'node:fs';
import { sharedDataFile } from '@scb/testing';
import { CsvRecordReader } from './csv-record.reader';
import { TwcsRowNormalizer, type TwcsRow } from './twcs-row.normalizer';

function normalizeFile(name: string): TwcsRow[] {
  const reader = new CsvRecordReader();
  const [header, ...rows] = [
    ...reader.push(readFileSync(sharedDataFile(name), 'utf8')),
    ...reader.end(),
  ];
  const normalizer = new TwcsRowNormalizer(header.fields);
  return rows.map((r) => normalizer.normalize(r.fields));
}

const mentions = (rows: TwcsRow[]) =>
  rows.flatMap((r) => (r.kind === 'mention' ? [r.mention] : []));

describe('TwcsRowNormalizer on the dataset sample', () => {
  const rows = normalizeFile('twcs-kaggle-sample.csv');

  it('accepts every row, inbound and outbound', () => {
    expect(rows.filter((r) => r.kind === 'invalid')).toEqual([]);
    const byDirection = mentions(rows).reduce<Record<string, number>>((acc, m) => {
      acc[m.direction] = (acc[m.direction] ?? 0) + 1;
      return acc;
    }, {});
    expect(byDirection).toEqual({ inbound: 49, outbound: 44 });
  });

  it('decodes entities, links the reply and names the brand addressed', () => {
    const mention = mentions(rows).find((m) => m.externalId === '119242');
    expect(mention).toMatchObject({
      platform: 'x',
      direction: 'inbound',
      authorId: '105836',
      createdAt: '2017-10-10T15:09:00.000Z',
      inReplyToId: '119246',
      targetAccount: 'VirginTrains',
      source: 'replay-twcs',
    });
    expect(mention?.text).toContain("I still haven't heard & the number");
  });

  it('keeps a brand reply as outbound from the brand account', () => {
    expect(mentions(rows).find((m) => m.externalId === '119248')).toMatchObject({
      direction: 'outbound',
      authorId: 'AppleSupport',
      inReplyToId: '119249',
      text: expect.stringContaining('Settings > General > About'),
    });
  });
});

describe('TwcsRowNormalizer on the @SpotifyCares inbound file', () => {
  const rows = normalizeFile('twcs-spotifycares-inbound.csv');

  it('turns all 10,099 rows into inbound mentions addressed to SpotifyCares', () => {
    expect(rows).toHaveLength(10_099);
    expect(rows.filter((r) => r.kind === 'invalid')).toEqual([]);
    const all = mentions(rows);
    expect(all.every((m) => m.direction === 'inbound')).toBe(true);
    const targets = new Set(all.map((m) => m.targetAccount));
    expect(all.filter((m) => m.targetAccount === 'SpotifyCares').length).toBeGreaterThan(9_900);
    expect(targets.has('SpotifyCares')).toBe(true);
  });

  it('keeps multi-line quoted texts whole', () => {
    expect(mentions(rows).some((m) => m.text.includes('\n'))).toBe(true);
  });
});

describe('TwcsRowNormalizer refusals', () => {
  const header = [
    'tweet_id',
    'author_id',
    'inbound',
    'created_at',
    'text',
    'response_tweet_id',
    'in_response_to_tweet_id',
  ];
  const normalizer = new TwcsRowNormalizer(header);
  const row = ['1', '2', 'True', 'Tue Oct 31 23:36:20 +0000 2017', '@Brand hi', '', ''];

  it('names the missing columns of a foreign header', () => {
    expect(() => new TwcsRowNormalizer(['id', 'text', 'inbound'])).toThrow(
      /missing column\(s\) tweet_id, author_id, created_at/,
    );
  });

  it('gives the reason for a bad row', () => {
    expect(normalizer.normalize(row.slice(0, 3))).toEqual({
      kind: 'invalid',
      reason: 'expected 7 fields, got 3',
    });
    expect(normalizer.normalize(row.with(2, 'maybe'))).toMatchObject({ reason: /inbound/ });
    expect(normalizer.normalize(row.with(3, 'yesterday'))).toMatchObject({ reason: /created_at/ });
    expect(normalizer.normalize(row.with(0, ''))).toMatchObject({ reason: /externalId/ });
  });
});
