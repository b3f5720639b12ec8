import {
  ArcElement,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
  type ActiveElement,
} from 'chart.js';
import { Bar, Doughnut, Line } from 'react-chartjs-2';
import { bucketRows } from '../lib/chart-data';
import type { Outcome, Summary } from '../types';
import { ScrollRegion } from './scroll-region.component';

Chart.register(
  ArcElement,
  BarElement,
  CategoryScale,
  Legend,
  LinearScale,
  LineElement,
  PointElement,
  Tooltip,
);

const COLORS: Record<string, string> = {
  x: '#1d9bf0',
  facebook: '#4267b2',
  instagram: '#c13584',
  other: '#888',
};
export const OUTCOMES: Array<{ key: Outcome; label: string; color: string }> = [
  { key: 'joined', label: 'joined an existing case', color: '#2e7d32' },
  { key: 'new', label: 'opened a new case', color: '#f9a825' },
  { key: 'ignored', label: 'ignored', color: '#9e9e9e' },
];
export const timeLabel = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
// Charts animate nothing: the figures refresh every few seconds.
const options = { animation: false as const, responsive: true, maintainAspectRatio: false };
const first = (elements: ActiveElement[]) => elements[0];

/** What a click on a chart asks to see: the mentions of a bucket (and platform) or an outcome. */
export interface Drill {
  from?: string;
  to?: string;
  platform?: string;
  outcome?: Outcome;
  label: string;
}

const end = (at: string, seconds: number) =>
  new Date(Date.parse(at) + seconds * 1000).toISOString();

export function MentionsPerMinuteChart({
  summary,
  onDrill,
}: {
  summary: Summary;
  onDrill: (drill: Drill) => void;
}) {
  const { platforms, rows } = bucketRows(summary);
  const data = {
    labels: rows.map((r) => timeLabel(r.at)),
    datasets: platforms.map((p) => ({
      label: p,
      backgroundColor: COLORS[p] ?? '#888',
      data: rows.map((r) => r.counts[p]),
    })),
  };
  return (
    <Bar
      data={data}
      role="img"
      aria-label="Mentions per time bucket by platform; the table below has the figures"
      options={{
        ...options,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true } },
        onClick: (_e, elements) => {
          const hit = first(elements);
          if (!hit) return;
          const row = rows[hit.index];
          const platform = platforms[hit.datasetIndex];
          onDrill({
            from: row.at,
            to: end(row.at, summary.bucketSeconds),
            platform,
            label: `${platform} mentions at ${timeLabel(row.at)}`,
          });
        },
      }}
    />
  );
}

export function OutcomeShareChart({
  summary,
  onDrill,
}: {
  summary: Summary;
  onDrill: (drill: Drill) => void;
}) {
  const data = {
    labels: OUTCOMES.map((o) => o.label),
    datasets: [
      {
        data: OUTCOMES.map((o) => summary.outcomes[o.key]),
        backgroundColor: OUTCOMES.map((o) => o.color),
      },
    ],
  };
  return (
    <Doughnut
      data={data}
      role="img"
      aria-label="Share of mentions that joined a case, opened one or were ignored; the table below has the figures"
      options={{
        ...options,
        onClick: (_e, elements) => {
          const hit = first(elements);
          if (!hit) return;
          const o = OUTCOMES[hit.index];
          onDrill({ outcome: o.key, label: `mentions that ${o.label}` });
        },
      }}
    />
  );
}

export function SentimentChart({ summary }: { summary: Summary }) {
  const { rows } = bucketRows(summary);
  const data = {
    labels: rows.map((r) => timeLabel(r.at)),
    datasets: [
      {
        label: 'average sentiment (AFINN)',
        // null where no mention had a sentiment: a gap in the line, not a jump across it.
        data: rows.map((r) => r.sentiment),
        borderColor: '#6a1b9a',
        backgroundColor: '#6a1b9a',
        spanGaps: false,
      },
    ],
  };
  return (
    <Line
      data={data}
      role="img"
      aria-label="Average sentiment per time bucket; the table below has the figures"
      options={options}
    />
  );
}

/** The charts' figures as tables: the text alternative of every chart. */
export function BucketTable({ summary }: { summary: Summary }) {
  const { platforms, rows } = bucketRows(summary);
  return (
    <ScrollRegion label="Mentions and sentiment per time bucket">
      <table data-testid="bucket-table">
        <caption className="visually-hidden">Mentions and sentiment per time bucket</caption>
        <thead>
          <tr>
            <th scope="col">from</th>
            {platforms.map((p) => (
              <th scope="col" key={p}>
                {p}
              </th>
            ))}
            <th scope="col">all</th>
            <th scope="col">average sentiment</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.at}>
              <td>{timeLabel(r.at)}</td>
              {platforms.map((p) => (
                <td key={p}>{r.counts[p]}</td>
              ))}
              <td>{r.total}</td>
              <td>{r.sentiment === null ? '–' : r.sentiment.toFixed(2)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </ScrollRegion>
  );
}

export function OutcomeTable({
  summary,
  onDrill,
}: {
  summary: Summary;
  onDrill: (drill: Drill) => void;
}) {
  return (
    <table data-testid="outcome-table">
      <caption className="visually-hidden">Mentions by outcome</caption>
      <tbody>
        {OUTCOMES.map((o) => (
          <tr key={o.key}>
            <th scope="row">
              <button
                type="button"
                className="link"
                onClick={() => onDrill({ outcome: o.key, label: `mentions that ${o.label}` })}
              >
                {o.label}
              </button>
            </th>
            <td>{summary.outcomes[o.key]}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
