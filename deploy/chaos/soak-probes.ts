import { readFileSync } from 'node:fs';
import type { Admin } from 'kafkajs';

/** Resident memory of a process in MB (Linux), or null when it is gone. */
export function rssMb(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const line = readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'));
    return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : null;
  } catch {
    return null;
  }
}

/** Records not yet committed by a consumer group on a topic, summed over partitions. */
export async function consumerLag(admin: Admin, groupId: string, topic: string): Promise<number> {
  const ends = await admin.fetchTopicOffsets(topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const done = new Map(
    (committed?.partitions ?? []).map((p) => [p.partition, Math.max(0, Number(p.offset))]),
  );
  return ends.reduce((sum, p) => sum + Number(p.offset) - (done.get(p.partition) ?? 0), 0);
}

/** Memory may grow while caches warm; past this it is a leak (stated in docs/reliability.md). */
export function withinMemoryBound(startMb: number, endMb: number): boolean {
  return endMb <= Math.max(startMb * 1.5, startMb + 150);
}
