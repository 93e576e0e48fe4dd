import { useMemo, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Row, Segmented, Space, Typography, type InputRef } from 'antd';
import { CheckOutlined, ReloadOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useDepartments } from '../../admin/common/use-departments.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { CodePicker } from '../instruments/code-picker.tsx';
import { useLabScope } from '../instruments/lab-scope.tsx';
import { LabelPrint } from './label-print.tsx';
import { playCue } from './scan-cue.ts';
import { ScanInput } from './scan-input.tsx';
import { SpecimenTable } from './specimen-table.tsx';
import { chinaToday } from './specimen-logic.ts';
import { specimensApi } from './specimens.api.ts';
import { TimelineDrawer } from './timeline-drawer.tsx';
import { useLabCatalogue } from './use-lab-catalogue.ts';
import { useMyDepartment } from './use-my-department.ts';
import { useSpecimenList } from './use-specimen-list.ts';

type View = 'registered' | 'collected';
const DAY = 'YYYY-MM-DD';

/**
 * 标本采集 (nurse station): the ward's tubes waiting to be drawn, by ordering department and day. Scanning a tube's
 * label (or its 采集 button) records who drew it and when; labels print or re-print (补打, logged) for the chosen
 * rows. The barcode box keeps the focus, so a round is scan, scan, scan.
 */
export default function CollectionPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { me } = useSession();
  const canCollect = holds(me.permissions, 'lis.specimen.collect');
  const { scope, ready, picker } = useLabScope();
  const myDepartment = useMyDepartment();
  // undefined: not chosen yet (the user's own ward); null: every department.
  const [chosenDepartment, setDepartment] = useState<string | null>();
  const department = chosenDepartment === undefined ? myDepartment.department : (chosenDepartment ?? undefined);
  const [range, setRange] = useState<[Dayjs, Dayjs]>(() => [dayjs(chinaToday()), dayjs(chinaToday())]);
  const [view, setView] = useState<View>('registered');
  const [selected, setSelected] = useState<string[]>([]);
  const [timeline, setTimeline] = useState<string>();
  const [last, setLast] = useState<{ tone: 'success' | 'error'; text: string }>();
  const scanRef = useRef<InputRef>(null);
  const { departments } = useDepartments(scope.institution ?? me.institution);
  const departmentConcepts = useMemo(() => departments.map((d) => ({ code: d.id!, display: d.name ?? d.id! })), [departments]);
  const { tubes } = useLabCatalogue(scope, canCollect && ready);
  const list = useSpecimenList({ ...scope, status: view, department, from: range[0].format(DAY), to: range[1].format(DAY) }, canCollect && ready && myDepartment.loaded);

  const collect = async (barcode: string) => {
    try {
      const s = await specimensApi.collect(barcode, scope);
      const text = t('lisSpec.collect.done', { barcode, patient: s.patient?.name ?? '' });
      setLast({ tone: 'success', text });
      playCue('success');
      message.success(text);
      setSelected((keys) => keys.filter((k) => k !== barcode));
      list.reload();
    } catch (err) {
      const text = `${barcode}: ${errorText(err, locale)}`;
      setLast({ tone: 'error', text });
      playCue('error');
      message.error(text);
    } finally {
      scanRef.current?.focus();
    }
  };

  const collectSelected = async () => {
    for (const barcode of selected) await collect(barcode);
  };

  useShortcuts('lis-collection', [
    { combo: 'F2', description: 'lisSpec.keys.focusScan', handler: () => scanRef.current?.focus({ cursor: 'all' }) },
    { combo: 'Alt+R', description: 'lisSpec.keys.refresh', handler: list.reload },
  ]);

  if (!canCollect) return <Forbidden />;

  return (
    <Card
      title={t('lisSpec.collect.title')}
      data-testid="collection-page"
      extra={
        <Space>
          {picker}
          <Button icon={<ReloadOutlined />} onClick={list.reload}>
            {t('lisSpec.refresh')}
          </Button>
        </Space>
      }
    >
      <Row gutter={12} style={{ marginBottom: 12 }}>
        <Col xs={24} lg={10}>
          <ScanInput inputRef={scanRef} keepFocus onScan={(b) => void collect(b)} placeholder={t('lisSpec.collect.scan')} data-testid="collect-scan" />
          {last && (
            <Typography.Text type={last.tone === 'success' ? 'success' : 'danger'} data-testid="collect-last">
              {last.text}
            </Typography.Text>
          )}
        </Col>
        <Col xs={24} lg={14}>
          <Space wrap>
            <Segmented<View> value={view} onChange={setView} options={[{ value: 'registered', label: t('lisSpec.collect.pending') }, { value: 'collected', label: t('lisSpec.collect.collected') }]} />
            <div style={{ width: 180 }}>
              <CodePicker concepts={departmentConcepts} value={department} onChange={(d) => setDepartment(d ?? null)} placeholder={t('lisSpec.allDepartments')} />
            </div>
            <DatePicker.RangePicker allowClear={false} value={range} onChange={(v) => v?.[0] && v[1] && setRange([v[0], v[1]])} aria-label={t('lisSpec.registeredOn')} />
          </Space>
        </Col>
      </Row>
      {list.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(list.error, locale) })} />}
      <Space style={{ marginBottom: 8 }}>
        <Button icon={<CheckOutlined />} disabled={!selected.length || view !== 'registered'} onClick={() => void collectSelected()}>
          {t('lisSpec.collect.selected', { count: selected.length })}
        </Button>
        <LabelPrint barcodes={selected} scope={scope} reprint onPrinted={list.reload} />
        <Typography.Text type="secondary">{t('lisSpec.collect.who', { name: me.displayName ?? me.username ?? '' })}</Typography.Text>
      </Space>
      <SpecimenTable
        data-testid="collection-list"
        rows={list.rows}
        total={list.total}
        loading={list.loading}
        tubes={tubes}
        columns={view === 'registered' ? ['registeredAt'] : ['registeredAt', 'collectedAt', 'status']}
        page={list.page}
        pageSize={list.pageSize}
        onPage={list.onPage}
        onTimeline={setTimeline}
        selectable={{ selected, onChange: setSelected }}
        actions={(r) =>
          r.status === 'registered' ? (
            <Button size="small" type="link" onClick={() => void collect(r.barcode)}>
              {t('lisSpec.collect.one')}
            </Button>
          ) : null
        }
      />
      {timeline && <TimelineDrawer barcode={timeline} scope={scope} onClose={() => setTimeline(undefined)} />}
    </Card>
  );
}
