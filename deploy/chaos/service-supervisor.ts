import { type ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';

export type ServiceName = 'api' | 'ingestion' | 'matcher' | 'router';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * One service process, started from the compiled build like deploy/scripts/services.sh does, and
 * brought back after it dies for as long as it is wanted (what systemd or Kubernetes would do).
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private wanted = false;
  private starts = 0;
  /** Exits we did not cause (a crash on a lost database, say), reported with the results. */
  crashes = 0;

  constructor(
    readonly name: ServiceName,
    readonly instance: number,
    readonly port: number,
    private readonly root: string,
    private readonly logDir: string,
    private readonly env: NodeJS.ProcessEnv,
  ) {}

  get label(): string {
    return `${this.name}#${this.instance}`;
  }

  get running(): boolean {
    return this.child !== null && this.child.exitCode === null && this.child.signalCode === null;
  }

  async start(): Promise<void> {
    this.wanted = true;
    this.spawn();
    await this.waitHealthy();
  }

  private spawn(): void {
    this.starts += 1;
    const log = createWriteStream(join(this.logDir, `${this.label}.log`), { flags: 'a' });
    const child = spawn(
      process.execPath,
      ['-r', 'tsconfig-paths/register', `dist/apps/${this.name}/src/main.js`],
      {
        cwd: this.root,
        // METRICS_PORT 0: the api's metrics on any free port, so parallel runs never collide.
        env: { ...this.env, PORT: String(this.port), METRICS_PORT: '0', TS_NODE_BASEURL: './dist' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    pipeToLog(child, log);
    this.child = child;
    child.on('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = null;
      if (!this.wanted) return;
      if (signal !== 'SIGKILL') this.crashes += 1;
      // Back after a short, random pause, as a process manager would bring it.
      setTimeout(() => this.wanted && !this.child && this.spawn(), 300 + Math.random() * 1500);
      void code;
    });
  }

  async waitHealthy(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/health`);
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      await sleep(300);
    }
    throw new Error(`${this.label} not healthy after ${timeoutMs / 1000}s (log in ${this.logDir})`);
  }

  /** SIGKILL: no shutdown hooks, no offset commits, no goodbye to the consumer group. */
  kill(): boolean {
    if (!this.child || !this.running) return false;
    this.child.kill('SIGKILL');
    return true;
  }

  async stop(): Promise<void> {
    this.wanted = false;
    const child = this.child;
    if (!child || !this.running) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await Promise.race([exited, sleep(15_000)]);
    if (this.running) child.kill('SIGKILL');
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }
}

/** Runs a one-shot command (the replay CLI, migrations) from the build; resolves with its exit. */
export function runTool(
  root: string,
  script: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  logFile: string,
): {
  child: ChildProcess;
  done: Promise<{ code: number | null; signal: string | null; out: string }>;
} {
  const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', script, ...args], {
    cwd: root,
    env: { ...env, TS_NODE_BASEURL: './dist' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(logFile, { flags: 'a' });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
  pipeToLog(child, log);
  const done = new Promise<{ code: number | null; signal: string | null; out: string }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal, out })),
  );
  return { child, done };
}

/**
 * Both output streams into one log file. `pipe` ends its destination when its source ends, so
 * with two sources the first to close would end the file under the other ("write after end",
 * an unhandled error that stopped a chaos run). The log is ended once the child has closed both.
 */
function pipeToLog(child: ChildProcess, log: WriteStream): void {
  log.on('error', () => undefined); // a lost log line must never stop the harness
  child.stdout?.pipe(log, { end: false });
  child.stderr?.pipe(log, { end: false });
  child.once('close', () => log.end());
}
