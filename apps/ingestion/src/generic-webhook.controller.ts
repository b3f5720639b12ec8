import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { GenericWebhookService } from './generic-webhook.service';
import { rawBytes } from './raw-body';
import { sendOutcome } from './webhook-outcome';

@Controller('v1/webhooks/mentions')
export class GenericWebhookController {
  constructor(private readonly intake: GenericWebhookService) {}

  /**
   * One mention or an array of them, signed with `X-SCB-Timestamp: <unix seconds>` and
   * `X-SCB-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<raw body>">`.
   */
  @Post()
  async receive(
    @Body() body: unknown,
    @Headers('x-scb-signature') signature: string | undefined,
    @Headers('x-scb-timestamp') timestamp: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    sendOutcome(res, await this.intake.receive(rawBytes(body), { signature, timestamp }));
  }
}
