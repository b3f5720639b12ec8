/**
 * The entries of one or more cases' timelines in one statement: phone notes and social mentions
 * (interactions), agents' replies, internal notes, and `context`: for a post in a thread held by
 * another customer's case (a reply in someone else's thread, a second comment under the page's
 * post), the post it answers (in whichever order the two were stored), else the thread's latest
 * post before it; read live so an edit, removal or erasure shows. Oldest first. `caseScope` is a condition
 * on the column `case_id` (e.g. `= $1`, `IN (SELECT ...)`); with `withCase`, each entry also
 * names its case (`caseId`, `caseNumber`), for timelines across a customer's cases. A customer's
 * post carries the trust of its author's account (`authorTrust`), and the claim's evidence when
 * the account is only claimed (shown as unverified: docs/identity.md).
 */
export function timelineEntriesSql(caseScope: string, withCase = false): string {
  const caseColumns = (alias: string) =>
    withCase
      ? `, ${alias}.case_id AS "caseId", (SELECT case_number FROM cases WHERE id = ${alias}.case_id) AS "caseNumber"`
      : '';
  return `SELECT CASE WHEN i.channel = 'phone' THEN 'phone' ELSE 'mention' END AS kind, i.id,
              i.occurred_at AS at, i.platform, i.direction,
              coalesce(i.payload->>'authorHandle', i.author_id) AS author, i.text,
              coalesce(i.decision->>'summary', i.decision->>'reason') AS detail,
              i.edited_at AS "editedAt", i.revisions, i.removed_at AS "removedAt",
              ci.trust AS "authorTrust",
              CASE WHEN ci.trust = 'claimed' THEN ci.evidence END AS "claimEvidence"${caseColumns('i')}
         FROM interactions i
         LEFT JOIN customer_identities ci
           ON i.direction = 'inbound' AND ci.platform = i.platform AND ci.external_user_id = i.author_id
        WHERE i.case_id ${caseScope}
       UNION ALL
       SELECT 'reply', r.id, coalesce(r.sent_at, r.created_at), r.platform, 'outbound', a.name, r.text,
              r.status || coalesce(': ' || r.error, ''), NULL, '[]'::jsonb, NULL, NULL, NULL${caseColumns('r')}
         FROM replies r JOIN agents a ON a.id = r.agent_id WHERE r.case_id ${caseScope}
       UNION ALL
       SELECT 'note', n.id, n.created_at, 'internal', 'internal', n.author_name, n.body,
              'internal note: never sent to a platform', NULL, '[]'::jsonb, NULL, NULL, NULL${caseColumns('n')}
         FROM case_notes n WHERE n.case_id ${caseScope}
       UNION ALL
       SELECT DISTINCT ON (p.id, i.case_id) 'context', p.id, p.occurred_at, p.platform, p.direction,
              coalesce(p.payload->>'authorHandle', p.author_id), p.text,
              'context: the thread post ' || i.external_id || ' of this case answers, on case ' ||
                coalesce((SELECT case_number FROM cases WHERE id = p.case_id), '?') ||
                ' of another customer; shown here, not part of this case',
              p.edited_at, p.revisions, p.removed_at, NULL, NULL${caseColumns('i')}
         FROM interactions i
         -- The post it replies to (whichever of the two was stored first), else the latest post
         -- before it of the thread the matcher kept as context; each branch reads one index
         -- (platform + external id; case + time).
         CROSS JOIN LATERAL (
           (SELECT p.*, 1 AS preference FROM interactions p
             WHERE p.platform = i.platform AND p.external_id = i.payload->>'inReplyToId'
               AND p.case_id <> i.case_id AND p.customer_id <> i.customer_id)
           UNION ALL
           (SELECT p.*, 2 FROM interactions p
             WHERE p.case_id = (i.decision->'context'->>'caseId')::uuid
               AND p.case_id <> i.case_id AND p.customer_id <> i.customer_id
               AND p.platform = i.platform AND p.occurred_at <= i.occurred_at
               AND (p.external_id = i.decision->'context'->>'postId'
                    OR p.conversation_id = i.decision->'context'->>'conversationId')
             ORDER BY p.external_id = i.decision->'context'->>'postId' DESC, p.occurred_at DESC
             LIMIT 1)
           ORDER BY preference LIMIT 1) p
        WHERE i.case_id ${caseScope} AND i.direction = 'inbound'
          AND (i.payload->>'inReplyToId' IS NOT NULL OR i.decision ? 'context')`;
}
