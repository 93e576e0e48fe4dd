import { useEffect, useMemo, useState } from 'react';
import { Navigate, useLocation, useSearchParams } from 'react-router';
import { Result, Spin } from 'antd';
import { fetchMe, type Me } from '../../api/auth.api.ts';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { SessionContext, type Session } from '../../session/session.context.tsx';
import { tokenStore } from '../../session/tokens.ts';
import { ParametersProvider } from '../../widgets/parameters/parameters.context.tsx';
import { PatientBanner } from '../../widgets/patient/patient-banner.tsx';
import { UserSettingsProvider } from '../../widgets/settings/user-settings.context.tsx';
import { ClinicalResultsView } from './clinical-view.tsx';
import { fhirApi } from './results.api.ts';

/**
 * The embeddable lab results for EMR / HIS doctor stations (the seeds' LisReport.ocx, as a page for an iframe or a
 * popup): `/embed/lis-results?patient=<Patient id | system|value>`. No shell; the browser's platform session (signing
 * in first when there is none, then coming back). A `system|value` names the patient by an identifier of the
 * caller's institution (病历号, ID card).
 */
export default function LisResultsEmbedPage() {
  const { t, locale } = useI18n();
  const { pathname, search } = useLocation();
  const [params] = useSearchParams();
  const [me, setMe] = useState<Me | null>(null);
  const [error, setError] = useState<string | null>(null);
  const signedIn = tokenStore.get() !== null;
  useEffect(() => {
    if (signedIn) fetchMe().then(setMe, (err: unknown) => setError(errorText(err, locale)));
  }, [signedIn]);
  const session = useMemo<Session | null>(() => (me ? { me, modules: [], reload: async () => setMe(await fetchMe()) } : null), [me]);
  const ref = params.get('patient')?.trim() ?? '';
  // Wrapped, so "no such patient" (undefined) is told apart from "not answered yet".
  const patient = useLoad(async () => ({ found: ref.includes('|') ? await fhirApi.patientByIdentifier(ref) : await fhirApi.patient(ref) }), [ref], !!session && !!ref);

  if (!signedIn) return <Navigate to="/login" replace state={{ from: `${pathname}${search}` }} />;
  if (error) return <Result status="error" title={error} />;
  if (!session) return <Spin style={{ display: 'block', margin: '30vh auto' }} />;
  if (!holds(session.me.permissions, 'lis.read')) return <Result status="403" title="403" subTitle={t('admin.common.forbidden')} />;
  if (!ref) return <Result status="warning" title={t('lisRes.clinical.noPatient')} />;
  if (patient.error !== undefined) return <Result status="error" title={errorText(patient.error, locale)} />;
  if (!patient.data) return <Spin style={{ display: 'block', margin: '30vh auto' }} />;
  const found = patient.data.found;
  if (!found?.id) return <Result status="warning" title={t('lisRes.clinical.unknownPatient', { patient: ref })} />;
  return (
    <SessionContext.Provider value={session}>
      <UserSettingsProvider>
        <ParametersProvider>
          <div style={{ padding: 12 }} data-testid="lis-results-embed">
            <PatientBanner patient={found} />
            <div style={{ marginTop: 12 }}>
              <ClinicalResultsView patientId={found.id} />
            </div>
          </div>
        </ParametersProvider>
      </UserSettingsProvider>
    </SessionContext.Provider>
  );
}
