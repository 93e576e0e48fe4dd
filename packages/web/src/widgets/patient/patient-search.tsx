import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, Button, Input, Space, Table, Tag, Typography } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import type { Bundle, Patient } from '@medplum/fhirtypes';
import { api } from '../../api/http.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { useSession } from '../../session/session.context.tsx';
import { useOrganizationNames } from './organization-names.ts';
import { ageLabel, ageOn, genderKey, idCardOf, institutionOf, localToday, maskIdCard, maskPhone, mrnOf, patientName, phoneOf } from './patient-display.ts';
import { classifyPatientInput, type PatientInput } from './patient-query.ts';

export interface PatientSearchProps {
  onSelect(patient: Patient): void;
  autoFocus?: boolean;
  /** Search parameters added to every search, e.g. `{ _tag: '…mpi-record|golden' }` to find golden records only. */
  query?: Record<string, string>;
}

const KIND_KEYS: Record<Exclude<PatientInput['kind'], 'empty'>, MessageKey> = {
  idCard: 'patient.kind.idCard',
  invalidIdCard: 'patient.kind.invalidIdCard',
  phone: 'patient.kind.phone',
  pinyin: 'patient.kind.pinyin',
  name: 'patient.kind.name',
  number: 'patient.kind.number',
};
const TYPING_PAUSE_MS = 400;

/** Runs the searches an input calls for and merges their results (an identifier and an id may find the same patient). */
async function findPatients(input: PatientInput, extra?: Record<string, string>): Promise<Patient[]> {
  const bundles = await Promise.all(input.searches.map((query) => api<Bundle<Patient>>('/fhir/R4/Patient', { query: { ...query, ...extra } })));
  const byId = new Map<string, Patient>();
  for (const b of bundles) for (const e of b.entry ?? []) if (e.resource?.id && !byId.has(e.resource.id)) byId.set(e.resource.id, e.resource);
  return [...byId.values()];
}

/**
 * One box that understands what was typed (ID card, mobile, pinyin, name, record number — see patient-query.ts),
 * searches as the user pauses or presses Enter, and lists the matches; ↑/↓ move, Enter chooses, a click chooses.
 */
export function PatientSearch({ onSelect, autoFocus, query }: PatientSearchProps) {
  const { t } = useI18n();
  const { me } = useSession();
  const [text, setText] = useState('');
  const [searched, setSearched] = useState<{ input: PatientInput; patients: Patient[] } | null>(null);
  const [active, setActive] = useState(0);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const container = useRef<HTMLDivElement>(null);
  const sequence = useRef(0);
  const names = useOrganizationNames((searched?.patients ?? []).map(institutionOf));
  const today = localToday();

  const run = (raw: string) => {
    const input = classifyPatientInput(raw);
    const mine = ++sequence.current;
    if (input.kind === 'empty') {
      setSearched(null);
      setLoading(false);
      return;
    }
    setLoading(true);
    findPatients(input, query)
      .then((patients) => {
        if (mine !== sequence.current) return;
        setSearched({ input, patients });
        setActive(0);
        setError(null);
      })
      .catch((err: unknown) => mine === sequence.current && setError(err instanceof Error ? err.message : String(err)))
      .finally(() => mine === sequence.current && setLoading(false));
  };

  // Search when typing pauses; short fragments (one letter or digit) would match half the register.
  useEffect(() => {
    if (text.trim().length < 2) return;
    const timer = setTimeout(() => run(text), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
    // `run` only closes over setters and refs.
  }, [text]);

  const patients = searched?.patients ?? [];
  // Keep the row chosen with the arrow keys in view when the list scrolls.
  const activeId = patients[active]?.id;
  useEffect(() => {
    if (activeId) container.current?.querySelector(`[data-row-key="${CSS.escape(activeId)}"]`)?.scrollIntoView({ block: 'nearest' });
  }, [activeId]);
  const current = searched !== null && searched.input.text === classifyPatientInput(text).text;
  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown' && patients.length) {
      e.preventDefault();
      setActive((i) => Math.min(i + 1, patients.length - 1));
    } else if (e.key === 'ArrowUp' && patients.length) {
      e.preventDefault();
      setActive((i) => Math.max(i - 1, 0));
    } else if (e.key === 'Enter') {
      e.preventDefault();
      if (current && patients[active]) onSelect(patients[active]);
      else run(text);
    }
  };

  const age = (p: Patient) => {
    const label = ageLabel(ageOn(p.birthDate, today));
    return label ? t(label.key, label.values) : '';
  };

  return (
    <div data-testid="patient-search" ref={container}>
      <Space.Compact style={{ width: '100%', maxWidth: 560 }}>
        <Input
          autoFocus={autoFocus}
          allowClear
          value={text}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={onKeyDown}
          placeholder={t('patient.search.placeholder')}
          aria-label={t('patient.search.placeholder')}
          prefix={<SearchOutlined />}
        />
        <Button type="primary" loading={loading} onClick={() => run(text)}>
          {t('patient.search.submit')}
        </Button>
      </Space.Compact>
      <div style={{ margin: '8px 0', minHeight: 22 }}>
        {searched && searched.input.kind !== 'empty' && (
          <Space size={8} wrap>
            <Tag color={searched.input.kind === 'invalidIdCard' ? 'warning' : 'processing'}>{t(KIND_KEYS[searched.input.kind])}</Tag>
            <Typography.Text type="secondary">{patients.length ? t('patient.search.found', { count: patients.length }) : t('patient.search.empty')}</Typography.Text>
            {patients.length > 0 && <Typography.Text type="secondary">{t('patient.search.keys')}</Typography.Text>}
          </Space>
        )}
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      {patients.length > 0 && (
        <Table<Patient>
          size="small"
          rowKey={(p) => p.id!}
          dataSource={patients}
          pagination={false}
          scroll={{ y: 320 }}
          onRow={(p, index) => ({
            onClick: () => onSelect(p),
            onMouseEnter: () => setActive(index ?? 0),
            style: { cursor: 'pointer' },
            className: index === active ? 'ant-table-row-selected' : undefined,
            'aria-selected': index === active,
          })}
          columns={[
            { key: 'name', title: t('patient.col.name'), render: (_, p) => <Typography.Text strong>{patientName(p)}</Typography.Text> },
            { key: 'gender', title: t('patient.col.gender'), width: 64, render: (_, p) => t(genderKey(p.gender)) },
            { key: 'age', title: t('patient.col.age'), width: 88, render: (_, p) => age(p) },
            { key: 'idCard', title: t('patient.col.idCard'), render: (_, p) => <span style={{ fontFamily: 'monospace' }}>{maskIdCard(idCardOf(p))}</span> },
            { key: 'phone', title: t('patient.col.phone'), render: (_, p) => maskPhone(phoneOf(p)) },
            { key: 'mrn', title: t('patient.col.mrn'), render: (_, p) => mrnOf(p, me.institution) ?? '' },
            { key: 'institution', title: t('patient.col.institution'), render: (_, p) => names[institutionOf(p) ?? ''] ?? '' },
          ]}
        />
      )}
    </div>
  );
}
