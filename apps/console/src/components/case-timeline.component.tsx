import { handle } from '../lib/format';
import type { CaseTimeline } from '../types';

/** Phone notes, social mentions and replies of one case, oldest first. */
export function Timeline({ timeline }: { timeline: CaseTimeline }) {
  if (timeline.entries.length === 0) return <p className="muted">Nothing on this case yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {timeline.entries.map((e) => (
        <li key={e.id} className={`entry ${e.kind}`}>
          <span className="muted">{new Date(e.at).toLocaleString()}</span>{' '}
          <strong>
            {e.kind === 'phone' ? 'Phone' : e.kind === 'reply' ? 'Reply' : e.platform}
          </strong>{' '}
          {e.author && (
            <span className="author">{e.kind === 'mention' ? handle(e.author) : e.author}</span>
          )}
          <p>{e.text}</p>
          {e.detail && <p className="muted">{e.detail}</p>}
        </li>
      ))}
    </ol>
  );
}

/** The case's heading facts: number, status, customer, where its work item is. */
export function CaseFacts({ timeline }: { timeline: CaseTimeline }) {
  const w = timeline.workItem;
  return (
    <p className="muted">
      {timeline.customer.displayName ?? 'customer'} ({timeline.customer.tier}) · case{' '}
      {timeline.status}
      {timeline.category ? ` · ${timeline.category}` : ''} · priority {timeline.priority}
      {w ? ` · work item ${w.status} in ${w.queue}` : ''}
    </p>
  );
}
