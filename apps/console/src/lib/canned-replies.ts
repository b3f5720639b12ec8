/**
 * The agent desk's canned replies (kept in the console until the API stores them). `{name}` is
 * replaced by the customer's name, or dropped with its comma when unknown.
 */
export const CANNED_REPLIES: Array<{ id: string; label: string; text: string }> = [
  {
    id: 'looking',
    label: 'Looking into it',
    text: 'Hi {name}, thanks for reaching out. We are looking into this now and will get back to you here shortly.',
  },
  {
    id: 'dm',
    label: 'Ask for a DM',
    text: 'Hi {name}, sorry about this! Could you send us a DM with your account email so we can check your account?',
  },
  {
    id: 'fixed',
    label: 'Fixed',
    text: 'Hi {name}, this should be fixed now. Could you try again and let us know if it works?',
  },
  {
    id: 'thanks',
    label: 'Thanks',
    text: 'Thanks {name}, glad we could help! Reach out any time.',
  },
];

export function fillCanned(text: string, name: string | null): string {
  const first = name?.trim().split(/\s+/)[0];
  return first
    ? text.replaceAll('{name}', first)
    : text
        .replace(/ \{name\},/g, ',')
        .replaceAll(' {name}', '')
        .replaceAll('{name}', '');
}
