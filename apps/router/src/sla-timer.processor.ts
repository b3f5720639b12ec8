import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ServiceMetrics } from '@scb/observability';
import { SlaTimerQueue } from '@scb/work-queues';
import { FireSlaStage } from './usecases/fire-sla-stage/fire-sla-stage.usecase';

/** Runs due SLA timers (BullMQ delayed jobs) in the router: each job is one `FireSlaStage`. */
@Injectable()
export class SlaTimerProcessor implements OnModuleInit {
  constructor(
    private readonly timers: SlaTimerQueue,
    private readonly fireSlaStage: FireSlaStage,
    private readonly metrics: ServiceMetrics,
  ) {}

  onModuleInit(): void {
    const events = this.metrics.slaEvents;
    this.timers.startWorker(async (timer) => {
      const { fired, escalated } = await this.fireSlaStage.execute(timer);
      const clock = timer.kind === 'firstResponse' ? 'first_response' : 'resolution';
      if (fired) events.inc({ stage: timer.stage === 'atRisk' ? 'at_risk' : 'breached', clock });
      if (escalated) events.inc({ stage: 'escalated', clock });
    });
  }
}
