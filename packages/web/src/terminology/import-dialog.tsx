import { useState } from 'react';
import { Alert, App, Button, Form, Input, Modal, Table, Upload } from 'antd';
import { UploadOutlined } from '@ant-design/icons';
import type { Coding } from '@medplum/fhirtypes';
import { errorText } from '../admin/common/errors.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { localizeServerText } from '../i18n/translate.ts';
import { DictionaryPicker } from '../widgets/picker/dictionary-picker.tsx';
import { importProblems, type ImportProblem } from './import-errors.ts';
import { DICTIONARY_KIND_SYSTEM, ImportFailed, importDictionary } from './terminology.api.ts';

interface ImportFields {
  kind?: Coding;
  version?: string;
  title?: string;
}

/**
 * Uploads a CSV or Excel dictionary into the institution. The server stores all rows or none: a refused file
 * shows its row-level report (row, column, problem) and the dialog stays open for a corrected file.
 */
export function ImportDialog({ open, institution, onClose, onImported }: { open: boolean; institution?: string; onClose(): void; onImported(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ImportFields>();
  const [file, setFile] = useState<File>();
  const [problems, setProblems] = useState<ImportProblem[]>();
  const [failure, setFailure] = useState<string>();
  const [busy, setBusy] = useState(false);

  const reset = () => {
    setProblems(undefined);
    setFailure(undefined);
  };
  const submit = async (fields: ImportFields) => {
    if (!file) return setFailure(t('terminology.import.fileRequired'));
    reset();
    setBusy(true);
    try {
      const result = await importDictionary(file, { kind: fields.kind!.code!, institution, version: fields.version?.trim(), title: fields.title?.trim() });
      message.success(t('terminology.import.done', { rows: result.rows, title: result.codeSystem.title }));
      form.resetFields();
      setFile(undefined);
      onImported();
    } catch (err) {
      setFailure(errorText(err, locale));
      if (err instanceof ImportFailed) setProblems(importProblems(err.outcome));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('terminology.import.title')}
      width={720}
      onCancel={() => {
        reset();
        onClose();
      }}
      okText={t('terminology.import.submit')}
      okButtonProps={{ loading: busy }}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item name="kind" label={t('terminology.dictionaries.kind')} rules={[{ required: true }]}>
          <DictionaryPicker source={{ codeSystem: DICTIONARY_KIND_SYSTEM }} />
        </Form.Item>
        <Form.Item label={t('terminology.import.file')} required>
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
            <Button icon={<UploadOutlined />}>{t('terminology.import.choose')}</Button>
          </Upload>
        </Form.Item>
        <Form.Item name="version" label={t('terminology.import.version')}>
          <Input />
        </Form.Item>
        <Form.Item name="title" label={t('terminology.import.dictTitle')}>
          <Input />
        </Form.Item>
      </Form>
      {failure && <Alert type="error" showIcon message={t('terminology.import.failed')} description={failure} style={{ marginBottom: 12 }} />}
      {problems && problems.length > 0 && (
        <Table<ImportProblem>
          data-testid="import-problems"
          size="small"
          rowKey="key"
          dataSource={problems}
          pagination={problems.length > 10 ? { pageSize: 10 } : false}
          columns={[
            { key: 'row', title: t('terminology.import.row'), dataIndex: 'row', width: 70 },
            { key: 'column', title: t('terminology.import.column'), dataIndex: 'column', width: 110 },
            // Server texts are bilingual (`中文 / English`): show the UI language's half.
            { key: 'message', title: t('terminology.import.message'), render: (_, p) => localizeServerText(p.message, locale) },
          ]}
        />
      )}
    </Modal>
  );
}
