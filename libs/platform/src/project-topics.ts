import { qualifiedTopic, Topics } from '@scb/contracts';
import type { TopicSpec } from '@scb/messaging';

export interface TopicLayout {
  prefix: string;
  mentionPartitions: number;
  eventPartitions: number;
}

/** Every topic the pipeline uses, with the partition counts from configuration. */
export function projectTopics(layout: TopicLayout): TopicSpec[] {
  const t = (name: string) => qualifiedTopic(layout.prefix, name);
  return [
    { topic: t(Topics.mentions), numPartitions: layout.mentionPartitions },
    { topic: t(Topics.mentionsDeadLetter), numPartitions: 1 },
    { topic: t(Topics.caseEvents), numPartitions: layout.eventPartitions },
    { topic: t(Topics.caseEventsDeadLetter), numPartitions: 1 },
  ];
}
