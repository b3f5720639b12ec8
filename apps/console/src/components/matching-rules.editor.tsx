import { useEffect, useState } from 'react';
import { api, ApiError, type FieldError } from '../api.client';
import { may, useSession } from '../session.context';
import { ConditionBuilder } from './condition-builder.component';
import { FieldErrors } from './field-errors.component';

interface RuleDraft {
  id: string;
  description: string;
  enabled: boolean;
  /** The condition tree as JSON text (the advanced view); the builder edits it when it fits its rows. */
  when: string;
  then: {
    ignore: boolean;
    category: string;
    priority: string;
    tags: string;
    alwaysNewCase: boolean;
    doNotReopen: boolean;
  };
}

interface Definition {
  rules: Array<{
    id: string;
    description?: string;
    enabled?: boolean;
    when: unknown;
    then: {
      ignore?: boolean;
      category?: string;
      priority?: number;
      tags?: string[];
      alwaysNewCase?: boolean;
      doNotReopen?: boolean;
    };
  }>;
  identifiers: {
    caseNumber: string;
    accountNumber: string | null;
    emails: boolean;
    phones: boolean;
    phoneDefaultCountry: string;
  };
  policy: { reopenWindowHours: number; sameCategoryOnly: boolean };
}

interface DryRun {
  currentVersion: number;
  mentions: number;
  changed: number;
  counts: { before: Record<string, number>; after: Record<string, number> };
  transitions: Record<string, number>;
  changes: Array<{
    externalId: string;
    authorHandle: string | null;
    text: string;
    before: { outcome: string; caseRef: string | null; rulesFired: string[] };
    after: { outcome: string; caseRef: string | null; rulesFired: string[] };
  }>;
}

const DEFAULTS: Definition = {
  rules: [],
  identifiers: {
    caseNumber: 'CS-\\d{6}',
    accountNumber: null,
    emails: true,
    phones: true,
    phoneDefaultCountry: 'US',
  },
  policy: { reopenWindowHours: 72, sameCategoryOnly: false },
};

const toDraft = (r: Definition['rules'][number]): RuleDraft => ({
  id: r.id,
  description: r.description ?? '',
  enabled: r.enabled ?? true,
  when: JSON.stringify(r.when, null, 2),
  then: {
    ignore: r.then.ignore ?? false,
    category: r.then.category ?? '',
    priority: r.then.priority === undefined ? '' : String(r.then.priority),
    tags: (r.then.tags ?? []).join(', '),
    alwaysNewCase: r.then.alwaysNewCase ?? false,
    doNotReopen: r.then.doNotReopen ?? false,
  },
});

const NEW_RULE: RuleDraft = toDraft({
  id: 'new-rule',
  when: { type: 'textContainsAny', values: ['refund'] },
  then: { tags: ['billing'] },
});

/** The draft as the API takes it; a `when` that is not JSON is reported at its field. */
function definitionOf(
  rules: RuleDraft[],
  identifiers: Definition['identifiers'],
  policy: Definition['policy'],
): { definition: Definition; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const parsed = rules.map((r, i) => {
    let when: unknown = null;
    try {
      when = JSON.parse(r.when);
    } catch {
      errors.push({ path: `definition.rules.${i}.when`, message: 'not valid JSON' });
    }
    const t = r.then;
    return {
      id: r.id,
      description: r.description,
      enabled: r.enabled,
      when,
      then: {
        ignore: t.ignore,
        alwaysNewCase: t.alwaysNewCase,
        doNotReopen: t.doNotReopen,
        tags: t.tags
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
        ...(t.category.trim() ? { category: t.category.trim() } : {}),
        ...(t.priority.trim() ? { priority: Number(t.priority) } : {}),
      },
    };
  });
  return { definition: { rules: parsed, identifiers, policy }, errors };
}

