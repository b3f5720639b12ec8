import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { runTool } from './service-supervisor';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export interface ReplayFile {
  path: string;
  limit: number;
}

/**
 * Feeds the input files through the replay CLI, one process per file. A run that dies (killed by
 * the suite, or failing on a broker that is restarting) is started again from the top of its
 * file: at-least-once, so downstream deduplication is what keeps the count right.
 */
export class ReplayRunner {
  private child: ChildProcess | null = null;
  kills = 0;
  failures = 0;
  published = 0;
  done = false;

  constructor(
    private readonly root: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly logDir: string,
  ) {}

  async run(files: ReplayFile[], rate: number | null): Promise<void> {
    for (const file of files) {
      for (;;) {
        const args = [file.path, '--limit', String(file.limit)];
        if (rate) args.push('--rate', `${rate}/s`);
        const tool = runTool(
          this.root,
          'dist/apps/ingestion/src/replay.cli.js',
          args,
          this.env,
          join(this.logDir, 'replay.log'),
        );
        this.child = tool.child;
        const { code, signal, out } = await tool.done;
        this.child = null;
        if (code === 0) {
          const report = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { published?: number };
          this.published += report.published ?? 0;
          break;
        }
        if (signal !== 'SIGKILL') {
          this.failures += 1;
          await sleep(2_000);
        }
      }
    }
    this.done = true;
  }

  /** SIGKILL the replay in the middle of its work; false when none is running. */
  kill(): boolean {
    if (!this.child || this.child.exitCode !== null) return false;
    this.child.kill('SIGKILL');
    this.kills += 1;
    return true;
  }
}
