import { useCallback, useEffect, useState } from 'react';
import { api } from '../api.client';
import { MatchingRulesEditor } from '../components/matching-rules.editor';
import { QueuesEditor } from '../components/queues.editor';
import { RoutingRulesEditor } from '../components/routing-rules.editor';
import { may, useSession } from '../session.context';
import type { QueueDepth } from '../types';

const TABS = ['Matching rules', 'Routing rules', 'Queues & SLAs'] as const;

/** Configuration: viewers see it read-only (controls hidden or disabled; the API says 403). */
export function AdminPage() {
  const { user } = useSession();
  const [tab, setTab] = useState<(typeof TABS)[number]>('Matching rules');
  const [queues, setQueues] = useState<string[]>([]);
  const loadQueues = useCallback(
    () =>
      void api<{ queues: QueueDepth[] }>('/v1/dashboard/queues').then((q) =>
        setQueues(q.queues.map((x) => x.queue)),
      ),
    [],
  );
  useEffect(loadQueues, [loadQueues]);

  return (
    <div className="admin">
      <div className="tabs" role="tablist">
        {TABS.map((t) => (
          <button
            key={t}
            type="button"
            role="tab"
            aria-selected={tab === t}
            className={tab === t ? 'active' : undefined}
            onClick={() => setTab(t)}
          >
            {t}
          </button>
        ))}
        {!may.editConfig(user.role) && <span className="muted">read-only for your role</span>}
      </div>
      {tab === 'Matching rules' && <MatchingRulesEditor />}
      {tab === 'Routing rules' && <RoutingRulesEditor queues={queues} />}
      {tab === 'Queues & SLAs' && <QueuesEditor onSaved={loadQueues} />}
    </div>
  );
}
