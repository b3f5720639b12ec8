import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, query } from '../api.client';
import {
  BucketTable,
  MentionsPerMinuteChart,
  OutcomeShareChart,
  OutcomeTable,
  SentimentChart,
  type Drill,
} from '../components/dashboard-charts.component';
import { MentionStream } from '../components/mention-stream.component';
import { QueueTable } from '../components/queue-table.component';
import type { Mention, QueueDepth, Summary } from '../types';

const RANGES = { '15m': 15, '1h': 60, '6h': 360, '24h': 1_440 } as const;
type Range = keyof typeof RANGES;
const STREAM_SIZE = 100;
const REFRESH_MS = 5_000;

const pct = (part: number, all: number) => (all === 0 ? '–' : `${Math.round((part / all) * 100)}%`);
const ms = (v: number | null) =>
  v === null ? '–' : v < 1000 ? `${v} ms` : `${(v / 1000).toFixed(1)} s`;

/** Adds or replaces (same id: the feed re-sends a mention once its queue is known), newest first. */
function upsert(list: Mention[], mention: Mention): Mention[] {
  const rest = list.filter((m) => m.id !== mention.id);
  // Ties broken by id: mentions of one ingestion batch share `receivedAt`, and an update (the
  // queue arriving) must not move a row the agent is reading.
  return [mention, ...rest]
    .sort((a, b) => b.receivedAt.localeCompare(a.receivedAt) || b.id.localeCompare(a.id))
    .slice(0, STREAM_SIZE);
}

