import { useEffect, useState } from 'react';
import { Button, Card, Space } from 'antd';
import { useSearchParams } from 'react-router';
import type { Patient } from '@medplum/fhirtypes';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { api } from '../../api/http.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { PatientBanner } from '../../widgets/patient/patient-banner.tsx';
import { PatientSearch } from '../../widgets/patient/patient-search.tsx';
import { RecognitionWorkstation } from './workstation.tsx';

/**
 * 互认查询 (the platform's own doctor workstation): choose one of the institution's patients, then see what is
 * recognisable, order with the recognition check, and read reports. The patient is in the URL (`?patient=`).
 */
export default function RecognitionDoctorPage() {
  const { t } = useI18n();
  const { me } = useSession();
  const [params, setParams] = useSearchParams();
  const patientId = params.get('patient');
  const [patient, setPatient] = useState<Patient | null>(null);

  useEffect(() => {
    if (!patientId || patient?.id === patientId) return;
    let live = true;
    api<Patient>(`/fhir/R4/Patient/${encodeURIComponent(patientId)}`).then((p) => live && setPatient(p), () => live && setPatient(null));
    return () => {
      live = false;
    };
  }, [patientId]);

  if (!holds(me.permissions, 'recognition.query')) return <Forbidden />;
  if (!patientId) {
    return (
      <Card title={t('recognition.doctor.pickPatient')}>
        <PatientSearch autoFocus onSelect={(p) => { setPatient(p); if (p.id) setParams({ patient: p.id }); }} />
      </Card>
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {patient && <PatientBanner patient={patient} extra={<Button size="small" onClick={() => { setPatient(null); setParams({}); }}>{t('recognition.doctor.changePatient')}</Button>} />}
      <RecognitionWorkstation key={patientId} patient={{ patient: patientId }} />
    </Space>
  );
}
