/**
 * The start of every bucket of `bucketSeconds` that overlaps [from, to), aligned on the Unix
 * epoch like Postgres' `floor(extract(epoch FROM t) / s) * s`, oldest first, so a chart shows the
 * quiet minutes as zeros instead of jumping from one busy minute to the next.
 * Throws a RangeError for a bucket under one second or a range of more than `max` buckets.
 */
export function timeBuckets(from: Date, to: Date, bucketSeconds: number, max = 10_000): Date[] {
  if (!(bucketSeconds >= 1)) throw new RangeError(`bucket of ${bucketSeconds} s`);
  const size = bucketSeconds * 1000;
  const first = Math.floor(from.getTime() / size) * size;
  const end = to.getTime();
  if ((end - first) / size > max) throw new RangeError(`more than ${max} buckets`);
  const starts: Date[] = [];
  for (let at = first; at < end; at += size) starts.push(new Date(at));
  return starts;
}
