import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Principal } from '@scb/auth';
import type { AuthedRequest } from './credentials';

/** The caller the guard authenticated (routes with `@Roles` only). */
export const CurrentPrincipal = createParamDecorator(
  (_: unknown, context: ExecutionContext): Principal => {
    const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
    if (!principal) throw new Error('CurrentPrincipal used on a route without @Roles');
    return principal;
  },
);
