import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { mentionsFromAuthors } from '@scb/testing';

/** Real inbound tweets in the sample (all rows of this file are inbound). */
export const TWCS_ROWS = 10_099;
const PER_AUTHOR = 5;
/** Generated mentions per replay file: a killed replay re-sends at most this many. */
const CHUNK = 2_500;

export interface ChaosInput {
  files: Array<{ path: string; limit: number }>;
  /** Mentions the files hold (the real sample's rows are all valid inbound tweets). */
  total: number;
  generatedAuthors: number;
}

/**
 * The real TWCS sample (up to a quarter of the run) plus generated customers writing five
 * mentions each; written once so the reference and the faulted run read the very same input.
 */
export async function writeChaosInput(
  root: string,
  dir: string,
  mentions: number,
): Promise<ChaosInput> {
  const real = Math.min(TWCS_ROWS, Math.ceil(mentions / 4));
  const generated = mentions - real;
  const authors = Math.ceil(generated / PER_AUTHOR);
  const list = mentionsFromAuthors(authors, PER_AUTHOR, '7000'); // a digit run id: X ids are digits.slice(0, generated);
  const files = [
    { path: join(root, 'libs/testing/data/twcs/twcs-spotifycares-inbound.csv'), limit: real },
  ];
  for (let start = 0; start < list.length; start += CHUNK) {
    const path = join(dir, `generated-${files.length}.jsonl`);
    const out = createWriteStream(path);
    const chunk = list.slice(start, start + CHUNK);
    for (const m of chunk) {
      if (!out.write(`${JSON.stringify(m)}\n`)) await once(out, 'drain');
    }
    out.end();
    await once(out, 'finish');
    files.push({ path, limit: chunk.length });
  }
  return {
    files,
    total: mentions,
    generatedAuthors: authors,
  };
}
