import {
  Catch,
  HttpException,
  Logger,
  type ArgumentsHost,
  type ExceptionFilter,
} from '@nestjs/common';
import { BaseRpcExceptionFilter } from '@nestjs/microservices';
import type { Request, Response } from 'express';
import {
  PROBLEM_JSON,
  ProblemException,
  problemFromError,
  problemFromHttpException,
} from './problem-details';

/**
 * Every HTTP error of every service as RFC 9457 `application/problem+json`: Nest's HTTP
 * exceptions (guards, pipes, `NotFoundException`...), the use cases' `DomainError`s (`@scb/core`:
 * the one place they become statuses), the body parser's errors (413, malformed
 * JSON, bad UTF-8) and anything unexpected (500, logged with its stack, never echoed). Consumer
 * (Kafka) handlers keep Nest's default RPC handling.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');
  private readonly rpc = new BaseRpcExceptionFilter();

  catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType() !== 'http') return this.rpc.catch(exception, host);
    const http = host.switchToHttp();
    const req = http.getRequest<Request>();
    const res = http.getResponse<Response>();
    if (exception instanceof ProblemException) {
      // Composed and explained by its thrower (a webhook's refusal): sent as it is, not logged.
      if (res.headersSent) res.end();
      else res.status(exception.problem.status).type(PROBLEM_JSON).json(exception.problem);
      return;
    }
    const body =
      exception instanceof HttpException
        ? problemFromHttpException(exception)
        : problemFromError(exception);
    body.instance = req.originalUrl?.split('?')[0];
    if (body.status >= 500) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      // The message and stack only: driver errors carry the query's parameters (user data).
      this.logger.error(`${req.method} ${body.instance}: ${error.message}`, error.stack);
    } else if (body.status === 413) {
      this.logger.warn({ message: 'request body too large', path: body.instance });
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(body.status).type(PROBLEM_JSON).json(body);
    return;
  }
}
