import { createBrowserRouter, Navigate, Outlet } from 'react-router';
import { AdminLayout } from '../layout/admin-layout';
import { EnterpriseLayout } from '../layout/enterprise-layout';
import { AdminDashboardPage } from '../pages/admin/admin-dashboard-page';
import { AdminModulePlaceholder } from '../pages/admin/admin-placeholder-pages';
import { EnterpriseDirectoryPage } from '../pages/admin/enterprise-directory-page';
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
              { path: 'tasks', element: <AdminModulePlaceholder module="tasks" /> },
              { path: 'enterprises', element: <EnterpriseDirectoryPage /> },
              { path: 'review', element: <AdminModulePlaceholder module="review" /> },
              { path: 'reminders', element: <AdminModulePlaceholder module="reminders" /> },
              { path: 'aggregation', element: <AdminModulePlaceholder module="aggregation" /> },
              { path: 'accounts', element: <AdminModulePlaceholder module="accounts" /> },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
        ],
      },
      { path: '*', element: <NotFoundPage isStandalone /> },
    ],
  },
]);
