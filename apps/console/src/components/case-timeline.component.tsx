import { handle } from '../lib/format';
import { describeEvidence } from '../lib/identity-evidence';
import { Link } from 'react-router';
import type { CaseTimeline, TimelineEntry } from '../types';

const KIND_LABEL: Partial<Record<TimelineEntry['kind'], string>> = {
  phone: 'Phone',
  reply: 'Reply',
  note: 'Note',
  event: 'Event',
};

const FROM_LABEL = { 'merged-case': 'merged case', 'earlier-case': 'earlier case' } as const;

/**
 * Phone notes, social mentions, replies and agents' internal notes, oldest first; `caseNumber`
 * on an entry (the customer 360's timeline spans cases) links to that case. A post whose
 * author is only claimed (`authorTrust` `claimed`: anyone can type someone's phone number) is
 * marked unverified, with the claim's evidence (docs/identity.md).
 */
export function Timeline({
  timeline,
}: {
  // A customer's timeline spans their cases, so its entries carry no `from` (this case or another).
  timeline: {
    entries: Array<
      Omit<TimelineEntry, 'from'> & { from?: TimelineEntry['from']; caseNumber?: string }
    >;
  };
}) {
  if (timeline.entries.length === 0) return <p className="muted">Nothing on this case yet.</p>;
  return (
    <ol className="timeline" data-testid="timeline">
      {timeline.entries.map((e) => (
        <li key={e.id} className={`entry ${e.kind}`} data-kind={e.kind}>
          <span className="muted">{new Date(e.at).toLocaleString()}</span>{' '}
          {e.caseNumber && (
            <>
              <Link to={`/cases/${e.caseNumber}`}>{e.caseNumber}</Link>{' '}
            </>
          )}
          {e.from && e.from !== 'this-case' && (
            <span className="muted" data-testid="entry-from">
              ({FROM_LABEL[e.from]}){' '}
            </span>
          )}
          <strong>{KIND_LABEL[e.kind] ?? e.platform}</strong>{' '}
          {e.author && (
            <span className="author">{e.kind === 'mention' ? handle(e.author) : e.author}</span>
          )}
          {e.authorTrust === 'claimed' && (
            <>
              {' '}
              <span className="badge unverified" data-testid="unverified-author">
                unverified author
              </span>
              <span className="muted small" data-testid="claim-evidence">
                {' '}
                {describeEvidence(e.claimEvidence) ?? 'claimed by the matcher'}
              </span>
            </>
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
      <Link to={`/customers/${timeline.customer.id}`}>
        {timeline.customer.displayName ?? 'customer'}
      </Link>{' '}
      ({timeline.customer.tier}) · case {timeline.status}
      {timeline.category ? ` · ${timeline.category}` : ''} · priority {timeline.priority}
      {w ? ` · work item ${w.status} in ${w.queue}` : ''}
    </p>
  );
}
