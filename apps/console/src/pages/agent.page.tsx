import { useCallback, useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../api.client';
import { CaseFacts, Timeline } from '../components/case-timeline.component';
import { CustomerPanel, NoteForm } from '../components/case-workspace.component';
import { ShortcutsHelp } from '../components/shortcuts-help.component';
import { CANNED_REPLIES, fillCanned } from '../lib/canned-replies';
import { countdown } from '../lib/format';
import { replyLength } from '../lib/reply-length';
import { may, useSession } from '../session.context';
import type { CaseTimeline, QueueDepth, WorkItem } from '../types';

const typing = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));

/** The platform a reply goes to: the case's latest social mention's. */
const replyPlatform = (timeline: CaseTimeline) =>
  timeline.entries.filter((e) => e.kind === 'mention').at(-1)?.platform ?? null;

function SlaClock({
  label,
  due,
  since,
  now,
}: {
  label: string;
  due: string | null;
  since: string | null;
  now: number;
}) {
  const c = countdown(due, now, since);
  if (c.state === 'none') return null;
  return (
    <span className={`sla ${c.state}`} data-testid="sla" data-state={c.state}>
      {label}: {c.text}
    </span>
  );
}

/**
 * The signed-in agent's desk (the user's linked agent, `agentId`): every item they hold up to
 * their capacity with SLA countdowns, the chosen case's timeline, reply with a live character
 * count, canned replies, put back, transfer, resolve; live over the SSE feed; `?` for the keys.
 */
