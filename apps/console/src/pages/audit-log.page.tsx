import { Fragment, useCallback, useEffect, useState } from 'react';
import { api, query } from '../api.client';
import { DiffTable } from '../components/diff-table.component';
import type { AuditRecord, Page } from '../types';
import { ScrollRegion, TableHead } from '../components/scroll-region.component';

const PAGE = 50;
const iso = (local: string) => (local ? new Date(local).toISOString() : undefined);

/** Every configuration change, newest first, filtered by entity, actor and time; click for the diff. */
export function AuditLogPage() {
  const [entity, setEntity] = useState('');
  const [actor, setActor] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [offset, setOffset] = useState(0);
  const [page, setPage] = useState<Page<AuditRecord> | null>(null);
  const [open, setOpen] = useState<string | null>(null);

  const load = useCallback(
    () =>
      api<Page<AuditRecord>>(
        `/v1/audit-log?${query({ entity, actor, from: iso(from), to: iso(to), limit: PAGE, offset })}`,
      ).then(setPage),
    [entity, actor, from, to, offset],
  );
  useEffect(() => void load(), [load]);

  return (
    <section className="card" data-testid="audit-log">
      <h2>Audit log</h2>
      <div className="filters">
        <label>
          Entity
          <input
            name="entity"
            value={entity}
            onChange={(e) => {
              setOffset(0);
              setEntity(e.target.value);
            }}
          />
        </label>
        <label>
          Actor (email, key name or id)
          <input
            name="actor"
            value={actor}
            onChange={(e) => {
              setOffset(0);
              setActor(e.target.value);
            }}
          />
        </label>
        <label>
          From
          <input
            type="datetime-local"
            name="from"
            value={from}
            onChange={(e) => {
              setOffset(0);
              setFrom(e.target.value);
            }}
          />
        </label>
        <label>
          To
          <input
            type="datetime-local"
            name="to"
            value={to}
            onChange={(e) => {
              setOffset(0);
              setTo(e.target.value);
            }}
          />
        </label>
      </div>
      {page && (
        <>
          <p className="muted">
            {page.total} changes
            {page.total > PAGE
              ? `, ${offset + 1}–${Math.min(offset + PAGE, page.total)} shown`
              : ''}
          </p>
          <ScrollRegion label="Audit records">
            <table>
              <TableHead columns={['when', 'who', 'entity', 'action', 'change']} />
              <tbody>
                {page.items.map((r) => (
                  <Fragment key={r.id}>
                    <tr data-testid="audit-row">
                      <td>{new Date(r.at).toLocaleString()}</td>
                      <td>
                        {r.actor.name} <span className="muted">({r.actor.kind})</span>
                      </td>
                      <td>
                        {r.entity}
                        {r.entityId ? ` ${r.entityId}` : ''}
                      </td>
                      <td>{r.action}</td>
                      <td>
                        <button
                          type="button"
                          aria-expanded={open === r.id}
                          onClick={() => setOpen(open === r.id ? null : r.id)}
                        >
                          Before → after
                        </button>
                      </td>
                    </tr>
                    {open === r.id && (
                      <tr>
                        <td colSpan={5}>
                          <DiffTable before={r.before} after={r.after} />
                        </td>
                      </tr>
                    )}
                  </Fragment>
                ))}
              </tbody>
            </table>
          </ScrollRegion>
          <div className="actions">
            <button
              type="button"
              disabled={offset === 0}
              onClick={() => setOffset(Math.max(0, offset - PAGE))}
            >
              Newer
            </button>
            <button
              type="button"
              disabled={offset + PAGE >= page.total}
              onClick={() => setOffset(offset + PAGE)}
            >
              Older
            </button>
          </div>
        </>
      )}
    </section>
  );
}
