import type { CrmConnector } from '../types';
import { duration } from '../lib/format';
import { ScrollRegion, TableHead } from './scroll-region.component';

const STATE_BADGE: Record<CrmConnector['state'], string> = {
  running: 'joined',
  paused: 'ignored',
  error: 'new',
};

const COUNT_LABELS: Array<[keyof CrmConnector['counts'], string]> = [
  ['casesLinked', 'cases linked'],
  ['casesOpenedInCrm', 'cases opened in the CRM'],
  ['commentsSent', 'comments sent'],
  ['commentsPending', 'comments pending'],
  ['changesApplied', 'CRM changes applied'],
  ['deadLetters', 'dead letters'],
  ['conflicts', 'conflicts'],
];

const at = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : '—');

/**
 * One connector's state as `GET /v1/admin/crm-connectors/:name` gives it: state, lag, last
 * success and error, counts, full-sync progress, the newest dead letters and conflicts, and the
 * pause / resume / full-sync actions. Credentials are never in the view (the API says `set`).
 */
export function CrmConnectorStatus({
  connector: c,
  fullSyncRunning,
  onAction,
}: {
  connector: CrmConnector;
  fullSyncRunning: boolean;
  onAction: (action: 'pause' | 'resume' | 'full-sync') => void;
}) {
  const sync = c.fullSync;
  return (
    <div data-testid="connector-status">
      <h3>
        {c.name}{' '}
        <span className="muted">({c.kind === 'salesforce' ? 'Salesforce' : 'Zendesk'})</span>{' '}
        <span className={`badge ${STATE_BADGE[c.state]}`} data-testid="connector-state">
          {c.state}
        </span>
      </h3>
      <div className="actions">
        {c.state === 'running' ? (
          <button type="button" onClick={() => onAction('pause')}>
            Pause
          </button>
        ) : (
          <button type="button" onClick={() => onAction('resume')}>
            Resume
          </button>
        )}
        <button
          type="button"
          className="primary"
          disabled={fullSyncRunning}
          onClick={() => onAction('full-sync')}
        >
          Full sync
        </button>
      </div>
      <table data-testid="connector-summary">
        <caption className="visually-hidden">Sync state</caption>
        <tbody>
          <tr>
            <th scope="row">lag</th>
            <td>{duration(c.lagSeconds * 1000)}</td>
          </tr>
          <tr>
            <th scope="row">last success</th>
            <td>{at(c.lastSuccessAt)}</td>
          </tr>
          <tr>
            <th scope="row">last error</th>
            <td data-testid="connector-last-error" className={c.lastError ? 'error' : undefined}>
              {c.lastError ? `${c.lastError} (${at(c.lastErrorAt)})` : 'none'}
            </td>
          </tr>
          {COUNT_LABELS.map(([key, label]) => (
            <tr key={key}>
              <th scope="row">{label}</th>
              <td data-testid={`count-${key}`}>{c.counts[key]}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {sync && (
        <div data-testid="full-sync">
          <h4>Full sync: {sync.status}</h4>
          {fullSyncRunning && <progress aria-label="Full sync under way" />}
          <p data-testid="full-sync-progress">
            {sync.phase} phase, {sync.pages} pages: {sync.customers} customers, {sync.cases} cases
            {sync.finishedAt && ` — finished ${at(sync.finishedAt)}`}
          </p>
          {sync.error && <p className="error">{sync.error}</p>}
        </div>
      )}
      {c.deadLetters.length > 0 && (
        <ScrollRegion label="Dead letters">
          <table data-testid="dead-letters">
            <caption>Dead letters (newest 20): refused by the CRM</caption>
            <TableHead columns={['when', 'operation', 'record', 'code', 'reason', 'HTTP']} />
            <tbody>
              {c.deadLetters.map((d) => (
                <tr key={d.id}>
                  <td>{at(d.createdAt)}</td>
                  <td>{d.operation}</td>
                  <td>{d.recordRef}</td>
                  <td>{d.code}</td>
                  <td>{d.reason}</td>
                  <td>{d.httpStatus ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      {c.conflicts.length > 0 && (
        <ScrollRegion label="Conflicts">
          <table data-testid="conflicts">
            <caption>Status conflicts (newest 20)</caption>
            <TableHead columns={['when', 'CRM case', 'ours', 'theirs', 'rule', 'winner', 'why']} />
            <tbody>
              {c.conflicts.map((x) => (
                <tr key={x.id}>
                  <td>{at(x.createdAt)}</td>
                  <td>{x.crmCaseId}</td>
                  <td>{x.ours}</td>
                  <td>{x.theirs}</td>
                  <td>{x.rule}</td>
                  <td>{x.winner}</td>
                  <td>{x.why}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
    </div>
  );
}
