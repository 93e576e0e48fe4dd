import { useMemo } from 'react';
import type { Coding } from '@medplum/fhirtypes';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';

const NONE: DictionaryConcept[] = [];

export interface CodePickerProps {
  /** The dictionary (the laboratory's tests, its lab sections); undefined while loading. */
  concepts: DictionaryConcept[] | undefined;
  /** A code: the form stores codes, as the API does. */
  value?: string;
  onChange?(code: string | undefined): void;
  id?: string;
  placeholder?: string;
  disabled?: boolean;
}

/** A code by code, name or pinyin (`bxb` → 白细胞计数) with the shared DictionaryPicker, holding just the code. */
export function CodePicker({ concepts, value, onChange, id, placeholder, disabled }: CodePickerProps) {
  const source = useMemo(() => ({ concepts: concepts ?? NONE }), [concepts]);
  const coding: Coding | undefined = value ? { code: value, display: concepts?.find((c) => c.code === value)?.display ?? value } : undefined;
  return (
    <DictionaryPicker
      id={id}
      source={source}
      value={coding}
      placeholder={placeholder}
      disabled={disabled}
      onChange={(v) => onChange?.((Array.isArray(v) ? v[0] : v)?.code)}
    />
  );
}
