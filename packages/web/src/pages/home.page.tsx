import { useMemo, type ReactNode } from 'react';
import { Link } from 'react-router';
import { Alert, Col, Descriptions, Empty, List, Row, Spin, Statistic, Tag, Typography, theme } from 'antd';
import type { Bundle } from '@medplum/fhirtypes';
import dayjs from 'dayjs';
import { api } from '../api/http.api.ts';
import { searchAudit, type AuditEventView } from '../api/audit.api.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { useSession } from '../session/session.context.tsx';
import { holds } from '../session/permissions.ts';
import { barChartOption, Chart, pieChartOption } from '../widgets/chart/chart.tsx';
import { DashboardGrid, type DashboardWidget } from '../widgets/dashboard/dashboard-grid.tsx';
import { countByHour, startOfLocalDay } from '../widgets/dashboard/hourly.ts';
import { isRecentPages, RECENT_PAGES_SETTING, type RecentPage } from '../widgets/dashboard/recent-pages.ts';
import { useLoad, type Loaded } from '../widgets/dashboard/use-load.ts';
import { useOrganizationNames } from '../widgets/patient/organization-names.ts';
import { useUserSetting } from '../widgets/settings/user-settings.context.tsx';

/** How many resources of a type the user may see (the store applies their access policies to the count too). */
const countOf = async (type: string, query: Record<string, string> = {}): Promise<number> =>
  (await api<Bundle>(`/fhir/R4/${type}`, { query: { ...query, _summary: 'count' } })).total ?? 0;

const GENDERS = ['male', 'female', 'other'] as const;
const NO_PAGES: RecentPage[] = [];
// Audit pages are at most 1,000 entries; a county's sign-ins of one day fit in a few.
const MAX_AUDIT_PAGES = 10;

/** Today's successful sign-ins (all of them, page by page) bucketed per local hour. */
async function signInsToday(from: string): Promise<number[]> {
  const instants: string[] = [];
  for (let page = 0; page < MAX_AUDIT_PAGES; page++) {
    const { total, entries } = await searchAudit({ action: 'login', from, count: 1000, offset: page * 1000, outcome: '0' });
    instants.push(...entries.map((e) => e.recorded));
    if (instants.length >= total || entries.length === 0) break;
  }
  return countByHour(instants, new Date());
}

function Loading<T>({ loaded, children }: { loaded: Loaded<T>; children: (value: T) => ReactNode }) {
  const { t } = useI18n();
  if (loaded.state === 'loading') return <Spin style={{ display: 'block', marginTop: 24 }} />;
  if (loaded.state === 'failed') return <Alert type="warning" showIcon title={t('home.loadFailed', { message: loaded.error })} />;
  return <>{children(loaded.value)}</>;
}

function Welcome() {
  const { t } = useI18n();
  const { me } = useSession();
  const names = useOrganizationNames([me.institution]);
  return (
    <div>
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {t('home.welcome', { name: me.displayName ?? me.username ?? me.id })}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.welcomeHint')}</Typography.Paragraph>
      <Descriptions column={1} size="small">
        <Descriptions.Item label={t('home.institution')}>{me.institution ? names[me.institution] : '—'}</Descriptions.Item>
        <Descriptions.Item label={t('home.roles')}>
          {(me.roles ?? []).map((r) => (
            <Tag key={r}>{r}</Tag>
          ))}
        </Descriptions.Item>
      </Descriptions>
    </div>
  );
}

function Statistics() {
  const { t } = useI18n();
  const { me } = useSession();
  const loaded = useLoad(`stats:${me.institution ?? ''}`, async () => {
    const [patients, practitioners, organizations] = await Promise.all([countOf('Patient'), countOf('Practitioner'), countOf('Organization')]);
    return { patients, practitioners, organizations };
  });
  return (
    <Loading loaded={loaded}>
      {(v) => (
        <Row gutter={16} style={{ paddingTop: 24 }}>
          <Col span={8}>
            <Statistic title={t('home.stat.patients')} value={v.patients} />
          </Col>
          <Col span={8}>
            <Statistic title={t('home.stat.practitioners')} value={v.practitioners} />
          </Col>
          <Col span={8}>
            <Statistic title={t('home.stat.organizations')} value={v.organizations} />
          </Col>
        </Row>
      )}
    </Loading>
  );
}

