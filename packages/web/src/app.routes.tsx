import { lazy, Suspense, type ReactNode } from 'react';
import { createBrowserRouter } from 'react-router';
import { Spin } from 'antd';

// Every page is its own chunk: the login page must not pay for the shell or the admin pages.
const LoginPage = lazy(() => import('./pages/login.page.tsx'));
const ShellLayout = lazy(() => import('./shell/shell.layout.tsx'));
const HomePage = lazy(() => import('./pages/home.page.tsx'));
const AuditPage = lazy(() => import('./pages/audit.page.tsx'));
const ModulePage = lazy(() => import('./pages/module.page.tsx'));

const page = (node: ReactNode) => <Suspense fallback={<Spin style={{ display: 'block', margin: '20vh auto' }} />}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: '/login', element: page(<LoginPage />) },
  {
    path: '/',
    element: page(<ShellLayout />),
    children: [
      { index: true, element: page(<HomePage />) },
      { path: 'admin/audit', element: page(<AuditPage />) },
      // Module pages arrive with the modules; until then the shell shows which entry was chosen.
      { path: '*', element: page(<ModulePage />) },
    ],
  },
]);
