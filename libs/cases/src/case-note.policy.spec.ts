import { noteRefusal } from './case-note.policy';

describe('noteRefusal', () => {
  it('admins and supervisors on any case; agents only on the case they hold', () => {
    expect(noteRefusal({ role: 'admin', agentId: null }, 'a-1')).toBeNull();
    expect(noteRefusal({ role: 'supervisor', agentId: null }, null)).toBeNull();
    expect(noteRefusal({ role: 'agent', agentId: 'a-1' }, 'a-1')).toBeNull();
    expect(noteRefusal({ role: 'agent', agentId: 'a-1' }, 'a-2')).toBe('not_case_holder');
    expect(noteRefusal({ role: 'agent', agentId: 'a-1' }, null)).toBe('not_case_holder');
    expect(noteRefusal({ role: 'agent', agentId: null }, null)).toBe('no_linked_agent');
    expect(noteRefusal({ role: 'viewer', agentId: null }, null)).toBe('role_not_allowed');
    expect(noteRefusal({ role: 'integration', agentId: null }, null)).toBe('role_not_allowed');
  });
});
