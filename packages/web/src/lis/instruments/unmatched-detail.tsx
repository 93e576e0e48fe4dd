import { Space, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { ResultValue } from '../../widgets/status/result-value.tsx';
import { REASON_COLOURS, reasonKey } from './instrument-labels.ts';
import type { UnmatchedResult } from './instruments.api.ts';

/** What the analyzer sent and why it is held, in a few lines above the form; for handled results, who handled it and how. */
export function UnmatchedDetail({ result, testName }: { result: UnmatchedResult; testName(code: string | undefined): string | undefined }) {
  const { t, locale } = useI18n();
  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale) : '—');
  const test = (code?: string) => (code ? `${code} ${testName(code) ?? ''}`.trim() : '—');
  const secondary = { type: 'secondary' as const, style: { fontSize: 12 } };
  return (
    <Space orientation="vertical" size={6} style={{ width: '100%', marginBottom: 16 }} data-testid="unmatched-detail">
      <Space size={8} wrap style={{ fontSize: 16 }}>
        <Typography.Text code>{result.channel}</Typography.Text>
        {result.channelName && result.channelName !== result.channel && <span>{result.channelName}</span>}
        <ResultValue value={result.value} unit={result.unit} interpretation={result.flags[0]} />
        {result.flags.map((f) => (
          <Tag key={f}>{f}</Tag>
        ))}
        {result.images + result.histograms > 0 && <Tag color="blue">{t('lisInst.um.graphs', { count: result.images + result.histograms })}</Tag>}
        {result.qc && <Tag color="cyan">{t('lisInst.um.qc')}</Tag>}
      </Space>
      <div>
        <Tag color={REASON_COLOURS[result.reason]}>{t(reasonKey(result.reason))}</Tag>
        {result.detail && <Typography.Text type="secondary">{localizeServerText(result.detail, locale)}</Typography.Text>}
      </div>
      <Typography.Text {...secondary}>
        {`${t('lisInst.instrument')} ${result.instrumentCode} · ${t('lisInst.um.sample')} ${result.sampleId}${result.alternateSampleId ? ` / ${result.alternateSampleId}` : ''} · ${t('lisInst.um.mappedTest')} ${test(result.testCode)} · ${t('lisInst.um.received')} ${time(result.receivedAt)}`}
      </Typography.Text>
      {result.status !== 'open' && (
        <Typography.Text>
          {t('lisInst.um.handledBy', { who: result.handledBy ?? '—', at: time(result.handledAt) })}
          {result.specimen && ` · ${t('lisInst.um.assignedTo', { barcode: result.specimen.barcode, test: test(result.assignedTest) })}`}
          {result.note && ` · ${result.note}`}
        </Typography.Text>
      )}
    </Space>
  );
}
