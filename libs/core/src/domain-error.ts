/** A field a request got wrong: where (`body.email`, `definition.rules.0`) and why. */
export interface FieldError {
  path: string;
  message: string;
}

/**
 * What went wrong, in the domain's words; the HTTP layer (the api's problem+json filter) maps
 * each kind to one status: `invalid` 400, `forbidden` 403, `not-found` 404, `conflict` 409,
 * `upstream` 502 (a platform refused or could not be reached).
 */
export type DomainErrorKind = 'invalid' | 'forbidden' | 'not-found' | 'conflict' | 'upstream';

/**
 * The base of errors use cases throw for the caller to see (never for bugs). `reason` is a
 * stable snake_case code clients may branch on; `errors` names the fields of an `invalid` one.
 */
export abstract class DomainError extends Error {
  abstract readonly kind: DomainErrorKind;

  constructor(
    message: string,
    readonly reason?: string,
    readonly errors?: readonly FieldError[],
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/** The input breaks a rule; `errors` say which fields. */
export class ValidationError extends DomainError {
  readonly kind = 'invalid';

  constructor(errors: readonly FieldError[], message = 'Validation failed') {
    super(message, undefined, errors);
  }

  /** One field's error. */
  static field(path: string, message: string): ValidationError {
    return new ValidationError([{ path, message }]);
  }
}

/** The thing named does not exist. */
export class NotFoundError extends DomainError {
  readonly kind = 'not-found';
}

/** The change contradicts the current state (a duplicate, a tombstone, a missing setting). */
export class ConflictError extends DomainError {
  readonly kind = 'conflict';
}

/** The caller may not do this to this thing (their role allows the route, not the target). */
export class ForbiddenError extends DomainError {
  readonly kind = 'forbidden';
}

/** An external system (X, Meta) refused the call or could not be reached. */
export class UpstreamError extends DomainError {
  readonly kind = 'upstream';
}
