import {
  Controller,
  Headers,
  HttpCode,
  HttpStatus,
  Logger,
  Param,
  Post,
  Req,
  Res,
} from '@nestjs/common';
import { ApiNoContentResponse } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { ProblemException, ZodPipe, problem } from '@scb/platform';
import { Public } from '../auth/public.decorator';
import { CrmConnectorNameSchema } from '../openapi/crm-connector.schemas';
import { ReceiveCrmWebhook } from './usecases/receive-crm-webhook/receive-crm-webhook.usecase';

/**
 * Zendesk webhooks for a CRM connector (`POST /v1/webhooks/crm/:name`): public (Zendesk has no
 * user of ours) but signature-checked with the connector's signing secret and limited per
 * connector. A good call only wakes the connector's sync; its body is not trusted for content.
 */
@Controller('v1/webhooks/crm')
export class CrmWebhooksController {
  private readonly logger = new Logger(CrmWebhooksController.name);

  constructor(private readonly receive: ReceiveCrmWebhook) {}

  /**
   * 204 once the signature checks (the connector's sync runs now); 401 problem+json for an
   * unknown connector, one without a webhook secret, a missing, stale or bad signature (one
   * answer for all, so the route does not tell which connectors exist); 429 with Retry-After
   * past `CRM_WEBHOOK_MAX_PER_MINUTE`.
   */
  @Public()
  @Post(':name')
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiNoContentResponse({ description: 'signature checked; the connector syncs now' })
  async zendesk(
    @Param('name', new ZodPipe(CrmConnectorNameSchema)) name: string,
    @Headers('x-zendesk-webhook-signature') signature: string | undefined,
    @Headers('x-zendesk-webhook-signature-timestamp') timestamp: string | undefined,
    @Req() req: Request & { rawBody?: Buffer },
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const result = await this.receive.execute({
      name,
      signature,
      timestamp,
      body: req.rawBody ?? Buffer.alloc(0),
    });
    if (result.outcome === 'limited') {
      res.setHeader('Retry-After', String(result.retryAfterSeconds));
      throw new ProblemException(
        problem(
          429,
          `too many webhook calls for this connector; try again in ${result.retryAfterSeconds} s`,
          {},
          'crm-webhook-rate-limited',
        ),
      );
    }
    if (result.outcome === 'refused') {
      this.logger.warn({ message: 'CRM webhook refused', connector: name, reason: result.reason });
      throw new ProblemException(
        problem(
          401,
          'webhook signature not accepted',
          { reason: 'webhook_signature' },
          'crm-webhook-unauthorized',
        ),
      );
    }
  }
}
