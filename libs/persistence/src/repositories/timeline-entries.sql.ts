/**
 * The entries of one or more cases' timelines in one statement: phone notes and social mentions
 * (interactions), agents' replies, and internal notes, oldest first. `caseScope` is a condition
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
         FROM case_notes n WHERE n.case_id ${caseScope}`;
}
