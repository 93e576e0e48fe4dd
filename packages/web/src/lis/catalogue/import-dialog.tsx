import { useState } from 'react';
import { Alert, App, Button, Descriptions, Modal, Space, Table, Tag, Typography, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { importRows, parseImport, type FormKind, type ImportRow } from './catalogue-form.ts';
import { catalogueApi, type CatalogueImport, type CatalogueImportResult } from './catalogue.api.ts';

export interface ImportDialogProps {
  scope: { institution?: string };
  onClose(): void;
  /** The catalogue changed: lists reload. */
  onImported(): void;
}

/**
 * 导入目录: a JSON file of tubes, tests and panels (the shape the API lists and the export button writes). The server
 * takes all or nothing: a refusal lists every problem by entry and field, and nothing is written.
 */
export function ImportDialog({ scope, onClose, onImported }: ImportDialogProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [file, setFile] = useState<{ name: string; body: CatalogueImport; counts: Record<FormKind, number> }>();
  const [problem, setProblem] = useState<string>();
  const [rows, setRows] = useState<ImportRow[]>([]);
  const [result, setResult] = useState<CatalogueImportResult>();
  const [busy, setBusy] = useState(false);

  const read = async (f: File) => {
    setRows([]);
    setResult(undefined);
    const parsed = parseImport(await f.text());
    if (!parsed.ok) {
      setFile(undefined);
      setProblem(t(parsed.reason === 'json' ? 'lisCat.import.notJson' : 'lisCat.import.badShape'));
      return;
    }
    setProblem(undefined);
    setFile({ name: f.name, body: parsed.body, counts: parsed.counts });
  };

  const submit = async () => {
    if (!file) return;
    setBusy(true);
    setRows([]);
    try {
      const answer = await catalogueApi.import(file.body, scope);
      if (answer.ok) {
        setResult(answer.value);
        message.success(t('lisCat.import.done'));
        onImported();
      } else {
        const local = (text: string) => localizeServerText(text, locale);
        const found = importRows(answer.issues, file.body, local);
        setRows(found.length ? found : [{ kind: '', field: '', message: local(answer.message) }]);
      }
    } catch (err) {
      setProblem(localizeServerText(err instanceof Error ? err.message : String(err), locale));
    } finally {
      setBusy(false);
    }
  };

  const kindName = (k: FormKind | '') => (k ? t(`lisCat.tab.${k}`) : '—');
  const counts = (c: Record<FormKind, number>) => (['tubes', 'tests', 'panels'] as FormKind[]).map((k) => `${kindName(k)} ${c[k]}`).join('，');

  return (
    <Modal
      open
      width={820}
      title={t('lisCat.import.title')}
      onCancel={onClose}
      destroyOnHidden
      data-testid="catalogue-import"
      footer={
        <Space>
          <Button onClick={onClose}>{t('lisCat.close')}</Button>
          <Button type="primary" disabled={!file || !!result} loading={busy} onClick={() => void submit()}>
            {t('lisCat.import.submit')}
          </Button>
        </Space>
      }
    >
      <Typography.Paragraph type="secondary">{t('lisCat.import.explain')}</Typography.Paragraph>
      <Upload accept=".json,application/json" maxCount={1} showUploadList={false} beforeUpload={(f) => { void read(f); return false; }}>
        <Button icon={<UploadOutlined />}>{t('lisCat.import.choose')}</Button>
      </Upload>
      {file && (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          <Tag>{file.name}</Tag>
          {counts(file.counts)}
        </Typography.Paragraph>
      )}
      {problem && <Alert type="error" showIcon style={{ marginTop: 8 }} title={problem} />}
      {result && (
        <Descriptions size="small" bordered column={1} style={{ marginTop: 12 }} data-testid="import-result">
          <Descriptions.Item label={t('lisCat.import.created')}>{counts(result.created)}</Descriptions.Item>
          <Descriptions.Item label={t('lisCat.import.updated')}>{counts(result.updated)}</Descriptions.Item>
          <Descriptions.Item label={t('lisCat.import.unchanged')}>{counts(result.unchanged)}</Descriptions.Item>
        </Descriptions>
      )}
      {rows.length > 0 && (
        <>
          <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('lisCat.import.refused', { count: rows.length })} />
          <Table<ImportRow & { key: number }>
            size="small"
            style={{ marginTop: 8 }}
            data-testid="import-errors"
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={rows.map((r, key) => ({ ...r, key }))}
            columns={[
              { key: 'kind', title: t('lisCat.import.kind'), width: 90, render: (_, r) => kindName(r.kind) },
              { key: 'row', title: t('lisCat.import.row'), width: 60, render: (_, r) => r.row ?? '—' },
              { key: 'code', title: t('lisCat.code'), width: 100, render: (_, r) => (r.code ? <Typography.Text code>{r.code}</Typography.Text> : '—') },
              { key: 'field', title: t('lisCat.import.field'), width: 160, render: (_, r) => <Typography.Text code>{r.field || '—'}</Typography.Text> },
              { key: 'message', title: t('lisCat.import.message'), render: (_, r) => r.message },
            ]}
          />
        </>
      )}
    </Modal>
  );
}
