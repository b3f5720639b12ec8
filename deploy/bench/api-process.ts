import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { resolve } from 'node:path';

/** The api started as its own node process for a bench: its pid, base URL and how to stop it. */
export interface ApiProcess {
  pid: number;
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  base: string;
  /** SIGTERM, then waits (at most 20 s, then SIGKILL) so a `--cpu-prof` profile is written. */
  stop(): Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Starts `dist/apps/api/src/main.js` (the production entry point, from the bench's build) on
 * `port` with the bench's environment plus `env`, as production runs it: its own process and
 * event loop, so the bench's HTTP clients do not queue in the api's loop (they did while the
 * api ran inside the driver). `profileDir`: run it under `node --cpu-prof` into that directory.
 * Resolves once `GET /health` answers 200; rejects if it exits or is not healthy within 60 s.
 */
export async function startApiProcess(
  port: number,
  env: Record<string, string>,
  profileDir?: string,
): Promise<ApiProcess> {
  const dist = resolve(__dirname, '../..');
  const profile = profileDir
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${resolve(profileDir)}`,
        `--require=${resolve(__dirname, 'exit-on-sigterm.js')}`,
      ]
    : [];
  const child: ChildProcess = spawn(
    process.execPath,
    [...profile, '-r', 'tsconfig-paths/register', resolve(dist, 'apps/api/src/main.js')],
    {
      env: {
        ...process.env,
        TS_NODE_BASEURL: dist,
        PORT: String(port),
        METRICS_PORT: String(port + 4),
        HOST: '127.0.0.1',
        ...env,
      },
      stdio: ['ignore', 'inherit', 'inherit'],
    },
  );
  let exited = false;
  child.once('exit', () => (exited = true));
  const base = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (exited) return;
    const gone = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await gone;
    clearTimeout(timer);
  };
  for (let i = 0; i < 240; i += 1) {
    if (exited) throw new Error(`the api exited during start-up (code ${child.exitCode})`);
    try {
      if ((await fetch(`${base}/health`)).ok) return { pid: child.pid!, base, stop };
    } catch {
      // not listening yet
    }
    await sleep(250);
  }
  await stop();
  throw new Error(`the api is not healthy on ${base} after 60 s`);
}
