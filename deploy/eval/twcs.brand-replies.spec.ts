import { readTwcs } from './twcs-csv.reader';
import {
  ABSENT_BRAND_TEXT,
  brandRepliesOf,
  conversationIdsOf,
  SYNTHETIC_SOURCE,
} from './twcs.brand-replies';

const HEADER =
  'tweet_id,author_id,inbound,created_at,text,response_tweet_id,in_response_to_tweet_id\n';

describe('brand replies the inbound-only file lacks', () => {
  it("feeds the brand's answer to a customer's tweet as an outbound reply to it, just after it", () => {
    // u1's tweet 1 is answered by brand tweet 2 (absent); u1 answers 2 days later with tweet 3.
    const rows = readTwcs(
      `${HEADER}1,u1,True,Tue Oct 31 10:00:00 +0000 2017,a,2,\n` +
        `3,u1,True,Thu Nov 02 10:00:00 +0000 2017,b,,2\n`,
    );

    const [reply, ...rest] = brandRepliesOf(rows, 'SpotifyCares');

    expect(rest).toEqual([]);
    expect(reply).toMatchObject({
      platform: 'x',
      direction: 'outbound',
      externalId: '2',
      authorId: 'SpotifyCares',
      inReplyToId: '1',
      partyId: 'u1',
      createdAt: '2017-10-31T10:00:01.000Z',
      text: ABSENT_BRAND_TEXT,
      source: SYNTHETIC_SOURCE,
    });
  });

  it('synthesizes nothing for ids that are inbound rows, nor for parents no row lists (broadcasts)', () => {
    // 1 → 3 is an inbound row of the file; 4 answers brand tweet 9, which no row lists as a response.
    const rows = readTwcs(
      `${HEADER}1,u1,True,Tue Oct 31 10:00:00 +0000 2017,a,3,\n` +
        `3,u1,True,Tue Oct 31 10:05:00 +0000 2017,b,,1\n` +
        `4,u2,True,Tue Oct 31 11:00:00 +0000 2017,c,,9\n`,
    );

    expect(brandRepliesOf(rows, 'SpotifyCares')).toEqual([]);
  });

  it('places a reply before the first tweet answering it, lists each once, and in time order', () => {
    // Brand tweet 2 answers 1 and is answered 0.5 s after 1; brand tweet 6 answers 5 (earlier).
    const rows = readTwcs(
      `${HEADER}1,u1,True,Tue Oct 31 10:00:00 +0000 2017,a,"2,7",\n` +
        `8,u1,True,Tue Oct 31 10:00:00 +0000 2017,dup,2,\n` +
        `5,u2,True,Tue Oct 31 09:00:00 +0000 2017,e,6,\n`,
    );
    const answer = readTwcs(`${HEADER}3,u1,True,Tue Oct 31 10:00:00 +0000 2017,b,,2\n`)[0];
    const replies = brandRepliesOf(
      [...rows, { ...answer, createdAt: '2017-10-31T10:00:00.500Z' }],
      'B',
    );

    expect(replies.map((r) => [r.externalId, r.inReplyToId, r.createdAt])).toEqual([
      ['6', '5', '2017-10-31T09:00:01.000Z'],
      ['2', '1', '2017-10-31T10:00:00.499Z'],
      ['7', '1', '2017-10-31T10:00:01.000Z'],
    ]);
  });

  it("gives each post X's conversation id: its reply chain's root, through fed replies and unknown brand posts", () => {
    // 1 → brand 2 (fed) → 3; 4 and 5 answer brand post 9 (unknown: it stands for the root); 6 alone.
    const rows = readTwcs(
      `${HEADER}1,u1,True,Tue Oct 31 10:00:00 +0000 2017,a,2,\n` +
        `3,u1,True,Tue Oct 31 11:00:00 +0000 2017,b,,2\n` +
        `4,u2,True,Tue Oct 31 11:00:00 +0000 2017,c,,9\n` +
        `5,u2,True,Tue Nov 07 11:00:00 +0000 2017,d,,9\n` +
        `6,u3,True,Tue Oct 31 12:00:00 +0000 2017,e,,\n`,
    );
    const fed = brandRepliesOf(rows, 'B');

    const ids = conversationIdsOf(rows, fed);

    expect(Object.fromEntries(ids)).toEqual({
      '1': '1',
      '2': '1',
      '3': '1',
      '4': '9',
      '5': '9',
      '6': '6',
    });
  });
});
