import { useEffect, useRef, useState, type CSSProperties } from 'react';
import { Select, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';

export interface RemoteOption {
  value: string;
  label: string;
}

export interface RemoteSelectProps {
  value?: string[];
  onChange?(value: string[]): void;
  /** Server search for what was typed (debounced); the empty text lists the first few. */
  search(text: string): Promise<RemoteOption[]>;
  placeholder?: string;
  id?: string;
  /** Single choice (value is still a list of at most one, so form values keep one shape). */
  single?: boolean;
  'aria-label'?: string;
  style?: CSSProperties;
}

const DEBOUNCE_MS = 300;

/** A select whose options come from a server search (users by name, patients by name or pinyin); values kept even when not in the latest answer. */
export function RemoteSelect({ value = [], onChange, search, placeholder, id, single, 'aria-label': ariaLabel, style }: RemoteSelectProps) {
  const { t } = useI18n();
  const [text, setText] = useState('');
  const [open, setOpen] = useState(false);
  const [options, setOptions] = useState<RemoteOption[] | null>(null);
  const [labels, setLabels] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const sequence = useRef(0);
  const searchRef = useRef(search);
  searchRef.current = search;

  useEffect(() => {
    if (!open) return;
    const mine = ++sequence.current;
    const timer = setTimeout(() => {
      searchRef.current(text.trim()).then(
        (found) => {
          if (mine !== sequence.current) return;
          setOptions(found);
          setLabels((l) => ({ ...l, ...Object.fromEntries(found.map((o) => [o.value, o.label])) }));
          setError(null);
        },
        (err: unknown) => {
          if (mine !== sequence.current) return;
          setOptions([]);
          setError(err instanceof Error ? err.message : String(err));
        },
      );
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [open, text]);

  const shown = [...(options ?? [])];
  for (const v of value) if (!shown.some((o) => o.value === v)) shown.unshift({ value: v, label: labels[v] ?? v });

  return (
    <Select<string[] | string>
      id={id}
      aria-label={ariaLabel}
      style={{ minWidth: 200, ...style }}
      mode={single ? undefined : 'multiple'}
      allowClear
      value={single ? value[0] : value}
      placeholder={placeholder}
      showSearch={{ filterOption: false, searchValue: text, onSearch: setText }}
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (!next) setText('');
      }}
      loading={open && options === null}
      notFoundContent={error ? <Typography.Text type="danger">{error}</Typography.Text> : options === null ? t('admin.common.loading') : t('admin.common.noMatch')}
      options={shown}
      onChange={(v) => {
        setText('');
        onChange?.(v === undefined ? [] : Array.isArray(v) ? v : [v]);
      }}
    />
  );
}