export function AgentPage() {
  const { user } = useSession();
  const agentId = user.agentId;
  const [items, setItems] = useState<WorkItem[]>([]);
  const [selected, setSelected] = useState<string | null>(null);
  const [timeline, setTimeline] = useState<CaseTimeline | null>(null);
  const [queues, setQueues] = useState<string[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [reply, setReply] = useState('');
  const [resolution, setResolution] = useState('resolved');
  const [toQueue, setToQueue] = useState('');
  const [help, setHelp] = useState(false);
  const [now, setNow] = useState(() => Date.now());
  const replyBox = useRef<HTMLTextAreaElement>(null);
  const item = items.find((i) => i.id === selected) ?? null;

  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);

  useEffect(() => {
    void api<{ queues: QueueDepth[] }>('/v1/dashboard/queues').then((q) =>
      setQueues(q.queues.map((x) => x.queue)),
    );
  }, []);

  // Reloads of the held items overlap (the live feed asks too): an answer older than the one on
  // screen is dropped, and an item asked for (just taken) is chosen by the answer to that reload
  // or a later one, whichever is shown.
  const reloads = useRef<{ asked: number; shown: number; want?: string | null; wantAt?: number }>({
    asked: 0,
    shown: 0,
  });

  /** What the agent holds now; keeps the chosen item if still held, else the first one. */
  const loadHeld = useCallback(
    async (choose?: string | null) => {
      if (!agentId) return;
      const order = reloads.current;
      const mine = ++order.asked;
      if (choose !== undefined) Object.assign(order, { want: choose, wantAt: mine });
      const held = await api<{ items: WorkItem[] }>(`/v1/agents/${agentId}/work`);
      if (mine < order.shown) return;
      order.shown = mine;
      const wanted = order.want;
      // Asked for at or before this reload: this answer settles it (held or, if gone, not).
      if (mine >= (order.wantAt ?? Infinity)) order.want = undefined;
      setItems(held.items);
      setSelected((current) => {
        const want = wanted === undefined ? current : wanted;
        return held.items.some((i) => i.id === want) ? want : (held.items[0]?.id ?? null);
      });
    },
    [agentId],
  );

  const caseId = item?.caseId ?? null;
  const loadTimeline = useCallback(async () => {
    setTimeline(caseId ? await api<CaseTimeline>(`/v1/cases/${caseId}`) : null);
  }, [caseId]);

  useEffect(() => void loadHeld(), [loadHeld]);
  useEffect(() => void loadTimeline(), [loadTimeline]);

  // Live: a new message on a case I hold shows at once; queue changes may mean new or moved work.
  const latest = useRef({ items, caseId, loadHeld, loadTimeline });
  latest.current = { items, caseId, loadHeld, loadTimeline };
  useEffect(() => {
    if (!agentId) return;
    const source = new EventSource('/v1/live');
    // A post or a call on a case I hold is an update on my item (its count, its timeline).
    const onUpdate = (e: Event) => {
      const update = JSON.parse((e as MessageEvent<string>).data) as { caseId: string | null };
      const l = latest.current;
      if (!update.caseId || !l.items.some((i) => i.caseId === update.caseId)) return;
      void l.loadHeld();
      if (update.caseId === l.caseId) void l.loadTimeline();
    };
    source.addEventListener('mention', onUpdate);
    source.addEventListener('call', onUpdate);
    // A note on the case on screen (a supervisor's, or mine from another tab) shows at once.
    source.addEventListener('note', (e) => {
      const note = JSON.parse((e as MessageEvent<string>).data) as { caseId: string };
      if (note.caseId === latest.current.caseId) void latest.current.loadTimeline();
    });
    source.addEventListener('queues', () => void latest.current.loadHeld());
    return () => source.close();
  }, [agentId]);

  const act = useCallback(async (what: () => Promise<void>) => {
    setMessage(null);
    try {
      await what();
    } catch (error) {
      setMessage(error instanceof ApiError ? `${error.status}: ${error.message}` : String(error));
    }
  }, []);

  const next = useCallback(
    () =>
      act(async () => {
        await api(`/v1/agents/${agentId}/presence`, {
          method: 'PUT',
          body: { presence: 'available' },
        });
        const taken = await api<WorkItem | undefined>(`/v1/agents/${agentId}/next`, {
          method: 'POST',
        });
        if (!taken) setMessage('Nothing waiting in your queues.');
        await loadHeld(taken?.id ?? undefined);
      }),
    [act, agentId, loadHeld],
  );
  const sendReply = useCallback(
    () =>
      act(async () => {
        if (!item || !reply.trim()) return;
        await api(`/v1/cases/${item.caseId}/replies`, {
          body: { requestId: crypto.randomUUID(), agentId, text: reply },
        });
        setReply('');
        await Promise.all([loadTimeline(), loadHeld()]);
      }),
    [act, agentId, item, loadHeld, loadTimeline, reply],
  );
  const resolve = () =>
    act(async () => {
      await api(`/v1/work-items/${item!.id}/complete`, {
        body: { agentId, resolutionCode: resolution },
      });
      setMessage(`Resolved ${item!.caseNumber}.`);
      await loadHeld(null);
    });
  const putBack = useCallback(
    () =>
      act(async () => {
        if (!item) return;
        await api(`/v1/work-items/${item.id}/put-back`, { body: { agentId } });
        setMessage(`Put ${item.caseNumber} back in ${item.queue}.`);
        await loadHeld(null);
      }),
    [act, agentId, item, loadHeld],
  );
  const transfer = () =>
    act(async () => {
      await api(`/v1/work-items/${item!.id}/transfer`, { body: { agentId, toQueue } });
      setMessage(`Transferred ${item!.caseNumber} to ${toQueue}.`);
      await loadHeld(null);
    });

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && e.target === replyBox.current) {
        e.preventDefault();
        void sendReply();
        return;
      }
      if (typing(e.target) || e.altKey || e.ctrlKey || e.metaKey) return;
      const at = items.findIndex((i) => i.id === selected);
      if (e.key === '?') setHelp((h) => !h);
      else if (e.key === 'n') void next();
      else if (e.key === 'j' && items.length > 0)
        setSelected(items[Math.min(at + 1, items.length - 1)].id);
      else if (e.key === 'k' && items.length > 0) setSelected(items[Math.max(at - 1, 0)].id);
      else if (e.key === 'r') replyBox.current?.focus();
      else if (e.key === 'p') void putBack();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [items, selected, next, putBack, sendReply]);

  if (!may.work(user.role)) return <p className="pad">Your role cannot take work.</p>;
  if (!agentId)
    return (
      <p className="pad" data-testid="no-agent">
        Your user is not linked to an agent, so there is no work to take. An admin links it under
        Admin → Users & roles.
      </p>
    );

  const platform = timeline ? replyPlatform(timeline) : null;
  const length = platform ? replyLength(platform, reply) : null;

  return (
    <div className="agent">
      <div className="filters">
        <button type="button" className="primary" onClick={() => void next()}>
          Next work item
        </button>
        <button type="button" onClick={() => setHelp(true)} aria-keyshortcuts="?">
          Keyboard shortcuts (?)
        </button>
        <span role="status" className="message" data-testid="agent-message">
          {message}
        </span>
      </div>
      <div className="desk">
        <section className="card held" aria-label="My work items">
          <h2>My items ({items.length})</h2>
          {items.length === 0 && <p className="muted">You hold no work. Take the next item.</p>}
          <ul className="held-list" data-testid="held-items">
            {items.map((i) => (
              <li key={i.id}>
                <button
                  type="button"
                  aria-pressed={i.id === selected}
                  className={i.id === selected ? 'held-item active' : 'held-item'}
                  onClick={() => setSelected(i.id)}
                >
                  <strong>{i.caseNumber}</strong> · {i.channel} · {i.queue} · P{i.priority}
                  {(i.updates ?? 0) > 0 && <span className="updates"> · {i.updates} new</span>}
                  <br />
                  <SlaClock
                    label="first response"
                    due={i.sla?.firstRespondedAt ? null : (i.sla?.firstResponseDueAt ?? null)}
                    since={i.queuedAt ?? null}
                    now={now}
                  />{' '}
                  <SlaClock
                    label="resolution"
                    due={i.sla?.resolutionDueAt ?? null}
                    since={i.queuedAt ?? null}
                    now={now}
                  />
                </button>
              </li>
            ))}
          </ul>
        </section>
        {item && timeline && (
          <section className="card work" data-testid="work-item">
            <h2>
              <Link to={`/cases/${timeline.caseNumber}`}>{timeline.caseNumber}</Link> ·{' '}
              {item.channel} · queue {item.queue} · priority {item.priority}
            </h2>
            <CaseFacts timeline={timeline} />
            <Timeline timeline={timeline} />
            <div className="actions">
              <label className="grow">
                Reply{platform ? ` on ${platform}` : ''}
                <textarea
                  ref={replyBox}
                  name="reply"
                  value={reply}
                  aria-describedby="reply-count"
                  onChange={(e) => setReply(e.target.value)}
                />
              </label>
            </div>
            <div className="actions">
              <span
                id="reply-count"
                data-testid="reply-count"
                className={length?.over ? 'count over' : 'count'}
                aria-live="polite"
              >
                {length
                  ? `${length.used}${length.limit === null ? '' : ` / ${length.limit}`} characters${length.over ? ' (too long)' : ''}`
                  : 'No social mention on this case: nothing to reply to.'}
              </span>
              <label>
                Canned reply
                <select
                  name="canned"
                  value=""
                  onChange={(e) => {
                    const c = CANNED_REPLIES.find((x) => x.id === e.target.value);
                    if (c) setReply(fillCanned(c.text, timeline.customer.displayName));
                  }}
                >
                  <option value="">choose…</option>
                  {CANNED_REPLIES.map((c) => (
                    <option key={c.id} value={c.id}>
                      {c.label}
                    </option>
                  ))}
                </select>
              </label>
              <button
                type="button"
                disabled={!reply.trim() || !length || length.over}
                onClick={() => void sendReply()}
                aria-keyshortcuts="Control+Enter"
              >
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
              <button type="button" onClick={() => void putBack()} aria-keyshortcuts="p">
                Put back
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
            <NoteForm caseNumber={timeline.caseNumber} onAdded={() => void loadTimeline()} />
            <CustomerPanel timeline={timeline} level={3} />
          </section>
        )}
      </div>
      {help && <ShortcutsHelp onClose={() => setHelp(false)} />}
    </div>
  );
}
