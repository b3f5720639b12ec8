import { logLevel } from 'kafkajs';
import { kafkaLogVerdict } from './kafka-client.factory';

describe('kafkaLogVerdict', () => {
  it('writes what kafkajs retries by itself as warnings, not errors', () => {
    const routine = [
      {
        message: 'Response Metadata(key: 3, version: 6)',
        error:
          'There is no leader for this topic-partition as we are in the middle of a leadership election',
      },
      {
        message: 'Response FindCoordinator(key: 10, version: 2)',
        error: 'The group coordinator is not available',
      },
      {
        message:
          'Failed to connect to seed broker, trying another broker from the list: Connection error',
        retryCount: 0,
        retryTime: 300,
      },
      { message: 'Restarting the consumer in 5000ms', retryCount: 1, retryTime: 5000 },
      { message: 'Crash: KafkaJSProtocolError: The group is rebalancing, so a rejoin is needed' },
    ];
    for (const entry of routine)
      expect({ entry: entry.message, verdict: kafkaLogVerdict(logLevel.ERROR, entry) }).toEqual({
        entry: entry.message,
        verdict: 'warn',
      });
  });

  it('keeps errors nothing will retry at ERROR, and INFO at debug', () => {
    expect(
      kafkaLogVerdict(logLevel.ERROR, { message: 'Crash: KafkaJSNumberOfRetriesExceeded' }),
    ).toBe('error');
    expect(
      kafkaLogVerdict(logLevel.WARN, { message: 'KafkaJS v2.0.0 switched default partitioner' }),
    ).toBe('warn');
    expect(kafkaLogVerdict(logLevel.INFO, { message: 'Consumer has joined the group' })).toBe(
      'debug',
    );
    expect(
      kafkaLogVerdict(logLevel.WARN, {
        message: 'Limiting retries for the idempotent producer to Number.MAX_SAFE_INTEGER',
      }),
    ).toBe('drop');
  });
});
