import { promqlMetricNames } from './promql-metric-names';

describe('promqlMetricNames', () => {
  it('finds the selected metrics, not functions, labels, strings or durations', () => {
    expect(
      promqlMetricNames(
        'sum by (le, group) (rate(a_bucket{x="y", z!~"b_total"}[5m])) / on (group) b_total > 0.5 and c',
      ),
    ).toEqual(['a_bucket', 'b_total', 'c']);
    expect(promqlMetricNames('label_values(process_start_time_seconds{a="b"}, namespace)')).toEqual(
      ['process_start_time_seconds'],
    );
    expect(
      promqlMetricNames('histogram_quantile(0.95, sum by (le) (rate(x[$__rate_interval])))'),
    ).toEqual(['x']);
  });
});
