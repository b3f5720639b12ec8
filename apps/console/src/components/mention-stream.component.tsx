import { useState } from 'react';
import { Link } from 'react-router';
import { handle } from '../lib/format';
import type { Mention } from '../types';

const time = (iso: string) => new Date(iso).toLocaleTimeString();

/** The outcome; a case number links to the case (`/cases/CS-000123`). */
export function OutcomeBadge({ mention }: { mention: Mention }) {
  if (mention.outcome === 'ignored') return <span className="badge ignored">ignored</span>;
  const label = mention.outcome === 'new' ? 'opened new case' : 'joined case';
  if (!mention.caseNumber) return <span className={`badge ${mention.outcome}`}>{label}</span>;
  return (
    <Link className={`badge ${mention.outcome}`} to={`/cases/${mention.caseNumber}`}>
      {label} {mention.caseNumber}
    </Link>
  );
}

function ExplanationPanel({ mention }: { mention: Mention }) {
  const e = mention.explanation;
  return (
    <div className="explanation" data-testid="explanation">
      <p>
        <strong>Why:</strong> {e.summary}
      </p>
      <p className="muted">
        rule set v{e.ruleSetVersion} · signal {e.rule} · identity {e.identity.signal}
        {e.identity.evidence ? ` (${e.identity.evidence.kind} ${e.identity.evidence.value})` : ''}
        {e.rulesFired.length > 0 ? ` · rules fired: ${e.rulesFired.join(', ')}` : ''}
        {e.tags.length > 0 ? ` · tags: ${e.tags.join(', ')}` : ''}
        {e.sentiment !== null ? ` · sentiment ${e.sentiment}` : ''}
      </p>
      {e.candidates.length > 0 && (
        <ul>
          {e.candidates.map((c, i) => (
            <li key={i}>
              {c.chosen ? '✔' : '✘'} {c.caseNumber ?? 'new case'}: {c.reason}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The live mention stream: newest first; a click shows why the matcher decided what it did. */
export function MentionStream({ mentions }: { mentions: Mention[] }) {
  const [open, setOpen] = useState<string | null>(null);
  if (mentions.length === 0) return <p className="muted">No mentions in this range yet.</p>;
  return (
    <ol className="stream" data-testid="mention-stream">
      {mentions.map((m) => (
        <li key={m.id} data-testid="mention" data-outcome={m.outcome} data-mention-id={m.id}>
          <div className="row-line">
            <button
              type="button"
              className="row"
              aria-expanded={open === m.id}
              onClick={() => setOpen(open === m.id ? null : m.id)}
            >
              <span className="muted">{time(m.receivedAt)}</span>
              <span className="platform">{m.platform}</span>
              <span className="author">{handle(m.authorHandle)}</span>
              <span className="text">{m.text}</span>
            </button>
            <OutcomeBadge mention={m} />
            <span className="muted">{m.customer.displayName ?? m.customer.id.slice(0, 8)}</span>
            <span className="queue">{m.queue ?? '—'}</span>
          </div>
          {open === m.id && <ExplanationPanel mention={m} />}
        </li>
      ))}
    </ol>
  );
}
