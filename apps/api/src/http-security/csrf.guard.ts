import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { SESSION_COOKIE } from '../auth/credentials';
import { ApiSettings } from '../config/api-settings';
import { ACCEPTS_BODY_KEY, DEFAULT_BODY_TYPES } from './accepts-body.decorator';
import { checkRequestOrigin } from './request-origin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** An empty POST (`Content-Length: 0`, as fetch sends it) has no body to type-check. */
function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding'] !== undefined) return true;
  const length = req.headers['content-length'];
  return length !== undefined && Number(length) !== 0;
}

function hasHeaderCredential(req: Request): boolean {
  return req.headers.authorization !== undefined || req.headers['x-api-key'] !== undefined;
}

function hasSessionCookie(req: Request): boolean {
  return (req.headers.cookie ?? '')
    .split(';')
    .some((part) => part.trim().startsWith(`${SESSION_COOKIE}=`));
}

/**
 * CSRF defence of every state-changing route (POST, PUT, PATCH, DELETE): a body must be of a
 * type the route declares (JSON unless `@AcceptsBody` says more; a cross-site HTML form can only
 * send urlencoded, multipart or text/plain), else 415 `unsupported_media_type`; and a request
 * signed in by cookie, or carrying no credential (the login), must come from the api's own
 * origin (see checkRequestOrigin), else 403 `cross_origin_request` / `origin_required`.
 */
@Injectable()
export class CsrfGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    /** `TRUSTED_ORIGINS`: origins besides the api's own that may send cookie-signed writes. */
    private readonly settings: ApiSettings,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (SAFE_METHODS.has(req.method)) return true;
    const types =
      this.reflector.get<string[] | undefined>(ACCEPTS_BODY_KEY, context.getHandler()) ??
      DEFAULT_BODY_TYPES;
    if (hasBody(req) && !req.is([...types]))
      throw new HttpException(
        {
          statusCode: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
          error: 'Unsupported Media Type',
          reason: 'unsupported_media_type',
          message: `send the body as ${types.join(' or ')}`,
        },
        HttpStatus.UNSUPPORTED_MEDIA_TYPE,
      );
    if (hasHeaderCredential(req)) return true;
    const verdict = checkRequestOrigin({
      secFetchSite: req.get('sec-fetch-site'),
      origin: req.get('origin'),
      ownOrigin: `${req.protocol}://${req.get('host') ?? ''}`,
      trustedOrigins: this.settings.TRUSTED_ORIGINS,
      cookieSession: hasSessionCookie(req),
    });
    if (verdict.ok) return true;
    throw new ForbiddenException({
      statusCode: HttpStatus.FORBIDDEN,
      error: 'Forbidden',
      reason: verdict.reason,
      message: verdict.message,
    });
  }
}
