/** PromQL words that are not metric names (prometheus.io/docs/prometheus/latest/querying). */
const KEYWORDS = new Set([
  'and',
  'or',
  'unless',
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'inf',
  'nan',
]);

/**
 * The metric names a PromQL expression selects, e.g. `sum by (le) (rate(a_bucket{x="y"}[5m]))`
 * → `["a_bucket"]`. Strings, label matchers `{...}`, range and subquery brackets `[...]`,
 * grouping label lists (`by (...)`, `on (...)`, ...) and function names (an identifier before
 * `(`) are not names. Grafana's `label_values(metric{...}, label)` counts its first argument.
 */
export function promqlMetricNames(expr: string): string[] {
  let rest = expr.replace(/label_values\(\s*([a-zA-Z_:][\w:]*)[^)]*\)/g, ' $1 ');
  rest = rest
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ');
  const names = new Set<string>();
  for (const match of rest.matchAll(/[a-zA-Z_:][\w:]*/g)) {
    const word = match[0];
    const after = rest.slice(match.index + word.length).trimStart();
    if (after.startsWith('(') || KEYWORDS.has(word.toLowerCase())) continue;
    // A duration or number such as 5m or 1e3 starts with a digit and never matches here.
    names.add(word);
  }
  return [...names].sort();
}

/** `x_bucket`, `x_sum`, `x_count` of a histogram (or summary) `x` belong to `x`. */
export function baseMetricName(name: string, histograms: ReadonlySet<string>): string {
  const base = name.replace(/_(bucket|sum|count)$/, '');
  return base !== name && histograms.has(base) ? base : name;
}
