import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, onUnauthorized } from './api.client';
import { AdminPage } from './pages/admin.page';
import { AgentPage } from './pages/agent.page';
import { DashboardPage } from './pages/dashboard.page';
import { LoginPage } from './pages/login.page';
import { SessionContext, type User } from './session.context';

const PAGES = [
  { path: '/', label: 'Dashboard' },
  { path: '/agent', label: 'Agent' },
  { path: '/admin', label: 'Admin' },
] as const;

function usePath(): [string, (path: string) => void] {
  const [path, setPath] = useState(window.location.pathname);
  useEffect(() => {
    const onPop = () => setPath(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const go = useCallback((next: string) => {
    window.history.pushState(null, '', next);
    setPath(next);
  }, []);
  return [path, go];
}

type SessionState = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'user'; user: User };

export function App() {
  const [path, go] = usePath();
  const [state, setState] = useState<SessionState>({ kind: 'loading' });

  const load = useCallback(async () => {
    try {
      setState({ kind: 'user', user: await api<User>('/v1/auth/me') });
    } catch (error) {
      // 401: not signed in or the session expired; the login page takes it from there.
      setState({ kind: 'anonymous' });
      if (!(error instanceof ApiError)) throw error;
    }
  }, []);

  useEffect(() => {
    onUnauthorized(() => setState({ kind: 'anonymous' }));
    void load();
  }, [load]);

  if (state.kind === 'loading') return <p className="muted pad">Loading…</p>;
  if (state.kind === 'anonymous')
    return <LoginPage onLoggedIn={(user) => setState({ kind: 'user', user })} />;

  const logout = async () => {
    await api('/v1/auth/logout', { method: 'POST' }).catch(() => undefined);
    setState({ kind: 'anonymous' });
  };
  const page = path.startsWith('/admin') ? (
    <AdminPage />
  ) : path.startsWith('/agent') ? (
    <AgentPage />
  ) : (
    <DashboardPage />
  );
  return (
    <SessionContext.Provider value={{ user: state.user, logout }}>
      <header className="top">
        <strong>Social Case Bridge</strong>
        <nav>
          {PAGES.map((p) => (
            <a
              key={p.path}
              href={p.path}
              className={
                (p.path === '/' ? path === '/' : path.startsWith(p.path)) ? 'active' : undefined
              }
              onClick={(e) => {
                e.preventDefault();
                go(p.path);
              }}
            >
              {p.label}
            </a>
          ))}
        </nav>
        <span className="who" data-testid="who">
          {state.user.displayName} · {state.user.role}
        </span>
        <button type="button" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      <main>{page}</main>
    </SessionContext.Provider>
  );
}
