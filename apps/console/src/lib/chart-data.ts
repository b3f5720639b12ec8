/** The dashboard summary's series as chart.js and the charts' text alternatives read them. */
export interface SummaryBuckets {
  buckets?: string[];
  mentionsPerBucket: Array<{ at: string; platform: string; count: number }>;
  sentiment: Array<{ at: string; average: number | null; count: number }>;
}

export interface BucketRow {
  at: string;
  /** Mentions per platform in this bucket (every platform of the series, zero included). */
  counts: Record<string, number>;
  total: number;
  sentiment: number | null;
}

/**
 * One row per bucket of the range, oldest first. The API returns every bucket; an older API
 * (without `buckets`) returned only busy ones, so the rows then come from what it sent.
 */
export function bucketRows(summary: SummaryBuckets): { platforms: string[]; rows: BucketRow[] } {
  const platforms = [...new Set(summary.mentionsPerBucket.map((b) => b.platform))].sort();
  const times =
    summary.buckets ??
    [...new Set([...summary.mentionsPerBucket, ...summary.sentiment].map((b) => b.at))].sort();
  const counts = new Map(summary.mentionsPerBucket.map((b) => [`${b.at} ${b.platform}`, b.count]));
  const feeling = new Map(summary.sentiment.map((s) => [s.at, s.average]));
  const rows = times.map((at) => {
    const byPlatform = Object.fromEntries(platforms.map((p) => [p, counts.get(`${at} ${p}`) ?? 0]));
    return {
      at,
      counts: byPlatform,
      total: Object.values(byPlatform).reduce((a, b) => a + b, 0),
      sentiment: feeling.get(at) ?? null,
    };
  });
  return { platforms, rows };
}
