import { useEffect, useState } from 'react';
import { api, ApiError, type FieldError } from '../api.client';
import { may, useSession } from '../session.context';
import { FieldErrors } from './field-errors.component';

interface RoutingRule {
  id: string;
  position: number;
  name: string;
  enabled: boolean;
  conditions: Record<string, unknown>;
  targetQueue: string;
  priorityAdjustment: number;
  requiredSkills: string[];
}

const BLANK = {
  name: '',
  conditions: '{\n  "categories": ["billing"]\n}',
  targetQueue: '',
  priorityAdjustment: '0',
  requiredSkills: '',
};

/** Ordered routing rules (phone and social work alike): list, add, delete. */
export function RoutingRulesEditor({ queues }: { queues: string[] }) {
  const { user } = useSession();
  const editable = may.editConfig(user.role);
  const [rules, setRules] = useState<RoutingRule[]>([]);
  const [form, setForm] = useState(BLANK);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<string | null>(null);

  const load = () =>
    api<{ items: RoutingRule[] }>('/v1/admin/routing-rules').then((r) => setRules(r.items));
  useEffect(() => {
    void load();
  }, []);

  const create = async () => {
    setStatus(null);
    let conditions: unknown;
    try {
      conditions = JSON.parse(form.conditions);
    } catch {
      setErrors([{ path: 'conditions', message: 'not valid JSON' }]);
      return;
    }
    try {
      await api('/v1/admin/routing-rules', {
        body: {
          name: form.name,
          conditions,
          targetQueue: form.targetQueue,
          priorityAdjustment: Number(form.priorityAdjustment),
          requiredSkills: form.requiredSkills
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean),
        },
      });
      setErrors([]);
      setForm(BLANK);
      setStatus('Rule added; routers apply it within seconds.');
      await load();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) setErrors(error.errors);
      else setStatus(String(error));
    }
  };
  const remove = async (id: string) => {
    await api(`/v1/admin/routing-rules/${id}`, { method: 'DELETE' });
    await load();
  };

  return (
    <div className="editor" data-testid="routing-rules">
      <table>
        <thead>
          <tr>
            <th>#</th>
            <th>name</th>
            <th>conditions</th>
            <th>queue</th>
            <th>priority ±</th>
            <th>skills</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {rules.map((r) => (
            <tr key={r.id}>
              <td>{r.position}</td>
              <td>
                {r.name}
                {r.enabled ? '' : ' (off)'}
              </td>
              <td>
                <code>{JSON.stringify(r.conditions)}</code>
              </td>
              <td>{r.targetQueue}</td>
              <td>{r.priorityAdjustment}</td>
              <td>{r.requiredSkills.join(', ')}</td>
              <td>
                {editable && (
                  <button type="button" onClick={() => void remove(r.id)}>
                    Delete
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <fieldset className="card">
          <h3>New routing rule</h3>
          <div className="row-fields">
            <label>
              Name
              <input
                name="name"
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
              <FieldErrors errors={errors} path="name" />
            </label>
            <label>
              Target queue
              <select
                name="targetQueue"
                value={form.targetQueue}
                onChange={(e) => setForm({ ...form, targetQueue: e.target.value })}
              >
                <option value="">choose…</option>
                {queues.map((q) => (
                  <option key={q}>{q}</option>
                ))}
              </select>
              <FieldErrors errors={errors} path="targetQueue" />
            </label>
            <label>
              Priority adjustment (−4…4)
              <input
                name="priorityAdjustment"
                value={form.priorityAdjustment}
                onChange={(e) => setForm({ ...form, priorityAdjustment: e.target.value })}
              />
              <FieldErrors errors={errors} path="priorityAdjustment" />
            </label>
            <label>
              Required skills (comma-separated)
              <input
                value={form.requiredSkills}
                onChange={(e) => setForm({ ...form, requiredSkills: e.target.value })}
              />
              <FieldErrors errors={errors} path="requiredSkills" />
            </label>
          </div>
          <label>
            Conditions (JSON: categories, channels, priorities, languages, tiers, tagsAny,
            sentimentAtMost)
            <textarea
              name="conditions"
              rows={3}
              value={form.conditions}
              onChange={(e) => setForm({ ...form, conditions: e.target.value })}
            />
            <FieldErrors errors={errors} path="conditions" />
          </label>
          <button type="button" className="primary" onClick={() => void create()}>
            Add rule
          </button>
          {status && <p className="message">{status}</p>}
        </fieldset>
      )}
    </div>
  );
}
