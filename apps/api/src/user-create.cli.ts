import { parseArgs } from 'node:util';
import { z } from 'zod';
import { hashPassword, newApiKey, ROLES } from '@scb/auth';
import { databaseEnv, loadConfig } from '@scb/config';
import {
  ApiKeyRepository,
  AuditLogRepository,
  createDataSource,
  UserRepository,
} from '@scb/persistence';
import { AuditTrail } from './audit/audit-trail';

const USAGE = `usage:
  npm run user:create -- --email a@b.c --role admin --password '<at least 12 characters>' [--name "Ana"] [--agent-id <uuid>]
  npm run user:create -- --api-key --name phone-system --role integration`;

const UserArgs = z.object({
  email: z.email(),
  role: z.enum(ROLES),
  password: z.string().min(12, 'password must be at least 12 characters'),
  name: z.string().trim().min(1).max(200).optional(),
  'agent-id': z.uuid().optional(),
});
const KeyArgs = z.object({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES) });

/**
 * Creates a user, or an API key printed once (only its digest is stored). The password may also
 * come from SCB_PASSWORD, which keeps it out of the shell history and the process list.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string', default: process.env.SCB_PASSWORD },
      name: { type: 'string' },
      'agent-id': { type: 'string' },
      'api-key': { type: 'boolean', default: false },
    },
  });
  const config = loadConfig(z.object(databaseEnv));
  const dataSource = await createDataSource({
    url: config.DATABASE_URL,
    schema: config.DB_SCHEMA,
    poolSize: 1,
    applicationName: 'scb-user-create',
  }).initialize();
  const audit = new AuditTrail(dataSource, new AuditLogRepository(dataSource));
  const actor = { kind: 'system', id: null, name: 'cli' } as const;
  try {
    if (values['api-key']) {
      const args = parse(KeyArgs, values);
      const { secret, digest } = newApiKey();
      const key = await audit.change(actor, { entity: 'api_key', action: 'create' }, async (tx) => {
        const created = await new ApiKeyRepository(dataSource).create({ ...args, digest }, tx);
        return { result: created, entityId: created.id, after: created };
      });
      console.error(`API key ${key.name} (${key.role}) created; it is shown only this once:`);
      console.log(secret);
      return;
    }
    const args = parse(UserArgs, values);
    const passwordHash = await hashPassword(args.password);
    const user = await audit.change(actor, { entity: 'user', action: 'create' }, async (tx) => {
      const created = await new UserRepository(dataSource).create(
        {
          email: args.email,
          displayName: args.name ?? args.email,
          role: args.role,
          agentId: args['agent-id'] ?? null,
          passwordHash,
        },
        tx,
      );
      if (!created) throw new Error(`a user with email ${args.email} already exists`);
      return { result: created, entityId: created.id, after: created };
    });
    console.log(JSON.stringify({ id: user.id, email: user.email, role: user.role }));
  } finally {
    await dataSource.destroy();
  }
}

function parse<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success)
    throw new Error(
      `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n${USAGE}`,
    );
  return parsed.data;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
