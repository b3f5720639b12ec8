import { parseCsv, readTwcs, twitterDate } from './twcs-csv.reader';
import {
  computeMetrics,
  conversationsOf,
  formatMetrics,
  formatSplits,
  splitConversations,
} from './twcs.metrics';
import { decideOffline } from './twcs.what-if';

const HEADER =
  'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n';

describe('TWCS eval', () => {
  it('parses quoted fields with commas, doubled quotes and newlines', () => {
    expect(parseCsv('a,"b, ""c""\nd",e\r\n1,2,3\n')).toEqual([
      ['a', 'b, "c"\nd', 'e'],
      ['1', '2', '3'],
    ]);
  });

  it('reads rows with ISO dates, decoded entities and the reply links', () => {
    const [row] = readTwcs(
      `${HEADER}849,115887,True,Tue Oct 31 23:36:20 +0000 2017,"Premium &amp; shuffle, broken",851,848\n`,
    );
    expect(twitterDate('Wed Nov 01 07:40:06 +0100 2017')).toBe('2017-11-01T06:40:06.000Z');
    expect(row).toMatchObject({
      tweetId: '849',
      authorId: '115887',
      inbound: true,
      text: 'Premium & shuffle, broken',
      createdAt: '2017-10-31T23:36:20.000Z',
      responseTweetIds: ['851'],
      inResponseToTweetId: '848',
    });
    expect(() => readTwcs('a,b\n1,2\n')).toThrow(/TWCS layout/);
  });

  it('scores cases against conversations joined through (absent) brand tweets', () => {
    // Customer u1: tweets 1 and 3 are one conversation through brand tweet 2; tweet 5 is another.
    const rows = readTwcs(
      `${HEADER}1,u1,True,Tue Oct 31 10:00:00 +0000 2017,a,2,\n` +
        `3,u1,True,Tue Oct 31 11:00:00 +0000 2017,b,,2\n` +
        `5,u1,True,Tue Oct 31 12:00:00 +0000 2017,c,,\n`,
    );
    expect(conversationsOf(rows).get('3')).toBe(conversationsOf(rows).get('1'));
    const oneCase = ['1', '3', '5'].map((tweetId) => ({
      tweetId,
      authorId: 'u1',
      caseId: 'k1',
      explained: true,
    }));

    const metrics = computeMetrics(rows, oneCase);

    expect(metrics).toMatchObject({ mentions: 3, conversations: 2, conversationsWhole: 100 });
    expect(metrics.pairPrecision).toBeCloseTo(100 / 3);
    expect(formatMetrics(metrics)).toBe(
      'twcs: 3 mentions; conversations whole 100.0%; pair precision 33.3%; explained 100.0%; cases per customer 1.00',
    );
    const split = computeMetrics(rows, [{ ...oneCase[0], caseId: 'k0' }, oneCase[1], oneCase[2]]);
    expect(split.conversationsWhole).toBe(50);
  });

  it('lists each split conversation with the rule and candidates of every tweet, one-customer ones first', () => {
    // u1's tweets 1 and 3 are one conversation (through brand tweet 2); u2 answers the same brand tweet.
    const rows = readTwcs(
      `${HEADER}1,u1,True,Tue Oct 31 10:00:00 +0000 2017,a,2,\n` +
        `3,u1,True,Tue Nov 07 11:00:00 +0000 2017,b,,2\n` +
        `4,u2,True,Tue Oct 31 12:00:00 +0000 2017,c,,2\n` +
        `6,u3,True,Tue Oct 31 12:00:00 +0000 2017,d,,\n`,
    );
    const tweet = (tweetId: string, authorId: string, caseNumber: string, at: string) => ({
      tweetId,
      authorId,
      caseId: caseNumber,
      caseNumber,
      explained: true,
      occurredAt: at,
      rule: 'new-case',
      summary: 'opened a new case',
      candidates: [{ caseNumber: 'CS-1', reason: 'outside the reopen window', chosen: false }],
    });
    const matched = [
      tweet('3', 'u1', 'CS-2', '2017-11-07T11:00:00.000Z'),
      tweet('1', 'u1', 'CS-1', '2017-10-31T10:00:00.000Z'),
      tweet('4', 'u2', 'CS-3', '2017-10-31T12:00:00.000Z'),
      tweet('6', 'u3', 'CS-4', '2017-10-31T12:00:00.000Z'),
    ];

    const splits = splitConversations(rows, matched);

    expect(splits).toHaveLength(1);
    expect(splits[0]).toMatchObject({ kind: 'several-customers', authors: 2, cases: 3 });
    expect(splits[0].tweets.map((t) => t.tweetId)).toEqual(['1', '4', '3']);
    const text = formatSplits(splits);
    expect(text).toContain('split conversations: 1 (one customer 0, several customers 1)');
    expect(text).toContain(
      'tweet 3 by u1 → CS-2 [new-case] opened a new case | candidates: CS-1: outside the reopen window',
    );
    // Per customer: u1's part is split, u2's and u3's are whole.
    expect(computeMetrics(rows, matched).customerThreadsWhole).toBeCloseTo(200 / 3);
    const oneCustomer = splitConversations(rows, [matched[0], matched[1]]);
    expect(oneCustomer[0].kind).toBe('one-customer');
  });

  it('decides offline as the pipeline does: join while open, reopen within the window, else a new case', () => {
    const rows = readTwcs(
      `${HEADER}1,u1,True,Tue Oct 31 10:00:00 +0000 2017,a,2,\n` +
        `3,u1,True,Thu Nov 02 10:00:00 +0000 2017,b,,2\n` +
        `5,u1,True,Mon Nov 13 10:00:00 +0000 2017,c,,4\n`,
    );
    const policy = { resolveIdleHours: 24, reopenWindowHours: 72 };
    const cases = (extra?: (r: { inResponseToTweetId: string | null }) => boolean) =>
      decideOffline(rows, policy, extra).map((m) => m.caseId);

    // 48 h quiet: reopened within the window; 11 days quiet: a new case.
    expect(cases()).toEqual(['k1', 'k1', 'k2']);
    expect(cases((r) => r.inResponseToTweetId !== null)).toEqual(['k1', 'k1', 'k1']);
  });
});
