import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@scb/contracts';
import type { KafkaBatch } from '@scb/messaging';
import { CaseRoutingService } from './case-routing.service';

@Controller()
export class CaseEventsController {
  constructor(private readonly routing: CaseRoutingService) {}

  @EventPattern(Topics.caseEvents)
  handle(@Payload() batch: KafkaBatch): Promise<void> {
    return this.routing.handle(batch);
  }
}
