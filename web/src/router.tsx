import { lazy } from 'react';
import { createBrowserRouter, Navigate } from 'react-router';
import { AppLayout } from './components/layout/AppLayout';
import { RedirectIfSignedIn } from './components/RedirectIfSignedIn';
import { ForgotPasswordPage } from './features/auth/ForgotPasswordPage';
import { ResetPasswordPage } from './features/auth/ResetPasswordPage';
import { SignInPage } from './features/auth/SignInPage';
import { SignUpPage } from './features/auth/SignUpPage';
import { VerifyEmailPage } from './features/auth/VerifyEmailPage';
import { NotFoundPage } from './features/errors/NotFoundPage';
import { RouteErrorPage } from './features/errors/RouteErrorPage';
import { HomePage } from './features/home/HomePage';

// Pages that pull in the Markdown renderer or are only for signed-in members load on demand.
const ProfilePage = lazy(() =>
  import('./features/profile/ProfilePage').then((m) => ({ default: m.ProfilePage })),
);
const SettingsLayout = lazy(() =>
  import('./features/settings/SettingsLayout').then((m) => ({ default: m.SettingsLayout })),
);
const ProfileSettingsPage = lazy(() =>
  import('./features/settings/ProfileSettingsPage').then((m) => ({ default: m.ProfileSettingsPage })),
);
const WorkSettingsPage = lazy(() =>
  import('./features/settings/WorkSettingsPage').then((m) => ({ default: m.WorkSettingsPage })),
);
const TokensPage = lazy(() =>
  import('./features/settings/TokensPage').then((m) => ({ default: m.TokensPage })),
);
const EmailSettingsPage = lazy(() =>
  import('./features/settings/EmailSettingsPage').then((m) => ({ default: m.EmailSettingsPage })),
);
const AccountPage = lazy(() =>
  import('./features/settings/AccountPage').then((m) => ({ default: m.AccountPage })),
);
const UnsubscribePage = lazy(() =>
  import('./features/email/UnsubscribePage').then((m) => ({ default: m.UnsubscribePage })),
);
const OutboxPage = lazy(() => import('./features/admin/OutboxPage').then((m) => ({ default: m.OutboxPage })));
const OutboxMessagePage = lazy(() =>
  import('./features/admin/OutboxMessagePage').then((m) => ({ default: m.OutboxMessagePage })),
);
const AdminPage = lazy(() => import('./features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const TiesPage = lazy(() => import('./features/ties/TiesPage').then((m) => ({ default: m.TiesPage })));
const NetworkPage = lazy(() =>
  import('./features/network/NetworkPage').then((m) => ({ default: m.NetworkPage })),
);
const MyInsightsPage = lazy(() =>
  import('./features/insights/MyInsightsPage').then((m) => ({ default: m.MyInsightsPage })),
);
const CommunityInsightsPage = lazy(() =>
  import('./features/insights/CommunityInsightsPage').then((m) => ({ default: m.CommunityInsightsPage })),
);
const NotificationsPage = lazy(() =>
  import('./features/notifications/NotificationsPage').then((m) => ({ default: m.NotificationsPage })),
);

const BoardPage = lazy(() => import('./features/overflow/BoardPage').then((m) => ({ default: m.BoardPage })));
const NewOverflowPage = lazy(() =>
  import('./features/overflow/OverflowFormPages').then((m) => ({ default: m.NewOverflowPage })),
);
const EditOverflowPage = lazy(() =>
  import('./features/overflow/OverflowFormPages').then((m) => ({ default: m.EditOverflowPage })),
);
const OverflowPage = lazy(() =>
  import('./features/overflow/OverflowPage').then((m) => ({ default: m.OverflowPage })),
);
const SearchPage = lazy(() =>
  import('./features/search/SearchPage').then((m) => ({ default: m.SearchPage })),
);
const PeopleSearchPage = lazy(() =>
  import('./features/search/PeopleSearchPage').then((m) => ({ default: m.PeopleSearchPage })),
);
const MyWorkPage = lazy(() => import('./features/work/MyWorkPage').then((m) => ({ default: m.MyWorkPage })));
const EngagementPage = lazy(() =>
  import('./features/engagements/EngagementPage').then((m) => ({ default: m.EngagementPage })),
);

export const router = createBrowserRouter([
  {
    element: <AppLayout />,
    errorElement: <RouteErrorPage />,
    children: [
      { index: true, element: <HomePage /> },
      {
        path: 'signin',
        element: (
          <RedirectIfSignedIn>
            <SignInPage />
          </RedirectIfSignedIn>
        ),
      },
      {
        path: 'signup',
        element: (
          <RedirectIfSignedIn>
            <SignUpPage />
          </RedirectIfSignedIn>
        ),
      },
      { path: 'verify-email', element: <VerifyEmailPage /> },
      { path: 'forgot-password', element: <ForgotPasswordPage /> },
      { path: 'reset-password', element: <ResetPasswordPage /> },
      {
        path: 'settings',
        element: <SettingsLayout />,
        children: [
          { index: true, element: <Navigate to="/settings/profile" replace /> },
          { path: 'profile', element: <ProfileSettingsPage /> },
          { path: 'work', element: <WorkSettingsPage /> },
          { path: 'email', element: <EmailSettingsPage /> },
          { path: 'tokens', element: <TokensPage /> },
          { path: 'account', element: <AccountPage /> },
        ],
      },
      { path: 'unsubscribe', element: <UnsubscribePage /> },
      { path: 'admin', element: <AdminPage /> },
      { path: 'admin/outbox', element: <OutboxPage /> },
      { path: 'admin/outbox/:messageId', element: <OutboxMessagePage /> },
      { path: 'board', element: <BoardPage /> },
      { path: 'search', element: <SearchPage /> },
      { path: 'search/people', element: <PeopleSearchPage /> },
      { path: 'overflow/new', element: <NewOverflowPage /> },
      { path: 'overflow/:overflowId', element: <OverflowPage /> },
      { path: 'overflow/:overflowId/edit', element: <EditOverflowPage /> },
      { path: 'work', element: <MyWorkPage /> },
      { path: 'engagements/:engagementId', element: <EngagementPage /> },
      { path: 'ties', element: <TiesPage /> },
      { path: 'network', element: <NetworkPage /> },
      { path: 'insights', element: <MyInsightsPage /> },
      { path: 'insights/instance', element: <CommunityInsightsPage /> },
      { path: 'notifications', element: <NotificationsPage /> },
      // `/@handle`: React Router matches whole segments only, so the page checks for the "@".
      { path: ':profileHandle', element: <ProfilePage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);
