/** `@Public()`: the route needs no credentials. Defined in @scb/platform so health can use it. */
export { IS_PUBLIC_KEY, Public } from '@scb/platform';
