import type { ReactNode } from 'react';
import { Avatar, Card, Space, Tag, Typography, theme } from 'antd';
import { ManOutlined, UserOutlined, WomanOutlined } from '@ant-design/icons';
import type { Patient } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useSession } from '../../session/session.context.tsx';
import { useOrganizationNames } from './organization-names.ts';
import { ageLabel, ageOn, genderKey, idCardOf, institutionOf, localToday, maskIdCard, maskPhone, mrnOf, patientName, phoneOf, specialLabels } from './patient-display.ts';

export interface PatientBannerProps {
  patient: Patient;
  /** Actions or facts of the page (e.g. visit number, a "change patient" button), shown at the right. */
  extra?: ReactNode;
  /** Allergies as the page knows them (AllergyIntolerance arrives with the clinical modules); shown in red. */
  allergies?: ReactNode;
}

/** The strip at the top of every patient page: who this is, at a glance, with identifiers masked. */
export function PatientBanner({ patient, extra, allergies }: PatientBannerProps) {
  const { t } = useI18n();
  const { me } = useSession();
  const { token } = theme.useToken();
  const owner = institutionOf(patient);
  const names = useOrganizationNames([owner]);
  const age = ageLabel(ageOn(patient.birthDate, localToday()));
  const mrn = mrnOf(patient, me.institution);
  const idCard = idCardOf(patient);
  const phone = phoneOf(patient);
  const field = (label: string, value: ReactNode) => (
    <span>
      <Typography.Text type="secondary">{t('patient.banner.labelled', { label })}</Typography.Text>
      {value}
    </span>
  );

  return (
    <Card size="small" data-testid="patient-banner" styles={{ body: { padding: '8px 16px' } }} style={{ borderLeft: `4px solid ${token.colorPrimary}` }}>
      <Space size={16} wrap align="center" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space size={16} wrap align="center">
          <Avatar style={{ background: patient.gender === 'female' ? token.magenta5 : token.colorPrimary }} icon={patient.gender === 'female' ? <WomanOutlined /> : patient.gender === 'male' ? <ManOutlined /> : <UserOutlined />} />
          <Typography.Text strong style={{ fontSize: 18 }}>
            {patientName(patient)}
          </Typography.Text>
          <span>{t(genderKey(patient.gender))}</span>
          {age && <span>{t(age.key, age.values)}</span>}
          {specialLabels(patient).map((label) => (
            <Tag key={`${label.system ?? ''}|${label.code ?? ''}`} color="volcano">
              {label.display ?? label.code}
            </Tag>
          ))}
          {mrn && field(t('patient.banner.mrn'), mrn)}
          {idCard && field(t('patient.banner.idCard'), <span style={{ fontFamily: 'monospace' }}>{maskIdCard(idCard)}</span>)}
          {phone && field(t('patient.banner.phone'), maskPhone(phone))}
          {owner && <Typography.Text type="secondary">{names[owner]}</Typography.Text>}
          {allergies && field(t('patient.banner.allergies'), <Typography.Text type="danger">{allergies}</Typography.Text>)}
        </Space>
        {extra}
      </Space>
    </Card>
  );
}
