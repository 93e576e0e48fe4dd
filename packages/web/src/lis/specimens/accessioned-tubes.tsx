import type { ReactNode } from 'react';
import { Card, Empty, List, Space, Tag, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { Barcode } from '../../widgets/barcode/barcode.tsx';
import { CapSwatch } from './cap-swatch.tsx';
import { LabelPrint } from './label-print.tsx';
import type { AccessionedSpecimen, Scope } from './specimens.api.ts';

export interface AccessionedTubesProps {
  /** The requisition the tubes belong to (titles the card), when there is one. */
  requisition?: string;
  tubes: AccessionedSpecimen[];
  scope: Scope;
  /** Holds `lis.specimen.collect` (label printing); doctors without it see where the labels come from. */
  canPrint: boolean;
  extra?: ReactNode;
}

/** The tubes an order was split into: cap colour, tube, barcode and panels of each, and the label print. */
export function AccessionedTubes({ requisition, tubes, scope, canPrint, extra }: AccessionedTubesProps) {
  const { t } = useI18n();
  return (
    <Card
      size="small"
      data-testid="accessioned-tubes"
      title={requisition ? t('lisSpec.tubes.title', { requisition, count: tubes.length }) : t('lisSpec.tubes.count', { count: tubes.length })}
      extra={
        <Space>
          {canPrint ? <LabelPrint barcodes={tubes.map((s) => s.barcode)} scope={scope} /> : <Typography.Text type="secondary">{t('lisSpec.tubes.printAtStation')}</Typography.Text>}
          {extra}
        </Space>
      }
    >
      {tubes.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('lisSpec.tubes.none')} />
      ) : (
        <List
          grid={{ gutter: 12, xs: 1, md: 2, xl: 3 }}
          dataSource={tubes}
          renderItem={(s) => (
            <List.Item>
              <Card size="small" data-testid="tube-card" data-barcode={s.barcode} style={{ borderTop: `6px solid ${s.tube.capColourHex}` }}>
                <Space orientation="vertical" size={4} style={{ width: '100%' }}>
                  <Space>
                    <CapSwatch hex={s.tube.capColourHex} colourName={s.tube.capColourName} tubeName={s.tube.name} />
                    {s.priority === 'stat' && <Tag color="red">{t('lisSpec.stat')}</Tag>}
                  </Space>
                  <Barcode bcid="code128" text={s.barcode} height={8} scale={2} includeText />
                  <Typography.Text type="secondary">{s.panels.map((p) => p.name).join('、')}</Typography.Text>
                </Space>
              </Card>
            </List.Item>
          )}
        />
      )}
    </Card>
  );
}
