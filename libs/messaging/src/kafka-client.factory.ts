import { Kafka, logLevel, type logCreator } from 'kafkajs';
import type { LoggerService } from '@nestjs/common';

export interface KafkaConnectionOptions {
  brokers: string[];
  clientId: string;
  /** Retries of a failed request before the caller sees the error (10 when not said). */
  retries?: number;
}

/** The app logger level a kafkajs entry is written at. */
export type KafkaLogVerdict = 'error' | 'warn' | 'debug' | 'drop';

/**
 * kafkajs reports at ERROR what it then retries by itself: protocol responses during a
 * leadership election or group rebalance (`Response Metadata ...`), seed brokers still starting,
 * a consumer restarting after a crash. Those are routine at start-up and during rebalances, so
 * they are warnings; an ERROR with no retry coming stays an error. INFO (joins, starts) is debug.
 */
export function kafkaLogVerdict(
  level: logLevel,
  entry: { message: string; retryCount?: unknown; retryTime?: unknown },
): KafkaLogVerdict {
  // Bounded send retries are deliberate: a failed send surfaces to the caller, which keeps
  // its checkpoint/outbox row and tries again; consumers are idempotent on event ids.
  if (entry.message.startsWith('Limiting retries for the idempotent producer')) return 'drop';
  if (level === logLevel.ERROR) {
    const retried = entry.retryCount !== undefined || entry.retryTime !== undefined;
    const routine = /^(Response |Restarting the consumer|Crash: .*(rebalanc|coordinator))/i.test(
      entry.message,
    );
    return retried || routine ? 'warn' : 'error';
  }
  if (level === logLevel.WARN) return 'warn';
  return 'debug';
}

/** kafkajs logs go through the app's structured logger instead of their own format. */
function toLogCreator(logger: LoggerService): logCreator {
  return () =>
    ({ level, log }) => {
      const { message, timestamp: _timestamp, logger: _name, ...extra } = log;
      const verdict = kafkaLogVerdict(level, log);
      if (verdict === 'drop') return;
      const line = { message: `kafkajs: ${message}`, ...extra };
      if (verdict === 'error') logger.error(line);
      else if (verdict === 'warn') logger.warn(line);
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
