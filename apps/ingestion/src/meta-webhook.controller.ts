import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  HttpStatus,
  Post,
  Query,
  UseGuards,
} from '@nestjs/common';
import { ApiQuery } from '@nestjs/swagger';
import { MetaWebhookService } from './meta-webhook.service';
import { rawBytes } from './raw-body';
import { answer } from './webhook-outcome';
import { MetaSignatureGuard } from './webhook-signature.guard';

@Controller('v1/webhooks/meta')
export class MetaWebhookController {
  constructor(private readonly intake: MetaWebhookService) {}

  /** Meta's subscription handshake (`hub.mode`, `hub.verify_token`, `hub.challenge`). */
  @Get()
  @ApiQuery({ name: 'hub.mode', required: false, schema: { type: 'string', enum: ['subscribe'] } })
  @ApiQuery({ name: 'hub.verify_token', required: false, schema: { type: 'string' } })
  @ApiQuery({ name: 'hub.challenge', required: false, schema: { type: 'string' } })
  // Meta wants the bare challenge back (refusals stay problem+json).
  @Header('Content-Type', 'text/plain')
  verify(@Query() query: Record<string, unknown>): unknown {
    return answer(this.intake.verify(query), HttpStatus.OK);
  }

  /** Deliveries, signed with `X-Hub-Signature-256: sha256=<hex>` by the app secret (the guard checks). */
  @Post()
  @UseGuards(MetaSignatureGuard)
  @HttpCode(HttpStatus.OK)
  async receive(@Body() body: unknown): Promise<unknown> {
    return answer(await this.intake.receive(rawBytes(body)), HttpStatus.OK);
  }
}
