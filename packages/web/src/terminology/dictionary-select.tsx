import { Select } from 'antd';
import { useI18n } from '../i18n/i18n.context.tsx';
import type { DictionaryVersions } from './dictionary-versions.ts';

// Imported titles already end with the version (`…v2`); others get it appended.
function labelOf({ current }: DictionaryVersions): string {
  const title = current.title ?? current.name ?? current.url ?? '';
  return current.version && !title.endsWith(`v${current.version}`) ? `${title} (v${current.version})` : title;
}

/** Chooses one of an institution's dictionaries by url (its current version is what mapping works on). */
export function DictionarySelect({ dictionaries, value, onChange, loading }: { dictionaries: DictionaryVersions[]; value?: string; onChange(url: string): void; loading?: boolean }) {
  const { t } = useI18n();
  return (
    <Select
      aria-label={t('terminology.mapping.dictionary')}
      data-testid="dictionary-select"
      style={{ width: 320 }}
      loading={loading}
      placeholder={t('terminology.mapping.dictionary')}
      value={value}
      onChange={onChange}
      options={dictionaries.map((d) => ({ value: d.current.url!, label: labelOf(d) }))}
    />
  );
}
