/**
 * Cross-site request forgery checks, as plain functions of the request's headers.
 *
 * A browser attaches the `scb_session` cookie by itself; SameSite=Strict keeps other *sites*
 * from using it but not other ports of the same host or sibling subdomains (same site, other
 * origin). So a state-changing request authenticated by the cookie (or carrying no credential:
 * the login) must come from the api's own origin, as the browser reports it in
 * `Sec-Fetch-Site` (Fetch Metadata, https://www.w3.org/TR/fetch-metadata/) or, for browsers
 * without it, in `Origin` (RFC 6454, sent on every non-GET fetch and form post). Requests with
 * `Authorization` or `X-Api-Key` cannot be forged by a page (it cannot set those headers across
 * origins without CORS, which the api does not allow), so scripts and systems need neither.
 */

export type OriginVerdict =
  { ok: true } | { ok: false; reason: 'cross_origin_request' | 'origin_required'; message: string };

export interface OriginFacts {
  /** `Sec-Fetch-Site`, when the browser sent it. */
  secFetchSite?: string;
  /** `Origin`, when sent. */
  origin?: string;
  /** The api's own origin as this request reached it (`protocol://host[:port]`). */
  ownOrigin: string;
  /** More origins the console is served from (a reverse proxy that rewrites Host). */
  trustedOrigins: readonly string[];
  /** The request carries the session cookie (and no Authorization or X-Api-Key). */
  cookieSession: boolean;
}

const SAME_ORIGIN_FETCH = new Set(['same-origin', 'none']);

/**
 * Whether a state-changing request without an Authorization/X-Api-Key header may go ahead.
 * Refused: a browser request from another origin (a same-site one included); a cookie
 * request that names no origin at all (every current browser sends one on such requests).
 * Allowed: same origin, a trusted origin, or no cookie and no browser headers (a script's login).
 */
export function checkRequestOrigin(facts: OriginFacts): OriginVerdict {
  const site = facts.secFetchSite?.trim().toLowerCase();
  if (site !== undefined && site !== '') {
    if (SAME_ORIGIN_FETCH.has(site)) return { ok: true };
    return refuse(`a ${site} request may not change anything here`);
  }
  const origin = facts.origin?.trim();
  if (origin !== undefined && origin !== '') {
    const normalized = normalizeOrigin(origin);
    if (normalized === normalizeOrigin(facts.ownOrigin)) return { ok: true };
    if (facts.trustedOrigins.some((t) => normalizeOrigin(t) === normalized)) return { ok: true };
    return refuse(`requests from origin ${JSON.stringify(origin)} may not change anything here`);
  }
  if (!facts.cookieSession) return { ok: true };
  return {
    ok: false,
    reason: 'origin_required',
    message:
      'a request signed in by cookie must name its Origin; scripts send Authorization: Bearer instead',
  };
}

function refuse(message: string): OriginVerdict {
  return { ok: false, reason: 'cross_origin_request', message };
}

/** `scheme://host[:port]` lower-cased with default ports dropped; `null` and junk stay unequal. */
export function normalizeOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    if (url.origin === 'null') return `!${origin}`;
    return url.origin.toLowerCase();
  } catch {
    return `!${origin}`;
  }
}
