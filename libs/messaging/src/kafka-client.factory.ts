import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { LoggerService } from '@nestjs/common';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  /** Retries of a failed request before the caller sees the error (10 when not said). */
  retries?: number;
}

/** kafkajs logs go through the app's structured logger instead of their own format. */
function toLogCreator(logger: LoggerService): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, ...extra } = log;
      // Bounded send retries are deliberate: a failed send surfaces to the caller, which keeps
      // its checkpoint/outbox row and tries again; consumers are idempotent on event ids.
      if (message.startsWith('Limiting retries for the idempotent producer')) return;
      const line = { message: `kafkajs: ${message}`, ...extra };
      if (level === logLevel.ERROR) logger.error(line);
      else if (level === logLevel.WARN) logger.warn(line);
      else logger.debug?.(line);
    };
}

export function createKafka(options: KafkaConnectionOptions, logger: LoggerService): Kafka {
  return new Kafka({
    clientId: options.clientId,
    brokers: options.brokers,
    logLevel: logLevel.WARN,
    logCreator: toLogCreator(logger),
    retry: { initialRetryTime: 300, retries: options.retries ?? 10, maxRetryTime: 10_000 },
  });
}

export function parseBrokers(value: string): string[] {
  return value
    .split(',')
    .map((b) => b.trim())
    .filter(Boolean);
}
