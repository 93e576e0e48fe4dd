import { useEffect, useMemo, useRef, useState, type CSSProperties } from 'react';
import { Select, Typography } from 'antd';
import type { Bundle, Reference, Resource } from '@medplum/fhirtypes';
import { api } from '../../api/http.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { referenceSearchParams, resourceDisplay } from './resource-display.ts';

export interface ReferencePickerProps {
  /** Resource types the reference may point to (e.g. ['Organization'] or ['Practitioner', 'PractitionerRole']). */
  targetTypes: string[];
  value?: Reference;
  onChange?(value: Reference | undefined): void;
  /** Fixed FHIR search parameters (e.g. `{ partof: 'Organization/lead-hospital' }`). */
  query?: Record<string, string>;
  placeholder?: string;
  disabled?: boolean;
  allowClear?: boolean;
  id?: string;
  style?: CSSProperties;
}

const DEBOUNCE_MS = 300;
// Abstract types cannot be searched; a Reference(Any) picker searches nothing rather than everything.
const ABSTRACT = new Set(['Resource', 'DomainResource', 'Any']);

/** Searches the server (name, or pinyin for latin letters) as the user types, debounced; several target types side by side. */
export function ReferencePicker({ targetTypes, value, onChange, query, placeholder, disabled, allowClear = true, id, style }: ReferencePickerProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [results, setResults] = useState<Resource[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const sequence = useRef(0);
  const types = useMemo(() => targetTypes.filter((type) => !ABSTRACT.has(type)), [targetTypes]);
  const queryKey = JSON.stringify(query ?? {});

  useEffect(() => {
    if (!open) return;
    const mine = ++sequence.current;
    const timer = setTimeout(() => {
      const fixed = JSON.parse(queryKey) as Record<string, string>;
      Promise.all(types.map((type) => api<Bundle>(`/fhir/R4/${type}`, { query: referenceSearchParams(type, text, fixed) })))
        .then((bundles) => {
          if (mine !== sequence.current) return;
          setResults(bundles.flatMap((b) => (b.entry ?? []).map((e) => e.resource).filter((r): r is Resource => !!r)));
          setError(null);
        })
        .catch((err: unknown) => {
          if (mine !== sequence.current) return;
          setResults([]);
          setError(err instanceof Error ? err.message : String(err));
        });
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [open, text, types, queryKey]);

  const refOf = (r: Resource): Reference => ({ reference: `${r.resourceType}/${r.id}`, display: resourceDisplay(r) });
  const found = (results ?? []).map(refOf);
  const options = found.map((r) => ({ value: r.reference!, label: r.display, type: r.reference!.split('/')[0] }));
  // The current value stays selectable (and labelled) even when the latest search did not return it.
  if (value?.reference && !options.some((o) => o.value === value.reference)) options.unshift({ value: value.reference, label: value.display ?? value.reference, type: value.reference.split('/')[0] });
  const grouped =
    types.length > 1 ? types.map((type) => ({ label: type, title: type, options: options.filter((o) => o.type === type) })).filter((g) => g.options.length > 0) : options;

  return (
    <Select<string>
      id={id}
      style={{ width: '100%', ...style }}
      value={value?.reference}
      placeholder={placeholder ?? t('picker.reference.placeholder')}
      disabled={disabled}
      allowClear={allowClear}
      showSearch={{ filterOption: false, searchValue: text, onSearch: setText }}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setText('');
      }}
      loading={open && results === null}
      options={grouped}
      notFoundContent={error ? <Typography.Text type="danger">{error}</Typography.Text> : results === null ? t('picker.loading') : t('picker.noMatch')}
      onChange={(reference) => {
        setText('');
        if (!reference) return onChange?.(undefined);
        onChange?.(found.find((r) => r.reference === reference) ?? (value?.reference === reference ? value : { reference }));
      }}
    />
  );
}
