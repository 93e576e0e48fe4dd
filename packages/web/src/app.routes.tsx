import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { Spin } from 'antd';

// Every page is its own chunk: the login page must not pay for the shell or the admin pages.
const LoginPage = lazy(() => import('./pages/login.page.tsx'));
const ShellLayout = lazy(() => import('./shell/shell.layout.tsx'));
const HomePage = lazy(() => import('./pages/home.page.tsx'));
const AuditPage = lazy(() => import('./pages/audit.page.tsx'));
const ModulePage = lazy(() => import('./pages/module.page.tsx'));
const WidgetGalleryPage = lazy(() => import('./pages/widget-gallery.page.tsx'));
const InstitutionsPage = lazy(() => import('./admin/institutions/institutions.page.tsx'));
const DepartmentsPage = lazy(() => import('./admin/departments/departments.page.tsx'));
const WardsPage = lazy(() => import('./admin/wards/wards.page.tsx'));
const StaffPage = lazy(() => import('./admin/staff/staff.page.tsx'));
const UsersPage = lazy(() => import('./admin/users/users.page.tsx'));
const RolesPage = lazy(() => import('./admin/roles/roles.page.tsx'));
const PoliciesPage = lazy(() => import('./admin/policies/policies.page.tsx'));
const ClientsPage = lazy(() => import('./admin/clients/clients.page.tsx'));
const ParametersPage = lazy(() => import('./admin/parameters/parameters.page.tsx'));
const ResourcesPage = lazy(() => import('./pages/resources.page.tsx'));

const page = (node: ReactNode) => <Suspense fallback={<Spin style={{ display: 'block', margin: '20vh auto' }} />}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: '/login', element: page(<LoginPage />) },
  {
    path: '/',
    element: page(<ShellLayout />),
    children: [
      { index: true, element: page(<HomePage />) },
      { path: 'admin/audit', element: page(<AuditPage />) },
      { path: 'admin/widgets', element: page(<WidgetGalleryPage />) },
      { path: 'admin/institutions', element: page(<InstitutionsPage />) },
      { path: 'admin/departments', element: page(<DepartmentsPage />) },
      { path: 'admin/wards', element: page(<WardsPage />) },
      { path: 'admin/staff', element: page(<StaffPage />) },
      { path: 'admin/users', element: page(<UsersPage />) },
      { path: 'admin/roles', element: page(<RolesPage />) },
      { path: 'admin/policies', element: page(<PoliciesPage />) },
      { path: 'admin/clients', element: page(<ClientsPage />) },
      { path: 'admin/parameters', element: page(<ParametersPage />) },
      { path: 'admin/resources', element: page(<ResourcesPage />) },
      // Module pages arrive with the modules; until then the shell shows which entry was chosen.
      { path: '*', element: page(<ModulePage />) },
    ],
  },
]);
