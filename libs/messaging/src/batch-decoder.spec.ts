import { SocialMentionSchema } from '@scb/contracts';
import { aMention } from '@scb/testing';
import { decodeBatch } from './batch-decoder';

const record = (value: string | null, offset: string) => ({
  key: 'x:1',
  value: value === null ? null : Buffer.from(value),
  offset,
  timestamp: Date.now(),
  headers: {},
});

describe('decodeBatch', () => {
  it('keeps valid records and sends each invalid one to the dead letters with its reason', () => {
    const good = aMention();
    const { valid, rejected } = decodeBatch(SocialMentionSchema, {
      topic: 'social.mentions.v1',
      partition: 2,
      records: [
        record(JSON.stringify(good), '10'),
        record('{not json', '11'),
        record(JSON.stringify({ platform: 'x' }), '12'),
        record(null, '13'),
      ],
    });

    expect(valid.map((v) => v.value.externalId)).toEqual([good.externalId]);
    expect(rejected.map((r) => r.offset)).toEqual(['11', '12', '13']);
    expect(rejected[0].reason).toMatch(/malformed JSON/);
    expect(rejected[1].reason).toMatch(/externalId/);
    expect(rejected[2].reason).toMatch(/empty message body/);
    expect(rejected[1]).toMatchObject({ partition: 2, key: 'x:1', payload: '{"platform":"x"}' });
  });
});
