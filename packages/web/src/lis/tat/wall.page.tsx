import { useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { Button, Col, ConfigProvider, Row, Space, theme, Typography } from 'antd';
import { FullscreenOutlined } from '@ant-design/icons';
import dayjs from 'dayjs';
import type { Organization } from '@medplum/fhirtypes';
import { fetchMe } from '../../api/auth.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { readResource } from '../../admin/fhir.api.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { tokenStore } from '../../session/tokens.ts';
import { Chart, barChartOption } from '../../widgets/chart/chart.tsx';
import { labApi } from '../qc/lab.api.ts';
import { percent } from '../stats/stats-format.ts';
import { useDurationText } from './duration.tsx';
import { tatApi } from './tat.api.ts';
import { isSpecimenStatus, needsScroll, scrollSeconds, sortOverdue, statusCounts, withinTargetTone } from './tat-format.ts';
import { KIND_COLOURS } from './tat-overdue.tsx';
import { WallPanel, WallTile } from './wall-parts.tsx';
import './wall.css';

/** The wall refreshes itself; 15 s keeps the overdue list current without loading the server. */
export const WALL_REFRESH_MS = 15_000;
const VISIBLE_ROWS = 8;
const TONES = { good: '#73d13d', watch: '#ffc53d', bad: '#ff4d4f', none: '#d9d9d9' } as const;

/**
 * 智能大屏 (seed 004: 标本总览监控, 超时提醒) for the laboratory's large display: specimens by status, what is overdue
 * now (scrolling when it is long), today's receipt → report turnaround with its percentiles and share within target,
 * and received / reported per hour — dark, large type, refreshed every 15 s. Outside the shell (`/lis/wall`,
 * `?institution=` for region-wide users), it uses the browser's session: without one it goes to the login and back.
 */
export default function WallScreenPage() {
  const { t, locale } = useI18n();
  const { pathname, search } = useLocation();
  const [params] = useSearchParams();
  const [tick, setTick] = useState(0);
  const [now, setNow] = useState(() => dayjs());
  const signedIn = tokenStore.get() !== null;
  const requested = params.get('institution') ?? undefined;
  useEffect(() => {
    const refresh = setInterval(() => setTick((n) => n + 1), WALL_REFRESH_MS);
    const clock = setInterval(() => setNow(dayjs()), 1000);
    return () => {
      clearInterval(refresh);
      clearInterval(clock);
    };
  }, []);

  const me = useLoad(() => fetchMe(), [], signedIn);
  const institution = requested ?? me.data?.institution;
  const scope = useMemo(() => ({ institution }), [institution]);
  const ready = signedIn && !!me.data;
  const wall = useLoad(() => tatApi.wall(scope), [scope, tick], ready);
  const lab = useLoad(() => readResource<Organization>('Organization', wall.data!.institution).then((o) => o.name ?? o.id!), [wall.data?.institution], !!wall.data?.institution);
  const panels = useLoad(() => labApi.panels(scope), [scope], ready);
  const duration = useDurationText();

  if (!signedIn) return <Navigate to="/login" replace state={{ from: `${pathname}${search}` }} />;
  const data = wall.data;
  const panelName = (code: string) => panels.data?.find((p) => p.code === code)?.name ?? code;
  const overdue = sortOverdue(data?.overdue ?? []);
  const scrolling = needsScroll(overdue.length, VISIBLE_ROWS);
  const rr = data?.today.receiptToReport;
  const tone = TONES[withinTargetTone(data?.today.withinTarget)];
  const failure = wall.error ?? me.error;

  return (
    <ConfigProvider theme={{ algorithm: theme.darkAlgorithm, token: { colorPrimary: '#1677ff', colorBgContainer: '#111d2c', fontSize: 16 } }}>
      <div className="mu-wall" data-testid="lis-wall">
        <header className="mu-wall__header">
          <Typography.Title level={1} className="mu-wall__title">
            {lab.data ?? data?.institution ?? ''} · {t('lisTat.wall.title')}
          </Typography.Title>
          <Space size={24} align="center">
            <span className="mu-wall__clock">{now.format('YYYY-MM-DD HH:mm:ss')}</span>
            <Typography.Text type="secondary" data-testid="wall-updated">
              {data ? t('lisTat.wall.updated', { at: dayjs(data.at).format('HH:mm:ss'), seconds: WALL_REFRESH_MS / 1000 }) : t('lisTat.wall.loading')}
            </Typography.Text>
            <Button type="text" icon={<FullscreenOutlined />} aria-label={t('lisTat.wall.fullscreen')} onClick={() => void document.documentElement.requestFullscreen?.().catch(() => undefined)} />
          </Space>
        </header>
        {failure ? <div className="mu-wall__error">{errorText(failure, locale)}</div> : null}
        <Row gutter={[16, 16]} className="mu-wall__tiles" data-testid="wall-counts">
          {statusCounts(data?.counts ?? {}).map(({ status, count }) => (
            <Col key={status} flex="1 1 0">
              <WallTile label={isSpecimenStatus(status) ? t(`lisTat.status.${status}`) : status} value={count} alert={status === 'rejected' && count > 0} />
            </Col>
          ))}
        </Row>
        <Row gutter={[16, 16]} className="mu-wall__body">
          <Col xs={24} xl={14}>
            <WallPanel title={t('lisTat.wall.overdue', { count: overdue.length })} alert={overdue.length > 0}>
              {overdue.length === 0 ? (
                <div className="mu-wall__calm">{t('lisTat.wall.noOverdue')}</div>
              ) : (
                <div className="mu-wall__list" data-testid="wall-overdue">
                  <div className={scrolling ? 'mu-wall__scroll' : undefined} style={scrolling ? { animationDuration: `${scrollSeconds(overdue.length)}s` } : undefined}>
                    {(scrolling ? [...overdue, ...overdue] : overdue).map((item, i) => (
                      <div key={`${item.specimenId}-${item.kind}-${i}`} className="mu-wall__row" aria-hidden={i >= overdue.length || undefined}>
                        <span className="mu-wall__kind" style={{ background: `var(--mu-wall-${KIND_COLOURS[item.kind]})` }}>
                          {t(`lisTat.kind.${item.kind}`)}
                        </span>
                        <span className="mu-wall__barcode">{item.barcode ?? item.specimenId}</span>
                        {item.priority === 'stat' && <span className="mu-wall__stat">{t('lisTat.stat')}</span>}
                        <span className="mu-wall__panels">{item.panels.map(panelName).join('、')}</span>
                        <span className="mu-wall__dept">{item.department ?? ''}</span>
                        <span className="mu-wall__late">{t('lisTat.wall.late', { duration: duration(item.overdueMinutes) })}</span>
                      </div>
                    ))}
                  </div>
                </div>
              )}
            </WallPanel>
          </Col>
          <Col xs={24} xl={10}>
            <WallPanel title={t('lisTat.wall.today')}>
              <div className="mu-wall__tat" data-testid="wall-tat">
                <div>
                  <div className="mu-wall__label">{t('lisTat.wall.reported')}</div>
                  <div className="mu-wall__figure">{data?.today.reported ?? 0}</div>
                </div>
                <div>
                  <div className="mu-wall__label">{t('lisTat.wall.withinTarget')}</div>
                  <div className="mu-wall__figure" style={{ color: tone }}>
                    {percent(data?.today.withinTarget)}
                  </div>
                </div>
                {(['median', 'p90', 'p95'] as const).map((k) => (
                  <div key={k}>
                    <div className="mu-wall__label">{t(`lisTat.wall.${k}`)}</div>
                    <div className="mu-wall__figure mu-wall__figure--small">{duration(rr?.[k])}</div>
                  </div>
                ))}
              </div>
              <Chart
                height={220}
                empty={!data?.hourly.some((h) => h.received || h.reported)}
                option={barChartOption({
                  categories: (data?.hourly ?? []).map((h) => String(h.hour)),
                  series: [
                    { name: t('lisTat.wall.received'), data: (data?.hourly ?? []).map((h) => h.received) },
                    { name: t('lisTat.wall.reportedHourly'), data: (data?.hourly ?? []).map((h) => h.reported) },
                  ],
                  integer: true,
                })}
              />
            </WallPanel>
          </Col>
        </Row>
      </div>
    </ConfigProvider>
  );
}
