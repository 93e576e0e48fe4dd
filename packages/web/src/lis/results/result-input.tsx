import { useState, type Ref } from 'react';
import { AutoComplete, Input, type InputRef } from 'antd';
import { resultsApi } from './results.api.ts';

export interface ResultInputProps {
  testCode: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** Enter / Shift+Enter: the next or previous result. */
  onMove(step: 1 | -1): void;
  /** Esc: leave entry without saving. */
  onCancel(): void;
  inputRef?: Ref<InputRef>;
  autoFocus?: boolean;
}

/** One result typed at the bench, with the test's common results (常见结果: 阴性, 2+, 未见…) offered as it is focused. */
export function ResultInput({ testCode, label, value, onChange, onMove, onCancel, inputRef, autoFocus }: ResultInputProps) {
  const [options, setOptions] = useState<string[]>();
  const [open, setOpen] = useState(false);
  const load = () => {
    if (!options) resultsApi.commonResults(testCode).then(setOptions, () => setOptions([]));
  };
  const shown = (options ?? []).filter((o) => !value || o.includes(value.trim()) || o === value);
  return (
    <AutoComplete
      value={value}
      options={shown.map((o) => ({ value: o }))}
      onChange={(v: string) => onChange(v)}
      onFocus={load}
      open={open && shown.length > 0}
      onOpenChange={setOpen}
      defaultActiveFirstOption={false}
      style={{ width: '100%' }}
    >
      <Input
        ref={inputRef}
        size="small"
        aria-label={label}
        data-test={testCode}
        autoFocus={autoFocus}
        autoComplete="off"
        onKeyDown={(e) => {
          // Enter moves on like a form sheet; an option reached with ↓ is taken first (the picklist handles that Enter too).
          if (e.key === 'Enter') {
            e.preventDefault();
            onMove(e.shiftKey ? -1 : 1);
          } else if (e.key === 'Escape' && !open) {
            onCancel();
          }
        }}
      />
    </AutoComplete>
  );
}
