import { Typography } from 'antd';
import { useI18n } from '../i18n/i18n.context.tsx';
import { identifierKindOf } from './identifier-systems.ts';
import { codeKey } from './mpi-labels.ts';

/** An identifier as staff read it: 病历号（县医院）: 000123, with the raw system in the tooltip. */
export function IdentifierLabel({ system, value, institutionNames }: { system?: string; value?: string; institutionNames: Record<string, string> }) {
  const { t } = useI18n();
  const { kind, institution } = identifierKindOf(system);
  const label = kind === 'other' ? (system ?? t('mpi.id.other')) : t(codeKey('mpi.id', kind)!);
  return (
    <span title={system} data-identifier-system={system}>
      <Typography.Text type="secondary">
        {t('patient.banner.labelled', { label: institution ? t('mpi.id.ofInstitution', { label, institution: institutionNames[institution] ?? institution }) : label })}
      </Typography.Text>
      <span style={{ fontFamily: 'monospace' }}>{value}</span>
    </span>
  );
}
