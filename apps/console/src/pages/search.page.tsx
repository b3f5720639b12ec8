import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError, query } from '../api.client';
import { CaseTable } from '../components/case-table.component';
import { CustomerIdentities } from '../components/customer-identities.component';
import { planSearch } from '../lib/search-query';
import type { CaseListItem, CustomerItem, Page } from '../types';

const READING: Record<string, string> = {
  caseNumber: 'case number',
  email: 'email',
  handle: 'handle',
  phone: 'phone number',
  text: 'text',
};

/** `/customers?q=…` (the header search): the customers and the cases the header's search finds, by deep link. */
export function SearchPage() {
  const [params] = useSearchParams();
  const plan = planSearch(params.get('q') ?? '');
  const [customers, setCustomers] = useState<Page<CustomerItem> | null>(null);
  const [cases, setCases] = useState<Page<CaseListItem> | null>(null);
  const [error, setError] = useState<string | null>(null);
  const key = JSON.stringify(plan);

  useEffect(() => {
    const { text, cases: filter } = JSON.parse(key) as ReturnType<typeof planSearch>;
    setCustomers(null);
    setCases(null);
    setError(null);
    if (!text) return;
    const failed = (e: unknown) =>
      setError(e instanceof ApiError ? `${e.status}: ${e.message}` : String(e));
    api<Page<CustomerItem>>(`/v1/customers?${query({ q: text, limit: 20 })}`)
      .then(setCustomers)
      .catch(failed);
    api<Page<CaseListItem>>(`/v1/cases?${query({ ...filter, limit: 50 })}`)
      .then(setCases)
      .catch(failed);
  }, [key]);

  if (!plan.text) return <p className="pad">Type what to find in the search box above.</p>;
  return (
    <>
      <section className="card" data-testid="customer-results">
        <h1>
          Customers matching “{plan.text}”{customers ? `: ${customers.total}` : ''}
        </h1>
        {error && (
          <p role="alert" className="field-error">
            {error}
          </p>
        )}
        {customers && customers.items.length === 0 && <p className="muted">No customers found.</p>}
        <ul className="results">
          {customers?.items.map((c) => (
            <li key={c.id} data-testid="customer-result">
              <Link to={`/customers/${c.id}`}>{c.displayName ?? 'customer without a name'}</Link>{' '}
              <span className="muted">
                {c.tier}
                {c.crmId ? ` · CRM ${c.crmId}` : ''} · {c.cases.open} open of {c.cases.total} cases
              </span>
              <CustomerIdentities identities={c.identities} />
            </li>
          ))}
        </ul>
      </section>
      <section className="card" data-testid="case-results">
        <h2>
          Cases by {READING[plan.reading]}
          {cases ? `: ${cases.total}` : ''}
        </h2>
        {cases && <CaseTable cases={cases.items} caption={`Cases matching ${plan.text}`} />}
      </section>
    </>
  );
}
