import { ApiNoContentResponse } from '@nestjs/swagger';
import { ApiSuccess } from '../openapi/success.schemas';
import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpException,
  HttpStatus,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import type { Principal } from '@scb/auth';
import { UserRepository } from '@scb/persistence';
import { ZodPipe } from '@scb/platform';
import { AuthService } from './auth.service';
import { readCredential, type AuthedRequest } from './credentials';
import { CurrentPrincipal } from './current-principal.decorator';
import { Public } from './public.decorator';
import { AnyRole } from './roles.decorator';
import { SessionCookie } from './session-cookie';
import { ApiBodyFrom } from '../openapi/zod-openapi.decorators';

const LoginSchema = z
  .object({ email: z.string().trim().min(3).max(320), password: z.string().min(1).max(1_024) })
  .strict();

@Controller('v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly users: UserRepository,
    private readonly cookie: SessionCookie,
  ) {}

  /**
   * 200 with a session token (also set as the `scb_session` cookie); 401 for a wrong login; 429
   * with Retry-After after too many failures for the email or from the address.
   */
  @Public()
  @Post('login')
  @ApiSuccess('Login')
  @ApiBodyFrom(LoginSchema, 'LoginRequest')
  @HttpCode(HttpStatus.OK)
  async login(
    @Body(new ZodPipe(LoginSchema)) body: z.infer<typeof LoginSchema>,
    @Req() req: AuthedRequest,
    @Res({ passthrough: true }) res: Response,
  ) {
    const attempt = await this.auth.login(body.email, body.password, req.ip ?? 'unknown');
    if (attempt.status === 'throttled') {
      res.setHeader('Retry-After', String(attempt.retryAfterSeconds));
      throw new HttpException(
        {
          statusCode: HttpStatus.TOO_MANY_REQUESTS,
          error: 'Too Many Requests',
          reason: 'too_many_attempts',
          message: `too many failed sign-ins; try again in ${attempt.retryAfterSeconds} s`,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    if (attempt.status === 'invalid')
      throw new UnauthorizedException({
        statusCode: HttpStatus.UNAUTHORIZED,
        error: 'Unauthorized',
        reason: 'invalid_credentials',
        message: 'wrong email or password',
      });
    this.cookie.set(res, attempt.login.token, attempt.login.expiresAt);
    return attempt.login;
  }

  /** Ends the session the request carries (an API key stays valid: revoke it instead). */
  @AnyRole()
  @Post('logout')
  @ApiNoContentResponse({ description: 'signed out' })
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response) {
    const credential = readCredential(req);
    if (credential && 'secret' in credential) await this.auth.logout(credential.secret);
    this.cookie.clear(res);
  }

  /** The caller: a user (as in the login answer) or an API key. */
  @AnyRole()
  @Get('me')
  @ApiSuccess('Me')
  async me(@CurrentPrincipal() principal: Principal) {
    if (principal.kind === 'api_key')
      return {
        kind: 'api_key',
        id: principal.id,
        name: principal.name,
        role: principal.role,
        agentId: null,
      };
    const user = await this.users.find(principal.id);
    if (!user) throw new UnauthorizedException({ reason: 'invalid_token', message: 'user gone' });
    const { id, email, displayName, role, agentId } = user;
    return { kind: 'user', id, email, displayName, role, agentId };
  }
}
