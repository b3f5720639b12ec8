import {
  BadGatewayException,
  BadRequestException,
  ConflictException,
  ForbiddenException,
  HttpStatus,
  NotFoundException,
  UnauthorizedException,
} from '@nestjs/common';
import {
  ConflictError,
  ForbiddenError,
  NotFoundError,
  UpstreamError,
  ValidationError,
} from '@scb/core';
import {
  problem,
  problemFromError,
  problemFromHttpException,
  problemType,
} from './problem-details';

describe('problem details (RFC 9457)', () => {
  it('a NotFoundException with a message: about:blank, the status title, message kept', () => {
    expect(problemFromHttpException(new NotFoundException('case 1 does not exist'))).toEqual({
      type: 'about:blank',
      title: 'Not Found',
      status: 404,
      detail: 'case 1 does not exist',
      statusCode: 404,
      message: 'case 1 does not exist',
      error: 'Not Found',
    });
  });

  it('zod field errors: a validation-error type, errors as an extension, detail lists them', () => {
    const errors = [{ path: 'name', message: 'Required' }];
    const body = problemFromHttpException(
      new BadRequestException({ message: 'Validation failed', errors }),
    );
    expect(body).toMatchObject({
      type: problemType('validation-error'),
      title: 'Bad Request',
      status: 400,
      detail: 'Validation failed: name: Required',
      message: 'Validation failed',
      errors,
    });
  });

  it('ValidationPipe-style message lists become field errors as well', () => {
    const body = problemFromHttpException(new BadRequestException(['name must be a string']));
    expect(body.errors).toEqual([{ path: '(body)', message: 'name must be a string' }]);
    expect(body.detail).toMatch(/name must be a string/);
    expect(body.message).toEqual(['name must be a string']);
  });

  it('a guard reason becomes the type and stays as `reason`', () => {
    const body = problemFromHttpException(
      new UnauthorizedException({ statusCode: 401, reason: 'expired_token', message: 'expired' }),
    );
    expect(body).toMatchObject({
      type: problemType('expired-token'),
      status: 401,
      reason: 'expired_token',
      detail: 'expired',
    });
    expect(problemFromHttpException(new ForbiddenException()).detail).toBe('Forbidden');
  });

  it('extensions cannot overwrite the standard members', () => {
    expect(problem(409, 'taken', { status: 200, type: 'x', title: 'y', detail: 'z' })).toEqual(
      expect.objectContaining({
        status: 409,
        type: 'about:blank',
        title: 'Conflict',
        detail: 'taken',
      }),
    );
  });

  it('body-parser errors keep their 4xx; Postgres data exceptions are 400 without the value', () => {
    expect(problemFromError({ type: 'entity.too.large', status: 413, limit: 100 })).toMatchObject({
      status: 413,
      detail: 'request body larger than 100 bytes',
    });
    expect(
      problemFromError(
        Object.assign(new Error('Unexpected token'), { status: 400, type: 'entity.parse.failed' }),
      ),
    ).toMatchObject({ status: 400, detail: 'Unexpected token' });
    const pg = problemFromError({
      message: 'invalid byte sequence for encoding "UTF8": 0x00',
      driverError: { code: '22021' },
      parameters: ['secret-hash'],
    });
    expect(pg).toMatchObject({ status: 400, sqlState: '22021' });
    expect(JSON.stringify(pg)).not.toMatch(/secret-hash/);
  });

  it('anything else is a 500 that says nothing about internals', () => {
    const body = problemFromError(new Error('connection to 10.0.0.5 refused, password=x'));
    expect(body).toMatchObject({ status: 500, title: 'Internal Server Error' });
    expect(JSON.stringify(body)).not.toMatch(/10\.0\.0\.5|password/);
  });

  it("a use case's DomainError gives the body its Nest exception gave before (one mapping)", () => {
    const same = (domain: Error, nest: Parameters<typeof problemFromHttpException>[0]) =>
      expect(problemFromError(domain)).toEqual(problemFromHttpException(nest));
    same(new NotFoundError('case 1 not found'), new NotFoundException('case 1 not found'));
    same(new ConflictError('already exists'), new ConflictException('already exists'));
    same(new UpstreamError('X refused'), new BadGatewayException('X refused'));
    same(
      ValidationError.field('agentId', 'no such agent'),
      new BadRequestException({
        message: 'Validation failed',
        errors: [{ path: 'agentId', message: 'no such agent' }],
      }),
    );
    same(
      new ForbiddenError('only the holder may reply', 'not_case_holder'),
      new ForbiddenException({
        statusCode: HttpStatus.FORBIDDEN,
        error: 'Forbidden',
        reason: 'not_case_holder',
        message: 'only the holder may reply',
      }),
    );
    expect(problemFromError(new ForbiddenError('no', 'not_case_holder'))).toMatchObject({
      status: 403,
      type: problemType('not-case-holder'),
    });
  });
});
