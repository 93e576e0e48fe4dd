import { Alert, Drawer, Empty, Space, Spin, Tag, Timeline, Typography } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { STATUS_PALETTE, statusKey, type SpecimenStatusCode } from './specimen-labels.ts';
import { timelineRows } from './specimen-logic.ts';
import { specimensApi, type Scope } from './specimens.api.ts';

const TIMELINE_COLOUR: Partial<Record<SpecimenStatusCode, string>> = { rejected: 'red', received: 'green', reviewed: 'green', printed: 'blue' };

export interface TimelineDrawerProps {
  barcode: string;
  scope: Scope;
  onClose(): void;
}

/** 标本追踪: every status of a tube with who and when (the ledger the TAT clock reads), and every label print. */
export function TimelineDrawer({ barcode, scope, onClose }: TimelineDrawerProps) {
  const { t, locale } = useI18n();
  const timeline = useLoad(() => specimensApi.timeline(barcode, scope), [barcode, scope]);
  const time = (at: string) => new Date(at).toLocaleString(locale, { hour12: false });
  const statusName = (status: string, fallback: string) => {
    const key = statusKey(status);
    return key ? t(key) : fallback;
  };
  const data = timeline.data;

  return (
    <Drawer open size={460} title={t('lisSpec.timeline.title', { barcode })} onClose={onClose} destroyOnHidden data-testid="specimen-timeline">
      {timeline.error !== undefined && <Alert type="error" showIcon title={errorText(timeline.error, locale)} />}
      {!data && timeline.loading && <Spin style={{ display: 'block', marginTop: 48 }} />}
      {data && (
        <>
          <Space style={{ marginBottom: 16 }}>
            <Typography.Text type="secondary">{t('lisSpec.timeline.current')}</Typography.Text>
            <Tag color={STATUS_PALETTE[data.status as SpecimenStatusCode] ?? 'default'}>{statusName(data.status, data.status)}</Tag>
          </Space>
          {data.events.length + data.labels.length === 0 ? (
            <Empty />
          ) : (
            <Timeline
              items={timelineRows(data).map((row, i) =>
                row.kind === 'status'
                  ? {
                      key: `s${i}`,
                      color: TIMELINE_COLOUR[row.status as SpecimenStatusCode] ?? 'blue',
                      title: time(row.at),
                      content: (
                        <div data-testid="timeline-status" data-status={row.status}>
                          <Typography.Text strong>{statusName(row.status, row.statusName)}</Typography.Text>
                          <div>{row.actorName ?? t('lisSpec.timeline.system')}</div>
                          {row.note && <Typography.Text type="secondary">{row.note}</Typography.Text>}
                        </div>
                      ),
                    }
                  : {
                      key: `l${i}`,
                      color: 'gray',
                      icon: <PrinterOutlined />,
                      title: time(row.at),
                      content: (
                        <div data-testid="timeline-label">
                          <Typography.Text>{t(row.reprint ? 'lisSpec.timeline.reprinted' : 'lisSpec.timeline.printed')}</Typography.Text>{' '}
                          <Tag>{t(row.layout === 'single' ? 'lisSpec.labels.single' : 'lisSpec.labels.sheet')}</Tag>
                          <div>{row.actorName ?? t('lisSpec.timeline.system')}</div>
                        </div>
                      ),
                    },
              )}
            />
          )}
        </>
      )}
    </Drawer>
  );
}
