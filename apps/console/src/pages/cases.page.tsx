import { useEffect, useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, ApiError, query } from '../api.client';
import { CaseTable } from '../components/case-table.component';
import { useSession } from '../session.context';
import type { Agent, CaseListItem, Page, QueueDepth } from '../types';

const PAGE_SIZE = 25;
const SORTS = [
  ['-lastActivityAt', 'latest activity first'],
  ['lastActivityAt', 'oldest activity first'],
  ['-openedAt', 'newest first'],
  ['openedAt', 'oldest first'],
  ['-priority', 'highest priority first'],
  ['caseNumber', 'case number'],
] as const;

const CHANNELS = ['phone', 'social'] as const;
const SLA_STATES = [
  ['ok', 'on time'],
  ['atRisk', 'at risk'],
  ['breached', 'breached'],
] as const;

/**
 * `/cases`: every case, filtered by status, queue, channel, SLA state and agent, sorted and
 * paged. The filters live in the URL (`?status=open&sla=atRisk&agentId=…&sort=-priority&page=2`)
 * so a reload or a link keeps them.
 */
export function CasesPage() {
  const [params, setParams] = useSearchParams();
  const status = params.get('status') ?? '';
  const queue = params.get('queue') ?? '';
  const channel = params.get('channel') ?? '';
  const sla = params.get('sla') ?? '';
  const agentId = params.get('agentId') ?? '';
  const { user } = useSession();
  const [agents, setAgents] = useState<Agent[]>([]);
  const sort = params.get('sort') ?? '-lastActivityAt';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const [cases, setCases] = useState<Page<CaseListItem> | null>(null);
  const [queues, setQueues] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    api<{ queues: QueueDepth[] }>('/v1/dashboard/queues')
      .then((q) => setQueues(q.queues.map((x) => x.queue)))
      .catch(() => setQueues([]));
    api<{ items: Agent[] }>(`/v1/agents?${query({ limit: 200 })}`)
      .then((a) => setAgents(a.items))
      .catch(() => setAgents([]));
  }, []);
  useEffect(() => {
    setError(null);
    api<Page<CaseListItem>>(
      `/v1/cases?${query({ status, queue, channel, sla, agentId, sort, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE })}`,
    )
      .then(setCases)
      .catch((e: unknown) =>
        setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e)),
      );
  }, [status, queue, channel, sla, agentId, sort, page]);

  /** A changed filter starts again at page 1. */
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'page') next.delete('page');
    setParams(next);
  };
  const pages = cases ? Math.max(1, Math.ceil(cases.total / PAGE_SIZE)) : 1;

  return (
    <section className="card" data-testid="cases">
      <h1>Cases{cases ? `: ${cases.total}` : ''}</h1>
      <div className="filters">
        <label>
          Status
          <select name="status" value={status} onChange={(e) => set('status', e.target.value)}>
            <option value="">any</option>
            <option value="open">open</option>
            <option value="resolved">resolved</option>
          </select>
        </label>
        <label>
          Queue
          <select name="queue" value={queue} onChange={(e) => set('queue', e.target.value)}>
            <option value="">any</option>
            {queues.map((q) => (
              <option key={q} value={q}>
                {q}
              </option>
            ))}
          </select>
        </label>
        <label>
          Channel
          <select name="channel" value={channel} onChange={(e) => set('channel', e.target.value)}>
            <option value="">any</option>
            {CHANNELS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
        </label>
        <label>
          SLA
          <select name="sla" value={sla} onChange={(e) => set('sla', e.target.value)}>
            <option value="">any</option>
            {SLA_STATES.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
        <label>
          Agent
          <select name="agentId" value={agentId} onChange={(e) => set('agentId', e.target.value)}>
            <option value="">anyone</option>
            {user.agentId && <option value={user.agentId}>me</option>}
            {agents
              .filter((a) => a.id !== user.agentId)
              .map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
          </select>
        </label>
        <label>
          Sort
          <select name="sort" value={sort} onChange={(e) => set('sort', e.target.value)}>
            {SORTS.map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
        </label>
      </div>
      {error && (
        <p role="alert" className="field-error">
          {error}
        </p>
      )}
      {cases && (
        <CaseTable
          cases={cases.items}
          caption="Cases"
          agentNames={new Map(agents.map((a) => [a.id, a.name]))}
        />
      )}
      <nav className="actions" aria-label="Pages">
        <button type="button" disabled={page <= 1} onClick={() => set('page', String(page - 1))}>
          Previous
        </button>
        <span data-testid="page-of">
          Page {page} of {pages}
        </span>
        <button
          type="button"
          disabled={page >= pages}
          onClick={() => set('page', String(page + 1))}
        >
          Next
        </button>
      </nav>
    </section>
  );
}
