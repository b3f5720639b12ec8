import { describeErrors, parseJsonWith } from '@scb/contracts';
import type { z } from 'zod';
import type { Rejected } from './dead-letter.publisher';
import type { KafkaBatch, KafkaRecord } from './kafka-batch.server';

export interface Decoded<T> {
  value: T;
  record: KafkaRecord;
}

/** Validates every record of a batch against its contract; the failures are ready for the DLQ. */
export function decodeBatch<S extends z.ZodType>(
  schema: S,
  batch: KafkaBatch,
): { valid: Array<Decoded<z.infer<S>>>; rejected: Rejected[] } {
  const valid: Array<Decoded<z.infer<S>>> = [];
  const rejected: Rejected[] = [];
  for (const record of batch.records) {
    const parsed = parseJsonWith(schema, record.value);
    if (parsed.ok) valid.push({ value: parsed.value, record });
    else
      rejected.push({
        reason: `contract violation: ${describeErrors(parsed.errors)}`,
        key: record.key,
        payload: record.value ? record.value.toString('utf8') : '',
        partition: batch.partition,
        offset: record.offset,
      });
  }
  return { valid, rejected };
}
