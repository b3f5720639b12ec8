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
  private readonly readinessOnly = new Map<string, HealthProbe>();
  private service = 'unknown';

  setService(name: string): void {
    this.service = name;
  }

  register(name: string, probe: HealthProbe): void {
    this.probes.set(name, probe);
  }

  /**
   * A check for `/readyz` only (not `/health`), for states a service passes through on its way
   * up, such as a consumer waiting to join its group.
   */
  registerReadiness(name: string, probe: HealthProbe): void {
    this.readinessOnly.set(name, probe);
  }

  /** Every probe `/readyz` runs: the dependency probes of `/health`, then the readiness ones. */
  readinessProbes(): Array<[string, HealthProbe]> {
    return [...this.probes, ...this.readinessOnly];
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

/** `promise`, or a rejection saying it did not answer within `ms` milliseconds. */
export async function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
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
