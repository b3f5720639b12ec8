import { Body, Controller, HttpCode, HttpStatus, Post, UseGuards } from '@nestjs/common';
import { GenericWebhookService } from './generic-webhook.service';
import { rawBytes } from './raw-body';
import { answer } from './webhook-outcome';
import { GenericWebhookSignatureGuard } from './webhook-signature.guard';

@Controller('v1/webhooks/mentions')
export class GenericWebhookController {
  constructor(private readonly intake: GenericWebhookService) {}

  /**
   * One mention or an array of them, signed with `X-SCB-Timestamp: <unix seconds>` and
   * `X-SCB-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">` (the guard checks).
   * 202 with the per-item report; refusals are problem+json.
   */
  @Post()
  @UseGuards(GenericWebhookSignatureGuard)
  @HttpCode(HttpStatus.ACCEPTED)
  async receive(@Body() body: unknown): Promise<unknown> {
    return answer(await this.intake.receive(rawBytes(body)), HttpStatus.ACCEPTED);
  }
}
