import { useState } from 'react';
import { App, Button, DatePicker } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import type { Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { saveBlob, type DownloadedFile } from '../../api/download.ts';
import { labToday } from '../qc/qc-text.ts';

/** A period of whole days with the presets a lab asks for (today, 7 / 30 days, this and last month, this year). */
export function PeriodPicker({ value, onChange }: { value: [Dayjs, Dayjs]; onChange(range: [Dayjs, Dayjs]): void }) {
  const { t } = useI18n();
  const today = labToday();
  return (
    <DatePicker.RangePicker
      aria-label={t('lisStats.period')}
      allowClear={false}
      value={value}
      onChange={(v) => v?.[0] && v[1] && onChange([v[0], v[1]])}
      presets={[
        { label: t('lisStats.preset.today'), value: [today, today] },
        { label: t('lisStats.preset.last7'), value: [today.subtract(6, 'day'), today] },
        { label: t('lisStats.preset.last30'), value: [today.subtract(29, 'day'), today] },
        { label: t('lisStats.preset.thisMonth'), value: [today.startOf('month'), today] },
        { label: t('lisStats.preset.lastMonth'), value: [today.subtract(1, 'month').startOf('month'), today.subtract(1, 'month').endOf('month')] },
        { label: t('lisStats.preset.thisYear'), value: [today.startOf('year'), today] },
      ]}
    />
  );
}

/**
 * 导出 Excel of one statistics report: the server streams the workbook (audited as an export) under its own name.
 * Shown to `lis.stats` holders; `data.export` is not needed here (the statistics route checks its own permission).
 */
export function ExportButton({ load, fallbackName, testId }: { load(): Promise<DownloadedFile>; fallbackName: string; testId?: string }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      const file = await load();
      saveBlob(file.blob, file.filename ?? fallbackName);
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button icon={<DownloadOutlined />} loading={busy} onClick={() => void run()} data-testid={testId}>
      {t('lisStats.export')}
    </Button>
  );
}
