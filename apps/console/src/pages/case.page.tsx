import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.client';
import { CaseFacts, Timeline } from '../components/case-timeline.component';
import { CustomerPanel, NoteForm } from '../components/case-workspace.component';
import type { CaseTimeline } from '../types';

/**
 * `/cases/CS-000123` or `/cases/<uuid>`: one case with its whole timeline, by deep link, a note
 * form and the customer panel (identities, other cases); new posts and notes show live.
 */
export function CasePage() {
  const { ref = '' } = useParams();
  const [timeline, setTimeline] = useState<CaseTimeline | null>(null);
  const [error, setError] = useState<string | null>(null);

  const reload = useCallback(
    () =>
      api<CaseTimeline>(`/v1/cases/${encodeURIComponent(ref)}`)
        .then(setTimeline)
        .catch(() => undefined),
    [ref],
  );

  useEffect(() => {
    setTimeline(null);
    setError(null);
    api<CaseTimeline>(`/v1/cases/${encodeURIComponent(ref)}`)
      .then(setTimeline)
      .catch((e: unknown) =>
        setError(
          e instanceof ApiError && e.status === 404
            ? `No case ${ref}.`
            : e instanceof ApiError
              ? `${e.status}: ${e.message}`
              : String(e),
        ),
      );
  }, [ref]);

  // Live: a note on this case (while someone holds it) or a new post on it reloads the timeline.
  const caseId = timeline?.id ?? null;
  useEffect(() => {
    if (!caseId) return;
    const source = new EventSource('/v1/live');
    const mine = (e: Event) =>
      (JSON.parse((e as MessageEvent<string>).data) as { caseId: string | null }).caseId === caseId;
    const onEvent = (e: Event) => {
      if (mine(e)) void reload();
    };
    source.addEventListener('note', onEvent);
    source.addEventListener('mention', onEvent);
    return () => source.close();
  }, [caseId, reload]);

  if (error)
    return (
      <p className="pad" role="alert" data-testid="case-error">
        {error} <Link to="/">Back to the dashboard</Link>
      </p>
    );
  if (!timeline) return <p className="muted pad">Loading case {ref}…</p>;
  return (
    <div className="case-layout">
      <section className="card" data-testid="case">
        <h1>{timeline.caseNumber}</h1>
        <CaseFacts timeline={timeline} />
        <Timeline timeline={timeline} />
        <NoteForm caseNumber={timeline.caseNumber} onAdded={() => void reload()} />
      </section>
      <CustomerPanel timeline={timeline} />
    </div>
  );
}
