import { parseArgs } from 'node:util';
import type { DataSource } from 'typeorm';
import { z } from 'zod';
import { passwordWeakness, ROLES } from '@scb/auth';
import { ApiKeyRepository, AuditLogRepository, Database, UserRepository } from '@scb/persistence';
import { CreateApiKey } from './admin/usecases/create-api-key/create-api-key.usecase';
import { CreateUser } from './admin/usecases/create-user/create-user.usecase';
import { AuditTrail } from './audit/audit-trail';

export const USER_CREATE_USAGE = `usage:
  npm run user:create -- --email a@b.c --role admin --password '<a strong password, 12+ characters>' [--name "Ana"] [--agent-id <uuid>]
  npm run user:create -- --api-key --name phone-system --role integration`;

const UserArgs = z
  .object({
    email: z.email(),
    role: z.enum(ROLES),
    password: z.string(),
    name: z.string().trim().min(1).max(200).optional(),
    'agent-id': z.uuid().optional(),
  })
  .superRefine((args, ctx) => {
    const weakness = passwordWeakness(args.password, [args.email, args.name ?? '']);
    if (weakness)
      ctx.addIssue({ code: 'custom', path: ['password'], message: `password ${weakness}` });
  });
const KeyArgs = z.object({ name: z.string().trim().min(1).max(200), role: z.enum(ROLES) });
const CLI = { kind: 'system', id: null, name: 'cli' } as const;

function parse<S extends z.ZodType>(schema: S, values: unknown): z.infer<S> {
  const parsed = schema.safeParse(values);
  if (!parsed.success)
    throw new Error(
      `${parsed.error.issues.map((i) => `--${i.path.join('.')}: ${i.message}`).join('; ')}\n${USER_CREATE_USAGE}`,
    );
  return parsed.data;
}

/**
 * `user:create` without the process around it: creates the user, or the API key, audited as the
 * CLI; answers what to print on stdout (the user as JSON, or the key, shown this once).
 * `password` falls back to `defaultPassword` (SCB_PASSWORD: out of shell history and `ps`).
 */
export async function runUserCreate(
  dataSource: DataSource,
  argv: string[],
  defaultPassword?: string,
): Promise<string> {
  const { values } = parseArgs({
    args: argv,
    options: {
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string', default: defaultPassword },
      name: { type: 'string' },
      'agent-id': { type: 'string' },
      'api-key': { type: 'boolean', default: false },
    },
  });
  const db = new Database(dataSource);
  // Repositories over the Database join its unit of work: the user (or key) and its audit entry
  // commit together.
  const audit = new AuditTrail(db, new AuditLogRepository(db));
  if (values['api-key']) {
    const args = parse(KeyArgs, values);
    const created = await new CreateApiKey(new ApiKeyRepository(db), audit).execute({
      actor: CLI,
      apiKey: args,
    });
    return created.key;
  }
  const args = parse(UserArgs, values);
  const user = await new CreateUser(new UserRepository(db), audit).execute({
    actor: CLI,
    user: {
      email: args.email,
      displayName: args.name ?? args.email,
      role: args.role,
      agentId: args['agent-id'] ?? null,
      password: args.password,
    },
  });
  return JSON.stringify({ id: user.id, email: user.email, role: user.role });
}
