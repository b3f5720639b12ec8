import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../api.client';
import type { CaseNote, CaseTimeline, CustomerProfile } from '../types';
import { CustomerCases } from './customer-cases.component';
import { CustomerIdentities } from './customer-identities.component';

/** The API's limit on a note (NOTE_MAX_LENGTH in @scb/cases). */
const NOTE_MAX = 4000;

/**
 * An internal note on the case (`POST /v1/cases/:id/notes`): never sent to the customer. On
 * success `onAdded` reloads the timeline, where the note shows as kind `note`; a refusal (403
 * when the agent does not hold the case, 400 empty/too long) shows its reason.
 */
export function NoteForm({ caseNumber, onAdded }: { caseNumber: string; onAdded: () => void }) {
  const [body, setBody] = useState('');
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const add = async () => {
    setBusy(true);
    setMessage(null);
    try {
      await api<CaseNote>(`/v1/cases/${caseNumber}/notes`, { body: { body } });
      setBody('');
      setMessage({ text: 'Note added.', error: false });
      onAdded();
    } catch (e) {
      setMessage({ text: e instanceof ApiError ? e.message : String(e), error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <form
      className="note-form"
      data-testid="note-form"
      onSubmit={(e) => {
        e.preventDefault();
        void add();
      }}
    >
      <label className="grow">
        Internal note (not sent to the customer)
        <textarea
          name="note-body"
          value={body}
          maxLength={NOTE_MAX}
          onChange={(e) => setBody(e.target.value)}
        />
      </label>
      <div className="actions">
        <button type="submit" disabled={busy || body.trim() === ''}>
          Add note
        </button>
        <span
          role="status"
          data-testid="note-message"
          className={message?.error ? 'field-error' : ''}
        >
          {message?.text}
        </span>
      </div>
    </form>
  );
}

/**
 * Beside a case: who the customer is (identities, trust) and their other cases. `level` is the
 * panel's heading level (3 inside the agent desk's work item, whose heading is an h2).
 */
export function CustomerPanel({ timeline, level = 2 }: { timeline: CaseTimeline; level?: 2 | 3 }) {
  const Heading = level === 2 ? 'h2' : 'h3';
  const Sub = level === 2 ? 'h3' : 'h4';
  const [profile, setProfile] = useState<CustomerProfile | null>(null);
  const [error, setError] = useState<string | null>(null);
  const customerId = timeline.customer.id;
  useEffect(() => {
    setProfile(null);
    setError(null);
    api<CustomerProfile>(`/v1/customers/${customerId}`)
      .then(setProfile)
      .catch((e: unknown) => setError(e instanceof ApiError ? e.message : String(e)));
  }, [customerId]);
  return (
    <aside className="customer-panel" data-testid="customer-panel" aria-label="Customer">
      <Heading>
        <Link to={`/customers/${customerId}`}>
          {timeline.customer.displayName ?? 'Customer without a name'}
        </Link>
      </Heading>
      {error && <p className="field-error">{error}</p>}
      {profile && (
        <>
          <p className="muted">
            {profile.tier}
            {profile.crmId ? ` · CRM ${profile.crmId}` : ''}
          </p>
          <CustomerIdentities identities={profile.identities} />
          <Sub>Other cases</Sub>
          <CustomerCases cases={profile.cases} current={timeline.id} />
        </>
      )}
    </aside>
  );
}
