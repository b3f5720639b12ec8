import { useCallback, useEffect, useState } from 'react';
import { BrowserRouter, Link, NavLink, Route, Routes } from 'react-router';
import { api, ApiError, onUnauthorized } from './api.client';
import { AdminLayout } from './pages/admin.layout';
import { AdminPage } from './pages/admin.page';
import { AgentsAdminPage } from './pages/agents-admin.page';
import { CrmConnectorsPage } from './pages/crm-connectors.page';
import { AgentPage } from './pages/agent.page';
import { ApiKeysPage } from './pages/api-keys.page';
import { AuditLogPage } from './pages/audit-log.page';
import { CasePage } from './pages/case.page';
import { CasesPage } from './pages/cases.page';
import { CustomerPage } from './pages/customer.page';
import { SearchPage } from './pages/search.page';
import { SearchBox } from './components/search-box.component';
import { CrmImportPage } from './pages/crm-import.page';
import { DashboardPage } from './pages/dashboard.page';
import { LoginPage } from './pages/login.page';
import { RuleHistoryPage } from './pages/rule-history.page';
import { UsersPage } from './pages/users.page';
import { SessionContext, type User } from './session.context';

const PAGES = [
  { path: '/', label: 'Dashboard' },
  { path: '/cases', label: 'Cases' },
  { path: '/agent', label: 'Agent' },
  { path: '/admin', label: 'Admin' },
] as const;

type SessionState = { kind: 'loading' } | { kind: 'anonymous' } | { kind: 'user'; user: User };

/**
 * The console's routes. Every page has its own URL (a reload or a shared link opens it again);
 * signed out, the login page shows at that URL and the page follows once signed in. The api
 * answers index.html for these paths (apps/api/src/console-static.ts).
 */
export function App() {
  return (
    <BrowserRouter>
      <Shell />
    </BrowserRouter>
  );
}

function Shell() {
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
  return (
    <SessionContext.Provider value={{ user: state.user, logout }}>
      <header className="top">
        <strong>Social Case Bridge</strong>
        <nav aria-label="Main">
          {PAGES.map((p) => (
            <NavLink key={p.path} to={p.path} end={p.path === '/' || p.path === '/cases'}>
              {p.label}
            </NavLink>
          ))}
        </nav>
        <SearchBox />
        <span className="who" data-testid="who">
          {state.user.displayName} · {state.user.role}
        </span>
        <button type="button" onClick={() => void logout()}>
          Log out
        </button>
      </header>
      <main>
        <Routes>
          <Route path="/" element={<DashboardPage />} />
          <Route path="/agent" element={<AgentPage />} />
          <Route path="/cases" element={<CasesPage />} />
          <Route path="/cases/:ref" element={<CasePage />} />
          <Route path="/customers/:id" element={<CustomerPage />} />
          <Route path="/customers" element={<SearchPage />} />
          <Route path="/admin" element={<AdminLayout />}>
            <Route index element={<AdminPage />} />
            <Route path="rule-history" element={<RuleHistoryPage />} />
            <Route path="agents" element={<AgentsAdminPage />} />
            <Route path="users" element={<UsersPage />} />
            <Route path="api-keys" element={<ApiKeysPage />} />
            <Route path="audit-log" element={<AuditLogPage />} />
            <Route path="crm-import" element={<CrmImportPage />} />
            <Route path="crm-connectors" element={<CrmConnectorsPage />} />
          </Route>
          <Route
            path="*"
            element={
              <p className="pad">
                No such page. <Link to="/">Back to the dashboard</Link>
              </p>
            }
          />
        </Routes>
      </main>
    </SessionContext.Provider>
  );
}
