import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, query } from '../api.client';
import { may, useSession } from '../session.context';
import type { CaseTimeline, QueueDepth, WorkItem } from '../types';

interface Agent {
  id: string;
  name: string;
  presence: string;
}

function Timeline({ timeline }: { timeline: CaseTimeline }) {
  return (
    <ol className="timeline" data-testid="timeline">
      {timeline.entries.map((e) => (
        <li key={e.id} className={`entry ${e.kind}`}>
          <span className="muted">{new Date(e.at).toLocaleString()}</span>{' '}
          <strong>
            {e.kind === 'phone' ? 'Phone' : e.kind === 'reply' ? 'Reply' : e.platform}
          </strong>{' '}
          {e.author && <span className="author">{e.author}</span>}
          <p>{e.text}</p>
          {e.detail && <p className="muted">{e.detail}</p>}
        </li>
      ))}
    </ol>
  );
}

/** The agent's desk: next work item, the case timeline, reply, resolve, transfer. */
export function AgentPage() {
  const { user } = useSession();
  const [agents, setAgents] = useState<Agent[]>([]);
  const [agentId, setAgentId] = useState<string | null>(user.agentId);
  const [item, setItem] = useState<WorkItem | null>(null);
  const [timeline, setTimeline] = useState<CaseTimeline | null>(null);
  const [queues, setQueues] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [resolution, setResolution] = useState('resolved');
  const [toQueue, setToQueue] = useState('');

  useEffect(() => {
    if (!user.agentId)
      void api<{ items: Agent[] }>(`/v1/agents?${query({ limit: 200 })}`).then((a) =>
        setAgents(a.items),
      );
    void api<{ queues: QueueDepth[] }>('/v1/dashboard/queues').then((q) =>
      setQueues(q.queues.map((x) => x.queue)),
    );
  }, [user.agentId]);

  const show = useCallback(async (next: WorkItem | null) => {
    setItem(next);
    setTimeline(next ? await api<CaseTimeline>(`/v1/cases/${next.caseId}`) : null);
  }, []);

  useEffect(() => {
    if (!agentId) return;
    void api<{ items: WorkItem[] }>(`/v1/agents/${agentId}/work`).then((held) =>
      show(held.items[0] ?? null),
    );
  }, [agentId, show]);

  const act = async (what: () => Promise<void>) => {
    setMessage(null);
    try {
      await what();
    } catch (error) {
      setMessage(error instanceof ApiError ? `${error.status}: ${error.message}` : String(error));
    }
  };
  if (!may.work(user.role)) return <p className="pad">Your role cannot take work.</p>;

  const next = () =>
    act(async () => {
      await api(`/v1/agents/${agentId}/presence`, {
        method: 'PUT',
        body: { presence: 'available' },
      });
      const taken = await api<WorkItem | undefined>(`/v1/agents/${agentId}/next`, {
        method: 'POST',
      });
      if (!taken) setMessage('Nothing waiting in your queues.');
      await show(taken ?? null);
    });
  const sendReply = () =>
    act(async () => {
      await api(`/v1/cases/${item!.caseId}/replies`, {
        body: { requestId: crypto.randomUUID(), agentId, text: reply },
      });
      setReply('');
      await show(item);
    });
  const resolve = () =>
    act(async () => {
      await api(`/v1/work-items/${item!.id}/complete`, {
        body: { agentId, resolutionCode: resolution },
      });
      setMessage(`Resolved ${item!.caseNumber}.`);
      await show(null);
    });
  const transfer = () =>
    act(async () => {
      await api(`/v1/work-items/${item!.id}/transfer`, { body: { agentId, toQueue } });
      setMessage(`Transferred ${item!.caseNumber} to ${toQueue}.`);
      await show(null);
    });

  return (
    <div className="agent">
      <div className="filters">
        {!user.agentId && (
          <label>
            Agent
            <select
              name="agent"
              value={agentId ?? ''}
              onChange={(e) => setAgentId(e.target.value || null)}
            >
              <option value="">choose…</option>
              {agents.map((a) => (
                <option key={a.id} value={a.id}>
                  {a.name}
                </option>
              ))}
            </select>
          </label>
        )}
        <button type="button" disabled={!agentId || item !== null} onClick={() => void next()}>
          Next work item
        </button>
        {message && (
          <span className="message" data-testid="agent-message">
            {message}
          </span>
        )}
      </div>
      {item && timeline && (
        <section className="card" data-testid="work-item">
          <h2>
            {timeline.caseNumber} · {item.channel} · queue {item.queue} · priority {item.priority}
          </h2>
          <p className="muted">
            {timeline.customer.displayName ?? 'customer'} ({timeline.customer.tier}) · case{' '}
            {timeline.status}
            {timeline.category ? ` · ${timeline.category}` : ''}
          </p>
          <Timeline timeline={timeline} />
          <div className="actions">
            <label className="grow">
              Reply
              <textarea name="reply" value={reply} onChange={(e) => setReply(e.target.value)} />
            </label>
            <button type="button" disabled={!reply.trim()} onClick={() => void sendReply()}>
              Send reply
            </button>
          </div>
          <div className="actions">
            <label>
              Resolution
              <input
                name="resolution"
                value={resolution}
                onChange={(e) => setResolution(e.target.value)}
              />
            </label>
            <button type="button" onClick={() => void resolve()}>
              Resolve
            </button>
            <label>
              Transfer to
              <select name="toQueue" value={toQueue} onChange={(e) => setToQueue(e.target.value)}>
                <option value="">queue…</option>
                {queues.map((q) => (
                  <option key={q} value={q}>
                    {q}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" disabled={!toQueue} onClick={() => void transfer()}>
              Transfer
            </button>
          </div>
        </section>
      )}
    </div>
  );
}
