import { Link } from 'react-router';
import { handle } from '../lib/format';
import type { CaseListItem } from '../types';

const SLA_LABELS = { ok: 'on time', atRisk: 'at risk', breached: 'breached' } as const;
const SLA_CLASSES = { ok: 'ok', atRisk: 'at-risk', breached: 'breached' } as const;

/**
 * Cases as `GET /v1/cases` lists them; number and customer link to their pages. The active work
 * item's SLA state and agent show when the API sends them (`agentNames` names the agents).
 */
export function CaseTable({
  cases,
  caption,
  agentNames,
}: {
  cases: CaseListItem[];
  caption: string;
  agentNames?: ReadonlyMap<string, string>;
}) {
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
            <th scope="col">SLA</th>
            <th scope="col">Agent</th>
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
              <td>
                {c.workItem?.sla ? (
                  <span
                    className={`sla ${SLA_CLASSES[c.workItem.sla.state]}`}
                    data-testid="case-sla"
                    data-state={c.workItem.sla.state}
                  >
                    {SLA_LABELS[c.workItem.sla.state]}
                  </span>
                ) : (
                  '—'
                )}
              </td>
              <td>
                {c.workItem?.agentId
                  ? (agentNames?.get(c.workItem.agentId) ?? 'an agent')
                  : c.workItem
                    ? 'unassigned'
                    : '—'}
              </td>
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
