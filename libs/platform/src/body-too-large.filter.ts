import { Catch, HttpStatus, Logger, type ArgumentsHost } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';

/**
 * The body parser's "entity too large" is the client's mistake, not ours: answer 413 with the
 * limit and log a warning, instead of the default handler's error with a stack trace.
 */
@Catch()
export class BodyTooLargeFilter extends BaseExceptionFilter {
  private readonly logger = new Logger('HTTP');

  override catch(exception: unknown, host: ArgumentsHost): void {
    const error = exception as { type?: unknown; limit?: unknown; length?: unknown };
    if (error?.type !== 'entity.too.large') return super.catch(exception, host);
    this.logger.warn({
      message: 'request body too large',
      limit: error.limit,
      length: error.length,
    });
    host
      .switchToHttp()
      .getResponse<Response>()
      .status(HttpStatus.PAYLOAD_TOO_LARGE)
      .json({
        statusCode: HttpStatus.PAYLOAD_TOO_LARGE,
        message: `request body larger than ${String(error.limit)} bytes`,
      });
  }
}
