import { createHash, timingSafeEqual } from 'node:crypto';
import {
  Inject,
  Injectable,
  ServiceUnavailableException,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import type { Request } from 'express';

export const OPERATOR_TOKEN = Symbol('OPERATOR_TOKEN');

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/**
 * The ingestion service's operator endpoints (`/v1/sources`: source states, counters, reasons)
 * need `Authorization: Bearer <INGESTION_OPERATOR_TOKEN>` (RFC 6750). Unconfigured, they answer
 * 503 and name the variable. Digests are compared in constant time, so the comparison says
 * nothing about how much of a guess was right.
 */
@Injectable()
export class OperatorTokenGuard implements CanActivate {
  constructor(@Inject(OPERATOR_TOKEN) private readonly token: string | undefined) {}

  canActivate(context: ExecutionContext): boolean {
    if (!this.token)
      throw new ServiceUnavailableException(
        'operator endpoints disabled: INGESTION_OPERATOR_TOKEN is not configured',
      );
    const request = context.switchToHttp().getRequest<Request>();
    const given = /^Bearer (\S+)$/i.exec(request.headers.authorization ?? '')?.[1];
    if (given && timingSafeEqual(digest(given), digest(this.token))) return true;
    const response = context
      .switchToHttp()
      .getResponse<{ setHeader(n: string, v: string): void }>();
    response.setHeader('WWW-Authenticate', 'Bearer realm="scb-ingestion"');
    throw new UnauthorizedException(
      given ? 'wrong operator token' : 'missing Authorization: Bearer <INGESTION_OPERATOR_TOKEN>',
    );
  }
}
