import type { CustomerIdentity } from '../types';

/** A customer's identities with where each came from and how far it is trusted. */
export function CustomerIdentities({ identities }: { identities: CustomerIdentity[] }) {
  if (identities.length === 0) return <p className="muted">No identities on file.</p>;
  return (
    <ul className="identities" data-testid="identities">
      {identities.map((i) => (
        <li key={`${i.kind}:${i.platform ?? ''}:${i.value}`} data-trust={i.trust}>
          <strong>{i.platform ?? i.kind}</strong>{' '}
          {i.handle ? `@${i.handle.replace(/^@+/, '')}` : i.value}{' '}
          <span className="muted">
            {i.kind !== (i.platform ?? i.kind) ? `${i.kind} · ` : ''}trust {i.trust} · source{' '}
            {i.source} · since {new Date(i.since).toLocaleDateString()}
          </span>
        </li>
      ))}
    </ul>
  );
}
