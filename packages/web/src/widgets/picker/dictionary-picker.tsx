import { useCallback, useDeferredValue, useEffect, useMemo, useState, type CSSProperties } from 'react';
import { Select, Space, Typography } from 'antd';
import type { Coding } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { conceptKey, matchConcepts, type DictionaryConcept, type IndexedConcept } from './dictionary-match.ts';
import { loadDictionary, type DictionarySource } from './dictionary-source.ts';

export interface DictionaryPickerProps {
  source: DictionarySource;
  value?: Coding | Coding[];
  onChange?(value: Coding | Coding[] | undefined): void;
  multiple?: boolean;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  /** Set by antd Form.Item so labels and error messages point at the input. */
  id?: string;
  style?: CSSProperties;
}

const toCoding = (c: DictionaryConcept): Coding => (c.system ? { system: c.system, code: c.code, display: c.display } : { code: c.code, display: c.display });

/**
 * Select from a dictionary by code, name, pinyin initials or full pinyin (`xcg` → 血常规). Matching runs over the
 * whole dictionary in memory (see dictionary-match.ts) and antd's virtual list renders only what is visible, so
 * dictionaries of many thousand concepts stay responsive.
 */
export function DictionaryPicker({ source, value, onChange, multiple, placeholder, disabled, allowClear = true, id, style }: DictionaryPickerProps) {
  const { t } = useI18n();
  const [index, setIndex] = useState<IndexedConcept[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const query = useDeferredValue(search);

  useEffect(() => {
    let live = true;
    setIndex(null);
    setError(null);
    loadDictionary(source).then(
      (loaded) => live && setIndex(loaded),
      (err: unknown) => live && setError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
    // The source is identified by its url or its concept list, not by the object literal the caller rebuilds.
  }, [source.valueSet, source.codeSystem, source.concepts]);

  const selected = useMemo(() => (value === undefined ? [] : Array.isArray(value) ? value : [value]), [value]);
  // A bare code (a `code` element has no system) is the dictionary concept with that code.
  const keyOf = useCallback(
    (c: Coding) => {
      const hit = !c.system && index?.find((e) => e.concept.code === c.code);
      return hit ? conceptKey(hit.concept) : conceptKey(c);
    },
    [index],
  );
  const concepts = useMemo(() => {
    const matched = index ? matchConcepts(index, query) : [];
    if (query) return matched;
    // A stored code the dictionary no longer has is still shown rather than silently dropped.
    const known = new Set(matched.map(conceptKey));
    const legacy = selected.filter((c) => c.code && !known.has(keyOf(c))).map((c) => ({ system: c.system, code: c.code!, display: c.display ?? c.code! }));
    return [...legacy, ...matched];
  }, [index, query, selected, keyOf]);
  const byKey = useMemo(() => new Map(concepts.map((c) => [conceptKey(c), c])), [concepts]);

  const change = (keys: string | string[] | undefined) => {
    setSearch('');
    const pick = (key: string) => {
      const concept = byKey.get(key);
      if (concept) return toCoding(concept);
      return selected.find((c) => keyOf(c) === key);
    };
    if (Array.isArray(keys)) onChange?.(keys.map(pick).filter((c): c is Coding => !!c));
    else onChange?.(keys === undefined ? undefined : pick(keys));
  };

  const notFound = error ? (
    <Typography.Text type="danger">{t('picker.loadFailed', { message: error })}</Typography.Text>
  ) : index ? (
    t('picker.noMatch')
  ) : (
    t('picker.loading')
  );

  return (
    <Select<string | string[]>
      id={id}
      style={{ width: '100%', ...style }}
      mode={multiple ? 'multiple' : undefined}
      value={multiple ? selected.map(keyOf) : selected[0] ? keyOf(selected[0]) : undefined}
      onChange={change}
      placeholder={placeholder ?? t('picker.placeholder')}
      disabled={disabled}
      allowClear={allowClear}
      loading={!index && !error}
      showSearch={{ filterOption: false, searchValue: search, onSearch: setSearch }}
      onOpenChange={(open) => !open && setSearch('')}
      notFoundContent={notFound}
      options={concepts.map((c) => ({ value: conceptKey(c), label: c.display }))}
      optionRender={(option) => (
        <Space size={8}>
          <Typography.Text type="secondary" style={{ fontFamily: 'monospace', minWidth: 64, display: 'inline-block' }}>
            {byKey.get(String(option.value))?.code}
          </Typography.Text>
          <span>{option.label}</span>
        </Space>
      )}
      virtual
      listHeight={288}
    />
  );
}
