import { Body, Controller, Get, Headers, Post, Query, Res } from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import type { Response } from 'express';
import { MetaWebhookService } from './meta-webhook.service';
import { rawBytes } from './raw-body';
import { sendOutcome as send } from './webhook-outcome';

@Controller('v1/webhooks/meta')
export class MetaWebhookController {
  constructor(private readonly intake: MetaWebhookService) {}

  /** Meta's subscription handshake (`hub.mode`, `hub.verify_token`, `hub.challenge`). */
  @Get()
  @ApiQuery({ name: 'hub.mode', required: false, schema: { type: 'string', enum: ['subscribe'] } })
  @ApiQuery({ name: 'hub.verify_token', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'hub.challenge', required: false, schema: { type: 'string' } })
  verify(@Query() query: Record<string, unknown>, @Res() res: Response): void {
    send(res, this.intake.verify(query));
  }

  /** Deliveries, signed with `X-Hub-Signature-256: sha256=<hex>` by the app secret. */
  @Post()
  async receive(
    @Body() body: unknown,
    @Headers('x-hub-signature-256') signature: string | undefined,
    @Res() res: Response,
  ): Promise<void> {
    send(res, await this.intake.receive(rawBytes(body), signature));
  }
}
