import { Card, Col, Row, Statistic, Typography } from 'antd';
import type { TatStageStatistics } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { percent } from '../stats/stats-format.ts';
import { useDurationText } from './duration.tsx';
import { stageOf, TAT_STAGES, withinTargetTone } from './tat-format.ts';

export const TONE_COLOURS = { good: '#389e0d', watch: '#d48806', bad: '#cf1322', none: undefined } as const;

/** Each TAT stage of the period: median as the headline, then P90, P95, mean, longest and n; receipt → report with its share within target. */
export function TatOverview({ stages, loading }: { stages: TatStageStatistics[]; loading: boolean }) {
  const { t } = useI18n();
  const duration = useDurationText();
  return (
    <Row gutter={[12, 12]} data-testid="tat-overview">
      {TAT_STAGES.map((stage) => {
        const s = stageOf(stages, stage);
        return (
          <Col key={stage} xs={24} sm={12} lg={8} xl={{ flex: '20%' }}>
            <Card size="small" title={t(`lisTat.stage.${stage}`)}>
              <Statistic title={t('lisTat.median')} value={duration(s.median)} loading={loading} />
              <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                P90 {duration(s.p90)} · P95 {duration(s.p95)}
              </Typography.Text>
              <Typography.Text type="secondary" style={{ display: 'block' }}>
                {t('lisTat.meanMax', { mean: duration(s.mean), max: duration(s.max) })} · n={s.count}
              </Typography.Text>
              {stage === 'receipt-report' && (
                <Typography.Text strong style={{ display: 'block', color: TONE_COLOURS[withinTargetTone(s.withinTarget)] }}>
                  {t('lisTat.withinTarget', { rate: percent(s.withinTarget) })}
                </Typography.Text>
              )}
            </Card>
          </Col>
        );
      })}
    </Row>
  );
}