function PatientsByGender({ height }: { height: number }) {
  const { t } = useI18n();
  const { me } = useSession();
  const loaded = useLoad(`gender:${me.institution ?? ''}`, async () => {
    const [total, ...byGender] = await Promise.all([countOf('Patient'), ...GENDERS.map((gender) => countOf('Patient', { gender }))]);
    return { total, byGender };
  });
  return (
    <Loading loaded={loaded}>
      {({ total, byGender }) => {
        const known = byGender.reduce((a, b) => a + b, 0);
        const data = [
          ...GENDERS.map((g, i) => ({ name: t(`patient.gender.${g}`), value: byGender[i] })),
          { name: t('patient.gender.unknown'), value: Math.max(0, total - known) },
        ];
        return <Chart option={pieChartOption({ data, donut: true })} height={height} empty={total === 0} />;
      }}
    </Loading>
  );
}

function SignIns({ height }: { height: number }) {
  const { t } = useI18n();
  const from = startOfLocalDay(new Date()).toISOString();
  const loaded = useLoad(`signins:${from}`, () => signInsToday(from));
  return (
    <Loading loaded={loaded}>
      {(hours) => (
        <Chart
          option={barChartOption({ categories: hours.map((_, h) => t('home.hour', { hour: h })), series: [{ name: t('home.signIns'), data: hours }], integer: true })}
          height={height}
          empty={hours.every((n) => n === 0)}
        />
      )}
    </Loading>
  );
}

const agentOf = (e: AuditEventView) => e.agent?.[0]?.who?.display ?? e.agent?.[0]?.altId ?? e.agent?.[0]?.who?.identifier?.value ?? '';

function FailedLogins() {
  const { token } = theme.useToken();
  const from = startOfLocalDay(new Date()).toISOString();
  const loaded = useLoad(`failed:${from}`, () => searchAudit({ action: 'login', from, count: 5, offset: 0, outcome: '4' }));
  return (
    <Loading loaded={loaded}>
      {({ total, entries }) => (
        <div>
          <Statistic value={total} styles={{ content: { color: total > 0 ? token.colorError : undefined } }} />
          <List
            size="small"
            dataSource={entries}
            renderItem={(e) => (
              <List.Item style={{ paddingInline: 0 }}>
                <Typography.Text ellipsis>{agentOf(e)}</Typography.Text>
                <Typography.Text type="secondary">{dayjs(e.recorded).format('HH:mm:ss')}</Typography.Text>
              </List.Item>
            )}
          />
        </div>
      )}
    </Loading>
  );
}

function RecentPages() {
  const { t } = useI18n();
  const [pages] = useUserSetting<RecentPage[]>(RECENT_PAGES_SETTING, NO_PAGES, isRecentPages);
  if (pages.length === 0) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('home.noRecentPages')} />;
  return (
    <List
      size="small"
      dataSource={pages}
      renderItem={(p) => (
        <List.Item style={{ paddingInline: 0 }}>
          <Link to={p.path}>{p.title}</Link>
          <Typography.Text type="secondary">{dayjs(p.at).format('MM-DD HH:mm')}</Typography.Text>
        </List.Item>
      )}
    />
  );
}

/**
 * The home dashboard: who and where the user is, figures and charts from data the user may see (counts go through
 * the store's access policies; sign-in figures need audit.read), and the pages they opened last. Users arrange it
 * for themselves (DashboardGrid, saved per user); modules will add widgets.
 */
export default function HomePage() {
  const { t } = useI18n();
  const { me } = useSession();
  const canSearch = holds(me.permissions, 'fhir.search');
  const canAudit = holds(me.permissions, 'audit.read');
  const widgets = useMemo<DashboardWidget[]>(
    () => [
      { id: 'welcome', title: t('home.profile'), defaultWidth: 2, defaultHeight: 180, render: () => <Welcome /> },
      ...(canSearch ? [{ id: 'stats', title: t('home.overview'), defaultWidth: 2 as const, defaultHeight: 180, render: () => <Statistics /> }] : []),
      ...(canAudit
        ? [
            { id: 'signins', title: t('home.signInsToday'), defaultWidth: 3 as const, defaultHeight: 260, render: () => <SignIns height={240} /> },
            { id: 'failedLogins', title: t('home.failedLoginsToday'), defaultWidth: 1 as const, defaultHeight: 260, render: () => <FailedLogins /> },
          ]
        : []),
      ...(canSearch ? [{ id: 'patientsByGender', title: t('home.patientsByGender'), defaultWidth: 2 as const, defaultHeight: 260, render: () => <PatientsByGender height={240} /> }] : []),
      { id: 'recentPages', title: t('home.recentPages'), defaultWidth: 2, defaultHeight: 260, render: () => <RecentPages /> },
    ],
    [t, canSearch, canAudit],
  );
  return <DashboardGrid settingsKey="dashboard.home" widgets={widgets} />;
}
