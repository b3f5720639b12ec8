import { useCallback, useEffect, useState } from 'react';
import { api, query } from '../api.client';
import { FieldErrors } from '../components/field-errors.component';
import { useApiAction } from '../lib/use-api-action';
import { useSession } from '../session.context';
import type { Agent } from '../types';
import { ScrollRegion, TableHead } from '../components/scroll-region.component';

const list = (v: string) =>
  v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/**
 * Agents with their skills, queues, capacity and presence; supervisors add agents. (The API has
 * no route to change an agent yet, so existing agents are shown, not edited.)
 */
export function AgentsAdminPage() {
  const { user } = useSession();
  const canCreate = user.role === 'admin' || user.role === 'supervisor';
  const [agents, setAgents] = useState<Agent[]>([]);
  const [draft, setDraft] = useState({
    name: '',
    skills: '',
    queues: 'default',
    phone: 1,
    social: 3,
  });
  const { errors, message, run } = useApiAction();

  const load = useCallback(
    () =>
      api<{ items: Agent[] }>(`/v1/agents?${query({ limit: 200 })}`).then((a) =>
        setAgents(a.items),
      ),
    [],
  );
  // A refusal (403 for a role that may not read this page) shows as the page's message.
  useEffect(() => void run(load), [load, run]);

  const create = () =>
    run(async () => {
      await api<Agent>('/v1/agents', {
        body: {
          name: draft.name,
          skills: list(draft.skills),
          queues: list(draft.queues),
          capacity: { phone: draft.phone, social: draft.social },
        },
      });
      await load();
    }, `Added ${draft.name.trim()}.`);

  return (
    <section className="card" data-testid="agents">
      <h2>Agents</h2>
      {canCreate && (
        <fieldset className="actions">
          <legend className="visually-hidden">New agent</legend>
          <label>
            Name
            <input
              name="agent-name"
              value={draft.name}
              onChange={(e) => setDraft({ ...draft, name: e.target.value })}
            />
            <FieldErrors errors={errors} path="name" />
          </label>
          <label>
            Skills (comma-separated)
            <input
              name="agent-skills"
              value={draft.skills}
              onChange={(e) => setDraft({ ...draft, skills: e.target.value })}
            />
            <FieldErrors errors={errors} path="skills" />
          </label>
          <label>
            Queues (comma-separated)
            <input
              name="agent-queues"
              value={draft.queues}
              onChange={(e) => setDraft({ ...draft, queues: e.target.value })}
            />
            <FieldErrors errors={errors} path="queues" />
          </label>
          <label>
            Phone capacity
            <input
              type="number"
              min={0}
              max={10}
              name="agent-phone"
              value={draft.phone}
              onChange={(e) => setDraft({ ...draft, phone: Number(e.target.value) })}
            />
          </label>
          <label>
            Social capacity
            <input
              type="number"
              min={0}
              max={50}
              name="agent-social"
              value={draft.social}
              onChange={(e) => setDraft({ ...draft, social: Number(e.target.value) })}
            />
            <FieldErrors errors={errors} path="capacity" />
          </label>
          <button
            type="button"
            className="primary"
            disabled={!draft.name.trim()}
            onClick={() => void create()}
          >
            Add agent
          </button>
        </fieldset>
      )}
      {message && (
        <p role="status" className="message">
          {message}
        </p>
      )}
      <ScrollRegion label="Agents">
        <table>
          <TableHead
            columns={['name', 'presence', 'queues', 'skills', 'capacity phone / social']}
          />
          <tbody>
            {agents.map((a) => (
              <tr key={a.id} data-testid="agent-row">
                <td>{a.name}</td>
                <td>{a.presence}</td>
                <td>{a.queues.join(', ')}</td>
                <td>{a.skills.join(', ') || '—'}</td>
                <td>
                  {a.capacity.phone} / {a.capacity.social}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </ScrollRegion>
    </section>
  );
}
