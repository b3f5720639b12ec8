import { Injectable, type OnModuleInit } from '@nestjs/common';
import { SlaClock } from '@scb/platform';
import { SlaTimerQueue } from '@scb/work-queues';

/** Runs due SLA timers (BullMQ delayed jobs) in the router: each job is one call to the clock. */
@Injectable()
export class SlaTimerProcessor implements OnModuleInit {
  constructor(
    private readonly timers: SlaTimerQueue,
    private readonly clock: SlaClock,
  ) {}

  onModuleInit(): void {
    this.timers.startWorker((timer) => this.clock.fire(timer));
  }
}
