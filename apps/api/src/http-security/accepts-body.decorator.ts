import { SetMetadata } from '@nestjs/common';

export const ACCEPTS_BODY_KEY = 'scb:accepts-body';

/** JSON is the only body a state-changing route takes unless it declares more here. */
export const DEFAULT_BODY_TYPES = ['application/json'] as const;

/**
 * `@AcceptsBody('application/json', 'text/csv')`: the media types of request bodies the route
 * takes (as `Content-Type`, parameters such as charset ignored). Anything else gets 415.
 */
export const AcceptsBody = (...types: string[]) => SetMetadata(ACCEPTS_BODY_KEY, types);
