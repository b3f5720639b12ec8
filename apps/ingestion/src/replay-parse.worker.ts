import { parentPort, workerData } from 'node:worker_threads';
import { packBatch, type PackedBatch } from './prepared-batch.codec';
import { prepareItems, type PreparedItem } from './prepared-mention';
import { ReplayFileReader, type ReplayFormat } from './replay-file.reader';

/**
 * Worker thread of a file replay: reads, parses, validates and serializes the file's mentions
 * and posts them in batches, at most `credit` batches ahead of the publisher (it sends `more`
 * for each batch it takes), so memory stays bounded on files of any size.
 */
export interface ReplayParseJob {
  path: string;
  format: ReplayFormat;
  batchSize: number;
  credit: number;
}

export type ReplayParseMessage =
  { kind: 'batch'; batch: PackedBatch } | { kind: 'done' } | { kind: 'error'; message: string };

async function run(job: ReplayParseJob): Promise<void> {
  const port = parentPort!;
  let credit = job.credit;
  let wake: (() => void) | null = null;
  port.on('message', () => {
    credit += 1;
    wake?.();
  });
  const post = async (items: PreparedItem[]) => {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    wake = null;
    credit -= 1;
    const batch = packBatch(items);
    port.postMessage({ kind: 'batch', batch } satisfies ReplayParseMessage, [batch.data]);
  };
  let batch: PreparedItem[] = [];
  for await (const item of prepareItems(ReplayFileReader.read(job.path, job.format))) {
    batch.push(item);
    if (batch.length >= job.batchSize) {
      await post(batch);
      batch = [];
    }
  }
  if (batch.length > 0) await post(batch);
  port.postMessage({ kind: 'done' } satisfies ReplayParseMessage);
}

run(workerData as ReplayParseJob).catch((error: unknown) => {
  parentPort!.postMessage({
    kind: 'error',
    message: error instanceof Error ? error.message : String(error),
  } satisfies ReplayParseMessage);
});
