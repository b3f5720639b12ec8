/** A Twitter handle after `@`, not glued to a preceding word (so e-mail addresses do not count). */
const HANDLE = /(?:^|[^A-Za-z0-9_@])@([A-Za-z0-9_]{1,15})\b/g;

/**
 * The brand a customer tweet is addressed to: the first @handle that is not all digits. The
 * dataset replaced customers' handles with their numeric ids, while brands kept their names, so a
 * numeric handle is another customer (`@105838 @AppleSupport me too` is for AppleSupport).
 */
export function brandHandleIn(text: string): string | null {
  for (const match of text.matchAll(HANDLE)) {
    if (!/^\d+$/.test(match[1])) return match[1];
  }
  return null;
}
