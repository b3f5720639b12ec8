import { execFile, execFileSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
} from 'node:fs';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { testKafkaBrokers } from './isolated-env';

const run = promisify(execFile);
const REPO = resolve(__dirname, '../../../..');
const KAFKA_SH = join(REPO, 'deploy/kafka/kafka.sh');

export interface PrivateKafkaBrokerOptions {
  /** Client port; never the shared broker's. Default 19192. */
  port?: number;
  /** KRaft controller port. Default port + 1. */
  controllerPort?: number;
  /** Data, logs and pid; a fresh directory under the OS temp dir by default (removed by `remove`). */
  runtimeDir?: string;
  /** The broker's JVM heap; small, since it only serves one test. */
  heapOpts?: string;
}

/**
 * A Kafka broker of a test's own (`deploy/kafka/kafka.sh` on other ports and another runtime
 * directory), for tests that stop and restart Kafka: the shared broker on 9092 serves everyone
 * else's tests and must never be stopped. The jars are linked from an existing runtime (this
 * checkout's or the main checkout's) so nothing is downloaded; otherwise kafka.sh fetches them.
 *
 *   const broker = new PrivateKafkaBroker({ port: 19192 });
 *   await broker.start();          // data survives stop/start, as on a real restart
 *   await broker.stop();
 *   await broker.remove();         // in afterAll: stops it if needed and deletes its directory
 */
export class PrivateKafkaBroker {
  readonly port: number;
  readonly controllerPort: number;
  readonly runtimeDir: string;
  private readonly ownsDir: boolean;
  private readonly heapOpts: string;
  private readonly killOnExit = () => this.killSync();

  constructor(options: PrivateKafkaBrokerOptions = {}) {
    this.port = options.port ?? 19_192;
    this.controllerPort = options.controllerPort ?? this.port + 1;
    const shared = testKafkaBrokers()
      .split(',')
      .map((b) => Number(b.split(':').pop()));
    if ([9092, ...shared].some((p) => p === this.port || p === this.controllerPort))
      throw new Error(`port ${this.port}/${this.controllerPort} belongs to the shared broker`);
    this.ownsDir = !options.runtimeDir;
    this.runtimeDir = options.runtimeDir ?? mkdtempSync(join(tmpdir(), 'scb-private-kafka-'));
    this.heapOpts = options.heapOpts ?? '-Xms128m -Xmx512m';
  }

  /** `host:port`, for KAFKA_BROKERS. */
  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  /** Starts the broker and resolves once it answers (first start formats its storage). */
  async start(): Promise<void> {
    // kafka.sh would happily reuse whatever answers on the port; a private broker must be ours.
    if (!this.pid() && (await portOpen(this.port)))
      throw new Error(`port ${this.port} is already in use; pick another for the private broker`);
    this.linkJars();
    process.once('exit', this.killOnExit);
    await this.script('start');
  }

  /** Stops the broker (SIGTERM, a controlled shutdown) and waits for it to exit. */
  async stop(): Promise<void> {
    await this.script('stop');
    process.removeListener('exit', this.killOnExit);
  }

  /** Stops the broker if it runs and deletes a runtime directory this helper created. */
  async remove(): Promise<void> {
    try {
      await this.stop();
    } finally {
      if (this.ownsDir) rmSync(this.runtimeDir, { recursive: true, force: true });
    }
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [KAFKA_SH, command], {
      env: {
        ...process.env,
        KAFKA_RUNTIME_DIR: this.runtimeDir,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_HEAP_OPTS: this.heapOpts,
        KAFKA_START_TIMEOUT: '240',
      },
      // Above kafka.sh's own deadline plus a first start's storage formatting (a JVM of its own,
      // half a minute on a loaded machine): killed earlier, it died without saying why.
      timeout: 360_000,
    });
  }

  private pid(): number | null {
    const file = join(this.runtimeDir, 'kafka.pid');
    if (!existsSync(file)) return null;
    const pid = Number(readFileSync(file, 'utf8').trim());
    try {
      process.kill(pid, 0);
      return pid;
    } catch {
      return null;
    }
  }

  /** A test process that dies without its afterAll must not leave a JVM behind. */
  private killSync(): void {
    const pid = this.pid();
    if (pid) process.kill(pid, 'SIGTERM');
  }

  private linkJars(): void {
    const libs = join(this.runtimeDir, 'libs');
    if (existsSync(libs)) return;
    const found = jarDirectories().find(
      (dir) => existsSync(dir) && readdirSync(dir).some((f) => /^kafka_2\.13-.+\.jar$/.test(f)),
    );
    if (!found) return; // kafka.sh fetches them through Maven
    mkdirSync(this.runtimeDir, { recursive: true });
    symlinkSync(found, libs, 'dir');
  }
}

/** Where a Kafka runtime may already hold the jars: this checkout, then the main checkout. */
function jarDirectories(): string[] {
  const dirs = [process.env.KAFKA_LIBS_DIR ?? '', join(REPO, 'deploy/kafka/.runtime/libs')];
  try {
    const common = execFileSync(
      'git',
      ['rev-parse', '--path-format=absolute', '--git-common-dir'],
      {
        cwd: REPO,
        encoding: 'utf8',
      },
    ).trim();
    dirs.push(join(dirname(common), 'deploy/kafka/.runtime/libs'));
  } catch {
    // not a git checkout (a container image): the first two places, or Maven
  }
  return dirs.filter(Boolean);
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
