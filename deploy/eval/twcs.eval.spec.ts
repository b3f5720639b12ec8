import { parseCsv, readTwcs, twitterDate } from './twcs-csv.reader';
import { computeMetrics, conversationsOf, formatMetrics } from './twcs.metrics';

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
});
