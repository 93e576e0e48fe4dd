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
const CodeSystemsPage = lazy(() => import('./terminology/code-systems.page.tsx'));
const DictionariesPage = lazy(() => import('./terminology/dictionaries.page.tsx'));
const MappingPage = lazy(() => import('./terminology/mapping.page.tsx'));
const UnmappedPage = lazy(() => import('./terminology/unmapped.page.tsx'));
const MpiReviewPage = lazy(() => import('./mpi/review.page.tsx'));
const MpiPersonsPage = lazy(() => import('./mpi/persons.page.tsx'));
const RecognitionDoctorPage = lazy(() => import('./recognition/doctor/doctor.page.tsx'));
const RecognitionEmbedPage = lazy(() => import('./recognition/doctor/embed.page.tsx'));
const RecognitionInstitutionsPage = lazy(() => import('./recognition/admin/institutions.page.tsx'));
const RecognitionYearsPage = lazy(() => import('./recognition/admin/years.page.tsx'));
const RecognitionQualificationsPage = lazy(() => import('./recognition/admin/qualifications.page.tsx'));
const RecognitionQcPage = lazy(() => import('./recognition/admin/qc.page.tsx'));
const RecognitionStatsPage = lazy(() => import('./recognition/admin/stats.page.tsx'));
const LisInstrumentsPage = lazy(() => import('./lis/instruments/instruments.page.tsx'));
const LisInstrumentMessagesPage = lazy(() => import('./lis/instruments/instrument-messages.page.tsx'));
const LisUnmatchedResultsPage = lazy(() => import('./lis/instruments/unmatched-results.page.tsx'));
const LisBenchPage = lazy(() => import('./lis/results/bench.page.tsx'));
const LisCriticalValuesPage = lazy(() => import('./lis/results/critical.page.tsx'));
const LisClinicalResultsPage = lazy(() => import('./lis/results/clinical-results.page.tsx'));
const LisResultsEmbedPage = lazy(() => import('./lis/results/clinical-embed.page.tsx'));
const LisPrintCentrePage = lazy(() => import('./lis/reports/print-centre.page.tsx'));
const LisReportSettingsPage = lazy(() => import('./lis/reports/report-settings.page.tsx'));
const LisOrderPage = lazy(() => import('./lis/specimens/order.page.tsx'));
const LisCollectionPage = lazy(() => import('./lis/specimens/collection.page.tsx'));
const LisReceiptPage = lazy(() => import('./lis/specimens/receipt.page.tsx'));
const LisRejectionsPage = lazy(() => import('./lis/specimens/rejections.page.tsx'));
const LisPoolsPage = lazy(() => import('./lis/specimens/pools.page.tsx'));
const LisCataloguePage = lazy(() => import('./lis/catalogue/catalogue.page.tsx'));
const LisQcMaterialsPage = lazy(() => import('./lis/qc/materials.page.tsx'));
const LisQcChartPage = lazy(() => import('./lis/qc/chart.page.tsx'));
const LisPbrtqcPage = lazy(() => import('./lis/qc/pbrtqc.page.tsx'));
const LisStatsPage = lazy(() => import('./lis/stats/stats.page.tsx'));
const LisTatPage = lazy(() => import('./lis/tat/tat.page.tsx'));
const LisWallPage = lazy(() => import('./lis/tat/wall.page.tsx'));

const page = (node: ReactNode) => <Suspense fallback={<Spin style={{ display: 'block', margin: '20vh auto' }} />}>{node}</Suspense>;

export const router = createBrowserRouter([
  { path: '/login', element: page(<LoginPage />) },
  // Embeddable in HIS doctor stations: the browser's session, no shell (packages/web README).
  { path: '/embed/recognition', element: page(<RecognitionEmbedPage />) },
  // A patient's released lab results for EMR/doctor stations, embeddable the same way.
  { path: '/embed/lis-results', element: page(<LisResultsEmbedPage />) },
  // The laboratory's wall screen (智能大屏): the browser's session, no shell, for a large display.
  { path: '/lis/wall', element: page(<LisWallPage />) },
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
      { path: 'terminology/code-systems', element: page(<CodeSystemsPage />) },
      { path: 'terminology/dictionaries', element: page(<DictionariesPage />) },
      { path: 'terminology/mapping', element: page(<MappingPage />) },
      { path: 'terminology/unmapped', element: page(<UnmappedPage />) },
      { path: 'mpi/review', element: page(<MpiReviewPage />) },
      { path: 'mpi/persons', element: page(<MpiPersonsPage />) },
      { path: 'recognition/doctor', element: page(<RecognitionDoctorPage />) },
      { path: 'recognition/admin/institutions', element: page(<RecognitionInstitutionsPage />) },
      { path: 'recognition/admin/years', element: page(<RecognitionYearsPage />) },
      { path: 'recognition/admin/qualifications', element: page(<RecognitionQualificationsPage />) },
      { path: 'recognition/admin/qc', element: page(<RecognitionQcPage />) },
      { path: 'recognition/admin/stats', element: page(<RecognitionStatsPage />) },
      { path: 'lis/instruments', element: page(<LisInstrumentsPage />) },
      { path: 'lis/instrument-messages', element: page(<LisInstrumentMessagesPage />) },
      { path: 'lis/unmatched-results', element: page(<LisUnmatchedResultsPage />) },
      { path: 'lis/bench', element: page(<LisBenchPage />) },
      { path: 'lis/critical', element: page(<LisCriticalValuesPage />) },
      { path: 'lis/print', element: page(<LisPrintCentrePage />) },
      { path: 'lis/report-settings', element: page(<LisReportSettingsPage />) },
      { path: 'lis/results', element: page(<LisClinicalResultsPage />) },
      { path: 'lis/orders/new', element: page(<LisOrderPage />) },
      { path: 'lis/collection', element: page(<LisCollectionPage />) },
      { path: 'lis/receipt', element: page(<LisReceiptPage />) },
      { path: 'lis/rejections', element: page(<LisRejectionsPage />) },
      { path: 'lis/pools', element: page(<LisPoolsPage />) },
      { path: 'lis/catalogue', element: page(<LisCataloguePage />) },
      { path: 'lis/qc/materials', element: page(<LisQcMaterialsPage />) },
      { path: 'lis/qc/chart', element: page(<LisQcChartPage />) },
      { path: 'lis/qc/pbrtqc', element: page(<LisPbrtqcPage />) },
      { path: 'lis/stats', element: page(<LisStatsPage />) },
      { path: 'lis/tat', element: page(<LisTatPage />) },
      // Module pages arrive with the modules; until then the shell shows which entry was chosen.
      { path: '*', element: page(<ModulePage />) },
    ],
  },
]);
