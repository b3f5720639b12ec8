import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../api.client';
import { FieldErrors } from '../components/field-errors.component';
import { useApiAction } from '../lib/use-api-action';
import type { AdminUser, Agent, Page } from '../types';
import { ScrollRegion, TableHead } from '../components/scroll-region.component';

export const ROLES = ['admin', 'supervisor', 'agent', 'viewer', 'integration'] as const;

/**
 * Users of the console and their roles; an agent works as the agent their user is linked to
 * (`agentId`), so the link is set here. A new role, password or disabling ends their sessions.
 */
export function UsersPage() {
  const [users, setUsers] = useState<AdminUser[]>([]);
  const [agents, setAgents] = useState<Agent[]>([]);
  const [draft, setDraft] = useState({
    email: '',
    displayName: '',
    role: 'agent',
    agentId: '',
    password: '',
  });
  const { errors, message, run: call } = useApiAction();

  const load = useCallback(async () => {
    const [u, a] = await Promise.all([
      api<Page<AdminUser>>(`/v1/admin/users?${query({ limit: 200 })}`),
      api<{ items: Agent[] }>(`/v1/agents?${query({ limit: 200 })}`),
    ]);
    setUsers(u.items);
    setAgents(a.items);
  }, []);
  // A refusal (403 for a role that may not read this page) shows as the page's message.
  useEffect(() => void call(load), [load, call]);

  const run = (what: () => Promise<unknown>, done: string) =>
    call(async () => {
      await what();
      await load();
    }, done);
  const create = () =>
    run(async () => {
      await api('/v1/admin/users', { body: { ...draft, agentId: draft.agentId || null } });
      setDraft({ email: '', displayName: '', role: 'agent', agentId: '', password: '' });
    }, `Created ${draft.email}.`);
  const update = (
    u: AdminUser,
    change: Partial<Pick<AdminUser, 'role' | 'agentId' | 'disabled'>>,
  ) =>
    run(
      () => api(`/v1/admin/users/${u.id}`, { method: 'PATCH', body: change }),
      `Saved ${u.email}.`,
    );
  const agentName = (id: string | null) => agents.find((a) => a.id === id)?.name ?? '—';

  return (
    <section className="card" data-testid="users">
      <h2>Users &amp; roles</h2>
      <fieldset className="actions">
        <legend className="visually-hidden">New user</legend>
        {(['email', 'displayName', 'password'] as const).map((f) => (
          <label key={f}>
            {f === 'displayName' ? 'Name' : f === 'email' ? 'Email' : 'Password (12+)'}
            <input
              name={`new-${f}`}
              type={f === 'password' ? 'password' : f === 'email' ? 'email' : 'text'}
              autoComplete={f === 'password' ? 'new-password' : 'off'}
              value={draft[f]}
              onChange={(e) => setDraft({ ...draft, [f]: e.target.value })}
            />
            <FieldErrors errors={errors} path={f} />
          </label>
        ))}
        <label>
          Role
          <select
            name="new-role"
            value={draft.role}
            onChange={(e) => setDraft({ ...draft, role: e.target.value })}
          >
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        <label>
          Works as agent
          <select
            name="new-agentId"
            value={draft.agentId}
            onChange={(e) => setDraft({ ...draft, agentId: e.target.value })}
          >
            <option value="">none</option>
            {agents.map((a) => (
              <option key={a.id} value={a.id}>
                {a.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="primary" onClick={() => void create()}>
          Create user
        </button>
      </fieldset>
      {message && (
        <p role="status" className="message" data-testid="users-message">
          {message}
        </p>
      )}
      <ScrollRegion label="Users">
        <table>
          <TableHead columns={['email', 'name', 'role', 'agent', 'state']} />
          <tbody>
            {users.map((u) => (
              <tr key={u.id} data-testid="user-row">
                <td>{u.email}</td>
                <td>{u.displayName}</td>
                <td>
                  <select
                    aria-label={`Role of ${u.email}`}
                    value={u.role}
                    onChange={(e) => void update(u, { role: e.target.value })}
                  >
                    {ROLES.map((r) => (
                      <option key={r}>{r}</option>
                    ))}
                  </select>
                </td>
                <td>
                  <select
                    aria-label={`Agent of ${u.email}`}
                    value={u.agentId ?? ''}
                    onChange={(e) => void update(u, { agentId: e.target.value || null })}
                  >
                    <option value="">none</option>
                    {agents.map((a) => (
                      <option key={a.id} value={a.id}>
                        {a.name}
                      </option>
                    ))}
                  </select>
                  <span className="visually-hidden">{agentName(u.agentId)}</span>
                </td>
                <td>
                  <button type="button" onClick={() => void update(u, { disabled: !u.disabled })}>
                    {u.disabled ? `Enable ${u.email}` : `Disable ${u.email}`}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
