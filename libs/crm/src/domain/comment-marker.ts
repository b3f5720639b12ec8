import { CrmRefusedError } from './crm-connector.port';
import type { CrmSystem, NewCrmComment } from './crm-records';

/**
 * Our external ids (case numbers, `platform:postId`, note ids) travel in URL paths and comment
 * markers: only URL-safe characters, no brackets.
 */
export const EXTERNAL_ID = /^[A-Za-z0-9_.:-]{1,255}$/;

/** Refuses (before anything is sent) an external id outside `EXTERNAL_ID`; returns it otherwise. */
export function checkExternalId(system: CrmSystem, id: string): string {
  if (!EXTERNAL_ID.test(id)) {
    throw new CrmRefusedError(
      system,
      'INVALID_EXTERNAL_ID',
      'external ids are 1-255 of A-Z a-z 0-9 _ . : -',
      null,
    );
  }
  return id;
}

/**
 * The tag that makes a comment findable again: `[scb:<externalId>]`. The closing bracket keeps
 * `[scb:x:1]` from matching `[scb:x:10]`.
 */
export function commentMarker(externalId: string): string {
  return `[scb:${externalId}]`;
}

/** The comment's text as written to the CRM: the body, the link back, and the marker on the last line. */
export function withCommentMarker(comment: NewCrmComment): string {
  const label = comment.kind === 'mention' ? 'Post' : comment.kind === 'reply' ? 'Reply' : 'Note';
  return `${comment.body}\n\n${label}: ${comment.link}\n${commentMarker(comment.externalId)}`;
}
