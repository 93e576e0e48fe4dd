import { useMemo } from 'react';
import { Button, Card, Col, Row, Typography, theme } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { Chart } from '../../widgets/chart/chart.tsx';
import { imageOf, type ReportFacts } from './bench-logic.ts';
import { histogramOption } from './result-charts.ts';
import { fhirApi } from './results.api.ts';

/**
 * 直方图/散点图 shown with the results: the Media the specimen's reports reference. Histograms sent as numbers are
 * drawn here; pictures (bitmaps, scattergrams) are printed in the report, opened with the preview.
 */
export function HistogramPanel({ facts, onPreview }: { facts: ReportFacts[]; onPreview?(): void }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const refs = useMemo(() => facts.flatMap((f) => f.media), [facts]);
  const key = refs.map((m) => m.id).join(',');
  const media = useLoad(() => fhirApi.media(refs.map((m) => m.id)), [key], refs.length > 0);
  if (!refs.length) return null;
  const images = (media.data ?? []).map((m) => imageOf(m, refs.find((r) => r.id === m.id)?.name));
  const pictures = images.filter((i) => !i.values);
  return (
    <Card size="small" title={t('lisRes.images.title')} data-testid="result-images" loading={media.loading && !media.data} style={{ marginTop: 12 }}>
      <Row gutter={[12, 12]}>
        {images
          .filter((i) => i.values)
          .map((i) => (
            <Col key={i.id} xs={24} md={12} xl={8} data-testid="histogram" data-name={i.name}>
              <Chart option={histogramOption(i.values!, i.name, token.colorPrimary)} height={120} />
            </Col>
          ))}
      </Row>
      {pictures.length > 0 && (
        <Typography.Paragraph type="secondary" style={{ marginTop: 8, marginBottom: 0 }}>
          {t('lisRes.images.pictures', { names: pictures.map((p) => p.name).join(', ') })}
          {onPreview && (
            <Button type="link" size="small" icon={<FilePdfOutlined />} onClick={onPreview}>
              {t('lisRes.action.preview')}
            </Button>
          )}
        </Typography.Paragraph>
      )}
    </Card>
  );
}
