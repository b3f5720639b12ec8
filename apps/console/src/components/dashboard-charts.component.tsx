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
} from 'chart.js';
import { Bar, Doughnut, Line } from 'react-chartjs-2';
import type { Summary } from '../types';

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
const label = (iso: string) =>
  new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
// Charts animate nothing: the figures refresh every few seconds.
const options = { animation: false as const, responsive: true, maintainAspectRatio: false };

export function MentionsPerMinuteChart({ summary }: { summary: Summary }) {
  const buckets = [...new Set(summary.mentionsPerBucket.map((b) => b.at))].sort();
  const platforms = [...new Set(summary.mentionsPerBucket.map((b) => b.platform))].sort();
  const data = {
    labels: buckets.map(label),
    datasets: platforms.map((p) => ({
      label: p,
      backgroundColor: COLORS[p] ?? '#888',
      data: buckets.map(
        (at) => summary.mentionsPerBucket.find((b) => b.at === at && b.platform === p)?.count ?? 0,
      ),
    })),
  };
  return (
    <Bar
      data={data}
      options={{ ...options, scales: { x: { stacked: true }, y: { stacked: true } } }}
    />
  );
}

export function OutcomeShareChart({ summary }: { summary: Summary }) {
  const { joined, new: opened, ignored } = summary.outcomes;
  const data = {
    labels: ['joined an existing case', 'opened a new case', 'ignored'],
    datasets: [
      { data: [joined, opened, ignored], backgroundColor: ['#2e7d32', '#f9a825', '#9e9e9e'] },
    ],
  };
  return <Doughnut data={data} options={options} />;
}

export function SentimentChart({ summary }: { summary: Summary }) {
  const data = {
    labels: summary.sentiment.map((s) => label(s.at)),
    datasets: [
      {
        label: 'average sentiment (AFINN)',
        data: summary.sentiment.map((s) => s.average),
        borderColor: '#6a1b9a',
        backgroundColor: '#6a1b9a',
      },
    ],
  };
  return <Line data={data} options={options} />;
}