/** Matching rules, identifier patterns and case policy: dry-run a draft, then enable it. */
export function MatchingRulesEditor() {
  const { user } = useSession();
  const editable = may.editConfig(user.role);
  const [version, setVersion] = useState(0);
  const [rules, setRules] = useState<RuleDraft[]>([]);
  const [identifiers, setIdentifiers] = useState(DEFAULTS.identifiers);
  const [policy, setPolicy] = useState(DEFAULTS.policy);
  const [note, setNote] = useState('');
  const [errors, setErrors] = useState<FieldError[]>([]);
  const [status, setStatus] = useState<string | null>(null);
  const [dryRun, setDryRun] = useState<DryRun | null>(null);

  const load = async () => {
    try {
      const latest = await api<{ version: number; definition: Definition }>(
        '/v1/admin/matching-rules/latest',
      );
      setVersion(latest.version);
      setRules(latest.definition.rules.map(toDraft));
      setIdentifiers(latest.definition.identifiers);
      setPolicy(latest.definition.policy);
    } catch (error) {
      // No version saved yet: the built-in defaults are in force.
      if (!(error instanceof ApiError && error.status === 404)) throw error;
    }
  };
  useEffect(() => {
    void load();
  }, []);

  const submit = async (kind: 'dry-run' | 'enable') => {
    setStatus(null);
    const { definition, errors: local } = definitionOf(rules, identifiers, policy);
    setErrors(local);
    if (local.length > 0) return;
    try {
      if (kind === 'dry-run') {
        setDryRun(await api<DryRun>('/v1/admin/matching-rules/dry-run', { body: { definition } }));
      } else {
        const saved = await api<{ version: number }>('/v1/admin/matching-rules', {
          body: { note, definition },
        });
        setVersion(saved.version);
        setStatus(`Enabled as version ${saved.version}; matchers pick it up within seconds.`);
        setDryRun(null);
      }
    } catch (error) {
      if (error instanceof ApiError && error.errors.length > 0) setErrors(error.errors);
      else
        setStatus(error instanceof ApiError ? `${error.status}: ${error.message}` : String(error));
    }
  };

  const update = (i: number, patch: Partial<RuleDraft>) =>
    setRules(rules.map((r, j) => (j === i ? { ...r, ...patch } : r)));
  const updateThen = (i: number, patch: Partial<RuleDraft['then']>) =>
    update(i, { then: { ...rules[i].then, ...patch } });
  const at = (i: number, field: string) => `definition.rules.${i}.${field}`;

  return (
    <div className="editor" data-testid="matching-rules">
      <p className="muted">
        In force: {version === 0 ? 'built-in defaults (no version saved)' : `version ${version}`}
      </p>
      <fieldset disabled={!editable}>
        <h3>Rules (in order; first category/priority wins, tags add up)</h3>
        {rules.map((r, i) => (
          <div className="rule card" key={i} data-testid="rule">
            <div className="row-fields">
              <label>
                Id
                <input
                  name={`rule-${i}-id`}
                  value={r.id}
                  onChange={(e) => update(i, { id: e.target.value })}
                />
                <FieldErrors errors={errors} path={at(i, 'id')} />
              </label>
              <label className="grow">
                Description
                <input
                  value={r.description}
                  onChange={(e) => update(i, { description: e.target.value })}
                />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={r.enabled}
                  onChange={(e) => update(i, { enabled: e.target.checked })}
                />
                enabled
              </label>
              {editable && (
                <button type="button" onClick={() => setRules(rules.filter((_, j) => j !== i))}>
                  Remove
                </button>
              )}
            </div>
            <ConditionBuilder
              name={`rule-${i}`}
              json={r.when}
              disabled={!editable}
              onChange={(when) => update(i, { when })}
            />
            <label>
              Advanced: the condition as JSON
              <textarea
                name={`rule-${i}-when`}
                rows={4}
                value={r.when}
                onChange={(e) => update(i, { when: e.target.value })}
              />
              <FieldErrors errors={errors} path={at(i, 'when')} />
            </label>
            <div className="row-fields">
              <label className="check">
                <input
                  name={`rule-${i}-ignore`}
                  type="checkbox"
                  checked={r.then.ignore}
                  onChange={(e) => updateThen(i, { ignore: e.target.checked })}
                />
                ignore
              </label>
              <label>
                Category
                <input
                  value={r.then.category}
                  onChange={(e) => updateThen(i, { category: e.target.value })}
                />
                <FieldErrors errors={errors} path={at(i, 'then.category')} />
              </label>
              <label>
                Priority (1–5)
                <input
                  name={`rule-${i}-priority`}
                  value={r.then.priority}
                  onChange={(e) => updateThen(i, { priority: e.target.value })}
                />
                <FieldErrors errors={errors} path={at(i, 'then.priority')} />
              </label>
              <label>
                Tags (comma-separated)
                <input
                  value={r.then.tags}
                  onChange={(e) => updateThen(i, { tags: e.target.value })}
                />
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={r.then.alwaysNewCase}
                  onChange={(e) => updateThen(i, { alwaysNewCase: e.target.checked })}
                />
                always new case
              </label>
              <label className="check">
                <input
                  type="checkbox"
                  checked={r.then.doNotReopen}
                  onChange={(e) => updateThen(i, { doNotReopen: e.target.checked })}
                />
                do not reopen
              </label>
            </div>
            <FieldErrors errors={errors} path={`definition.rules.${i}.then`} />
          </div>
        ))}
        {editable && (
          <button type="button" onClick={() => setRules([...rules, { ...NEW_RULE }])}>
            Add rule
          </button>
        )}
        <h3>Identifier patterns</h3>
        <div className="row-fields">
          <label>
            Case number (RE2)
            <input
              name="caseNumber"
              value={identifiers.caseNumber}
              onChange={(e) => setIdentifiers({ ...identifiers, caseNumber: e.target.value })}
            />
            <FieldErrors errors={errors} path="definition.identifiers.caseNumber" />
          </label>
          <label>
            Account number (RE2, empty = off)
            <input
              name="accountNumber"
              value={identifiers.accountNumber ?? ''}
              onChange={(e) =>
                setIdentifiers({ ...identifiers, accountNumber: e.target.value || null })
              }
            />
            <FieldErrors errors={errors} path="definition.identifiers.accountNumber" />
          </label>
          <label>
            Phone default country
            <input
              value={identifiers.phoneDefaultCountry}
              onChange={(e) =>
                setIdentifiers({ ...identifiers, phoneDefaultCountry: e.target.value })
              }
            />
            <FieldErrors errors={errors} path="definition.identifiers.phoneDefaultCountry" />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={identifiers.emails}
              onChange={(e) => setIdentifiers({ ...identifiers, emails: e.target.checked })}
            />
            emails
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={identifiers.phones}
              onChange={(e) => setIdentifiers({ ...identifiers, phones: e.target.checked })}
            />
            phones
          </label>
        </div>
        <h3>Case policy</h3>
        <div className="row-fields">
          <label>
            Reopen window (hours)
            <input
              type="number"
              value={policy.reopenWindowHours}
              onChange={(e) => setPolicy({ ...policy, reopenWindowHours: Number(e.target.value) })}
            />
            <FieldErrors errors={errors} path="definition.policy.reopenWindowHours" />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={policy.sameCategoryOnly}
              onChange={(e) => setPolicy({ ...policy, sameCategoryOnly: e.target.checked })}
            />
            same category only
          </label>
        </div>
      </fieldset>
      <div className="actions">
        {may.dryRun(user.role) && (
          <button type="button" onClick={() => void submit('dry-run')}>
            Dry-run on recent mentions
          </button>
        )}
        {editable && (
          <>
            <label className="grow">
              Note
              <input name="note" value={note} onChange={(e) => setNote(e.target.value)} />
            </label>
            <button type="button" className="primary" onClick={() => void submit('enable')}>
              Enable (save as new version)
            </button>
          </>
        )}
      </div>
      <FieldErrors errors={errors} path="definition" />
      {status && (
        <p className="message" data-testid="rules-status">
          {status}
        </p>
      )}
      {dryRun && <DryRunReport report={dryRun} />}
    </div>
  );
}

