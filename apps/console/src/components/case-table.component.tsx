import { Link } from 'react-router';
import { handle } from '../lib/format';
import type { CaseListItem } from '../types';

/** Cases as `GET /v1/cases` lists them; number and customer link to their pages. */
export function CaseTable({ cases, caption }: { cases: CaseListItem[]; caption: string }) {
  if (cases.length === 0) return <p className="muted">No cases found.</p>;
  return (
    <div className="table-scroll">
      <table data-testid="case-table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">Case</th>
            <th scope="col">Status</th>
            <th scope="col">Customer</th>
            <th scope="col">Channel</th>
            <th scope="col">Queue</th>
            <th scope="col">Priority</th>
            <th scope="col">Posts</th>
            <th scope="col">Last activity</th>
          </tr>
        </thead>
        <tbody>
          {cases.map((c) => (
            <tr key={c.id} data-testid="case-row" data-case-number={c.caseNumber}>
              <td>
                <Link to={`/cases/${c.caseNumber}`}>{c.caseNumber}</Link>
              </td>
              <td>{c.status}</td>
              <td>
                <Link to={`/customers/${c.customer.id}`}>
                  {c.customer.displayName ?? 'customer'}
                </Link>{' '}
                <span className="muted">{c.customer.handles.map(handle).join(' ')}</span>
              </td>
              <td>{c.originChannel}</td>
              <td>{c.workItem ? `${c.workItem.queue} (${c.workItem.status})` : '—'}</td>
              <td>{c.priority}</td>
              <td>{c.interactions}</td>
              <td>{new Date(c.lastActivityAt).toLocaleString()}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
