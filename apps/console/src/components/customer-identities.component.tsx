import { useState } from 'react';
import { Link } from 'react-router';
import { api } from '../api.client';
import { describeEvidence, trustLabel } from '../lib/identity-evidence';
import { useApiAction } from '../lib/use-api-action';
import type { CustomerIdentity, IdentityDecision } from '../types';

/**
 * A customer's identities with where each came from and how far it is trusted. An unverified one
 * (`trust` `claimed`) can be confirmed or detached (`POST /v1/customers/:id/identities/
 * :identityId/confirm|detach`) by whoever `canDecide`; `onChanged` reloads the customer after.
 * A claim is marked unverified with its evidence (which identifier, in which post); a detached
 * account's new case is linked from the outcome.
 */
export function CustomerIdentities({
  customerId,
  identities,
  canDecide = false,
  onChanged,
}: {
  customerId?: string;
  identities: CustomerIdentity[];
  canDecide?: boolean;
  onChanged?: () => void;
}) {
  const { message, run } = useApiAction();
  const [movedTo, setMovedTo] = useState<string | null>(null);
  if (identities.length === 0) return <p className="muted">No identities on file.</p>;

  const decide = (identity: CustomerIdentity, action: 'confirm' | 'detach') =>
    run(
      async () => {
        setMovedTo(null);
        const decision = await api<IdentityDecision>(
          `/v1/customers/${encodeURIComponent(customerId ?? '')}/identities/${encodeURIComponent(identity.id ?? '')}/${action}`,
          { method: 'POST', body: {} },
        );
        setMovedTo(decision.detached?.case?.caseNumber ?? null);
        onChanged?.();
      },
      `${action === 'confirm' ? 'Confirmed' : 'Detached'} ${label(identity)}.`,
    );

  return (
    <>
      <ul className="identities" data-testid="identities">
        {identities.map((i) => (
          <li
            key={`${i.kind}:${i.platform ?? ''}:${i.value}`}
            data-testid="identity"
            data-trust={i.trust}
          >
            <strong>{i.platform ?? i.kind}</strong> {label(i)}{' '}
            {i.trust === 'claimed' && (
              <span className="badge unverified">{trustLabel(i.trust)}</span>
            )}{' '}
            <span className="muted">
              {i.kind !== (i.platform ?? i.kind) ? `${i.kind} · ` : ''}trust {i.trust} · source{' '}
              {i.source} · since {new Date(i.since).toLocaleDateString()}
            </span>
            <Evidence evidence={i.evidence} />
            {canDecide && customerId && i.id && i.trust === 'claimed' && (
              <span className="actions inline">
                <button type="button" onClick={() => void decide(i, 'confirm')}>
                  Confirm<span className="visually-hidden"> {label(i)}</span>
                </button>
                <button type="button" onClick={() => void decide(i, 'detach')}>
                  Detach<span className="visually-hidden"> {label(i)}</span>
                </button>
              </span>
            )}
          </li>
        ))}
      </ul>
      {message && (
        <p role="status" data-testid="identity-outcome">
          {message}
          {movedTo && (
            <>
              {' '}
              Its posts are on <Link to={`/cases/${movedTo}`}>{movedTo}</Link> now.
            </>
          )}
        </p>
      )}
    </>
  );
}

/** The evidence of a claim (or of its confirmation or detachment), when there is some. */
function Evidence({ evidence }: { evidence: unknown }) {
  const text = describeEvidence(evidence);
  return text ? (
    <span className="evidence muted" data-testid="identity-evidence">
      {' '}
      · {text}
    </span>
  ) : null;
}

const label = (i: CustomerIdentity) => (i.handle ? `@${i.handle.replace(/^@+/, '')}` : i.value);
