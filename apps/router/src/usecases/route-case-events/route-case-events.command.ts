import type { CaseEvent } from '@scb/contracts';
import type { KafkaRecord } from '@scb/messaging';

/** The valid case events of one Kafka batch, each with its record's headers (its trace). */
export interface RouteCaseEventsCommand {
  events: Array<{ event: CaseEvent; headers: KafkaRecord['headers'] }>;
}
