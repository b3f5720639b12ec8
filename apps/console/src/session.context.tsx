import { createContext, useContext } from 'react';

export type Role = 'admin' | 'supervisor' | 'agent' | 'viewer' | 'integration';

export interface User {
  id: string;
  email: string;
  displayName: string;
  role: Role;
  agentId: string | null;
}

export interface Session {
  user: User;
  logout: () => Promise<void>;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession outside the logged-in app');
  return session;
}

/** What each role may do in the console; the API enforces the same rules (403). */
export const may = {
  editConfig: (role: Role) => role === 'admin',
  dryRun: (role: Role) => role === 'admin' || role === 'supervisor',
  work: (role: Role) => role === 'agent' || role === 'admin',
  importCrm: (role: Role) => role === 'admin' || role === 'supervisor',
};
