import type { Admin, Kafka } from 'kafkajs';

export interface TopicSpec {
  topic: string;
  numPartitions: number;
  /** Kafka's `retention.ms` for the topic, when it should not be the broker's default. */
  retentionMs?: number;
}

/** How long a start-up waits for new topics' partition leaders before giving up. */
const LEADER_WAIT_MS = 60_000;
const LEADER_POLL_MS = 200;
/**
 * What a broker may answer about a topic it has just created while its metadata catches up (a
 * loaded KRaft broker takes a moment): kafkajs's own wait (`waitForLeaders`) retries only the
 * second, so a start-up on a busy broker failed with "This server does not host this
 * topic-partition".
 */
const NOT_YET = new Set(['UNKNOWN_TOPIC_OR_PARTITION', 'LEADER_NOT_AVAILABLE']);

/**
 * The project creates its own topics (auto-creation is off on the broker) so partition counts are
 * deliberate: mentions get several partitions so matcher instances can share the load. Resolves
 * once every topic it created has a leader for each partition; throws the last broker error after
 * `leaderWaitMs` (default 60 s) without.
 */
export async function ensureTopics(
  kafka: Kafka,
  specs: TopicSpec[],
  { leaderWaitMs = LEADER_WAIT_MS }: { leaderWaitMs?: number } = {},
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((s) => !existing.has(s.topic));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: false,
        topics: missing.map((s) => ({
          topic: s.topic,
          numPartitions: s.numPartitions,
          replicationFactor: 1,
          ...(s.retentionMs === undefined
            ? {}
            : { configEntries: [{ name: 'retention.ms', value: String(s.retentionMs) }] }),
        })),
      });
      await waitForLeaders(admin, missing, leaderWaitMs);
    }
  } finally {
    await admin.disconnect();
  }
}

async function waitForLeaders(admin: Admin, specs: TopicSpec[], waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    let last: unknown;
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: specs.map((s) => s.topic) });
      const ready = specs.every((spec) => {
        const partitions = topics.find((t) => t.name === spec.topic)?.partitions ?? [];
        return (
          partitions.length === spec.numPartitions &&
          partitions.every((p) => p.leader >= 0 && p.partitionErrorCode === 0)
        );
      });
      if (ready) return;
      last = new Error(`topics ${specs.map((s) => s.topic).join(', ')} have no leaders yet`);
    } catch (error) {
      if (!NOT_YET.has((error as { type?: string }).type ?? '')) throw error;
      last = error;
    }
    if (Date.now() > deadline) throw last;
    await new Promise((r) => setTimeout(r, LEADER_POLL_MS));
  }
}

export async function deleteTopics(kafka: Kafka, topics: string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const present = topics.filter((t) => existing.has(t));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  } finally {
    await admin.disconnect();
  }
}
