import {
  BadRequestException,
  Injectable,
  type CanActivate,
  type ExecutionContext,
} from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';

interface DocumentedParameter {
  in?: string;
  name?: string;
}

/** The query parameters a handler documents (`@ApiQuery`, `ApiQueryFrom`): the ones it accepts. */
export function documentedQueryNames(handler: object): Set<string> {
  const params =
    (Reflect.getMetadata(DECORATORS.API_PARAMETERS, handler) as
      DocumentedParameter[] | undefined) ?? [];
  return new Set(params.filter((p) => p.in === 'query' && p.name).map((p) => p.name as string));
}

/**
 * A query parameter the route does not document → 400 naming it: a typo such as `stauts` would
 * otherwise silently return everything. Runs on every route (`useGlobalGuards`), after the apps'
 * authentication guard.
 */
@Injectable()
export class KnownQueryGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const allowed = documentedQueryNames(context.getHandler());
    const unknown = Object.keys(req.query ?? {}).filter((name) => !allowed.has(name));
    if (unknown.length > 0)
      throw new BadRequestException({
        message: `Unknown query parameter${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`,
        errors: unknown.map((name) => ({
          path: `query.${name}`,
          message: allowed.size
            ? `unknown query parameter; this route accepts ${[...allowed].join(', ')}`
            : 'unknown query parameter; this route takes none',
        })),
        problem: 'unknown-query-parameter',
      });
    return true;
  }
}
