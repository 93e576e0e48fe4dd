import { useEffect, useState } from 'react';
import { Alert, Card, Space, Spin, Tabs, Typography } from 'antd';
import { useSearchParams } from 'react-router';
import { errorText } from '../admin/common/errors.ts';
import { Forbidden } from '../admin/common/forbidden.tsx';
import { useI18n } from '../i18n/i18n.context.tsx';
import { holds } from '../session/permissions.ts';
import { useSession } from '../session/session.context.tsx';
import { PatientSearch } from '../widgets/patient/patient-search.tsx';
import { GOLDEN_TAG } from './identifier-systems.ts';
import { IdentifierLookup } from './identifier-lookup.tsx';
import { goldenPerson, type PersonDetails } from './mpi.api.ts';
import { PersonView } from './person-view.tsx';

const GOLDEN_ONLY = { _tag: GOLDEN_TAG };

/**
 * 主索引查询: a person found by any identifier (any institution's number resolves to the golden record) or by
 * name/pinyin among golden records. The person shown is in the URL (`?golden=`), so links and reloads keep it.
 */
export default function PersonsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const allowed = holds(me.permissions, 'mpi.read');
  const [params, setParams] = useSearchParams();
  const goldenId = params.get('golden');
  const [details, setDetails] = useState<PersonDetails | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const [reloadToken, setReloadToken] = useState(0);

  // Load the person of the URL unless it is already shown (a resolve answer also carries which sources matched).
  useEffect(() => {
    if (!allowed || !goldenId) return;
    if (details?.golden.id === goldenId && reloadToken === 0) return;
    let live = true;
    setLoading(true);
    goldenPerson(goldenId).then(
      (d) => {
        if (!live) return;
        setDetails(d);
        setError(undefined);
        setLoading(false);
      },
      (err: unknown) => {
        if (!live) return;
        setError(err);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
    // `details` is read, not followed: it changes as a consequence of this effect.
  }, [allowed, goldenId, reloadToken]);

  if (!allowed) return <Forbidden />;

  const show = (d: PersonDetails) => {
    setDetails(d);
    setError(undefined);
    setReloadToken(0);
    setParams({ golden: d.golden.id! });
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Card title={t('mpi.persons.title')}>
        <Typography.Paragraph type="secondary">{t('mpi.persons.hint')}</Typography.Paragraph>
        <Tabs
          items={[
            { key: 'identifier', label: t('mpi.persons.byIdentifier'), children: <IdentifierLookup onFound={show} /> },
            { key: 'name', label: t('mpi.persons.byName'), children: <PatientSearch query={GOLDEN_ONLY} onSelect={(p) => p.id && setParams({ golden: p.id })} /> },
          ]}
        />
      </Card>
      {error !== undefined && <Alert type="error" showIcon title={t('shell.loadFailed', { message: errorText(error, locale) })} />}
      {loading && !details && <Spin />}
      {details && goldenId === details.golden.id && <PersonView details={details} onChanged={() => setReloadToken((n) => n + 1)} />}
    </Space>
  );
}
