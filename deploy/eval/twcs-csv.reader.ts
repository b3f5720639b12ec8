import { CsvRecordReader, TWCS_COLUMNS } from '@scb/social-sources';

/** One row of the "Customer Support on Twitter" CSV layout: the ground truth the eval scores with. */
export interface TwcsRow {
  tweetId: string;
  authorId: string;
  inbound: boolean;
  createdAt: string;
  text: string;
  responseTweetIds: string[];
  inResponseToTweetId: string | null;
}

/** RFC 4180 records (ingestion's reader), as arrays of fields; blank lines are skipped. */
export function parseCsv(content: string): string[][] {
  const reader = new CsvRecordReader();
  return [...reader.push(content), ...reader.end()].map((r) => r.fields);
}

export function readTwcs(content: string): TwcsRow[] {
  const [header, ...records] = parseCsv(content);
  if (header?.join(',') !== TWCS_COLUMNS.join(',')) {
    throw new Error(`not the TWCS layout: expected header ${TWCS_COLUMNS.join(',')}`);
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
