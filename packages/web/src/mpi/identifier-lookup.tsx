import { useState } from 'react';
import { Alert, Button, Input, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import { ApiError } from '../api/http.api.ts';
import { errorText } from '../admin/common/errors.ts';
import { useInstitutions } from '../admin/common/use-institutions.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { useSession } from '../session/session.context.tsx';
import { IDENTIFIER_KINDS, needsInstitution, resolveQuery, type IdentifierKind } from './identifier-systems.ts';
import { resolvePerson, type PersonDetails } from './mpi.api.ts';
import { codeKey } from './mpi-labels.ts';

/** Any identifier → its person (`GET /api/mpi/resolve`); institution-local numbers with the institution that issued them. */
export function IdentifierLookup({ onFound }: { onFound(details: PersonDetails): void }) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { institutions } = useInstitutions();
  const [kind, setKind] = useState<IdentifierKind>('idCard');
  const [value, setValue] = useState('');
  const [institution, setInstitution] = useState<string | undefined>(me.institution);
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  const search = async () => {
    const query = resolveQuery(kind, value, institution);
    if ('problem' in query) {
      setProblem(t(query.problem === 'valueRequired' ? 'mpi.persons.valueRequired' : 'mpi.persons.institutionRequired'));
      return;
    }
    setBusy(true);
    try {
      onFound(await resolvePerson(query.identifier, query.institution));
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 404 ? t('mpi.persons.notFound') : errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="mpi-identifier-lookup">
      <Space wrap>
        <Select<IdentifierKind>
          aria-label={t('mpi.persons.kind')}
          style={{ width: 150 }}
          value={kind}
          onChange={setKind}
          options={IDENTIFIER_KINDS.map((k) => ({ value: k, label: t(codeKey('mpi.id', k)!) }))}
        />
        {needsInstitution(kind) && (
          <Select
            aria-label={t('mpi.persons.institution')}
            placeholder={t('mpi.persons.institution')}
            style={{ width: 220 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={institution}
            onChange={setInstitution}
            options={institutions.map((i) => ({ value: i.id, label: i.name }))}
          />
        )}
        <Input
          aria-label={t('mpi.persons.value')}
          placeholder={t('mpi.persons.value')}
          style={{ width: 240 }}
          value={value}
          onChange={(e) => setValue(e.target.value)}
          onPressEnter={() => void search()}
          allowClear
        />
        <Button type="primary" icon={<SearchOutlined />} loading={busy} onClick={() => void search()}>
          {t('mpi.persons.search')}
        </Button>
      </Space>
      {problem && <Alert type="warning" showIcon title={problem} style={{ marginTop: 8 }} />}
    </div>
  );
}
