import { useMemo, type CSSProperties } from 'react';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { InstitutionPicker } from '../../admin/common/institution-picker.tsx';
import type { Lab } from './use-lab.ts';

interface CodePickerProps {
  lab: Lab;
  value?: string;
  /** Optional inside a Form.Item, which supplies it. */
  onChange?(value: string | undefined): void;
  placeholder?: string;
  style?: CSSProperties;
  allowClear?: boolean;
  id?: string;
}

/**
 * A test of the lab's catalogue, searched by code, name or pinyin (`xt` → 血糖) like every dictionary of the
 * console; `only` narrows it (tests with QC targets on an instrument, numeric tests).
 */
export function TestPicker({ lab, value, onChange, placeholder, style, allowClear = true, id, only }: CodePickerProps & { only?: readonly string[] }) {
  // The picker indexes a concept list once per identity (pinyin is read then): rebuild it only when the codes change.
  const onlyKey = only?.join('|');
  const concepts = useMemo<DictionaryConcept[]>(() => {
    const allowed = onlyKey === undefined ? undefined : new Set(onlyKey.split('|'));
    return lab.directory.tests.filter((t) => !allowed || allowed.has(t.code)).map((t) => ({ code: t.code, display: t.abbreviation && t.abbreviation !== t.code ? `${t.name} ${t.abbreviation}` : t.name }));
  }, [lab.directory.tests, onlyKey]);
  const source = useMemo(() => ({ concepts }), [concepts]);
  return (
    <DictionaryPicker
      id={id}
      source={source}
      value={value ? { code: value, display: lab.testName(value) } : undefined}
      onChange={(c) => onChange?.(Array.isArray(c) ? c[0]?.code : c?.code)}
      placeholder={placeholder}
      allowClear={allowClear}
      style={style}
    />
  );
}

/** An analyzer of the lab by code, name or pinyin (`sh` → 生化); the value is the Device id. */
export function InstrumentPicker({ lab, value, onChange, placeholder, style, allowClear = true, id }: CodePickerProps) {
  const concepts = useMemo<DictionaryConcept[]>(() => lab.directory.instruments.map((i) => ({ code: i.code, display: i.name })), [lab.directory.instruments]);
  const source = useMemo(() => ({ concepts }), [concepts]);
  const byCode = useMemo(() => new Map(lab.directory.instruments.map((i) => [i.code, i.id])), [lab.directory.instruments]);
  const current = lab.directory.instruments.find((i) => i.id === value);
  return (
    <DictionaryPicker
      id={id}
      source={source}
      value={current ? { code: current.code, display: current.name } : value ? { code: value, display: value } : undefined}
      onChange={(c) => {
        const code = Array.isArray(c) ? c[0]?.code : c?.code;
        onChange?.(code ? (byCode.get(code) ?? code) : undefined);
      }}
      placeholder={placeholder}
      allowClear={allowClear}
      style={style}
    />
  );
}

/** The laboratory chooser of region-wide users (nothing for staff, who work in their current institution). */
export function LabInstitutionPicker({ lab }: { lab: Lab }) {
  if (!lab.regionWide) return null;
  return <InstitutionPicker value={lab.scope.institution} onChange={lab.setInstitution} institutions={lab.institutions} editable />;
}
