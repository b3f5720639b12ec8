import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

/**
 * Integration and end-to-end tests run against the real Postgres, Redis and Kafka. This makes
 * `npm run test:int` work on its own: the infra script is idempotent and quick when all is up.
 */
export default function infraGlobalSetup(): void {
  if (process.env.SCB_SKIP_INFRA === '1') return;
  const script = join(__dirname, '..', '..', '..', '..', 'deploy', 'infra.sh');
  execFileSync('bash', [script, 'up'], { stdio: 'inherit' });
}
