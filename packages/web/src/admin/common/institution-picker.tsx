import { useEffect, useState } from 'react';
import { Select, Space, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { InstitutionOption } from './use-institutions.ts';

/**
 * The institution a page works in: region administrators choose any (default: their current one, else the first
 * healthcare provider); everyone else works in their current institution (switched in the top bar).
 */
export function useWorkingInstitution(me: { regionAdmin?: boolean; institution?: string }, institutions: InstitutionOption[]): [string | undefined, (id: string) => void] {
  const [chosen, setChosen] = useState<string | undefined>(me.institution);
  useEffect(() => {
    if (!me.regionAdmin) setChosen(me.institution);
    else if (!chosen && institutions.length) setChosen((institutions.find((i) => i.provider) ?? institutions[0]).id);
  }, [me.regionAdmin, me.institution, institutions, chosen]);
  return [chosen, setChosen];
}

export function InstitutionPicker({ value, onChange, institutions, editable }: { value?: string; onChange(id: string): void; institutions: InstitutionOption[]; editable: boolean }) {
  const { t } = useI18n();
  const name = institutions.find((i) => i.id === value)?.name ?? value;
  return (
    <div data-testid="institution-picker">
      <Space>
        <Typography.Text>{t('admin.common.institution')}</Typography.Text>
        {editable ? (
          <Select
            aria-label={t('admin.common.institution')}
            style={{ width: 240 }}
            showSearch={{ optionFilterProp: 'label' }}
            value={value}
            onChange={onChange}
            options={institutions.map((i) => ({ value: i.id, label: i.name }))}
          />
        ) : (
          <Typography.Text strong>{name ?? t('admin.common.noInstitution')}</Typography.Text>
        )}
      </Space>
    </div>
  );
}
