import { digestSecret, isApiKey, type Principal } from '@scb/auth';
import type { ApiKey } from '@scb/persistence';
import { InMemoryAuditLog, InMemoryUnitOfWork } from '@scb/testing';
import { AuditTrail } from '../../../audit/audit-trail';
import { CreateApiKey } from './create-api-key.usecase';

const admin: Principal = {
  kind: 'user',
  id: 'u-admin',
  name: 'admin@x.test',
  role: 'admin',
  agentId: null,
};

describe('CreateApiKey', () => {
  it('returns the secret once, stores its digest only, and audits the key without either', async () => {
    const stored: Array<ApiKey & { digest: string }> = [];
    const apiKeys = {
      async create(input: { name: string; role: ApiKey['role']; digest: string }) {
        const key = {
          id: 'k-1',
          name: input.name,
          role: input.role,
          createdAt: new Date(0),
          lastUsedAt: null,
          revokedAt: null,
        };
        stored.push({ ...key, digest: input.digest });
        return key;
      },
    };
    const log = new InMemoryAuditLog();
    const createApiKey = new CreateApiKey(apiKeys, new AuditTrail(new InMemoryUnitOfWork(), log));

    const { apiKey, key } = await createApiKey.execute({
      actor: admin,
      apiKey: { name: 'phone-system', role: 'integration' },
    });

    expect(isApiKey(key)).toBe(true);
    expect(apiKey).toMatchObject({ id: 'k-1', name: 'phone-system', role: 'integration' });
    expect(stored[0].digest).toBe(digestSecret(key));
    expect(log.entries).toEqual([
      expect.objectContaining({ entity: 'api_key', action: 'create', entityId: 'k-1' }),
    ]);
    expect(JSON.stringify(log.entries)).not.toContain(key);
    expect(JSON.stringify(log.entries)).not.toContain(stored[0].digest);
  });
});
