/** Kafka topic names. The version is part of the name: a breaking change gets a new topic. */
export const Topics = {
  mentions: 'social.mentions.v1',
  mentionsDeadLetter: 'social.mentions.v1.dlq',
  caseEvents: 'cases.events.v1',
  caseEventsDeadLetter: 'cases.events.v1.dlq',
} as const;

export type TopicName = (typeof Topics)[keyof typeof Topics];

/** Topics (and consumer groups) can be namespaced so tests and environments share one broker. */
export function qualifiedTopic(prefix: string, topic: string): string {
  return prefix ? `${prefix}.${topic}` : topic;
}
