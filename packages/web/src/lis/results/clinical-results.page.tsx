import { Button, Card, Result, Space } from 'antd';
import { useSearchParams } from 'react-router';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { PatientBanner } from '../../widgets/patient/patient-banner.tsx';
import { PatientSearch } from '../../widgets/patient/patient-search.tsx';
import { ClinicalResultsView } from './clinical-view.tsx';
import { fhirApi } from './results.api.ts';

/**
 * 检验结果查询 (clinical): choose a patient, then read their released lab reports and trends. The patient is in the
 * URL (`?patient=<id>`), so a link from elsewhere opens them directly; HIS doctor stations embed
 * `/embed/lis-results` instead.
 */
export default function ClinicalResultsPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const patientId = params.get('patient');
  const patient = useLoad(() => fhirApi.patient(patientId!), [patientId], !!patientId);

  if (!holds(me.permissions, 'lis.read')) return <Forbidden />;
  if (!me.institution) return <Result status="info" title={t('lisRes.needInstitution')} />;
  if (!patientId) {
    return (
      <Card title={t('lisRes.clinical.pick')}>
        <PatientSearch autoFocus onSelect={(p) => p.id && setParams({ patient: p.id })} />
      </Card>
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="clinical-page">
      {patient.data && (
        <PatientBanner
          patient={patient.data}
          extra={
            <Button size="small" onClick={() => setParams({})}>
              {t('lisRes.clinical.change')}
            </Button>
          }
        />
      )}
      <Card title={t('lisRes.clinical.title')}>
        <ClinicalResultsView key={patientId} patientId={patientId} />
      </Card>
    </Space>
  );
}
