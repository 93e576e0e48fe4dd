import { useState } from 'react';
import { Alert, Button, Descriptions, Input, Space } from 'antd';
import type { Patient } from '@medplum/fhirtypes';
import { ApiError } from '../api/http.api.ts';
import { errorText } from '../admin/common/errors.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { genderKey, patientName } from '../widgets/patient/patient-display.ts';
import { EMPI_SYSTEM } from './identifier-systems.ts';
import { mergePersons, resolvePerson, type PersonDetails } from './mpi.api.ts';
import { ReasonDialog } from './reason-dialog.tsx';

/**
 * 合并主索引: another person (found by EMPI number) is merged into the one shown. Both are shown side by side
 * before anything happens; the one merged in is retired `replaced-by` this one (undoable from the history).
 */
export function MergeDialog({ target, open, onClose, onMerged }: { target: PersonDetails; open: boolean; onClose(): void; onMerged(): void }) {
  const { t, locale } = useI18n();
  const [empi, setEmpi] = useState('');
  const [source, setSource] = useState<PersonDetails | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [finding, setFinding] = useState(false);

  const close = () => {
    setEmpi('');
    setSource(null);
    setProblem(null);
    onClose();
  };
  const find = async () => {
    const value = empi.replace(/\s+/g, '').toUpperCase();
    if (!value) return;
    setFinding(true);
    setSource(null);
    try {
      const found = await resolvePerson(`${EMPI_SYSTEM}|${value}`);
      // A merged-away number resolves to its survivor, which may be this very person.
      if (found.golden.id === target.golden.id) setProblem(t('mpi.persons.mergeSelf'));
      else if (found.status !== 'active') setProblem(t('mpi.persons.mergeRetired'));
      else {
        setSource(found);
        setProblem(null);
      }
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 404 ? t('mpi.persons.notFound') : errorText(err, locale));
    } finally {
      setFinding(false);
    }
  };

  const person = (d: PersonDetails, p: Patient = d.golden) => (
    <>
      <div style={{ fontFamily: 'monospace' }}>{d.empi}</div>
      <div>
        <strong>{patientName(p)}</strong> {t(genderKey(p.gender))} {p.birthDate ?? ''}
      </div>
      <div>{t('mpi.persons.sources', { count: d.sources.length })}</div>
    </>
  );

  return (
    <ReasonDialog
      open={open}
      title={t('mpi.persons.mergeTitle')}
      okText={t('mpi.persons.mergeConfirm')}
      okDisabled={!source}
      onClose={close}
      onSubmit={async (reason) => {
        await mergePersons(source!.golden.id!, target.golden.id!, reason);
        close();
        onMerged();
      }}
    >
      <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
        <Input aria-label={t('mpi.persons.mergeSource')} placeholder={t('mpi.persons.mergeSource')} value={empi} onChange={(e) => setEmpi(e.target.value)} onPressEnter={() => void find()} />
        <Button loading={finding} onClick={() => void find()}>
          {t('mpi.persons.mergeFind')}
        </Button>
      </Space.Compact>
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginBottom: 12 }} />}
      {source && (
        <div data-testid="mpi-merge-compare">
          <Descriptions bordered size="small" column={2} layout="vertical" style={{ marginBottom: 12 }}>
            <Descriptions.Item label={t('mpi.persons.mergeRemove')}>{person(source)}</Descriptions.Item>
            <Descriptions.Item label={t('mpi.persons.mergeKeep')}>{person(target)}</Descriptions.Item>
          </Descriptions>
        </div>
      )}
    </ReasonDialog>
  );
}
