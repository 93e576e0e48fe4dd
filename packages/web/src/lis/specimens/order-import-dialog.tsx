import { useState } from 'react';
import { Alert, App, Button, Checkbox, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { saveBlob } from '../../api/download.ts';
import { ApiError } from '../../api/http.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { importProblems, type ImportProblem } from '../../terminology/import-errors.ts';
import { specimensApi, type LabOrderResult, type Scope } from './specimens.api.ts';

/** The header of the sheet template: the columns the server reads (packages/lis orders/import/columns.ts). */
const TEMPLATE_HEADER = ['申请单号', '病历号', '姓名', '病人类型', '科室', '病区', '床号', '开单医生', '优先级', '临床诊断', '检验组合', '备注'];

/**
 * 批量导入检验申请: an Excel or CSV sheet (UTF-8 or GBK), one requisition per row. The server imports every row or
 * none; a refused sheet lists each problem by row and column, and the dialog stays open for the corrected file.
 */
export function OrderImportDialog({ open, scope, onClose }: { open: boolean; scope: Scope; onClose(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<File>();
  const [accession, setAccession] = useState(true);
  const [confirmDuplicates, setConfirmDuplicates] = useState(false);
  const [problems, setProblems] = useState<ImportProblem[]>();
  const [failure, setFailure] = useState<string>();
  const [imported, setImported] = useState<LabOrderResult[]>();
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setProblems(undefined);
    setFailure(undefined);
    setImported(undefined);
  };
  const submit = async () => {
    if (!file) return setFailure(t('lisSpec.import.fileRequired'));
    reset();
    setBusy(true);
    try {
      const result = await specimensApi.importOrders(file, { accession, confirmDuplicates }, scope);
      message.success(t('lisSpec.import.done', { rows: result.rows }));
      setImported(result.requisitions);
      setFile(undefined);
    } catch (err) {
      setFailure(errorText(err, locale));
      if (err instanceof ApiError) setProblems(importProblems(err.outcome as Parameters<typeof importProblems>[0]));
    } finally {
      setBusy(false);
    }
  };
  const downloadTemplate = () => saveBlob(new Blob([`\uFEFF${TEMPLATE_HEADER.join(',')}\n`], { type: 'text/csv;charset=utf-8' }), '检验申请导入模板.csv');

  return (
    <Modal
      open={open}
      title={t('lisSpec.import.title')}
      width={760}
      onCancel={() => {
        reset();
        onClose();
      }}
      okText={t('lisSpec.import.submit')}
      okButtonProps={{ loading: busy, disabled: !file }}
      onOk={() => void submit()}
      destroyOnHidden
      data-testid="order-import-dialog"
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Typography.Paragraph type="secondary" style={{ marginBottom: 0 }}>
          {t('lisSpec.import.help')}{' '}
          <Button type="link" size="small" icon={<DownloadOutlined />} onClick={downloadTemplate}>
            {t('lisSpec.import.template')}
          </Button>
        </Typography.Paragraph>
        <Upload
          accept=".csv,.xlsx,text/csv"
          maxCount={1}
          fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
          beforeUpload={(f) => {
            setFile(f);
            reset();
            return false;
          }}
          onRemove={() => setFile(undefined)}
        >
          <Button icon={<UploadOutlined />}>{t('lisSpec.import.choose')}</Button>
        </Upload>
        <Space>
          <Checkbox checked={accession} onChange={(e) => setAccession(e.target.checked)}>
            {t('lisSpec.import.accession')}
          </Checkbox>
          <Checkbox checked={confirmDuplicates} onChange={(e) => setConfirmDuplicates(e.target.checked)}>
            {t('lisSpec.import.confirmDuplicates')}
          </Checkbox>
        </Space>
        {failure && <Alert type="error" showIcon title={failure} />}
        {problems && problems.length > 0 && (
          <Table<ImportProblem>
            size="small"
            rowKey="key"
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            dataSource={problems}
            data-testid="order-import-problems"
            columns={[
              { key: 'row', title: t('lisSpec.import.row'), width: 70, render: (_, p) => p.row ?? '—' },
              { key: 'column', title: t('lisSpec.import.column'), width: 120, render: (_, p) => p.column ?? '—' },
              { key: 'message', title: t('lisSpec.import.problem'), render: (_, p) => localizeServerText(p.message, locale) },
            ]}
          />
        )}
        {imported && (
          <Table<LabOrderResult>
            size="small"
            rowKey="requisition"
            pagination={{ pageSize: 8, hideOnSinglePage: true }}
            dataSource={imported}
            data-testid="order-import-result"
            columns={[
              { key: 'requisition', title: t('lisSpec.import.requisition'), width: 150, render: (_, r) => r.requisition },
              { key: 'patient', title: t('lisSpec.import.patient'), width: 110, render: (_, r) => r.patient.name ?? r.patient.id },
              { key: 'outcome', title: t('lisSpec.import.outcome'), width: 90, render: (_, r) => <Tag color={r.outcome === 'created' ? 'green' : 'default'}>{t(`lisSpec.import.outcome.${r.outcome}`)}</Tag> },
              { key: 'barcodes', title: t('lisSpec.import.barcodes'), render: (_, r) => (r.specimens ?? []).map((s) => s.barcode).join('、') || '—' },
            ]}
          />
        )}
      </Space>
    </Modal>
  );
}
