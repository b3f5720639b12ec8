import type { DataSource } from 'typeorm';
import { digestSecret, verifyPassword } from '@scb/auth';
import { ApiKeyRepository, AuditLogRepository, Database, UserRepository } from '@scb/persistence';
import { freshDatabase, isolatedEnv } from '@scb/testing';
import { runUserCreate } from './user-create.command';

describe('npm run user:create (real Postgres)', () => {
  const env = isolatedEnv('usercli');
  let dataSource: DataSource;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    ({ dataSource, drop } = await freshDatabase(env.DB_SCHEMA));
  });
  afterAll(() => drop());

  it('creates a user who can sign in, once per email, audited as the CLI', async () => {
    const argv = ['--email', 'ana@example.com', '--role', 'admin', '--name', 'Ana'];
    const out = await runUserCreate(dataSource, [...argv, '--password', 'a long password']);
    expect(JSON.parse(out)).toEqual({
      id: expect.any(String),
      email: 'ana@example.com',
      role: 'admin',
    });
    const found = await new UserRepository(new Database(dataSource)).findForLogin(
      'ANA@example.com',
    );
    expect(found?.user.displayName).toBe('Ana');
    expect(await verifyPassword('a long password', found!.passwordHash)).toBe(true);
    await expect(runUserCreate(dataSource, argv, 'from SCB_PASSWORD')).rejects.toThrow(
      /already exists/,
    );
    const audit = await new AuditLogRepository(new Database(dataSource)).list({
      limit: 10,
      offset: 0,
    });
    expect(audit.items).toEqual([
      expect.objectContaining({
        entity: 'user',
        action: 'create',
        actor: { kind: 'system', id: null, name: 'cli' },
      }),
    ]);
  });

  it('refuses a common, repetitive or email-equal password (#14.13), creating nobody', async () => {
    const base = ['--email', 'cy.weak@example.com', '--role', 'admin'];
    for (const weak of ['aaaaaaaaaaaa', 'password1234', 'cy.weak@example.com', 'qwertyuiop12'])
      await expect(runUserCreate(dataSource, [...base, '--password', weak])).rejects.toThrow(
        /--password: password (is too easy to guess|must not be the email)/,
      );
    await expect(runUserCreate(dataSource, base, 'cy.weak@example.com')).rejects.toThrow(
      /--password/,
    );
    expect(
      await new UserRepository(new Database(dataSource)).findForLogin('cy.weak@example.com'),
    ).toBeNull();
  });

  it('refuses a short password, an unknown role or a bad email, saying how to call it', async () => {
    await expect(
      runUserCreate(dataSource, [
        '--email',
        'bo@example.com',
        '--role',
        'admin',
        '--password',
        'short',
      ]),
    ).rejects.toThrow(/--password: password must be at least 12 characters[\s\S]*usage/);
    await expect(
      runUserCreate(dataSource, [
        '--email',
        'bo@example.com',
        '--role',
        'root',
        '--password',
        'long enough pw',
      ]),
    ).rejects.toThrow(/--role/);
    await expect(
      runUserCreate(dataSource, [
        '--email',
        'bo',
        '--role',
        'viewer',
        '--password',
        'long enough pw',
      ]),
    ).rejects.toThrow(/--email/);
  });

  it('prints a new API key once; only its digest is stored', async () => {
    const key = await runUserCreate(dataSource, [
      '--api-key',
      '--name',
      'phone-system',
      '--role',
      'integration',
    ]);
    expect(key).toMatch(/^scb_[\w-]{43}$/);
    expect(
      await new ApiKeyRepository(new Database(dataSource)).principal(digestSecret(key)),
    ).toMatchObject({
      kind: 'api_key',
      name: 'phone-system',
      role: 'integration',
    });
    const stored: unknown[] = await dataSource.query(`SELECT * FROM api_keys`);
    expect(JSON.stringify(stored)).not.toContain(key);
  });
});
