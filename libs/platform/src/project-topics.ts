import { qualifiedTopic, Topics } from '@scb/contracts';
import type { TopicSpec } from '@scb/messaging';

export interface TopicLayout {
  prefix: string;
  mentionPartitions: number;
  eventPartitions: number;
  /** `retention.ms` of the topics that carry mention text. */
  mentionRetentionMs?: number;
}

/** Every topic the pipeline uses, with the partition counts from configuration. */
export function projectTopics(layout: TopicLayout): TopicSpec[] {
  const t = (name: string) => qualifiedTopic(layout.prefix, name);
  return [
    {
      topic: t(Topics.mentions),
      numPartitions: layout.mentionPartitions,
      retentionMs: layout.mentionRetentionMs,
    },
    {
      topic: t(Topics.mentionsDeadLetter),
      numPartitions: 1,
      retentionMs: layout.mentionRetentionMs,
    },
    { topic: t(Topics.caseEvents), numPartitions: layout.eventPartitions },
    { topic: t(Topics.caseEventsDeadLetter), numPartitions: 1 },
  ];
}
