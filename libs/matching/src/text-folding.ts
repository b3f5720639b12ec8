/**
 * Case- and accent-insensitive form of a text as space-separated words, padded with a space on
 * each side, so a keyword or phrase matches whole words only (" refund " is not in " refunded ").
 */
export function foldWords(text: string): string {
  const words = text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length > 0);
  return ` ${words.join(' ')} `;
}

/** True when the folded phrase occurs in the folded text as whole words. */
export function containsPhrase(foldedText: string, foldedPhrase: string): boolean {
  return foldedPhrase.trim().length > 0 && foldedText.includes(foldedPhrase);
}
