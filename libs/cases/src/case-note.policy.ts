/** The longest note an agent may write, in characters (after trimming). */
export const NOTE_MAX_LENGTH = 4000;

/** Who asks to write a note: the signed-in caller's role and, for role agent, their agent. */
export interface NoteWriter {
  role: 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';
  agentId: string | null;
}

/** Why a note was refused; the api answers 403 with this as `reason`. */
export type NoteRefusal = 'not_case_holder' | 'no_linked_agent' | 'role_not_allowed';

/**
 * Whether `writer` may write a note on a case held by `holderAgentId` (the agent its active work
 * item is assigned to, or null): admins and supervisors on any case, an agent only on a case they
 * hold. Returns null when allowed, else the refusal.
 */
export function noteRefusal(writer: NoteWriter, holderAgentId: string | null): NoteRefusal | null {
  if (writer.role === 'admin' || writer.role === 'supervisor') return null;
  if (writer.role !== 'agent') return 'role_not_allowed';
  if (!writer.agentId) return 'no_linked_agent';
  return writer.agentId === holderAgentId ? null : 'not_case_holder';
}
