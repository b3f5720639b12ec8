import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * CPU time of processes from /proc (Linux only), so a bench can say what each stage cost per
 * 1,000 mentions. The infrastructure is shared with other work on the machine: Kafka and Redis
 * are measured as whole processes (whatever else they served in the same window counts too);
 * Postgres both as the whole server and as only the backends serving our services' connections.
 */

const CLK_TCK = (() => {
  try {
    return Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
  } catch {
    return 100;
  }
})();

const pids = (): number[] =>
  readdirSync('/proc')
    .filter((d) => /^\d+$/.test(d))
    .map(Number);

/** utime + stime of one process in milliseconds, or 0 when it is gone. */
export function cpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after "(comm)": state ppid ... utime is the 12th, stime the 13th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLK_TCK;
  } catch {
    return 0;
  }
}

function parentOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
  } catch {
    return -1;
  }
}

/** The process and its direct children (a postmaster and its backends / auxiliary processes). */
export function withChildren(pid: number): number[] {
  return [pid, ...pids().filter((p) => parentOf(p) === pid)];
}

function socketInodes(pid: number): Set<string> {
  const inodes = new Set<string>();
  try {
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      try {
        const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
        if (target.startsWith('socket:[')) inodes.add(target.slice(8, -1));
      } catch {
        // closed between readdir and readlink
      }
    }
  } catch {
    // gone, or not ours to read
  }
  return inodes;
}

interface TcpRow {
  localPort: number;
  remotePort: number;
  listening: boolean;
  inode: string;
}

function tcpTable(): TcpRow[] {
  const rows: TcpRow[] = [];
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length < 10) continue;
      rows.push({
        localPort: parseInt(f[1].split(':')[1], 16),
        remotePort: parseInt(f[2].split(':')[1], 16),
        listening: f[3] === '0A',
        inode: f[9],
      });
    }
  }
  return rows;
}

/** The process listening on a local TCP port (the broker, the database, Redis), or null. */
export function listenerPid(port: number): number | null {
  const inodes = new Set(
    tcpTable()
      .filter((r) => r.listening && r.localPort === port)
      .map((r) => r.inode),
  );
  if (inodes.size === 0) return null;
  for (const pid of pids()) {
    for (const inode of socketInodes(pid)) if (inodes.has(inode)) return pid;
  }
  return null;
}

/**
 * The Postgres backends (children of `postmaster`) at the far end of the clients' TCP
 * connections to `pgPort`: the database work done for exactly those processes.
 */
export function backendsServing(clients: number[], postmaster: number, pgPort: number): number[] {
  const table = tcpTable();
  const clientInodes = new Set(clients.flatMap((p) => [...socketInodes(p)]));
  const clientPorts = new Set(
    table
      .filter((r) => r.remotePort === pgPort && clientInodes.has(r.inode))
      .map((r) => r.localPort),
  );
  const serverInodes = new Set(
    table
      .filter((r) => r.localPort === pgPort && clientPorts.has(r.remotePort))
      .map((r) => r.inode),
  );
  return withChildren(postmaster).filter((p) =>
    [...socketInodes(p)].some((i) => serverInodes.has(i)),
  );
}

/** Busy CPU of the whole machine (all cores) in ms: shows how much else ran meanwhile. */
export function machineBusyMs(): number {
  const [cpu] = readFileSync('/proc/stat', 'utf8').split('\n');
  const t = cpu.split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = t.slice(0, 8).reduce((a, b) => a + b, 0) - t[3] - t[4];
  return (busy * 1000) / CLK_TCK;
}

/** Named groups of processes; `groups()` is re-evaluated at each reading (backends come and go). */
export type CpuGroups = () => Record<string, number[]>;

/**
 * CPU per group between two readings. A process seen only at the end counts from zero (a
 * backend opened meanwhile); one gone by the end is lost (its time cannot be read any more).
 */
export class CpuMeter {
  private start = new Map<number, number>();
  private startMachine = 0;

  constructor(private readonly groups: CpuGroups) {}

  begin(): void {
    this.start = new Map(
      Object.values(this.groups())
        .flat()
        .map((p) => [p, cpuMs(p)]),
    );
    this.startMachine = machineBusyMs();
  }

  /** CPU ms per group since `begin()`, plus `machine` (everything, all cores). */
  end(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const [name, members] of Object.entries(this.groups())) {
      result[name] = [...new Set(members)].reduce(
        (sum, p) => sum + Math.max(0, cpuMs(p) - (this.start.get(p) ?? 0)),
        0,
      );
    }
    result.machine = machineBusyMs() - this.startMachine;
    return result;
  }
}

/** "api 412 ms (20.6/1k)" lines: CPU ms per 1,000 items (`unit`, default mentions), one per group. */
export function cpuReport(
  used: Record<string, number>,
  items: number,
  unit = 'mentions',
): string[] {
  return Object.entries(used).map(
    ([name, ms]) =>
      `cpu ${name}: ${Math.round(ms)} ms; ${((ms * 1000) / items).toFixed(1)} ms per 1,000 ${unit}`,
  );
}
