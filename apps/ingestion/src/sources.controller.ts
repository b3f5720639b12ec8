import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { sourcesAsPrometheus, type SourceReport } from '@scb/social-sources';
import { LiveSources } from './live-sources.lifecycle';
import { listEnvelope, type ListEnvelope } from '@scb/contracts';
import { OperatorTokenGuard } from './operator-token.guard';

/** Operator endpoints: they need the operator token (see OperatorTokenGuard). */
@Controller('v1/sources')
@UseGuards(OperatorTokenGuard)
export class SourcesController {
  constructor(private readonly sources: LiveSources) {}

  /**
   * Every source (pollers, the stream, the webhooks, replay): its state (running, rate-limited
   * until T, reconnecting, failing with the reason, ...) and its counters.
   */
  @Get()
  list(): ListEnvelope<SourceReport> & { sources: SourceReport[] } {
    // `sources` is the key this list had before the common envelope: kept, deprecated.
    return listEnvelope(this.sources.report(), 'all', 'sources');
  }

  /** The same counters in the Prometheus text format, for dashboards that scrape. */
  @Get('metrics')
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  metrics(): string {
    return sourcesAsPrometheus(this.sources.report());
  }
}
