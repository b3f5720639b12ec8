import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Replays `mentions` through ingestion's replay source as `npm run replay` feeds it: writes them
 * to a temporary JSONL file (one mention a line), hands its path to `source.replayFile`, removes
 * the file; resolves to what `replayFile` resolved to.
 */
export async function replayMentions<T>(
  source: { replayFile(file: string): Promise<T> },
  mentions: unknown[],
): Promise<T> {
  const dir = await mkdtemp(join(tmpdir(), 'scb-replay-'));
  try {
    const file = join(dir, 'mentions.jsonl');
    await writeFile(file, `${mentions.map((m) => JSON.stringify(m)).join('\n')}\n`);
    return await source.replayFile(file);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
