import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { ProblemException, type ProblemDetails } from '@scb/platform';
import { GenericWebhookService } from './generic-webhook.service';
import { MetaWebhookService } from './meta-webhook.service';
import { rawBytes } from './raw-body';
import type { WebhookOutcome } from './webhook-outcome';

const header = (req: Request, name: string): string | undefined => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** A refusal as the exception the problem+json filter sends as it is (status, body, type). */
function pass(refusal: WebhookOutcome | null): true {
  if (refusal) throw new ProblemException(refusal.body as ProblemDetails);
  return true;
}

/**
 * The generic webhook's signature (`X-SCB-Timestamp`, `X-SCB-Signature`) over the raw body,
 * checked before the handler runs: 503 while `WEBHOOK_SECRET` is not configured, 401 otherwise.
 */
@Injectable()
export class GenericWebhookSignatureGuard implements CanActivate {
  constructor(private readonly intake: GenericWebhookService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    return pass(
      this.intake.checkSignature(rawBytes(req.body), {
        signature: header(req, 'x-scb-signature'),
        timestamp: header(req, 'x-scb-timestamp'),
      }),
    );
  }
}

/**
 * Meta's signature (`X-Hub-Signature-256`, by the app secret) over the raw body, checked before
 * the handler runs: 503 while `META_APP_SECRET` is not configured, 401 otherwise.
 */
@Injectable()
export class MetaSignatureGuard implements CanActivate {
  constructor(private readonly intake: MetaWebhookService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    return pass(this.intake.checkSignature(rawBytes(req.body), header(req, 'x-hub-signature-256')));
  }
}
