import { Alert, Modal, Spin } from 'antd';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { resultsApi, type ResultRow } from './results.api.ts';
import { TrendChart } from './trend-chart.tsx';

/**
 * 历史结果分析 at the bench: the patient's released results of this test over time, with the value under review as
 * the last (hollow) point, so a jump shows against the history before it is released.
 */
export function TrendDialog({ patientId, result, onClose }: { patientId: string; result: ResultRow; onClose(): void }) {
  const { t, locale } = useI18n();
  const trend = useLoad(() => resultsApi.trend(patientId, [result.testCode]), [patientId, result.testCode]);
  const series = trend.data?.find((s) => s.testCode === result.testCode) ?? { testCode: result.testCode, testName: result.testName, unit: result.unit, points: [] };
  const numeric = Number(result.value);
  const released = result.status === 'final' || result.status === 'corrected' || result.status === 'amended';
  // A released value is already among the points; only the one under review is added.
  const current = !released && result.value !== '' && Number.isFinite(numeric) ? { time: new Date().toISOString(), value: numeric, flag: result.flag } : undefined;
  return (
    <Modal open width={720} title={t('lisRes.trend.title', { test: result.testName })} footer={null} onCancel={onClose} destroyOnHidden>
      {trend.error !== undefined && <Alert type="error" showIcon title={errorText(trend.error, locale)} />}
      {trend.loading && !trend.data ? <Spin style={{ display: 'block', margin: '60px auto' }} /> : <TrendChart series={series} current={current} height={300} />}
    </Modal>
  );
}
