import { api } from '../api.client';
import { useApiAction } from '../lib/use-api-action';
import type { CustomerIdentity } from '../types';

/**
 * A customer's identities with where each came from and how far it is trusted. An unverified one
 * (`trust` `claimed`) can be confirmed or detached (`POST /v1/customers/:id/identities/
 * :identityId/confirm|detach`) by whoever `canDecide`; `onChanged` reloads the customer after.
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
  if (identities.length === 0) return <p className="muted">No identities on file.</p>;

  const decide = (identity: CustomerIdentity, action: 'confirm' | 'detach') =>
    run(
      async () => {
        await api(
          `/v1/customers/${encodeURIComponent(customerId ?? '')}/identities/${encodeURIComponent(identity.id ?? '')}/${action}`,
          { method: 'POST', body: {} },
        );
        onChanged?.();
      },
      `${action === 'confirm' ? 'Confirmed' : 'Detached'} ${label(identity)}.`,
    );

  return (
    <>
      <ul className="identities" data-testid="identities">
        {identities.map((i) => (
          <li key={`${i.kind}:${i.platform ?? ''}:${i.value}`} data-trust={i.trust}>
            <strong>{i.platform ?? i.kind}</strong> {label(i)}{' '}
            <span className="muted">
              {i.kind !== (i.platform ?? i.kind) ? `${i.kind} · ` : ''}trust {i.trust} · source{' '}
              {i.source} · since {new Date(i.since).toLocaleDateString()}
            </span>
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
        </p>
      )}
    </>
  );
}

const label = (i: CustomerIdentity) => (i.handle ? `@${i.handle.replace(/^@+/, '')}` : i.value);
