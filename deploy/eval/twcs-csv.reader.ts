import { SocialMentionSchema, type SocialMention } from '@scb/contracts';

/** One row of the "Customer Support on Twitter" CSV layout. */
export interface TwcsRow {
  tweetId: string;
  authorId: string;
  inbound: boolean;
  createdAt: string;
  text: string;
  responseTweetIds: string[];
  inResponseToTweetId: string | null;
}

const COLUMNS = [
  'tweet_id',
  'author_id',
  'inbound',
  'created_at',
  'text',
  'response_tweet_id',
  'in_response_to_tweet_id',
];

/** RFC 4180 records: quoted fields may hold commas, doubled quotes and newlines. */
export function parseCsv(content: string): string[][] {
  const records: string[][] = [];
  let field = '';
  let record: string[] = [];
  let quoted = false;
  for (let i = 0; i < content.length; i += 1) {
    const ch = content[i];
    if (quoted) {
      if (ch === '"' && content[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      record.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && content[i + 1] === '\n') i += 1;
      record.push(field);
      records.push(record);
      record = [];
      field = '';
    } else field += ch;
  }
  if (field.length > 0 || record.length > 0) records.push([...record, field]);
  return records.filter((r) => r.length > 1 || r[0] !== '');
}

export function readTwcs(content: string): TwcsRow[] {
  const [header, ...records] = parseCsv(content);
  if (header?.join(',') !== COLUMNS.join(',')) {
    throw new Error(`not the TWCS layout: expected header ${COLUMNS.join(',')}`);
  }
  return records.map((r) => ({
    tweetId: r[0],
    authorId: r[1],
    inbound: r[2] === 'True',
    createdAt: twitterDate(r[3]),
    text: decodeEntities(r[4]),
    responseTweetIds: r[5] ? r[5].split(',').filter(Boolean) : [],
    inResponseToTweetId: r[6] ? r[6].replace(/\.0$/, '') : null,
  }));
}

/** `Tue Oct 31 23:36:20 +0000 2017` → ISO 8601. */
export function twitterDate(value: string): string {
  const m = /^\w{3} (\w{3}) (\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4}) (\d{4})$/.exec(value);
  if (!m) throw new Error(`unexpected created_at ${value}`);
  const month = 'JanFebMarAprMayJunJulAugSepOctNovDec'.indexOf(m[1]) / 3 + 1;
  const offset = `${m[4].slice(0, 3)}:${m[4].slice(3)}`;
  return new Date(
    `${m[5]}-${String(month).padStart(2, '0')}-${m[2]}T${m[3]}${offset}`,
  ).toISOString();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

/**
 * The mention ingestion would publish for an inbound row. The conversation id is left null: the
 * dataset does not carry one, and deriving it from the reply graph would leak the ground truth.
 */
export function toMention(row: TwcsRow): SocialMention {
  return SocialMentionSchema.parse({
    platform: 'x',
    externalId: row.tweetId,
    authorId: row.authorId,
    authorHandle: row.authorId,
    text: row.text.slice(0, 20_000),
    lang: null,
    createdAt: row.createdAt,
    inReplyToId: row.inResponseToTweetId,
    targetAccount: 'SpotifyCares',
    source: 'twcs-eval',
  });
}
