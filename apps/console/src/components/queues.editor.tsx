import { useEffect, useState } from 'react';
import { api, ApiError, type FieldError } from '../api.client';
import { may, useSession } from '../session.context';
import { FieldErrors } from './field-errors.component';

type Target = { firstResponseSeconds: number; resolutionSeconds: number };
interface QueueConfig {
  name: string;
  description: string;
  skills: string[];
  channels: Array<'social' | 'phone'>;
  slaPolicy: {
    targets: Partial<Record<'1' | '2' | '3' | '4' | '5', Target>>;
    atRiskPercent: number;
    escalation: { raisePriority: boolean; toQueue?: string; notify: string[] };
  };
}

const PRIORITIES = ['1', '2', '3', '4', '5'] as const;
const BLANK: QueueConfig = {
  name: '',
  description: '',
  skills: [],
  channels: ['social', 'phone'],
  slaPolicy: { targets: {}, atRiskPercent: 80, escalation: { raisePriority: true, notify: [] } },
};

/** Queues with the channels they take, skills and SLA policy (targets per priority). */
export function QueuesEditor({ onSaved }: { onSaved: () => void }) {
  const { user } = useSession();
  const editable = may.editConfig(user.role);
  const [queues, setQueues] = useState<QueueConfig[]>([]);
  const [form, setForm] = useState<QueueConfig>(BLANK);
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<string | null>(null);

  const load = () =>
    api<{ items: QueueConfig[] }>('/v1/admin/queues').then((q) => setQueues(q.items));
  useEffect(() => {
    void load();
  }, []);

  const save = async () => {
    setStatus(null);
    try {
      const { name, ...body } = form;
      await api(`/v1/admin/queues/${encodeURIComponent(name || '-')}`, { method: 'PUT', body });
      setErrors([]);
      setStatus(`Queue ${name} saved.`);
      await load();
      onSaved();
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) setErrors(error.errors);
      else setStatus(String(error));
    }
  };
  const sla = form.slaPolicy;
  const setTarget = (p: (typeof PRIORITIES)[number], field: keyof Target, value: string) => {
    const targets = { ...sla.targets };
    const current = targets[p] ?? { firstResponseSeconds: 0, resolutionSeconds: 0 };
    if (value === '' && field === 'firstResponseSeconds') delete targets[p];
    else targets[p] = { ...current, [field]: Number(value) };
    setForm({ ...form, slaPolicy: { ...sla, targets } });
  };

  return (
    <div className="editor" data-testid="queues">
      <table>
        <thead>
          <tr>
            <th>queue</th>
            <th>channels</th>
            <th>skills</th>
            <th>SLA targets (first response / resolution, s)</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {queues.map((q) => (
            <tr key={q.name}>
              <td>{q.name}</td>
              <td>{q.channels.join(', ')}</td>
              <td>{q.skills.join(', ')}</td>
              <td>
                {Object.entries(q.slaPolicy.targets)
                  .map(([p, t]) => `P${p}: ${t.firstResponseSeconds}/${t.resolutionSeconds}`)
                  .join(' · ') || '–'}
              </td>
              <td>
                {editable && (
                  <button type="button" onClick={() => setForm(q)}>
                    Edit
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {editable && (
        <fieldset className="card">
          <h3>Queue and SLA policy</h3>
          <div className="row-fields">
            <label>
              Name
              <input
                name="queueName"
                value={form.name}
                onChange={(e) => setForm({ ...form, name: e.target.value })}
              />
              <FieldErrors errors={errors} path="name" />
            </label>
            <label className="grow">
              Description
              <input
                value={form.description}
                onChange={(e) => setForm({ ...form, description: e.target.value })}
              />
              <FieldErrors errors={errors} path="description" />
            </label>
            <label>
              Skills (comma-separated)
              <input
                value={form.skills.join(', ')}
                onChange={(e) =>
                  setForm({
                    ...form,
                    skills: e.target.value
                      .split(',')
                      .map((s) => s.trim())
                      .filter(Boolean),
                  })
                }
              />
              <FieldErrors errors={errors} path="skills" />
            </label>
            {(['social', 'phone'] as const).map((c) => (
              <label className="check" key={c}>
                <input
                  type="checkbox"
                  checked={form.channels.includes(c)}
                  onChange={(e) =>
                    setForm({
                      ...form,
                      channels: e.target.checked
                        ? [...form.channels, c]
                        : form.channels.filter((x) => x !== c),
                    })
                  }
                />
                {c}
              </label>
            ))}
            <FieldErrors errors={errors} path="channels" />
          </div>
          <div className="row-fields">
            <label>
              At risk at (% of target)
              <input
                name="atRiskPercent"
                value={sla.atRiskPercent}
                onChange={(e) =>
                  setForm({ ...form, slaPolicy: { ...sla, atRiskPercent: Number(e.target.value) } })
                }
              />
              <FieldErrors errors={errors} path="slaPolicy.atRiskPercent" />
            </label>
            <label>
              On breach, escalate to queue
              <input
                value={sla.escalation.toQueue ?? ''}
                onChange={(e) =>
                  setForm({
                    ...form,
                    slaPolicy: {
                      ...sla,
                      escalation: { ...sla.escalation, toQueue: e.target.value || undefined },
                    },
                  })
                }
              />
              <FieldErrors errors={errors} path="slaPolicy.escalation.toQueue" />
            </label>
          </div>
          <table>
            <thead>
              <tr>
                <th>priority</th>
                <th>first response (s)</th>
                <th>resolution (s)</th>
              </tr>
            </thead>
            <tbody>
              {PRIORITIES.map((p) => (
                <tr key={p}>
                  <td>P{p}</td>
                  <td>
                    <input
                      value={sla.targets[p]?.firstResponseSeconds ?? ''}
                      onChange={(e) => setTarget(p, 'firstResponseSeconds', e.target.value)}
                    />
                    <FieldErrors
                      errors={errors}
                      path={`slaPolicy.targets.${p}.firstResponseSeconds`}
                    />
                  </td>
                  <td>
                    <input
                      value={sla.targets[p]?.resolutionSeconds ?? ''}
                      onChange={(e) => setTarget(p, 'resolutionSeconds', e.target.value)}
                    />
                    <FieldErrors
                      errors={errors}
                      path={`slaPolicy.targets.${p}.resolutionSeconds`}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          <button type="button" className="primary" onClick={() => void save()}>
            Save queue
          </button>
          <FieldErrors errors={errors} path="" />
          {status && <p className="message">{status}</p>}
        </fieldset>
      )}
    </div>
  );
}
