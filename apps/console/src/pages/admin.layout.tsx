import { NavLink, Outlet } from 'react-router';
import { may, useSession, type Role } from '../session.context';

/** The admin pages and who may open each (the API refuses the others with 403 anyway). */
const SECTIONS: Array<{ to: string; label: string; show: (role: Role) => boolean }> = [
  { to: '/admin', label: 'Rules & queues', show: () => true },
  { to: '/admin/rule-history', label: 'Rule history', show: () => true },
  { to: '/admin/agents', label: 'Agents', show: () => true },
  { to: '/admin/audit-log', label: 'Audit log', show: (r) => r === 'admin' || r === 'supervisor' },
  { to: '/admin/users', label: 'Users & roles', show: may.editConfig },
  { to: '/admin/api-keys', label: 'API keys', show: may.editConfig },
  { to: '/admin/crm-import', label: 'CRM import', show: may.importCrm },
  { to: '/admin/crm-connectors', label: 'CRM connectors', show: may.editConfig },
];

export function AdminLayout() {
  const { user } = useSession();
  return (
    <div className="admin-layout">
      <nav className="subnav" aria-label="Admin">
        {SECTIONS.filter((s) => s.show(user.role)).map((s) => (
          <NavLink key={s.to} to={s.to} end>
            {s.label}
          </NavLink>
        ))}
      </nav>
      <Outlet />
    </div>
  );
}
