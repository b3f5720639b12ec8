import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { unpackBatch } from './prepared-batch.codec';
import type { PreparedItem } from './prepared-mention';
import type { ReplayFormat } from './replay-file.reader';
import type { ReplayParseJob, ReplayParseMessage } from './replay-parse.worker';

/**
 * Reads a replay file in a worker thread (see replay-parse.worker.ts): parsing and serializing
 * run beside the publisher instead of between its sends, which on a CPU-bound replay is most of
 * the difference to a bare Kafka producer.
 */
export class ReplayWorkerReader {
  /** The compiled worker beside this file; none when running from TypeScript sources (tests). */
  static script(dir = __dirname): string | null {
    const script = join(dir, 'replay-parse.worker.js');
    return existsSync(script) ? script : null;
  }

  static async *read(
    script: string,
    path: string,
    format: ReplayFormat,
    batchSize = 1_000,
  ): AsyncIterable<PreparedItem> {
    const job: ReplayParseJob = { path, format, batchSize, credit: 4 };
    // The compiled code resolves `@scb/*` through tsconfig-paths with dist/ as the base, as the
    // services do (package.json's start scripts), whatever started this process.
    const worker = new Worker(script, {
      workerData: job,
      execArgv: ['-r', 'tsconfig-paths/register'],
      env: { ...process.env, TS_NODE_BASEURL: resolve(dirname(script), '..', '..', '..') },
    });
    const inbox: ReplayParseMessage[] = [];
    let wake: (() => void) | null = null;
    // A holder, not a `let`: TypeScript does not see the event handlers assign it.
    const failure: { error: Error | null } = { error: null };
    worker.on('message', (message: ReplayParseMessage) => {
      inbox.push(message);
      wake?.();
    });
    worker.on('error', (error) => {
      failure.error = error;
      wake?.();
    });
    worker.on('exit', (code) => {
      if (code !== 0) failure.error ??= new Error(`replay worker exited with code ${code}`);
      wake?.();
    });
    try {
      for (;;) {
        const message = inbox.shift();
        if (!message) {
          if (failure.error) throw failure.error;
          await new Promise<void>((resolve) => (wake = resolve));
          wake = null;
          continue;
        }
        if (message.kind === 'done') return;
        if (message.kind === 'error') throw new Error(`replay worker: ${message.message}`);
        worker.postMessage('more');
        yield* unpackBatch(message.batch);
      }
    } finally {
      await worker.terminate();
    }
  }
}
