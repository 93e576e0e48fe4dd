import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Drawer, Input, Space, Spin, Switch, Table, Tag } from 'antd';
import type { CodeSystem, CodeSystemConcept } from '@medplum/fhirtypes';
import { errorText } from '../admin/common/errors.ts';
import { useLoad } from '../admin/common/use-load.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { clearDictionaryCache } from '../widgets/picker/dictionary-source.ts';
import { isInactiveConcept } from './concept-tree.ts';
import { conceptsChanged, newDictionaryVersion, nextVersion, withInactive } from './dictionary-versions.ts';
import { createCodeSystemVersion, readCodeSystem } from './terminology.api.ts';

/**
 * Edits the concepts of a local dictionary (add, rename, deactivate) and saves them as a new version: the
 * earlier versions stay stored, so nothing mapped or recorded against them changes meaning.
 */
export function DictionaryEditor({ dictionary, versions, onClose, onSaved }: { dictionary?: CodeSystem; versions: (string | undefined)[]; onClose(): void; onSaved(): void }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const stored = useLoad(() => readCodeSystem(dictionary!.id!), [dictionary?.id], !!dictionary?.id);
  const [concepts, setConcepts] = useState<CodeSystemConcept[]>([]);
  const [code, setCode] = useState('');
  const [display, setDisplay] = useState('');
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setConcepts(stored.data?.concept ?? []);
    setProblem(undefined);
  }, [stored.data]);

  const version = useMemo(() => nextVersion(stored.data?.version, versions), [stored.data?.version, versions]);
  const original = useMemo(() => new Map((stored.data?.concept ?? []).map((c) => [c.code, c])), [stored.data]);
  const update = (index: number, change: (c: CodeSystemConcept) => CodeSystemConcept) => setConcepts((list) => list.map((c, i) => (i === index ? change(c) : c)));

  const add = () => {
    const trimmed = code.trim();
    if (!trimmed) return setProblem(t('terminology.edit.codeRequired'));
    if (!display.trim()) return setProblem(t('terminology.edit.nameRequired'));
    if (concepts.some((c) => c.code === trimmed)) return setProblem(t('terminology.edit.duplicate', { code: trimmed }));
    setConcepts((list) => [...list, { code: trimmed, display: display.trim() }]);
    setCode('');
    setDisplay('');
    setProblem(undefined);
  };
  const save = async () => {
    if (!stored.data) return;
    if (!conceptsChanged(stored.data.concept, concepts)) return setProblem(t('terminology.edit.unchanged'));
    if (concepts.some((c) => !c.display?.trim())) return setProblem(t('terminology.edit.nameRequired'));
    setBusy(true);
    try {
      const saved = await createCodeSystemVersion(newDictionaryVersion(stored.data, concepts, version));
      clearDictionaryCache();
      message.success(t('terminology.edit.saved', { version: saved.version ?? version }));
      onSaved();
    } catch (err) {
      setProblem(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={!!dictionary}
      width={760}
      title={t('terminology.edit.title', { title: dictionary?.title ?? dictionary?.url ?? '' })}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Button type="primary" loading={busy} disabled={!stored.data} onClick={() => void save()}>
          {t('terminology.edit.save', { version })}
        </Button>
      }
    >
      {stored.error !== undefined && <Alert type="error" showIcon message={errorText(stored.error, locale)} />}
      {problem && <Alert type="warning" showIcon message={problem} style={{ marginBottom: 12 }} />}
      {stored.loading && <Spin />}
      <Space style={{ marginBottom: 12 }}>
        <Input aria-label={t('terminology.concepts.code')} placeholder={t('terminology.concepts.code')} value={code} onChange={(e) => setCode(e.target.value)} style={{ width: 140 }} />
        <Input aria-label={t('terminology.concepts.display')} placeholder={t('terminology.concepts.display')} value={display} onChange={(e) => setDisplay(e.target.value)} onPressEnter={add} style={{ width: 240 }} />
        <Button onClick={add}>{t('terminology.edit.add')}</Button>
      </Space>
      <Table<CodeSystemConcept>
        data-testid="dictionary-concepts"
        size="small"
        rowKey="code"
        dataSource={concepts}
        pagination={{ pageSize: 50, showSizeChanger: false }}
        columns={[
          { key: 'code', title: t('terminology.concepts.code'), dataIndex: 'code', width: 140 },
          {
            key: 'display',
            title: t('terminology.concepts.display'),
            render: (_, c) => (
              <Space>
                <Input
                  aria-label={`${t('terminology.edit.rename')} ${c.code}`}
                  value={c.display}
                  onChange={(e) => {
                    const index = concepts.findIndex((x) => x.code === c.code);
                    update(index, (x) => ({ ...x, display: e.target.value }));
                  }}
                />
                {JSON.stringify(original.get(c.code)) !== JSON.stringify(c) && <Tag color="processing">{t('terminology.edit.changed')}</Tag>}
              </Space>
            ),
          },
          {
            key: 'active',
            title: t('terminology.edit.status'),
            width: 120,
            render: (_, c) => (
              <Switch
                aria-label={`${t('terminology.edit.status')} ${c.code}`}
                checked={!isInactiveConcept(c)}
                checkedChildren={t('admin.common.active')}
                unCheckedChildren={t('admin.common.inactive')}
                onChange={(active) => {
                  const index = concepts.findIndex((x) => x.code === c.code);
                  update(index, (x) => withInactive(x, !active));
                }}
              />
            ),
          },
        ]}
      />
    </Drawer>
  );
}