export function DashboardPage() {
  const [platform, setPlatform] = useState('');
  const [queue, setQueue] = useState('');
  const [range, setRange] = useState<Range>('1h');
  const [summary, setSummary] = useState<Summary | null>(null);
  const [mentions, setMentions] = useState<Mention[]>([]);
  const [queues, setQueues] = useState<QueueDepth[]>([]);
  const [live, setLive] = useState(false);
  const [drill, setDrill] = useState<Drill | null>(null);
  const [drilled, setDrilled] = useState<{ total: number; items: Mention[] } | null>(null);

  const filter = useCallback(
    () => ({
      platform,
      queue,
      from: new Date(Date.now() - RANGES[range] * 60_000).toISOString(),
      to: new Date(Date.now() + 60_000).toISOString(),
    }),
    [platform, queue, range],
  );

  const refresh = useCallback(async () => {
    const [s, q] = await Promise.all([
      api<Summary>(`/v1/dashboard/summary?${query(filter())}`),
      api<{ queues: QueueDepth[] }>('/v1/dashboard/queues'),
    ]);
    setSummary(s);
    setQueues(q.queues);
  }, [filter]);

  /** The stream's history; `merge` keeps what the live feed already brought. */
  const loadHistory = useCallback(
    (merge: boolean) =>
      api<{ items: Mention[] }>(
        `/v1/dashboard/mentions?${query({ ...filter(), limit: STREAM_SIZE })}`,
      ).then((page) => setMentions((list) => page.items.reduce(upsert, merge ? list : []))),
    [filter],
  );
  const latestLoadHistory = useRef(loadHistory);
  latestLoadHistory.current = loadHistory;

  useEffect(() => {
    void loadHistory(false);
    void refresh();
    const timer = setInterval(() => void refresh().catch(() => undefined), REFRESH_MS);
    return () => clearInterval(timer);
  }, [filter, refresh, loadHistory]);

  useEffect(() => {
    const source = new EventSource('/v1/live');
    let connected = false;
    source.addEventListener('error', () => {
      connected = false;
      setLive(false);
    });
    // The first heartbeat (also after a reconnect) means nothing is missed from here on: load
    // what came before and merge it in.
    source.addEventListener('heartbeat', () => {
      if (!connected) void latestLoadHistory.current(true);
      connected = true;
      setLive(true);
    });
    source.addEventListener('mention', (e) => {
      const mention = JSON.parse((e as MessageEvent<string>).data) as Mention;
      setMentions((list) => upsert(list, mention));
    });
    source.addEventListener('queues', (e) => {
      setQueues((JSON.parse((e as MessageEvent<string>).data) as { queues: QueueDepth[] }).queues);
    });
    return () => source.close();
  }, []);

  // A click on a bar or a slice: that bucket's (or outcome's) mentions, from the API.
  useEffect(() => {
    setDrilled(null);
    if (!drill) return;
    const base = filter();
    void api<{ total: number; items: Mention[] }>(
      `/v1/dashboard/mentions?${query({
        ...base,
        from: drill.from ?? base.from,
        to: drill.to ?? base.to,
        platform: drill.platform ?? base.platform,
        outcome: drill.outcome,
        limit: 50,
      })}`,
    ).then(setDrilled);
  }, [drill, filter]);

  const shown = useMemo(
    () =>
      mentions.filter(
        (m) => (!platform || m.platform === platform) && (!queue || m.queue === queue),
      ),
    [mentions, platform, queue],
  );
  const total = summary
    ? summary.outcomes.joined + summary.outcomes.new + summary.outcomes.ignored
    : 0;

  return (
    <div className="dashboard">
      <div className="filters">
        <label>
          Platform
          <select name="platform" value={platform} onChange={(e) => setPlatform(e.target.value)}>
            <option value="">all</option>
            <option value="x">X</option>
            <option value="facebook">Facebook</option>
            <option value="instagram">Instagram</option>
            <option value="other">other</option>
          </select>
        </label>
        <label>
          Queue
          <select name="queue" value={queue} onChange={(e) => setQueue(e.target.value)}>
            <option value="">all</option>
            {queues.map((q) => (
              <option key={q.queue} value={q.queue}>
                {q.queue}
              </option>
            ))}
          </select>
        </label>
        <label>
          Time range
          <select name="range" value={range} onChange={(e) => setRange(e.target.value as Range)}>
            {Object.keys(RANGES).map((r) => (
              <option key={r} value={r}>
                last {r}
              </option>
            ))}
          </select>
        </label>
        <span className={live ? 'live on' : 'live'} data-testid="live">
          {live ? '● live' : '○ connecting'}
        </span>
      </div>
      {summary && (
        <div className="tiles">
          <div className="tile" data-testid="tile-mentions">
            <span className="value">{total}</span>mentions
          </div>
          <div className="tile">
            <span className="value">{pct(summary.outcomes.joined, total)}</span>joined a case
          </div>
          <div className="tile">
            <span className="value">{pct(summary.outcomes.new, total)}</span>new cases
          </div>
          <div className="tile">
            <span className="value">{pct(summary.outcomes.ignored, total)}</span>ignored
          </div>
          <div className="tile">
            <span className="value">
              {ms(summary.postToQueue.p50Ms)} / {ms(summary.postToQueue.p95Ms)}
            </span>
            post → queue p50 / p95
          </div>
          <div className="tile warn">
            <span className="value">{summary.sla.atRisk}</span>SLAs at risk
          </div>
          <div className="tile bad">
            <span className="value">{summary.sla.breached}</span>SLAs breached
          </div>
        </div>
      )}
      {summary && (
        <div className="charts">
          <section className="card">
            <h3>
              Mentions per{' '}
              {summary.bucketSeconds === 60 ? 'minute' : `${summary.bucketSeconds / 60} min`} by
              platform
            </h3>
            <div className="chart">
              <MentionsPerMinuteChart summary={summary} onDrill={setDrill} />
            </div>
            <details>
              <summary>Table: mentions and sentiment per bucket</summary>
              <BucketTable summary={summary} />
            </details>
          </section>
          <section className="card">
            <h3>Joined vs new vs ignored</h3>
            <div className="chart">
              <OutcomeShareChart summary={summary} onDrill={setDrill} />
            </div>
            <details>
              <summary>Table: mentions by outcome</summary>
              <OutcomeTable summary={summary} onDrill={setDrill} />
            </details>
          </section>
          <section className="card">
            <h3>Sentiment over time</h3>
            <div className="chart">
              <SentimentChart summary={summary} />
            </div>
            <p className="muted small">Gaps: no mention with a sentiment in that bucket.</p>
          </section>
        </div>
      )}
      {drill && (
        <section className="card" data-testid="drill">
          <div className="filters">
            <h3>
              {drill.label}
              {drilled ? `: ${drilled.total}` : ''}
            </h3>
            <button type="button" onClick={() => setDrill(null)}>
              Close
            </button>
          </div>
          {drilled && <MentionStream mentions={drilled.items} />}
        </section>
      )}
      <section className="card">
        <h3>Queues: phone and social side by side</h3>
        <QueueTable queues={queues} />
      </section>
      <section className="card">
        <h3>Live mentions</h3>
        <MentionStream mentions={shown} />
      </section>
    </div>
  );
}
