import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.client';
import { DiffTable } from '../components/diff-table.component';
import { may, useSession } from '../session.context';
import type { StoredRuleSet } from '../types';

const SHOWN = 20;

/**
 * Matching rule versions, newest first: each one's diff against the version before it, and
 * roll-back, which publishes an old version's definition again as a new version (history is
 * never rewritten).
 */
export function RuleHistoryPage() {
  const { user } = useSession();
  const [versions, setVersions] = useState<StoredRuleSet[]>([]);
  const [open, setOpen] = useState<number | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const load = useCallback(async () => {
    // 404: no version saved yet (the defaults are in force).
    const latest = await api<StoredRuleSet>('/v1/admin/matching-rules/latest').catch(
      (e: unknown) => {
        if (e instanceof ApiError && e.status === 404) return null;
        throw e;
      },
    );
    if (!latest) return setVersions([]);
    const numbers = Array.from(
      { length: Math.min(latest.version, SHOWN) },
      (_, i) => latest.version - i,
    );
    const older = await Promise.all(
      numbers.slice(1).map((v) => api<StoredRuleSet>(`/v1/admin/matching-rules/${v}`)),
    );
    setVersions([latest, ...older]);
  }, []);
  useEffect(() => void load(), [load]);

  const rollBack = async (v: StoredRuleSet) => {
    setMessage(null);
    try {
      const saved = await api<{ version: number }>('/v1/admin/matching-rules', {
        body: { definition: v.definition, note: `roll back to version ${v.version}` },
      });
      setMessage(`Version ${v.version} is in force again as version ${saved.version}.`);
      await load();
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
      setMessage(`${e.status}: ${e.message}`);
    }
  };

  return (
    <section className="card" data-testid="rule-history">
      <h2>Matching rule history</h2>
      {message && (
        <p role="status" className="message" data-testid="history-message">
          {message}
        </p>
      )}
      {versions.length === 0 && (
        <p className="muted">No version saved yet: the defaults are in force.</p>
      )}
      <ol className="versions">
        {versions.map((v, i) => {
          const previous = versions[i + 1];
          return (
            <li key={v.version} data-testid="rule-version">
              <div className="actions">
                <strong>version {v.version}</strong>
                {i === 0 && <span className="badge joined">in force</span>}
                <span className="muted">
                  {new Date(v.createdAt).toLocaleString()} · {v.author}
                  {v.note ? ` · ${v.note}` : ''}
                </span>
                <button
                  type="button"
                  aria-expanded={open === v.version}
                  onClick={() => setOpen(open === v.version ? null : v.version)}
                >
                  Changes in version {v.version}
                </button>
                {i > 0 && may.editConfig(user.role) && (
                  <button type="button" onClick={() => void rollBack(v)}>
                    Roll back to version {v.version}
                  </button>
                )}
              </div>
              {open === v.version &&
                (previous || v.version === 1 ? (
                  <DiffTable before={previous?.definition ?? null} after={v.definition} />
                ) : (
                  <p className="muted">
                    Version {v.version - 1} is older than the versions listed here.
                  </p>
                ))}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
