import { z } from 'zod';

/** Thrown at boot when the environment does not satisfy an app's schema; names every bad variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Validates `env` against an app's schema. Each app owns exactly one schema; this is the only
 * place that reads process.env so that a typo fails at start-up, not at first use.
 */
export function loadConfig<S extends z.ZodType>(
  schema: S,
  env: NodeJS.ProcessEnv = process.env,
): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.') || '(environment)';
    const received = issue.code === 'invalid_type' && env[name] === undefined ? ' (missing)' : '';
    return `${name}: ${issue.message}${received}`;
  });
  throw new ConfigError(problems);
}
