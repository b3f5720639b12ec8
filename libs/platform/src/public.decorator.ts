import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC_KEY = 'scb:public';

/**
 * Marks a route that needs no credentials (health, login). Lives here rather than in the api so
 * shared controllers such as health can declare it; apps without an auth guard ignore it.
 */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);
