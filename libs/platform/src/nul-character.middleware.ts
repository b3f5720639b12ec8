import { BadRequestException } from '@nestjs/common';
import cookieParser from 'cookie-parser';
import type { NextFunction, Request, Response } from 'express';
import { nulCharacterErrors } from '@scb/contracts';

const parseCookies = cookieParser();

/** Percent-decoded path segments; a segment that does not decode is left to the router's 400. */
function pathSegments(path: string): string[] {
  return path.split('/').map((segment) => {
    try {
      return decodeURIComponent(segment);
    } catch {
      return segment;
    }
  });
}

/**
 * The first gate of every HTTP entry point, after the body parser and before authentication, any
 * guard or pipe: a NUL character (U+0000) anywhere in the JSON body, the query, the path or a
 * cookie (the session cookie is looked up in the database) → 400 problem naming where. Postgres
 * `text` cannot hold a NUL, so letting one through ends in a 500 (issue #14.9).
 */
export function rejectNulCharacters(req: Request, res: Response, next: NextFunction): void {
  parseCookies(req, res, () => {
    const body: unknown = Buffer.isBuffer(req.body) ? undefined : req.body;
    const errors = [
      ...nulCharacterErrors(body),
      ...nulCharacterErrors(req.query, ['query']),
      ...(pathSegments(req.path).some((s) => s.includes('\u0000'))
        ? [{ path: 'path', message: 'a path segment contains a NUL character (U+0000)' }]
        : []),
      ...nulCharacterErrors({ ...(req.cookies as Record<string, unknown>) }, ['cookie']),
    ];
    if (errors.length === 0) return next();
    next(
      new BadRequestException({
        message: 'Request contains a NUL character',
        errors,
        problem: 'nul-character',
      }),
    );
  });
}
