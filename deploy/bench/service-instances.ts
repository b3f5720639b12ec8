import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The service instances deploy/scripts/services.sh started (`matcher`, `matcher-2`, ...), read
 * from its pid and port files, so the bench can sum the CPU of every instance of a service and
 * say how Kafka split the work between them.
 */

/** `matcher-2` → `matcher`: the app a services.sh instance runs. */
export const appOf = (instance: string) => instance.replace(/-\d+$/, '');

function readNumber(runDir: string, file: string): number | null {
  try {
    return Number(readFileSync(join(runDir, file), 'utf8'));
  } catch {
    return null; // removed meanwhile (a service stopped)
  }
}

/** Instance name → its pid (a one-element list, for CpuMeter groups); empty when none runs. */
export function serviceInstances(runDir: string | undefined): Record<string, number[]> {
  let files: string[] = [];
  try {
    files = readdirSync(runDir ?? '').filter((f) => /^[a-z]+(-\d+)?\.pid$/.test(f));
  } catch {
    return {};
  }
  const instances: Record<string, number[]> = {};
  // By name, so `matcher` comes before `matcher-2`.
  for (const name of files.map((f) => f.slice(0, -'.pid'.length)).sort()) {
    const pid = readNumber(runDir ?? '', `${name}.pid`);
    if (pid !== null) instances[name] = [pid];
  }
  return instances;
}

export const instanceCount = (runDir: string | undefined, app: string) =>
  Object.keys(serviceInstances(runDir)).filter((name) => appOf(name) === app).length;

/**
 * One line per matcher and router instance: Kafka batches handed to its handler and their mean
 * size in records, from its `/metrics` (`scb_kafka_batch_messages` sum and count since start).
 * Smaller batches per instance mean more per-batch statements and round trips per mention.
 */
export async function batchReport(runDir: string | undefined): Promise<string[]> {
  const lines: string[] = [];
  for (const name of Object.keys(serviceInstances(runDir))) {
    if (!['matcher', 'router'].includes(appOf(name))) continue;
    const port = readNumber(runDir ?? '', `${name}.port`);
    try {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const total = (suffix: string) =>
        text
          .split('\n')
          .filter((l) => l.startsWith(`scb_kafka_batch_messages_${suffix}{`))
          .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
      const [records, batches] = [total('sum'), total('count')];
      lines.push(
        `batches ${name}: ${batches} batches, ${records} records, mean ${(records / Math.max(batches, 1)).toFixed(1)} records a batch`,
      );
    } catch (error) {
      lines.push(`batches ${name}: metrics not read (${String(error)})`);
    }
  }
  return lines;
}
