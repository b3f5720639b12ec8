import { z } from 'zod';
import { ConfigError, loadConfig } from './config-loader';
import {
  kafkaEnv,
  minProcessedEventsRetentionMs,
  retentionBounds,
  retentionEnv,
} from './env-fragments';

const DAY = 86_400_000;
const schema = z.object({ ...kafkaEnv, ...retentionEnv }).superRefine(retentionBounds);

describe('retention configuration', () => {
  it('defaults to safe bounds: 7 days of published outbox rows, 30 days of processed-event ids', () => {
    const config = loadConfig(schema, {});
    expect(config.OUTBOX_RETENTION_MS).toBe(7 * DAY);
    expect(config.PROCESSED_EVENTS_RETENTION_MS).toBe(30 * DAY);
    expect(config.RETENTION_INTERVAL_MS).toBe(600_000);
    expect(config.RETENTION_BATCH_SIZE).toBe(1_000);
  });

  it('requires processed-event ids to outlive twice the longest Kafka retention', () => {
    expect(minProcessedEventsRetentionMs(DAY)).toBe(14 * DAY);
    expect(minProcessedEventsRetentionMs(10 * DAY)).toBe(20 * DAY);
    expect(() => loadConfig(schema, { PROCESSED_EVENTS_RETENTION_MS: String(13 * DAY) })).toThrow(
      /PROCESSED_EVENTS_RETENTION_MS: must be at least 1209600000/,
    );
    expect(() =>
      loadConfig(schema, {
        KAFKA_MENTION_RETENTION_MS: String(20 * DAY),
        PROCESSED_EVENTS_RETENTION_MS: String(30 * DAY),
      }),
    ).toThrow(ConfigError);
    expect(
      loadConfig(schema, { PROCESSED_EVENTS_RETENTION_MS: String(14 * DAY) })
        .PROCESSED_EVENTS_RETENTION_MS,
    ).toBe(14 * DAY);
  });

  it('keeps published outbox rows at least an hour and refuses malformed values', () => {
    expect(() => loadConfig(schema, { OUTBOX_RETENTION_MS: '60000' })).toThrow(
      /OUTBOX_RETENTION_MS: must be at least 1 hour/,
    );
    expect(() => loadConfig(schema, { RETENTION_BATCH_SIZE: '0' })).toThrow(/RETENTION_BATCH_SIZE/);
    expect(loadConfig(schema, { RETENTION_INTERVAL_MS: '0' }).RETENTION_INTERVAL_MS).toBe(0);
  });
});
