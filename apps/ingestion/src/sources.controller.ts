import { Controller, Get, Inject, Optional, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import type { Registry } from 'prom-client';
import { listEnvelope, type ListEnvelope } from '@scb/contracts';
import { HeldBrandPostRepository, type HeldBrandPostCounts } from '@scb/persistence';
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
    /** With a database only (the X pollers): the matcher's held brand posts are read there. */
    @Optional()
    @Inject(HeldBrandPostRepository)
    private readonly heldBrandPosts: HeldBrandPostRepository | null = null,
  ) {}

  /**
   * Every source (pollers, the stream, the webhooks, replay): its state (running, rate-limited
   * until T, reconnecting, failing with the reason, ...) and its counters; and per platform the
   * brand posts whose thread has no case: `held` (waiting for the customer's post) and `ignored`
   * by reason (`no-case-for-thread` after the bound); null without a database.
   */
  @Get()
  async list(): Promise<
    ListEnvelope<SourceReport> & {
      sources: SourceReport[];
      brandPostsWithoutCase: HeldBrandPostCounts[] | null;
    }
  > {
    // `sources` is the key this list had before the common envelope: kept, deprecated.
    return {
      ...listEnvelope(this.sources.report(), 'all', 'sources'),
      brandPostsWithoutCase: this.heldBrandPosts ? await this.heldBrandPosts.counts() : null,
    };
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
