import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type FieldError } from '../api.client';
import type { CrmConnector, CrmConnectorKind, CrmConnectorListItem, Page } from '../types';
import { CrmConnectorStatus } from '../components/crm-connector-status.component';
import { ScrollRegion, TableHead } from '../components/scroll-region.component';
import { duration } from '../lib/format';
import { CREDENTIAL_FIELDS, credentialsFrom, settingsTemplate } from '../lib/crm-connector-form';

/** How often a running full sync's progress is read again (ms). */
const POLL_MS = 1_000;

/**
 * CRM connectors (docs/crm-connectors.md): open one by name, see its state, lag, last error,
 * counts, full-sync progress, dead letters and conflicts; create or configure it (settings as
 * JSON, credentials write-only: never shown back, only "set"); full sync, pause and resume.
 * The list above shows every connector at a glance; a new one is created by its name.
 */
export function CrmConnectorsPage() {
  const [name, setName] = useState('salesforce');
  const [connector, setConnector] = useState<CrmConnector | null>(null);
  const [missing, setMissing] = useState(false);
  const [kind, setKind] = useState<CrmConnectorKind>('salesforce');
  const [settings, setSettings] = useState(settingsTemplate('salesforce'));
  const [ownership, setOwnership] = useState('');
  const [secrets, setSecrets] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [message, setMessage] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [all, setAll] = useState<CrmConnectorListItem[]>([]);

  const reload = useCallback(async () => {
    try {
      setAll((await api<Page<CrmConnectorListItem>>('/v1/admin/crm-connectors?limit=200')).items);
    } catch {
      // The list is a convenience: a connector can still be opened by name.
    }
  }, []);
  useEffect(() => {
    void reload();
  }, [reload]);

  const show = (c: CrmConnector) => {
    setConnector(c);
    setMissing(false);
    void reload();
  };
  const fail = (e: unknown) => {
    if (e instanceof ApiError) {
      setErrors(e.errors);
      setMessage(`${e.status}: ${e.message}`);
    } else setMessage(e instanceof SyntaxError ? `Not valid JSON: ${e.message}` : String(e));
  };

  const open = async (which = name) => {
    setName(which);
    setErrors([]);
    setMessage(null);
    try {
      const c = await api<CrmConnector>(`/v1/admin/crm-connectors/${encodeURIComponent(which)}`);
      show(c);
      setKind(c.kind);
      setSettings(JSON.stringify(c.settings, null, 2));
      setOwnership(c.fieldOwnership == null ? '' : JSON.stringify(c.fieldOwnership, null, 2));
    } catch (e) {
      setConnector(null);
      if (e instanceof ApiError && e.status === 404) setMissing(true);
      else fail(e);
    }
  };

  const refresh = useCallback(async (n: string) => {
    try {
      setConnector(await api<CrmConnector>(`/v1/admin/crm-connectors/${encodeURIComponent(n)}`));
    } catch {
      // A failed poll is retried on the next tick; the last view stays on screen.
    }
  }, []);

  const running =
    connector?.fullSync?.status === 'requested' || connector?.fullSync?.status === 'running';
  useEffect(() => {
    if (!running || !connector) return;
    const timer = setInterval(() => void refresh(connector.name), POLL_MS);
    return () => clearInterval(timer);
  }, [running, connector?.name, refresh]);

  const save = async () => {
    setBusy(true);
    setErrors([]);
    setMessage(null);
    try {
      const credentials = credentialsFrom(kind, secrets);
      const body = {
        kind,
        settings: JSON.parse(settings) as Record<string, unknown>,
        ...(ownership.trim() ? { fieldOwnership: JSON.parse(ownership) as unknown } : {}),
        ...(credentials ? { credentials } : {}),
      };
      const target = connector?.name ?? name;
      show(
        await api<CrmConnector>(`/v1/admin/crm-connectors/${encodeURIComponent(target)}`, {
          method: 'PUT',
          body,
        }),
      );
      // Credentials are write-only: once sent they leave the page.
      setSecrets({});
      setMessage('Saved.');
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  };

  const act = async (action: 'pause' | 'resume' | 'full-sync') => {
    if (!connector) return;
    setMessage(null);
    try {
      show(
        await api<CrmConnector>(
          `/v1/admin/crm-connectors/${encodeURIComponent(connector.name)}/${action}`,
          { method: 'POST' },
        ),
      );
    } catch (e) {
      fail(e);
    }
  };

  const pickKind = (k: CrmConnectorKind) => {
    setKind(k);
    setSecrets({});
    if (!connector || connector.kind !== k) setSettings(settingsTemplate(k));
  };

  return (
    <section className="card crm-connectors" data-testid="crm-connectors">
      <h2>CRM connectors</h2>
      {all.length > 0 && (
        <ScrollRegion label="Connectors">
          <table data-testid="connector-list">
            <caption className="visually-hidden">Connectors</caption>
            <TableHead columns={['name', 'kind', 'state', 'lag', 'full sync', 'last error']} />
            <tbody>
              {all.map((c) => (
                <tr key={c.name}>
                  <td>
                    <button
                      type="button"
                      className="link"
                      aria-label={`Show ${c.name}`}
                      onClick={() => void open(c.name)}
                    >
                      {c.name}
                    </button>
                  </td>
                  <td>{c.kind === 'salesforce' ? 'Salesforce' : 'Zendesk'}</td>
                  <td>{c.state}</td>
                  <td>{duration(c.lagSeconds * 1000)}</td>
                  <td>{c.fullSyncStatus ?? '—'}</td>
                  <td>{c.lastError ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      )}
      <form
        className="actions"
        onSubmit={(e) => {
          e.preventDefault();
          void open();
        }}
      >
        <label>
          Connector name
          <input
            name="connector-name"
            value={name}
            pattern="[a-z0-9][a-z0-9\-]{0,62}"
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit">Open</button>
      </form>
      {missing && (
        <p className="muted" data-testid="connector-missing">
          No connector named {name} yet: configure it below to create it.
        </p>
      )}
      {message && (
        <p role="status" className="message" data-testid="connector-message">
          {message}
        </p>
      )}
      {errors.length > 0 && (
        <ul className="error" data-testid="connector-errors">
          {errors.map((e, i) => (
            <li key={i}>
              {e.path}: {e.message}
            </li>
          ))}
        </ul>
      )}
      {connector && (
        <CrmConnectorStatus
          connector={connector}
          onAction={(a) => void act(a)}
          fullSyncRunning={running}
        />
      )}
      {(connector || missing) && (
        <form
          className="connector-form"
          data-testid="connector-form"
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <h3>{connector ? `Configure ${connector.name}` : `Create ${name}`}</h3>
          <div className="row-fields">
            <label>
              Kind
              <select
                name="kind"
                value={kind}
                onChange={(e) => pickKind(e.target.value as CrmConnectorKind)}
              >
                <option value="salesforce">Salesforce</option>
                <option value="zendesk">Zendesk</option>
              </select>
            </label>
          </div>
          <label>
            Settings (JSON, without credentials)
            <textarea
              name="settings"
              rows={8}
              value={settings}
              onChange={(e) => setSettings(e.target.value)}
            />
          </label>
          <label>
            Field ownership (JSON, optional: defaults when empty)
            <textarea
              name="field-ownership"
              rows={3}
              value={ownership}
              onChange={(e) => setOwnership(e.target.value)}
            />
          </label>
          <fieldset className="row-fields">
            <legend>
              Credentials{' '}
              {connector?.kind === kind ? (
                <span className="badge joined" data-testid="credentials-set">
                  set (leave empty to keep)
                </span>
              ) : (
                <span className="muted">(required)</span>
              )}
            </legend>
            {CREDENTIAL_FIELDS[kind].map((f) => (
              <label key={f.key}>
                {f.label}
                <input
                  type="password"
                  name={`credential-${f.key}`}
                  autoComplete="new-password"
                  value={secrets[f.key] ?? ''}
                  onChange={(e) => setSecrets({ ...secrets, [f.key]: e.target.value })}
                />
              </label>
            ))}
          </fieldset>
          <div className="actions">
            <button type="submit" className="primary" disabled={busy}>
              {busy ? 'Saving…' : 'Save connector'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
