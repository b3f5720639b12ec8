import {
  Injectable,
  type CallHandler,
  type ExecutionContext,
  type NestInterceptor,
} from '@nestjs/common';
import { map, type Observable } from 'rxjs';
import { redactNotifyTargets } from '@scb/routing';
import type { AuthedRequest } from '../auth/credentials';

/**
 * SLA webhook URLs are secrets (Slack and Teams put theirs in the path): every answer to anyone
 * but an admin has its notify targets cut to the origin, whichever route carries them (queue
 * policies, SLA events, the audit log's before/after, ...). Admins see them whole, to edit them.
 */
@Injectable()
export class NotifyTargetRedactionInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const principal = context.switchToHttp().getRequest<AuthedRequest>().principal;
    if (principal?.role === 'admin') return next.handle();
    return next.handle().pipe(map((body: unknown) => redactNotifyTargets(body)));
  }
}
