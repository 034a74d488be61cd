import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { AdminLayout } from '../layout/admin-layout';
import { EnterpriseLayout } from '../layout/enterprise-layout';
import { AdminDashboardPage } from '../pages/admin/admin-dashboard-page';
import { AggregationPage } from '../pages/admin/aggregation-page';
import { EnterpriseDirectoryPage } from '../pages/admin/enterprise-directory-page';
import { RemindersPage } from '../pages/admin/reminders-page';
import { ReviewFilingPage } from '../pages/admin/review-filing-page';
import { ReviewQueuePage } from '../pages/admin/review-queue-page';
import { TasksPage } from '../pages/admin/tasks-page';
import { EnterpriseHomePage } from '../pages/enterprise/enterprise-home-page';
import { FilingGuidePage } from '../pages/enterprise/filing-guide-page';
import { FilingPage } from '../pages/enterprise/filing-page';
import { FilingQueryPage } from '../pages/enterprise/filing-query-page';
import { MyTasksPage } from '../pages/enterprise/my-tasks-page';
import { TaskApplicationPage } from '../pages/enterprise/task-application-page';
import { UserCenterPage } from '../pages/enterprise/user-center-page';
import { NotFoundPage } from '../pages/errors/not-found-page';
import { RouteErrorPage } from '../pages/errors/route-error-page';
import { LoginPage } from '../pages/login/login-page';
import { BindingPage } from '../pages/account/binding-page';
import { RegisterPage } from '../pages/account/register-page';
import { SmsOutboxPage } from '../pages/account/sms-outbox-page';
import { VerificationPage } from '../pages/account/verification-page';
import { AdminAccountsPage } from '../pages/admin/admin-accounts-page';
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

// Paths are relative to their parent; `routes/paths.ts` holds the same paths for links.
export const router = createBrowserRouter([
  {
    element: <Outlet />,
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/', element: <RootRedirect /> },
      { path: '/login', element: <LoginPage /> },
      { path: '/register', element: <RegisterPage /> },
      { path: '/account/verify', element: <VerificationPage /> },
      { path: '/account/bind', element: <BindingPage /> },
      { path: '/dev/sms-outbox', element: <SmsOutboxPage /> },
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
              { path: 'tasks/:taskId/filing', element: <FilingPage /> },
              { path: 'task-applications', element: <TaskApplicationPage /> },
              { path: 'guide', element: <FilingGuidePage /> },
              { path: 'filings', element: <FilingQueryPage /> },
              { path: 'filings/:filingId', element: <FilingPage /> },
              { path: 'profile', element: <UserCenterPage /> },
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
              { index: true, element: <AdminDashboardPage /> },
              { path: 'tasks', element: <TasksPage /> },
              { path: 'enterprises', element: <EnterpriseDirectoryPage /> },
              { path: 'review', element: <ReviewQueuePage /> },
              { path: 'review/:filingId', element: <ReviewFilingPage /> },
              { path: 'reminders', element: <RemindersPage /> },
              { path: 'aggregation', element: <AggregationPage /> },
              { path: 'accounts', element: <AdminAccountsPage /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage isStandalone /> },
    ],
  },
]);
