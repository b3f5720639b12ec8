import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import type { SourceReport } from '@scb/social-sources';
import { LiveSources } from './live-sources.lifecycle';
import { SOURCES_PROMETHEUS } from './source-metrics.collectors';

@Controller('v1/sources')
export class SourcesController {
  constructor(
    private readonly sources: LiveSources,
    @Inject(SOURCES_PROMETHEUS) private readonly prometheus: Registry,
  ) {}

  /**
   * Every source (pollers, the stream, the webhooks, replay): its state (running, rate-limited
   * until T, reconnecting, failing with the reason, ...) and its counters.
   */
  @Get()
  list(): { sources: SourceReport[] } {
    return { sources: this.sources.report() };
  }

  /**
   * The same counters in the Prometheus text format (prom-client), for dashboards that scrape;
   * they are on the service's `/metrics` too.
   */
  @Get('metrics')
  async metrics(@Res({ passthrough: true }) res: Response): Promise<string> {
    res.setHeader('content-type', this.prometheus.contentType);
    return this.prometheus.metrics();
  }
}
