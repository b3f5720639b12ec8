import { Link } from 'react-router';
import type { CustomerProfile } from '../types';

/** A customer's cases with status and where their work item is; `current` is not linked. */
export function CustomerCases({
  cases,
  current,
}: {
  cases: CustomerProfile['cases'];
  current?: string;
}) {
  const shown = cases.filter((c) => c.id !== current);
  if (shown.length === 0) return <p className="muted">No other cases.</p>;
  return (
    <ul className="customer-cases" data-testid="customer-cases">
      {shown.map((c) => (
        <li key={c.id} data-status={c.status}>
          <Link to={`/cases/${c.caseNumber}`}>{c.caseNumber}</Link> {c.status}
          <span className="muted">
            {' '}
            · {c.originChannel}
            {c.category ? ` · ${c.category}` : ''} · priority {c.priority}
            {c.workItem ? ` · ${c.workItem.status} in ${c.workItem.queue}` : ''} · last activity{' '}
            {new Date(c.lastActivityAt).toLocaleString()}
          </span>
        </li>
      ))}
    </ul>
  );
}
