import { Controller, Get, Res, ServiceUnavailableException } from '@nestjs/common';
import type { Response } from 'express';
import {
  HealthCheck,
  HealthCheckService,
  HealthIndicatorService,
  type HealthCheckResult,
} from '@nestjs/terminus';
import { HealthRegistry, withTimeout } from './health-registry';
import { Public } from './public.decorator';

/** A dependency that does not answer within this long counts as down for readiness. */
const PROBE_TIMEOUT_MS = 2_000;

/**
 * Kubernetes-style probes (terminus). `/livez` says the process serves HTTP and checks nothing
 * else, so a database blip never restarts pods; `/readyz` runs every dependency probe and the
 * readiness-only ones (a consumer that has joined its group), 503 while any is down.
 */
@Controller()
export class ProbesController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly registry: HealthRegistry,
  ) {}

  /** 200 `{ status: 'ok', info: {}, error: {}, details: {} }` while the event loop turns. */
  @Public()
  @Get('livez')
  @HealthCheck()
  livez(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * 200 when every dependency is up, else 503 with `error.<name>.message` saying why. The 503
   * keeps terminus's own body (`status: 'error'`): probes and their tooling read it, and the
   * problem+json filter would replace `status` with the HTTP code.
   */
  @Public()
  @Get('readyz')
  @HealthCheck()
  async readyz(@Res({ passthrough: true }) res: Response): Promise<HealthCheckResult> {
    try {
      return await this.check();
    } catch (error) {
      if (!(error instanceof ServiceUnavailableException)) throw error;
      res.status(503);
      return error.getResponse() as HealthCheckResult;
    }
  }

  private check(): Promise<HealthCheckResult> {
    return this.health.check(
      this.registry.readinessProbes().map(([name, probe]) => async () => {
        const indicator = this.indicators.check(name);
        try {
          return indicator.up((await withTimeout(probe(), PROBE_TIMEOUT_MS)) ?? {});
        } catch (error) {
          return indicator.down({
            message: error instanceof Error ? error.message : String(error),
          });
        }
      }),
    );
  }
}
