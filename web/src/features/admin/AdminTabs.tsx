import { LinkTabs } from '../../components/LinkTabs';

/** The admin area's sections. */
export function AdminTabs() {
  return (
    <LinkTabs
      label="Admin sections"
      tabs={[
        { to: '/admin', label: 'Settings', end: true },
        { to: '/admin/members', label: 'Members' },
        { to: '/admin/reports', label: 'Reports' },
        { to: '/admin/outbox', label: 'Outbox' },
        { to: '/admin/audit', label: 'Audit log' },
      ]}
    />
  );
}
