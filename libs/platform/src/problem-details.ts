import { HttpException } from '@nestjs/common';
import { STATUS_CODES } from 'node:http';
import { DomainError, type DomainErrorKind } from '@scb/core';

/** The media type of RFC 9457 problem details. */
export const PROBLEM_JSON = 'application/problem+json';

/** Problem types are tag URIs (RFC 4151), as RFC 9457 §3.1.1 suggests for non-resolvable ones. */
export const problemType = (slug: string): string => `tag:social-case-bridge,2026:problem:${slug}`;

/** A field error: where in the request (`body.email`, `query.limit`, `definition.rules.0`) and why. */
export interface ProblemFieldError {
  path: string;
  message: string;
}

/**
 * RFC 9457 problem details. `type`, `title`, `status`, `detail` and `instance` are the standard
 * members; everything else is an extension: `errors` (field errors), and the members error
 * bodies carried before (`statusCode`, `error`, `message`, `reason`, the webhook's `results`...),
 * kept because clients read them.
 */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  errors?: ProblemFieldError[];
  [extension: string]: unknown;
}

/**
 * A problem a handler or guard has already composed in full (e.g. a webhook's refusal with its
 * per-item report): the filter sends `problem` as it is, with its status.
 */
export class ProblemException extends HttpException {
  constructor(readonly problem: ProblemDetails) {
    super(problem, problem.status);
  }
}

const STANDARD = new Set(['type', 'title', 'status', 'detail', 'instance']);

/** Builds a problem; extensions never overwrite the standard members. */
export function problem(
  status: number,
  detail: string,
  extensions: Record<string, unknown> = {},
  slug?: string,
): ProblemDetails {
  const kept = Object.fromEntries(Object.entries(extensions).filter(([k]) => !STANDARD.has(k)));
  const title = STATUS_CODES[status] ?? 'Error';
  return {
    type: slug ? problemType(slug) : 'about:blank',
    title,
    status,
    detail,
    // Before problem+json, every error body carried these two; clients still read them.
    statusCode: status,
    message: detail,
    ...kept,
  };
}

const isFieldErrors = (value: unknown): value is ProblemFieldError[] =>
  Array.isArray(value) &&
  value.every(
    (e) =>
      typeof e === 'object' &&
      e !== null &&
      typeof (e as ProblemFieldError).path === 'string' &&
      typeof (e as ProblemFieldError).message === 'string',
  );

const describe = (errors: ProblemFieldError[]) =>
  errors.map((e) => `${e.path}: ${e.message}`).join('; ');

/** The slug of a problem's type: a `reason` code when the error names one, else by its kind. */
function slugOf(body: Record<string, unknown>, errors: ProblemFieldError[] | undefined) {
  if (typeof body.reason === 'string' && /^[a-z][a-z0-9_]*$/.test(body.reason))
    return body.reason.replace(/_/g, '-');
  if (typeof body.problem === 'string') return body.problem;
  return errors ? 'validation-error' : undefined;
}

/**
 * The problem an HttpException stands for. Its body's members stay as extensions (`message`
 * keeps its original value, a list of strings included); `detail` is always one sentence.
 * ValidationPipe-style `message: string[]` becomes field errors too, so every validator's 400
 * reads alike.
 */
export function problemFromHttpException(exception: HttpException): ProblemDetails {
  const status = exception.getStatus();
  const response = exception.getResponse();
  if (typeof response === 'string') return problem(status, response);
  const body = { ...(response as Record<string, unknown>) };
  let errors = isFieldErrors(body.errors) ? body.errors : undefined;
  if (!errors && Array.isArray(body.message) && body.message.every((m) => typeof m === 'string'))
    errors = body.message.map((message) => ({ path: '(body)', message }));
  const message = typeof body.message === 'string' ? body.message : undefined;
  const detail =
    errors && errors.length > 0
      ? `${message ?? 'Validation failed'}: ${describe(errors)}`
      : (message ?? exception.message);
  const slug = slugOf(body, errors);
  delete body.problem;
  return problem(status, detail, { ...body, ...(errors ? { errors } : {}) }, slug);
}

const DOMAIN_STATUS: Record<DomainErrorKind, number> = {
  invalid: 400,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  upstream: 502,
};

/**
 * The problem a use case's `DomainError` stands for, with the body the equivalent Nest exception
 * gave before use cases threw domain errors: field errors as `errors`, else `error` (the status
 * text), `statusCode`, `message` and the `reason` code when there is one.
 */
export function problemFromDomainError(error: DomainError): ProblemDetails {
  const status = DOMAIN_STATUS[error.kind];
  const body = error.errors
    ? { message: error.message, errors: [...error.errors] }
    : {
        statusCode: status,
        error: STATUS_CODES[status],
        ...(error.reason ? { reason: error.reason } : {}),
        message: error.message,
      };
  return problemFromHttpException(new HttpException(body, status));
}

/** Postgres "data exception" (SQLSTATE class 22): the client's value does not fit the column. */
const DATA_EXCEPTION = /^22/;

/**
 * The problem for anything else thrown while handling a request: errors that carry their own
 * 4xx (body-parser: too large, malformed JSON, bad charset) keep it; a Postgres data exception
 * is the input's fault (a NUL, a number out of range) and gives 400 without echoing the value;
 * the rest is a 500 that says nothing about internals.
 */
export function problemFromError(error: unknown): ProblemDetails {
  if (error instanceof DomainError) return problemFromDomainError(error);
  const e = (typeof error === 'object' && error !== null ? error : {}) as Record<string, unknown>;
  const status = typeof e.status === 'number' ? e.status : e.statusCode;
  if (e.type === 'entity.too.large')
    return problem(413, `request body larger than ${String(e.limit)} bytes`, {}, 'body-too-large');
  if (typeof status === 'number' && status >= 400 && status < 500 && e.expose !== false) {
    const message = typeof e.message === 'string' ? e.message : (STATUS_CODES[status] ?? 'Error');
    const slug = typeof e.type === 'string' ? e.type.replace(/\W+/g, '-') : undefined;
    return problem(status, message, {}, slug);
  }
  const driver = (e.driverError ?? e) as { code?: unknown };
  if (typeof driver.code === 'string' && DATA_EXCEPTION.test(driver.code))
    return problem(
      400,
      'a value in the request cannot be stored or compared (out of range or not allowed characters)',
      { sqlState: driver.code },
      'invalid-value',
    );
  return problem(500, 'Internal server error');
}
