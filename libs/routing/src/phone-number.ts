/**
 * A caller number in E.164 form (`+` and 8–15 digits) so the same phone reaches the same
 * customer however the telephony system formats it. Numbers without a country code are refused
 * rather than guessed. Returns null for anything that is not a phone number.
 */
export function normalizePhoneNumber(input: string): string | null {
  const trimmed = input.trim();
  if (!/^(\+|00)[\d\s().-]+$/.test(trimmed)) return null;
  const digits = trimmed.replace(/^00/, '').replace(/\D/g, '');
  if (digits.length < 8 || digits.length > 15 || digits.startsWith('0')) return null;
  return `+${digits}`;
}
