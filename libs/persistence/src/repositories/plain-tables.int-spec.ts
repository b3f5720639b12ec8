import type { DataSource } from 'typeorm';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { Database } from '../database';
import { AgentRepository } from './agent.repository';
import { ApiKeyRepository } from './api-key.repository';
import { AuditLogRepository } from './audit-log.repository';
import { RoutingConfigRepository } from './routing-config.repository';
import { UserRepository } from './user.repository';

describe('plain-table repositories on entities (real Postgres)', () => {
  let dataSource: DataSource;
  let drop: () => Promise<void>;
  let db: Database;
  let users: UserRepository;
  let keys: ApiKeyRepository;
  let agents: AgentRepository;
  let audit: AuditLogRepository;
  let routing: RoutingConfigRepository;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(isolatedEnv('plaintables').DB_SCHEMA));
    db = new Database(dataSource);
    users = new UserRepository(db);
    keys = new ApiKeyRepository(db);
    agents = new AgentRepository(db);
    audit = new AuditLogRepository(db);
    routing = new RoutingConfigRepository(db);
  });
  afterAll(() => drop());

  const newUser = (email: string) => ({
    email,
    displayName: 'Kim',
    role: 'agent' as const,
    agentId: null,
    passwordHash: 'scrypt$hash',
  });

  it('join the unit of work: a failed run leaves no user, key, agent, rule or audit entry', async () => {
    const failure = new Error('the change fails after its writes');
    await expect(
      db.run(async () => {
        await users.create(newUser('rolled.back@example.com'));
        await keys.create({ name: 'rolled-back', role: 'integration', digest: 'digest-rb' });
        await agents.create({
          name: 'Rolled Back',
          skills: [],
          queues: ['default'],
          capacity: { phone: 1, social: 3 },
        });
        await routing.createRule({
          name: 'rolled back',
          enabled: true,
          conditions: {},
          targetQueue: 'default',
          priorityAdjustment: 0,
          requiredSkills: [],
        });
        await audit.record({
          actor: { kind: 'system', id: null, name: 'test' },
          entity: 'user',
          entityId: null,
          action: 'create',
          before: null,
          after: null,
        });
        throw failure;
      }),
    ).rejects.toBe(failure);
    expect(await users.findForLogin('rolled.back@example.com')).toBeNull();
    expect((await keys.list({ limit: 10, offset: 0 })).total).toBe(0);
    expect(await agents.count({})).toBe(0);
    expect(await routing.listRules()).toEqual([]);
    expect((await audit.list({ limit: 10, offset: 0 })).total).toBe(0);
  });

  it('users: emails unique regardless of case; the hash only for login; updates end sessions', async () => {
    const created = await users.create(newUser('Ana@Example.com'));
    expect(created).toMatchObject({ email: 'Ana@Example.com', disabled: false, agentId: null });
    expect(Object.keys(created!)).not.toContain('passwordHash');
    expect(await users.create(newUser('ana@example.COM'))).toBeNull();
    const login = await users.findForLogin('ANA@example.com');
    expect(login).toMatchObject({ user: { id: created!.id }, passwordHash: 'scrypt$hash' });

    const expiresAt = await users.createSession(created!.id, 'token-digest', 60);
    expect(expiresAt.getTime()).toBeGreaterThan(Date.now() + 50_000);
    expect(await users.findSession('token-digest')).toMatchObject({
      status: 'valid',
      principal: { kind: 'user', id: created!.id, name: 'Ana@Example.com', role: 'agent' },
    });
    // A rename keeps the session; a role change ends it.
    expect(await users.update(created!.id, { displayName: 'Ana B' })).toMatchObject({
      displayName: 'Ana B',
      role: 'agent',
    });
    expect((await users.findSession('token-digest')).status).toBe('valid');
    expect(await users.update(created!.id, { role: 'supervisor' })).toMatchObject({
      role: 'supervisor',
      displayName: 'Ana B',
    });
    expect((await users.findSession('token-digest')).status).toBe('unknown');

    const disabled = await users.update(created!.id, { disabled: true });
    expect(disabled?.disabled).toBe(true);
    expect(await users.findForLogin('ana@example.com')).toBeNull();
    expect(
      await users.update('00000000-0000-4000-8000-000000000000', { role: 'admin' }),
    ).toBeNull();
  });

  it('sessions past their expiry read as expired', async () => {
    const user = await users.create(newUser('expired@example.com'));
    await users.createSession(user!.id, 'old-digest', 0);
    expect((await users.findSession('old-digest')).status).toBe('expired');
    expect((await users.findSession('no-such-digest')).status).toBe('unknown');
  });

  it('api keys: revoked keys stay listed but authorize nothing; revoking twice keeps the first time', async () => {
    const key = await keys.create({
      name: 'phone system',
      role: 'integration',
      digest: 'digest-1',
    });
    expect(Object.keys(key)).not.toContain('keyDigest');
    expect(await keys.principal('digest-1')).toEqual({
      kind: 'api_key',
      id: key.id,
      name: 'phone system',
      role: 'integration',
      agentId: null,
    });
    const revoked = await keys.revoke(key.id);
    expect(revoked?.revokedAt).toBeInstanceOf(Date);
    expect((await keys.revoke(key.id))?.revokedAt).toEqual(revoked?.revokedAt);
    expect(await keys.principal('digest-1')).toBeNull();
    expect((await keys.list({ limit: 10, offset: 0 })).items.map((k) => k.id)).toContain(key.id);
  });

  it('agents: filters by presence and queue; a heartbeat for nobody says so', async () => {
    const a = await agents.create({
      name: 'A',
      skills: ['es'],
      queues: ['default'],
      capacity: { phone: 1, social: 2 },
    });
    await agents.create({
      name: 'B',
      skills: [],
      queues: ['vip'],
      capacity: { phone: 0, social: 3 },
    });
    expect(a).toMatchObject({
      presence: 'offline',
      skills: ['es'],
      capacity: { phone: 1, social: 2 },
    });
    expect(await agents.setPresence(a.id, 'available')).toMatchObject({ presence: 'available' });
    expect(
      (await agents.list({ limit: 10, offset: 0, presence: 'available' })).map((x) => x.name),
    ).toEqual(['A']);
    expect((await agents.list({ limit: 10, offset: 0, queue: 'vip' })).map((x) => x.name)).toEqual([
      'B',
    ]);
    expect(await agents.count({ queue: 'vip' })).toBe(1);
    expect(await agents.heartbeat(a.id)).toBe(true);
    expect(await agents.heartbeat('00000000-0000-4000-8000-000000000000')).toBe(false);
  });

  it('routing rules append ten past the last; queues upsert', async () => {
    await routing.upsertQueue({
      name: 'vip',
      description: 'VIP',
      skills: ['vip'],
      channels: ['social'],
      slaPolicy: (await routing.findQueueConfig('default'))!.slaPolicy,
    });
    expect(await routing.queueExists('vip')).toBe(true);
    expect(await routing.findQueueConfig('vip')).toMatchObject({
      description: 'VIP',
      channels: ['social'],
    });
    const rule = {
      name: 'vip',
      enabled: true,
      conditions: {},
      targetQueue: 'vip',
      priorityAdjustment: -1,
      requiredSkills: ['vip'],
    };
    const first = await routing.createRule(rule);
    const second = await routing.createRule(rule);
    expect(second.position).toBe(first.position + 10);
    expect((await routing.listRules()).map((r) => r.id)).toEqual([first.id, second.id]);
    expect(await routing.deleteRule(first.id)).toBe(true);
    expect(await routing.deleteRule(first.id)).toBe(false);
  });
});
