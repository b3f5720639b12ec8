import { Controller, Get, Inject, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { listEnvelope, type ListEnvelope } from '@scb/contracts';
import type { SourceReport } from '@scb/social-sources';
import { LiveSources } from './live-sources.lifecycle';
import { OperatorTokenGuard } from './operator-token.guard';
import { SOURCES_PROMETHEUS } from './source-metrics.collectors';

/** Operator endpoints: they need the operator token (see OperatorTokenGuard). */
@Controller('v1/sources')
@UseGuards(OperatorTokenGuard)
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
  list(): ListEnvelope<SourceReport> & { sources: SourceReport[] } {
    // `sources` is the key this list had before the common envelope: kept, deprecated.
    return listEnvelope(this.sources.report(), 'all', 'sources');
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
