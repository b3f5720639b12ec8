import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../api.client';
import { FieldErrors } from '../components/field-errors.component';
import { useApiAction } from '../lib/use-api-action';
import type { ApiKey, Page } from '../types';
import { ROLES } from './users.page';
import { ScrollRegion, TableHead } from '../components/scroll-region.component';

/** API keys of machines (phone system, CRM): create (the key is shown once), list, revoke. */
export function ApiKeysPage() {
  const [keys, setKeys] = useState<ApiKey[]>([]);
  const [name, setName] = useState('');
  const [role, setRole] = useState('integration');
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const { errors, message, run } = useApiAction();

  const load = useCallback(
    () =>
      api<Page<ApiKey>>(`/v1/admin/api-keys?${query({ limit: 200 })}`).then((p) =>
        setKeys(p.items),
      ),
    [],
  );
  // A refusal (403 for a role that may not read this page) shows as the page's message.
  useEffect(() => void run(load), [load, run]);

  const create = () =>
    run(async () => {
      const answer = await api<{ apiKey: ApiKey; key: string }>('/v1/admin/api-keys', {
        body: { name, role },
      });
      setCreated({ name: answer.apiKey.name, key: answer.key });
      setName('');
      await load();
    });
  const revoke = async (k: ApiKey) => {
    if (!window.confirm(`Revoke ${k.name}? Requests with it are refused at once.`)) return;
    await api(`/v1/admin/api-keys/${k.id}`, { method: 'DELETE' });
    await load();
  };

  return (
    <section className="card" data-testid="api-keys">
      <h2>API keys</h2>
      {created && (
        <div className="notice" role="alert" data-testid="new-key">
          <p>
            Key for <strong>{created.name}</strong>. Copy it now: it is shown this once and stored
            only as a digest.
          </p>
          <code className="secret">{created.key}</code>{' '}
          <button type="button" onClick={() => void navigator.clipboard?.writeText(created.key)}>
            Copy
          </button>{' '}
          <button type="button" onClick={() => setCreated(null)}>
            Done
          </button>
        </div>
      )}
      <div className="actions">
        <label>
          Name
          <input name="key-name" value={name} onChange={(e) => setName(e.target.value)} />
          <FieldErrors errors={errors} path="name" />
        </label>
        <label>
          Role
          <select name="key-role" value={role} onChange={(e) => setRole(e.target.value)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <button
          type="button"
          className="primary"
          disabled={!name.trim()}
          onClick={() => void create()}
        >
          Create key
        </button>
        {message && <span className="error">{message}</span>}
      </div>
      <ScrollRegion label="API keys">
        <table>
          <TableHead columns={['name', 'role', 'created', 'last used', 'state']} />
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-testid="key-row">
                <td>{k.name}</td>
                <td>{k.role}</td>
                <td>{new Date(k.createdAt).toLocaleString()}</td>
                <td>{k.lastUsedAt ? new Date(k.lastUsedAt).toLocaleString() : 'never'}</td>
                <td>
                  {k.revokedAt ? (
                    `revoked ${new Date(k.revokedAt).toLocaleString()}`
                  ) : (
                    <button type="button" onClick={() => void revoke(k)}>
                      Revoke {k.name}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
