/**
 * What a platform's ids look like. Ids become URL path segments when an agent replies (Graph API
 * `POST /{object-id}/comments`), so an id that is not the platform's own shape could point the
 * reply, with the page token, somewhere else (`//host/x`, `../../me/feed?`). Checked at the
 * contract, so every source (Meta webhook, X, generic webhook, replay) refuses it the same way.
 *
 * - X: post ids are snowflakes, decimal digits (https://docs.x.com/resources/fundamentals/x-ids).
 * - Facebook / Instagram: Graph object ids are digits, joined by `_` for a page post or
 *   comment (`{page-id}_{post-id}`) (https://developers.facebook.com/docs/graph-api/overview).
 *   A private conversation (`conversationId` `dm:<account>:<customer>`) is the exception: its
 *   message ids (`mid`) are opaque tokens that are never used in a URL, so they only need to be
 *   {@link SAFE_TOKEN}s.
 * - `other`: free-form, but without control or invisible formatting characters.
 */
export const X_POST_ID = /^\d{1,32}$/;
export const META_OBJECT_ID = /^\d{1,64}(?:_\d{1,64})*$/;
/** Letters, digits and `_ . : @ $ = + -`: no `/ ? # % \`, whitespace or control characters. */
export const SAFE_TOKEN = /^[A-Za-z0-9_.:@$=+-]{1,128}$/;
const DM_CONVERSATION = /^dm:[A-Za-z0-9_.@-]{1,64}:[A-Za-z0-9_.@-]{1,64}$/;
/** C0/C1 controls, bidi and other format characters, separators other than the plain space. */
const UNSAFE_TEXT = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

/** The id fields of a mention, as parsed so far (a field that failed its own check may be anything). */
export interface PlatformIds {
  platform: unknown;
  externalId: unknown;
  authorId: unknown;
  conversationId: unknown;
  inReplyToId: unknown;
}

export interface PlatformIdIssue {
  path: keyof PlatformIds;
  message: string;
}

const describe = {
  x: 'an X id: decimal digits only',
  meta: 'a Meta id: digits, joined by "_"',
  token: 'letters, digits and _ . : @ $ = + - only',
  dm: 'dm:<account>:<customer>',
  other: 'no control or invisible formatting characters',
};

/** The ids of a mention that do not have their platform's shape; empty when all do. */
export function platformIdIssues(ids: PlatformIds): PlatformIdIssue[] {
  const issues: PlatformIdIssue[] = [];
  // Runs after the field checks even when they failed: a missing or wrongly typed id is
  // reported there already, so only non-empty strings are looked at here.
  const text = (value: unknown): string | null =>
    typeof value === 'string' && value !== '' ? value : null;
  const check = (path: keyof PlatformIds, value: string | null, ok: boolean, what: string) => {
    if (value !== null && !ok) issues.push({ path, message: `must be ${what}` });
  };
  const platform = ids.platform;
  const externalId = text(ids.externalId);
  const authorId = text(ids.authorId);
  const conversationId = text(ids.conversationId);
  const inReplyToId = text(ids.inReplyToId);
  if (platform === 'x') {
    check('externalId', externalId, X_POST_ID.test(externalId ?? ''), describe.x);
    check('conversationId', conversationId, X_POST_ID.test(conversationId ?? ''), describe.x);
    check('inReplyToId', inReplyToId, X_POST_ID.test(inReplyToId ?? ''), describe.x);
    // Author ids are digits on X's API; replayed archives name brands by handle, so a token.
    check('authorId', authorId, SAFE_TOKEN.test(authorId ?? ''), describe.token);
  } else if (platform === 'facebook' || platform === 'instagram') {
    const privateThread = conversationId?.startsWith('dm:') ?? false;
    const postId = (value: string | null) =>
      privateThread ? SAFE_TOKEN.test(value ?? '') : META_OBJECT_ID.test(value ?? '');
    const what = privateThread ? describe.token : describe.meta;
    check('externalId', externalId, postId(externalId), what);
    check('inReplyToId', inReplyToId, postId(inReplyToId), what);
    check(
      'conversationId',
      conversationId,
      privateThread
        ? DM_CONVERSATION.test(conversationId ?? '')
        : META_OBJECT_ID.test(conversationId ?? ''),
      privateThread ? describe.dm : describe.meta,
    );
    // Page-scoped and Instagram-scoped user ids are digits; the recipient goes in a JSON body.
    check('authorId', authorId, META_OBJECT_ID.test(authorId ?? ''), describe.meta);
  } else {
    for (const [path, value] of [
      ['externalId', externalId],
      ['authorId', authorId],
      ['conversationId', conversationId],
      ['inReplyToId', inReplyToId],
    ] as const)
      check(path, value, !UNSAFE_TEXT.test(value ?? ''), describe.other);
  }
  return issues;
}
