import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { AdminLayout } from '../layout/admin-layout';
import { EnterpriseLayout } from '../layout/enterprise-layout';
import { EnterpriseHomePage } from '../pages/enterprise/enterprise-home-page';
import { MyTasksPage } from '../pages/enterprise/my-tasks-page';
import { NotFoundPage } from '../pages/errors/not-found-page';
import { RouteErrorPage } from '../pages/errors/route-error-page';
import { LoginPage } from '../pages/login/login-page';
import { FullPageSpin } from '../components/full-page-spin';
import { RequireRole } from '../session/require-role';
import { roleHome } from '../session/role-home';
import { useSession } from '../session/session-context';

/** `/`: the user's home when signed in, the login page otherwise. */
function RootRedirect() {
  const { state } = useSession();
  if (state.status === 'loading') return <FullPageSpin />;
  return <Navigate to={state.status === 'authenticated' ? roleHome[state.user.role] : '/login'} replace />;
}

// Paths are relative to their parent; `routes/paths.ts` holds the same paths for links. The home pages and the
// login page come with the first load; every other page is fetched when it is first opened.
export const router = createBrowserRouter([
  {
    element: <Outlet />,
    errorElement: <RouteErrorPage />,
    hydrateFallbackElement: <FullPageSpin />,
    children: [
      { path: '/', element: <RootRedirect /> },
      { path: '/login', element: <LoginPage /> },
      {
        path: '/login/first-sign-in',
        lazy: () =>
          import('../pages/login/first-sign-in-page').then((module) => ({
            Component: module.FirstSignInPage,
          })),
      },
      {
        path: '/forgot-password',
        lazy: () =>
          import('../pages/login/forgot-password-page').then((module) => ({
            Component: module.ForgotPasswordPage,
          })),
      },
      {
        path: '/register',
        lazy: () =>
          import('../pages/account/register-page').then((module) => ({ Component: module.RegisterPage })),
      },
      {
        path: '/account/verify',
        lazy: () =>
          import('../pages/account/verification-page').then((module) => ({
            Component: module.VerificationPage,
          })),
      },
      {
        path: '/account/bind',
        lazy: () =>
          import('../pages/account/binding-page').then((module) => ({ Component: module.BindingPage })),
      },
      {
        path: '/account/new-password',
        lazy: () =>
          import('../pages/account/new-password-page').then((module) => ({
            Component: module.NewPasswordPage,
          })),
      },
      {
        path: '/dev/sms-outbox',
        lazy: () =>
          import('../pages/account/sms-outbox-page').then((module) => ({ Component: module.SmsOutboxPage })),
      },
      {
        path: '/enterprise',
        element: (
          <RequireRole role="enterprise">
            <EnterpriseLayout />
          </RequireRole>
        ),
        children: [
          {
            errorElement: <RouteErrorPage />,
            children: [
              { index: true, element: <EnterpriseHomePage /> },
              { path: 'tasks', element: <MyTasksPage /> },
              {
                path: 'tasks/:taskId/filing',
                lazy: () =>
                  import('../pages/enterprise/filing-page').then((module) => ({
                    Component: module.FilingPage,
                  })),
              },
              {
                path: 'task-applications',
                lazy: () =>
                  import('../pages/enterprise/task-application-page').then((module) => ({
                    Component: module.TaskApplicationPage,
                  })),
              },
              {
                path: 'guide',
                lazy: () =>
                  import('../pages/enterprise/filing-guide-page').then((module) => ({
                    Component: module.FilingGuidePage,
                  })),
              },
              {
                path: 'filings',
                lazy: () =>
                  import('../pages/enterprise/filing-query-page').then((module) => ({
                    Component: module.FilingQueryPage,
                  })),
              },
              {
                path: 'filings/:filingId',
                lazy: () =>
                  import('../pages/enterprise/filing-page').then((module) => ({
                    Component: module.FilingPage,
                  })),
              },
              {
                path: 'messages',
                lazy: () =>
                  import('../pages/enterprise/messages/messages-page').then((module) => ({
                    Component: module.MessagesPage,
                  })),
              },
              {
                path: 'announcements',
                lazy: () =>
                  import('../pages/announcements/announcements-page').then((module) => ({
                    Component: module.AnnouncementsPage,
                  })),
              },
              {
                path: 'profile',
                lazy: () =>
                  import('../pages/enterprise/user-center-page').then((module) => ({
                    Component: module.UserCenterPage,
                  })),
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      {
        path: '/admin',
        element: (
          <RequireRole role="admin">
            <AdminLayout />
          </RequireRole>
        ),
        children: [
          {
            errorElement: <RouteErrorPage />,
            children: [
              {
                index: true,
                lazy: () =>
                  import('../pages/admin/admin-dashboard-page').then((module) => ({
                    Component: module.AdminDashboardPage,
                  })),
              },
              {
                path: 'tasks',
                lazy: () =>
                  import('../pages/admin/tasks-page').then((module) => ({ Component: module.TasksPage })),
              },
              {
                path: 'enterprises',
                lazy: () =>
                  import('../pages/admin/enterprise-directory-page').then((module) => ({
                    Component: module.EnterpriseDirectoryPage,
                  })),
              },
              {
                path: 'review',
                lazy: () =>
                  import('../pages/admin/review-queue-page').then((module) => ({
                    Component: module.ReviewQueuePage,
                  })),
              },
              {
                path: 'review/:filingId',
                lazy: () =>
                  import('../pages/admin/review-filing-page').then((module) => ({
                    Component: module.ReviewFilingPage,
                  })),
              },
              {
                path: 'change-requests',
                lazy: () =>
                  import('../pages/admin/change-requests-page').then((module) => ({
                    Component: module.ChangeRequestsPage,
                  })),
              },
              {
                path: 'reminders',
                lazy: () =>
                  import('../pages/admin/reminders-page').then((module) => ({
                    Component: module.RemindersPage,
                  })),
              },
              {
                path: 'aggregation',
                lazy: () =>
                  import('../pages/admin/aggregation-page').then((module) => ({
                    Component: module.AggregationPage,
                  })),
              },
              {
                path: 'data-quality',
                lazy: () =>
                  import('../pages/admin/data-quality-page').then((module) => ({
                    Component: module.DataQualityPage,
                  })),
              },
              {
                path: 'accounts',
                lazy: () =>
                  import('../pages/admin/admin-accounts-page').then((module) => ({
                    Component: module.AdminAccountsPage,
                  })),
              },
              {
                path: 'binding-review',
                lazy: () =>
                  import('../pages/admin/binding-review-page').then((module) => ({
                    Component: module.BindingReviewPage,
                  })),
              },
              {
                path: 'announcements',
                lazy: () =>
                  import('../pages/announcements/announcements-page').then((module) => ({
                    Component: module.AnnouncementsPage,
                  })),
              },
              {
                path: 'review-chains',
                lazy: () =>
                  import('../pages/admin/review-chains-page').then((module) => ({
                    Component: module.ReviewChainsPage,
                  })),
              },
              {
                path: 'rule-switches',
                lazy: () =>
                  import('../pages/admin/rule-switches-page').then((module) => ({
                    Component: module.RuleSwitchesPage,
                  })),
              },
              {
                path: 'exchange-import',
                lazy: () =>
                  import('../pages/admin/exchange-import-page').then((module) => ({
                    Component: module.ExchangeImportPage,
                  })),
              },
              {
                path: 'moving-in',
                lazy: () =>
                  import('../pages/admin/moving-in-page').then((module) => ({
                    Component: module.MovingInPage,
                  })),
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage isStandalone /> },
    ],
  },
]);
