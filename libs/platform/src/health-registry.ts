import { Injectable } from '@nestjs/common';

export type HealthProbe = () => Promise<Record<string, unknown> | void>;

export interface HealthReport {
  status: 'ok' | 'degraded';
  service: string;
  checks: Record<string, { status: 'up' | 'down'; error?: string } & Record<string, unknown>>;
}

/** Each adapter registers a probe for the dependency it owns; `/health` runs them all. */
@Injectable()
export class HealthRegistry {
  private readonly probes = new Map<string, HealthProbe>();
  private service = 'unknown';

  setService(name: string): void {
    this.service = name;
  }

  register(name: string, probe: HealthProbe): void {
    this.probes.set(name, probe);
  }

  async report(timeoutMs = 2_000): Promise<HealthReport> {
    const checks: HealthReport['checks'] = {};
    await Promise.all(
      [...this.probes].map(async ([name, probe]) => {
        try {
          const details = await withTimeout(probe(), timeoutMs);
          // A probe's details never override the verdict.
          checks[name] = { ...(details ?? {}), status: 'up' };
        } catch (error) {
          checks[name] = {
            status: 'down',
            error: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
    const healthy = Object.values(checks).every((c) => c.status === 'up');
    return { status: healthy ? 'ok' : 'degraded', service: this.service, checks };
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
