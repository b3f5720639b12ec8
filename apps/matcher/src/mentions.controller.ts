import { Controller } from '@nestjs/common';
import { EventPattern, Payload } from '@nestjs/microservices';
import { Topics } from '@scb/contracts';
import type { KafkaBatch } from '@scb/messaging';
import { MentionIntakeService } from './mention-intake.service';

@Controller()
export class MentionsController {
  constructor(private readonly intake: MentionIntakeService) {}

  @EventPattern(Topics.mentions)
  handle(@Payload() batch: KafkaBatch): Promise<void> {
    return this.intake.handle(batch);
  }
}
