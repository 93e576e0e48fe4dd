import { useState } from 'react';
import { Alert, Button, Card, Space, Table, Tag } from 'antd';
import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import type { CodeSystem } from '@medplum/fhirtypes';
import { errorText } from '../admin/common/errors.ts';
import { Forbidden } from '../admin/common/forbidden.tsx';
import { InstitutionPicker, useWorkingInstitution } from '../admin/common/institution-picker.tsx';
import { useInstitutions } from '../admin/common/use-institutions.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { holds } from '../session/permissions.ts';
import { useSession } from '../session/session.context.tsx';
import { DictionaryEditor } from './dictionary-editor.tsx';
import { dictionaryKind, TEMPLATE_CSV, type DictionaryVersions } from './dictionary-versions.ts';
import { ImportDialog } from './import-dialog.tsx';
import { institutionDictionaries } from './terminology.api.ts';
import { useDictionaries } from './use-dictionaries.ts';

function downloadTemplate(): void {
  const link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([TEMPLATE_CSV], { type: 'text/csv;charset=utf-8' }));
  link.download = 'dictionary-template.csv';
  link.click();
  setTimeout(() => URL.revokeObjectURL(link.href), 0);
}

/** 本机构字典: the institution's dictionaries by kind (current version), CSV/Excel import with its row report, concept editing. */
export default function DictionariesPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'terminology.manage');
  const { institutions } = useInstitutions(allowed);
  const [institution, setInstitution] = useWorkingInstitution(me, institutions);
  const { dictionaries, loading, error, reload } = useDictionaries(allowed ? institution : undefined);
  const [importing, setImporting] = useState(false);
  const [editing, setEditing] = useState<{ dictionary: CodeSystem; versions: (string | undefined)[] }>();

  const edit = async (d: DictionaryVersions) => {
    // Every stored version counts for the next number, not just the current one.
    const all = await institutionDictionaries(institution!);
    setEditing({ dictionary: d.current, versions: all.filter((cs) => cs.url === d.current.url).map((cs) => cs.version) });
  };

  if (!allowed) return <Forbidden />;
  return (
    <Card
      title={t('terminology.dictionaries.title')}
      extra={<InstitutionPicker value={institution} onChange={setInstitution} institutions={institutions} editable={!!me.regionAdmin} />}
    >
      <Space style={{ marginBottom: 12 }}>
        <Button type="primary" icon={<UploadOutlined />} onClick={() => setImporting(true)} disabled={!institution}>
          {t('terminology.import.button')}
        </Button>
        <Button icon={<DownloadOutlined />} onClick={downloadTemplate}>
          {t('terminology.dictionaries.template')}
        </Button>
      </Space>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, locale)} />}
      <Table<DictionaryVersions>
        data-testid="dictionaries"
        size="middle"
        rowKey={(d) => d.current.url!}
        loading={loading}
        dataSource={dictionaries}
        locale={{ emptyText: t('terminology.dictionaries.none') }}
        pagination={false}
        columns={[
          { key: 'kind', title: t('terminology.dictionaries.kind'), width: 120, render: (_, d) => <Tag>{dictionaryKind(d.current)}</Tag> },
          { key: 'title', title: t('terminology.codeSystems.colTitle'), render: (_, d) => d.current.title ?? d.current.name },
          { key: 'version', title: t('terminology.codeSystems.colVersion'), width: 140, render: (_, d) => `${d.current.version ?? ''}（${t('terminology.dictionaries.versions', { count: d.versions })}）` },
          { key: 'count', title: t('terminology.codeSystems.colCount'), width: 90, align: 'right', render: (_, d) => d.current.count },
          { key: 'updated', title: t('terminology.dictionaries.updated'), width: 170, render: (_, d) => (d.current.meta?.lastUpdated ? new Date(d.current.meta.lastUpdated).toLocaleString(locale) : '') },
          {
            key: 'actions',
            title: t('admin.common.actions'),
            width: 120,
            render: (_, d) => (
              <Button type="link" size="small" onClick={() => void edit(d)}>
                {t('terminology.dictionaries.edit')}
              </Button>
            ),
          },
        ]}
      />
      <ImportDialog
        open={importing}
        institution={institution}
        onClose={() => setImporting(false)}
        onImported={() => {
          setImporting(false);
          reload();
        }}
      />
      <DictionaryEditor
        dictionary={editing?.dictionary}
        versions={editing?.versions ?? []}
        onClose={() => setEditing(undefined)}
        onSaved={() => {
          setEditing(undefined);
          reload();
        }}
      />
    </Card>
  );
}
