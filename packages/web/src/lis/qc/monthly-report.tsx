import { useState } from 'react';
import { App, Button, DatePicker, Modal, Radio, Space, Typography } from 'antd';
import { FileExcelOutlined, FilePdfOutlined, PrinterOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { saveBlob } from '../../api/download.ts';
import { PdfPreview } from '../../widgets/pdf/pdf-preview.tsx';
import { qcApi, type LabScope } from './qc.api.ts';
import { labToday } from './qc-text.ts';

type Coverage = 'all' | 'instrument' | 'series';

/**
 * 月度质控报告 (质控报告打印): a month's report for the whole laboratory, the chosen instrument or the chosen test on
 * it — as the server's PDF (A4 landscape with signature lines) in the preview, or as Excel.
 */
export function MonthlyReportButton({ scope, instrumentId, testCode }: { scope: LabScope; instrumentId?: string; testCode?: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [month, setMonth] = useState<Dayjs>(() => labToday());
  const [coverage, setCoverage] = useState<Coverage>('all');
  const [preview, setPreview] = useState(false);
  const [exporting, setExporting] = useState(false);
  const monthText = month.format('YYYY-MM');
  const filter = coverage === 'all' ? {} : coverage === 'instrument' ? { instrumentId } : { instrumentId, testCode };

  const excel = async () => {
    setExporting(true);
    try {
      const file = await qcApi.monthlyReportFile(scope, monthText, 'xlsx', filter);
      saveBlob(file.blob, file.filename ?? `qc-monthly-${monthText}.xlsx`);
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setExporting(false);
    }
  };

  return (
    <>
      <Button icon={<PrinterOutlined />} onClick={() => setOpen(true)}>
        {t('lisQc.report.button')}
      </Button>
      <Modal open={open} title={t('lisQc.report.title')} onCancel={() => setOpen(false)} footer={null} destroyOnHidden>
        <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="qc-monthly-report">
          <Space>
            <Typography.Text>{t('lisQc.report.month')}</Typography.Text>
            <DatePicker picker="month" allowClear={false} value={month} onChange={(v) => v && setMonth(v)} aria-label={t('lisQc.report.month')} />
          </Space>
          <Radio.Group value={coverage} onChange={(e) => setCoverage(e.target.value as Coverage)}>
            <Radio value="all">{t('lisQc.report.all')}</Radio>
            <Radio value="instrument" disabled={!instrumentId}>
              {t('lisQc.report.instrument')}
            </Radio>
            <Radio value="series" disabled={!instrumentId || !testCode}>
              {t('lisQc.report.series')}
            </Radio>
          </Radio.Group>
          <Space>
            <Button type="primary" icon={<FilePdfOutlined />} onClick={() => setPreview(true)}>
              {t('lisQc.report.pdf')}
            </Button>
            <Button icon={<FileExcelOutlined />} loading={exporting} onClick={() => void excel()}>
              {t('lisQc.report.excel')}
            </Button>
          </Space>
        </Space>
      </Modal>
      <PdfPreview
        open={preview}
        title={t('lisQc.report.fileTitle', { month: monthText })}
        load={async () => (await qcApi.monthlyReportFile(scope, monthText, 'pdf', filter)).blob}
        onClose={() => setPreview(false)}
      />
    </>
  );
}
