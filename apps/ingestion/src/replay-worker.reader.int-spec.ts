import { execFileSync } from 'node:child_process';
import { appendFileSync, copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sharedDataFile } from '@scb/testing';
import { prepareItems, type PreparedItem } from './prepared-mention';
import { ReplayFileReader } from './replay-file.reader';
import { ReplayWorkerReader } from './replay-worker.reader';

const ROOT = resolve(__dirname, '..', '..', '..');
const COMPILED = join(ROOT, 'dist', 'apps', 'ingestion', 'src');

/** Every item, values as text: the worker hands them over as UTF-8 bytes. */
async function collect(items: AsyncIterable<PreparedItem>): Promise<PreparedItem[]> {
  const all: PreparedItem[] = [];
  for await (const item of items)
    all.push(
      'rejected' in item
        ? item
        : { prepared: { ...item.prepared, value: item.prepared.value.toString() } },
    );
  return all;
}

/**
 * The worker thread runs compiled code (as the CLI, the demo and the chaos suite run it): the
 * build is made first when this checkout has none.
 */
describe('ReplayWorkerReader: a replay file parsed in a worker thread', () => {
  const dir = mkdtempSync(join(tmpdir(), 'scb-replay-worker-'));
  const file = join(dir, 'sample.csv');
  let script: string;

  beforeAll(() => {
    copyFileSync(sharedDataFile('twcs-kaggle-sample.csv'), file);
    appendFileSync(file, '999,42,True,last Tuesday,"@Brand hello, there",,\n');
    if (!ReplayWorkerReader.script(COMPILED))
      execFileSync('npx', ['tsc', '-p', 'apps/tsconfig.build.json'], { cwd: ROOT });
    script = ReplayWorkerReader.script(COMPILED)!;
  }, 240_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('yields exactly what the same file gives on this thread, in order, rejections included', async () => {
    const inThread = await collect(prepareItems(ReplayFileReader.read(file, 'twcs-csv')));
    // Small batches and little credit, so the worker waits on the reader many times.
    const inWorker = await collect(ReplayWorkerReader.read(script, file, 'twcs-csv', 7));

    expect(inThread.length).toBeGreaterThan(90);
    expect(inWorker).toEqual(inThread);
    expect(inWorker.filter((i) => 'rejected' in i)).toHaveLength(1);
  });

  it('hands over the first items and returns when the reader stops early', async () => {
    const taken: PreparedItem[] = [];
    for await (const item of ReplayWorkerReader.read(script, file, 'twcs-csv', 5)) {
      taken.push(item);
      if (taken.length === 12) break;
    }
    expect(taken).toHaveLength(12);
  });

  it('fails with the reason when the file cannot be read', async () => {
    await expect(
      collect(ReplayWorkerReader.read(script, join(dir, 'missing.csv'), 'twcs-csv')),
    ).rejects.toThrow(/replay worker: .*ENOENT/);
  });
});
