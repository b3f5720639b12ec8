const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const TWITTER_DATE =
  /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z]{2}) (\d{2}) (\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2}) (\d{4})$/;

/**
 * The v1.1 `created_at` format (`Tue Oct 31 23:36:20 +0000 2017`) as an ISO instant, or null when
 * the text is not one; parsed by hand because `Date` parsing of this layout is engine-dependent.
 */
export function parseTwitterDate(value: string): string | null {
  const m = TWITTER_DATE.exec(value.trim());
  if (!m) return null;
  const [, mon, day, hh, mm, ss, sign, offH, offM, year] = m;
  const month = MONTHS.indexOf(mon);
  if (month < 0) return null;
  const offsetMinutes = (sign === '-' ? -1 : 1) * (Number(offH) * 60 + Number(offM));
  const local = Date.UTC(Number(year), month, Number(day), Number(hh), Number(mm), Number(ss));
  const date = new Date(local - offsetMinutes * 60_000);
  // Date.UTC rolls Feb 30 over into March; a real timestamp never needs that.
  if (new Date(local).getUTCDate() !== Number(day) || Number(hh) > 23 || Number(mm) > 59)
    return null;
  return date.toISOString();
}