/** "joined CS-000012", "joined the case post 849 opened", "new case", "ignored (ignore-spam)". */
function describeOutcome(o: DryRun['changes'][number]['before']): string {
  const target =
    o.outcome !== 'joined' || !o.caseRef
      ? null
      : o.caseRef.startsWith('new:')
        ? `the case post ${o.caseRef.slice(4)} opened`
        : o.caseRef;
  const rules = o.rulesFired.length > 0 ? `(${o.rulesFired.join(', ')})` : null;
  return [o.outcome === 'new' ? 'new case' : o.outcome, target, rules].filter(Boolean).join(' ');
}

function DryRunReport({ report }: { report: DryRun }) {
  const kinds = ['joined', 'new', 'ignored'];
  return (
    <section className="card" data-testid="dry-run">
      <h3>
        Dry-run: {report.changed} of {report.mentions} mentions would change (against version{' '}
        {report.currentVersion})
      </h3>
      <table>
        <thead>
          <tr>
            <th />
            {kinds.map((k) => (
              <th key={k}>{k}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {(['before', 'after'] as const).map((when) => (
            <tr key={when}>
              <td>{when}</td>
              {kinds.map((k) => (
                <td key={k}>{report.counts[when][k]}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      <p>
        {Object.entries(report.transitions)
          .map(([t, n]) => `${t}: ${n}`)
          .join(' · ')}
      </p>
      <table className="changes">
        <thead>
          <tr>
            <th>mention</th>
            <th>before</th>
            <th>after</th>
          </tr>
        </thead>
        <tbody>
          {report.changes.slice(0, 200).map((c) => (
            <tr key={c.externalId} data-testid="dry-run-change">
              <td>
                @{c.authorHandle ?? '?'}: {c.text}
              </td>
              <td>{describeOutcome(c.before)}</td>
              <td>{describeOutcome(c.after)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
