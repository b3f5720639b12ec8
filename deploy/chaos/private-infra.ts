import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

const isRoot = process.getuid?.() === 0;

/** Runs a command, as the postgres user when we are root (initdb and postgres refuse root). */
function run(command: string, args: string[], asPostgres = false): string {
  const [cmd, argv] =
    asPostgres && isRoot
      ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
      : [command, args];
  const result = spawnSync(cmd, argv, { encoding: 'utf8' });
  if (result.status !== 0)
    throw new Error(`${command} ${args.join(' ')} failed:\n${result.stdout}${result.stderr}`);
  return result.stdout;
}

function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  const versions = existsSync(base) ? readdirSync(base).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions)
    if (existsSync(join(base, v, 'bin', 'initdb'))) return join(base, v, 'bin');
  return '';
}

/**
 * A throw-away Postgres cluster of our own (initdb + pg_ctl) so the suite may crash it without
 * touching the system server others are testing against. fsync is off: we kill the server, not
 * the operating system, so committed WAL still survives in the page cache.
 */
export class PrivatePostgres {
  private readonly data: string;
  private readonly bin = postgresBin();

  constructor(
    private readonly dir: string,
    readonly port: number,
  ) {
    this.data = join(dir, 'pgdata');
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  private tool(name: string): string {
    return this.bin ? join(this.bin, name) : name;
  }

  start(): void {
    if (!existsSync(join(this.data, 'PG_VERSION'))) {
      mkdirSync(this.data, { recursive: true });
      if (isRoot) {
        const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }));
        const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }));
        chownSync(this.dir, uid, gid);
        chownSync(this.data, uid, gid);
      }
      run(
        this.tool('initdb'),
        ['-D', this.data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8'],
        true,
      );
    }
    const options = `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
    run(
      this.tool('pg_ctl'),
      ['-D', this.data, '-l', join(this.dir, 'postgres.log'), '-o', options, '-w', 'start'],
      true,
    );
  }

  /** `immediate` is a crash: no checkpoint, recovery from WAL on the next start. */
  stop(mode: 'fast' | 'immediate' = 'fast'): void {
    if (!existsSync(join(this.data, 'postmaster.pid'))) return;
    run(this.tool('pg_ctl'), ['-D', this.data, '-m', mode, '-w', 'stop'], true);
  }
}

/**
 * A private single-node Kafka broker through deploy/kafka/kafka.sh (its own runtime dir and
 * ports), reusing the jars an earlier start fetched so no download is needed.
 */
export class PrivateKafka {
  private readonly runtime: string;

  constructor(
    private readonly root: string,
    dir: string,
    readonly port: number,
    private readonly controllerPort: number,
  ) {
    this.runtime = join(dir, 'kafka');
  }

  get brokers(): string {
    return `127.0.0.1:${this.port}`;
  }

  private script(action: string): void {
    const result = spawnSync('bash', [join(this.root, 'deploy/kafka/kafka.sh'), action], {
      encoding: 'utf8',
      env: {
        ...process.env,
        KAFKA_RUNTIME_DIR: this.runtime,
        KAFKA_PORT: String(this.port),
        KAFKA_CONTROLLER_PORT: String(this.controllerPort),
        KAFKA_HEAP_OPTS: process.env.CHAOS_KAFKA_HEAP ?? '-Xms256m -Xmx768m',
      },
    });
    if (result.status !== 0) throw new Error(`kafka.sh ${action} failed:\n${result.stderr}`);
  }

  start(): void {
    const libs = join(this.runtime, 'libs');
    if (!existsSync(libs)) {
      mkdirSync(this.runtime, { recursive: true });
      const jars = existingJars(this.root);
      if (jars) symlinkSync(jars, libs);
    }
    this.script('start');
  }

  stop(): void {
    this.script('stop');
  }
}

/** Jars of an earlier broker start: this checkout's, then the main checkout's (git worktrees). */
function existingJars(root: string): string | null {
  const candidates = [process.env.KAFKA_JARS_DIR ?? '', join(root, 'deploy/kafka/.runtime/libs')];
  try {
    const common = execFileSync(
      'git',
      ['-C', root, 'rev-parse', '--path-format=absolute', '--git-common-dir'],
      {
        encoding: 'utf8',
      },
    ).trim();
    candidates.push(join(common, '..', 'deploy/kafka/.runtime/libs'));
  } catch {
    // Not a git checkout: kafka.sh fetches the jars itself.
  }
  return (
    candidates.find(
      (c) => c && existsSync(c) && readdirSync(c).some((f) => f.startsWith('kafka_2.13-')),
    ) ?? null
  );
}
