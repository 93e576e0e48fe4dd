import { useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { Alert, Result, Spin } from 'antd';
import { fetchMe, type Me } from '../../api/auth.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { SessionContext, type Session } from '../../session/session.context.tsx';
import { tokenStore } from '../../session/tokens.ts';
import { ParametersProvider } from '../../widgets/parameters/parameters.context.tsx';
import { UserSettingsProvider } from '../../widgets/settings/user-settings.context.tsx';
import { patientRefOf } from './recognition.api.ts';
import { RecognitionWorkstation } from './workstation.tsx';

/**
 * The embeddable recognition page for HIS doctor stations (iframe or popup), without the shell's menu and tabs:
 * `/embed/recognition?patient=<system|value or Patient id>&institution=<Organization id>&orderItems=CBC,CT-CHEST`.
 * It uses the platform session of the browser (signing in first when there is none, then coming back here);
 * `orderItems` runs the duplicate-order check at once, so a HIS opens it when an order is saved.
 */
export default function RecognitionEmbedPage() {
  const { t } = useI18n();
  const { pathname, search } = useLocation();
  const [params] = useSearchParams();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const signedIn = tokenStore.get() !== null;
  useEffect(() => {
    if (signedIn) fetchMe().then(setMe, (err: unknown) => setError(err instanceof Error ? err.message : String(err)));
  }, [signedIn]);
  const session = useMemo<Session | null>(() => (me ? { me, modules: [], reload: async () => setMe(await fetchMe()) } : null), [me]);
  const patient = patientRefOf(params.get('patient') ?? '');
  const orderItems = useMemo(() => (params.get('orderItems') ?? '').split(',').map((s) => s.trim()).filter(Boolean), [params]);
  const institution = params.get('institution');

  if (!signedIn) return <Navigate to="/login" replace state={{ from: `${pathname}${search}` }} />;
  if (error) return <Result status="error" title={error} />;
  if (!session) return <Spin style={{ display: 'block', margin: '30vh auto' }} />;
  if (!patient) return <Result status="warning" title={t('recognition.doctor.noPatient')} />;
  return (
    <SessionContext.Provider value={session}>
      <UserSettingsProvider>
        <ParametersProvider>
          <div style={{ padding: 12 }}>
            {institution && institution !== session.me.institution && <Alert type="warning" showIcon title={`${institution} ≠ ${session.me.institution ?? '—'}`} style={{ marginBottom: 8 }} />}
            <RecognitionWorkstation patient={patient} orderItems={orderItems} />
          </div>
        </ParametersProvider>
      </UserSettingsProvider>
    </SessionContext.Provider>
  );
}
