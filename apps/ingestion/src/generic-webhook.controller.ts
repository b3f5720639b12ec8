import { Body, Controller, Headers, Post, Res } from '@nestjs/common';
import type { Response } from 'express';
import { GenericWebhookService } from './generic-webhook.service';
import { rawBytes } from './raw-body';

@Controller('v1/webhooks/mentions')
export class GenericWebhookController {
  constructor(private readonly intake: GenericWebhookService) {}

  /** One mention or an array of them, signed with `X-SCB-Signature: sha256=<hex>`. */
  @Post()
  async receive(
    @Body() body: unknown,
    @Headers('x-scb-signature') signature: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<unknown> {
    const outcome = await this.intake.receive(rawBytes(body), signature);
    res.status(outcome.status);
    return outcome.body;
  }
}
