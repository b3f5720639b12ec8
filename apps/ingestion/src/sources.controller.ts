import { Controller, Get } from '@nestjs/common';
import { PollingSources, type SourceReport } from './polling-sources.lifecycle';

@Controller('v1/sources')
export class SourcesController {
  constructor(private readonly sources: PollingSources) {}

  /** Each polling source: running, rate-limited until T, or failing with the reason; counters. */
  @Get()
  list(): { sources: SourceReport[] } {
    return { sources: this.sources.report() };
  }
}
