import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { AppLayout } from './components/layout/AppLayout';
import { RedirectIfSignedIn } from './components/RedirectIfSignedIn';
import { NotFoundPage } from './features/errors/NotFoundPage';
import { RouteErrorPage } from './features/errors/RouteErrorPage';
import { page } from './lib/lazyPage';

// Every page loads its own code when its route first matches (a signed-out visit to `/@handle` fetches the
// layout and the profile page, nothing of settings or admin). One line per route:
//   { path: 'board', lazy: page(() => import('./features/overflow/BoardPage'), 'BoardPage') },
// Only the frame (AppLayout) and the error pages are in the entry chunk.
export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    HydrateFallback: () => null,
    children: [
      { index: true, lazy: page(() => import('./features/home/HomePage'), 'HomePage') },
      {
        element: (
          <RedirectIfSignedIn>
            <Outlet />
          </RedirectIfSignedIn>
        ),
        children: [
          { path: 'signin', lazy: page(() => import('./features/auth/SignInPage'), 'SignInPage') },
          { path: 'signup', lazy: page(() => import('./features/auth/SignUpPage'), 'SignUpPage') },
        ],
      },
      {
        path: 'verify-email',
        lazy: page(() => import('./features/auth/VerifyEmailPage'), 'VerifyEmailPage'),
      },
      {
        path: 'forgot-password',
        lazy: page(() => import('./features/auth/ForgotPasswordPage'), 'ForgotPasswordPage'),
      },
      {
        path: 'reset-password',
        lazy: page(() => import('./features/auth/ResetPasswordPage'), 'ResetPasswordPage'),
      },
      {
        path: 'confirm-email',
        lazy: page(() => import('./features/auth/ConfirmEmailChangePage'), 'ConfirmEmailChangePage'),
      },
      {
        path: 'settings',
        lazy: page(() => import('./features/settings/SettingsLayout'), 'SettingsLayout'),
        children: [
          { index: true, element: <Navigate to="/settings/profile" replace /> },
          {
            path: 'profile',
            lazy: page(() => import('./features/settings/ProfileSettingsPage'), 'ProfileSettingsPage'),
          },
          {
            path: 'work',
            lazy: page(() => import('./features/settings/WorkSettingsPage'), 'WorkSettingsPage'),
          },
          {
            path: 'email',
            lazy: page(() => import('./features/settings/EmailSettingsPage'), 'EmailSettingsPage'),
          },
          { path: 'security', lazy: page(() => import('./features/settings/SecurityPage'), 'SecurityPage') },
          { path: 'activity', lazy: page(() => import('./features/settings/ActivityPage'), 'ActivityPage') },
          { path: 'tokens', lazy: page(() => import('./features/settings/TokensPage'), 'TokensPage') },
          { path: 'account', lazy: page(() => import('./features/settings/AccountPage'), 'AccountPage') },
        ],
      },
      {
        path: 'unsubscribe',
        lazy: page(() => import('./features/email/UnsubscribePage'), 'UnsubscribePage'),
      },
      { path: 'admin', lazy: page(() => import('./features/admin/AdminPage'), 'AdminPage') },
      { path: 'admin/outbox', lazy: page(() => import('./features/admin/OutboxPage'), 'OutboxPage') },
      {
        path: 'admin/outbox/:messageId',
        lazy: page(() => import('./features/admin/OutboxMessagePage'), 'OutboxMessagePage'),
      },
      {
        path: 'admin/members',
        lazy: page(() => import('./features/moderation/AdminMembersPage'), 'AdminMembersPage'),
      },
      {
        path: 'admin/reports',
        lazy: page(() => import('./features/moderation/AdminReportsPage'), 'AdminReportsPage'),
      },
      { path: 'admin/audit', lazy: page(() => import('./features/admin/AuditLogPage'), 'AuditLogPage') },
      { path: 'board', lazy: page(() => import('./features/overflow/BoardPage'), 'BoardPage') },
      { path: 'search', lazy: page(() => import('./features/search/SearchPage'), 'SearchPage') },
      {
        path: 'search/people',
        lazy: page(() => import('./features/search/PeopleSearchPage'), 'PeopleSearchPage'),
      },
      {
        path: 'overflow/new',
        lazy: page(() => import('./features/overflow/OverflowFormPages'), 'NewOverflowPage'),
      },
      {
        path: 'overflow/:overflowId',
        lazy: page(() => import('./features/overflow/OverflowPage'), 'OverflowPage'),
      },
      {
        path: 'overflow/:overflowId/edit',
        lazy: page(() => import('./features/overflow/OverflowFormPages'), 'EditOverflowPage'),
      },
      { path: 'work', lazy: page(() => import('./features/work/MyWorkPage'), 'MyWorkPage') },
      {
        path: 'engagements/:engagementId',
        lazy: page(() => import('./features/engagements/EngagementPage'), 'EngagementPage'),
      },
      { path: 'ties', lazy: page(() => import('./features/ties/TiesPage'), 'TiesPage') },
      { path: 'network', lazy: page(() => import('./features/network/NetworkPage'), 'NetworkPage') },
      { path: 'insights', lazy: page(() => import('./features/insights/MyInsightsPage'), 'MyInsightsPage') },
      {
        path: 'insights/instance',
        lazy: page(() => import('./features/insights/CommunityInsightsPage'), 'CommunityInsightsPage'),
      },
      {
        path: 'notifications',
        lazy: page(() => import('./features/notifications/NotificationsPage'), 'NotificationsPage'),
      },
      // `/@handle`: React Router matches whole segments only, so the page checks for the "@".
      { path: ':profileHandle', lazy: page(() => import('./features/profile/ProfilePage'), 'ProfilePage') },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
