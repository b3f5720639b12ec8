import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.client';
import { Timeline } from '../components/case-timeline.component';
import { CustomerCases } from '../components/customer-cases.component';
import { CustomerIdentities } from '../components/customer-identities.component';
import { useSession } from '../session.context';
import type { CustomerProfile } from '../types';

/** `/customers/:id`: the customer 360, identities with source and trust, cases, one timeline. */
export function CustomerPage() {
  const { id = '' } = useParams();
  const [profile, setProfile] = useState<CustomerProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const { user } = useSession();

  const load = useCallback(() => {
    setError(null);
    api<CustomerProfile>(`/v1/customers/${encodeURIComponent(id)}`)
      .then(setProfile)
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && (e.status === 404 || e.status === 400)
            ? `No customer ${id}.`
            : e instanceof ApiError
              ? `${e.status}: ${e.message}`
              : String(e),
        ),
      );
  }, [id]);
  useEffect(() => {
    setProfile(null);
    load();
  }, [load]);

  if (error)
    return (
      <p className="pad" role="alert" data-testid="customer-error">
        {error} <Link to="/">Back to the dashboard</Link>
      </p>
    );
  if (!profile) return <p className="muted pad">Loading customer…</p>;
  return (
    <section className="card" data-testid="customer">
      <h1>{profile.displayName ?? 'Customer without a name'}</h1>
      <p className="muted">
        {profile.tier}
        {profile.crmId ? ` · CRM ${profile.crmId}` : ''}
        {profile.persona ? ' · persona made by the matcher' : ''}
        {profile.erased ? ' · personal data erased' : ''} · customer since{' '}
        {new Date(profile.createdAt).toLocaleDateString()}
      </p>
      {profile.mergedInto && (
        <p role="status">
          Merged into <Link to={`/customers/${profile.mergedInto}`}>another customer</Link>.
        </p>
      )}
      <h2>Identities</h2>
      <CustomerIdentities
        customerId={profile.id}
        identities={profile.identities}
        canDecide={user.role !== 'viewer'}
        onChanged={load}
      />
      <h2>Cases</h2>
      <CustomerCases cases={profile.cases} />
      <h2>Timeline</h2>
      {profile.timelineTruncated && <p className="muted">The newest 500 entries.</p>}
      <Timeline timeline={{ entries: profile.timeline }} />
    </section>
  );
}
