/**
 * How the global search box reads what was typed: the case filter `GET /v1/cases` gets for it
 * (a case number, email, handle or phone when it clearly is one, else free text `q`), and the
 * customers are always asked with `GET /v1/customers?q=` (which reads `q` every way it can).
 */
export interface SearchPlan {
  /** What was typed, trimmed; empty means nothing to search. */
  text: string;
  /** The one `GET /v1/cases` filter to use, e.g. `{ phone: '+1 312 532 2341' }`. */
  cases: Record<string, string>;
  /** Which reading was chosen, shown to the agent ("cases with this phone"). */
  reading: 'caseNumber' | 'email' | 'handle' | 'phone' | 'text';
}

const CASE_NUMBER = /^CS-\d{6,}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const HANDLE = /^@[A-Za-z0-9_.]{1,50}$/;
/** Digits with the usual phone punctuation, at least 6 digits (shorter is an id, not a phone). */
const PHONE = /^\+?[\d\s().-]+$/;

export function planSearch(input: string): SearchPlan {
  const text = input.trim();
  if (CASE_NUMBER.test(text))
    return { text, cases: { caseNumber: text.toUpperCase() }, reading: 'caseNumber' };
  if (EMAIL.test(text)) return { text, cases: { email: text }, reading: 'email' };
  if (HANDLE.test(text)) return { text, cases: { handle: text }, reading: 'handle' };
  if (PHONE.test(text) && text.replace(/\D/g, '').length >= 6)
    return { text, cases: { phone: text }, reading: 'phone' };
  return { text, cases: text ? { q: text } : {}, reading: 'text' };
}
