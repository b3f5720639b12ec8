import { CrmRefusedError, CrmUnavailableError } from '../domain/crm-connector.port';
import { withCrmRetries } from './crm-retry';

const policy = { attempts: 4, initialDelayMs: 1, maxDelayMs: 2, maxServerWaitMs: 5_000 };

describe('withCrmRetries', () => {
  it('retries unavailability, waiting at least the server-given time', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await withCrmRetries(
      async () => {
        calls += 1;
        if (calls === 1)
          throw new CrmUnavailableError('zendesk', 'RATE_LIMITED', 'slow down', 3_000);
        if (calls === 2) throw new CrmUnavailableError('zendesk', 'HTTP_503', 'down');
        return 'ok';
      },
      policy,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([3_000]);
  });

  it('throws refusals at once and the last unavailability after the attempts', async () => {
    let calls = 0;
    const refused = new CrmRefusedError('salesforce', 'INVALID_FIELD', 'no such column', 400);
    await expect(
      withCrmRetries(async () => {
        calls += 1;
        throw refused;
      }, policy),
    ).rejects.toBe(refused);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      withCrmRetries(async () => {
        calls += 1;
        throw new CrmUnavailableError('salesforce', 'SERVER_UNAVAILABLE', `try ${calls}`);
      }, policy),
    ).rejects.toMatchObject({ reason: 'try 4' });
    expect(calls).toBe(4);
  });

  it('hands a wait longer than maxServerWaitMs back to the caller instead of sleeping it', async () => {
    const waits: number[] = [];
    let calls = 0;
    await expect(
      withCrmRetries(
        async () => {
          calls += 1;
          throw new CrmUnavailableError('zendesk', 'RATE_LIMITED', 'an hour', 3_600_000);
        },
        policy,
        async (ms) => {
          waits.push(ms);
        },
      ),
    ).rejects.toMatchObject({ retryAfterMs: 3_600_000 });
    expect(calls).toBe(1);
    expect(waits).toEqual([]);
  });
});
