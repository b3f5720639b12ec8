import { Controller, Get } from '@nestjs/common';
import type { SourceReport } from '@scb/social-sources';
import { LiveSources } from './live-sources.lifecycle';

@Controller('v1/sources')
export class SourcesController {
  constructor(private readonly sources: LiveSources) {}

  /**
   * Every source (pollers, the stream, the webhooks, replay): its state (running, rate-limited
   * until T, reconnecting, failing with the reason, ...) and its counters.
   */
  @Get()
  list(): { sources: SourceReport[] } {
    return { sources: this.sources.report() };
  }
}
