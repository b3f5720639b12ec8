import {
  ForbiddenException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Response } from 'express';
import type { Principal, Role } from '@scb/auth';
import { AuthService } from './auth.service';
import { readCredential, type AuthedRequest } from './credentials';
import { OWN_AGENT_KEY, type AgentIdLocation } from './own-agent.decorator';
import { IS_PUBLIC_KEY } from './public.decorator';
import { ROLES_KEY } from './roles.decorator';

const unauthorized = (reason: string, message: string) =>
  new UnauthorizedException({
    statusCode: HttpStatus.UNAUTHORIZED,
    error: 'Unauthorized',
    reason,
    message,
  });
const forbidden = (reason: string, message: string) =>
  new ForbiddenException({ statusCode: HttpStatus.FORBIDDEN, error: 'Forbidden', reason, message });

/**
 * Deny by default: a route runs only if it is `@Public()` or the caller's role is in its
 * `@Roles(...)`. 401 when the caller is not known (no, bad or expired credential), 403 when known
 * but not allowed.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly auth: AuthService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;
    const http = context.switchToHttp();
    const req = http.getRequest<AuthedRequest>();
    const principal = await this.authenticate(req, http.getResponse<Response>());
    req.principal = principal;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (!roles)
      throw forbidden('no_access_policy', 'this route declares no roles, so nobody may call it');
    if (principal.role !== 'admin' && !roles.includes(principal.role))
      throw forbidden('role_not_allowed', `role ${principal.role} may not call this route`);
    const ownAgent = this.reflector.get<AgentIdLocation | undefined>(
      OWN_AGENT_KEY,
      context.getHandler(),
    );
    if (ownAgent && principal.role === 'agent') this.checkOwnAgent(principal, req, ownAgent);
    return true;
  }

  private async authenticate(req: AuthedRequest, res: Response): Promise<Principal> {
    const credential = readCredential(req);
    // RFC 9110: a 401 names the scheme the client should use.
    res.setHeader('WWW-Authenticate', 'Bearer realm="scb"');
    if (!credential)
      throw unauthorized(
        'missing_credentials',
        'missing credentials: send Authorization: Bearer <token>, X-Api-Key or the scb_session cookie',
      );
    if ('malformed' in credential) throw unauthorized('invalid_token', credential.malformed);
    const result = await this.auth.authenticate(credential.secret);
    if (!result.ok)
      throw result.reason === 'expired_token'
        ? unauthorized('expired_token', 'the session has expired; sign in again')
        : unauthorized('invalid_token', 'the token or API key is not valid (unknown or revoked)');
    res.removeHeader('WWW-Authenticate');
    return result.principal;
  }

  private checkOwnAgent(principal: Principal, req: AuthedRequest, at: AgentIdLocation): void {
    if (!principal.agentId)
      throw forbidden('no_linked_agent', 'this user is not linked to an agent');
    const body = req.body as Record<string, unknown> | undefined;
    const agentId = 'param' in at ? req.params[at.param] : body?.[at.body];
    if (agentId !== principal.agentId)
      throw forbidden('not_own_agent', 'an agent may only act as their own linked agent');
  }
}
