import { useState } from 'react';
import { Button, Select, Space } from 'antd';
import { PrinterOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { PdfPreview } from '../../widgets/pdf/pdf-preview.tsx';
import { useUserSetting } from '../../widgets/settings/user-settings.context.tsx';
import { specimensApi, type LabelLayout, type Scope } from './specimens.api.ts';

const LAYOUTS: LabelLayout[] = ['sheet', 'single'];
/** Each workstation's printer is either an A4 laser or a label printer: the choice is remembered per user. */
const LAYOUT_SETTING = 'lis.label-layout';

export interface LabelPrintProps {
  barcodes: string[];
  scope: Scope;
  /** 补打: the button says so (the server marks 补 on labels printed before and logs the re-print either way). */
  reprint?: boolean;
  size?: 'small' | 'middle';
  /** After the PDF arrived (the print is logged then): lists may refresh. */
  onPrinted?(): void;
}

/** 打印条码: the server's label PDF (Code 128, patient, tube and cap colour, panels) for A4 sheets or 50×30 mm labels. */
export function LabelPrint({ barcodes, scope, reprint, size, onPrinted }: LabelPrintProps) {
  const { t } = useI18n();
  const [layout, setLayout] = useUserSetting<LabelLayout>(LAYOUT_SETTING, 'sheet', (v) => LAYOUTS.includes(v as LabelLayout));
  const [open, setOpen] = useState(false);
  const load = async () => {
    const pdf = await specimensApi.labels(barcodes, layout, scope);
    onPrinted?.();
    return pdf;
  };
  return (
    <>
      <Space.Compact size={size}>
        <Select<LabelLayout>
          value={layout}
          onChange={setLayout}
          aria-label={t('lisSpec.labels.layout')}
          style={{ width: 150 }}
          options={LAYOUTS.map((l) => ({ value: l, label: t(l === 'sheet' ? 'lisSpec.labels.sheet' : 'lisSpec.labels.single') }))}
        />
        <Button icon={<PrinterOutlined />} disabled={!barcodes.length} onClick={() => setOpen(true)} data-testid="print-labels">
          {t(reprint ? 'lisSpec.labels.reprint' : 'lisSpec.labels.print', { count: barcodes.length })}
        </Button>
      </Space.Compact>
      <PdfPreview open={open} title={t('lisSpec.labels.title', { count: barcodes.length })} load={load} onClose={() => setOpen(false)} />
    </>
  );
}
