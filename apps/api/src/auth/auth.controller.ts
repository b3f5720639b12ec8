import {
  Body,
  Controller,
  Get,
  HttpCode,
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

  /** 200 with a session token (also set as the `scb_session` cookie); 401 for a wrong login. */
  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  async login(
    @Body(new ZodPipe(LoginSchema)) body: z.infer<typeof LoginSchema>,
    @Res({ passthrough: true }) res: Response,
  ) {
    const login = await this.auth.login(body.email, body.password);
    if (!login)
      throw new UnauthorizedException({
        statusCode: HttpStatus.UNAUTHORIZED,
        error: 'Unauthorized',
        reason: 'invalid_credentials',
        message: 'wrong email or password',
      });
    this.cookie.set(res, login.token, login.expiresAt);
    return login;
  }

  /** Ends the session the request carries (an API key stays valid: revoke it instead). */
  @AnyRole()
  @Post('logout')
  @HttpCode(HttpStatus.NO_CONTENT)
  async logout(@Req() req: AuthedRequest, @Res({ passthrough: true }) res: Response) {
    const credential = readCredential(req);
    if (credential && 'secret' in credential) await this.auth.logout(credential.secret);
    this.cookie.clear(res);
  }

  /** The caller: a user (as in the login answer) or an API key. */
  @AnyRole()
  @Get('me')
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
