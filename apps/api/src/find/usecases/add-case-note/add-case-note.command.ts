import type { Principal } from '@scb/auth';

export interface AddCaseNoteCommand {
  /** The case's id (uuid) or number (`CS-000123`). */
  caseRef: string;
  /** Already trimmed and within `NOTE_MAX_LENGTH` (the controller's schema checks it). */
  body: string;
  /** The signed-in caller: the note's author. */
  actor: Principal;
}
