import { useEffect, useState, type KeyboardEvent, type Ref, type RefObject } from 'react';
import { Input, type InputRef } from 'antd';
import { BarcodeOutlined } from '@ant-design/icons';
import { cleanScan } from './specimen-logic.ts';

export interface ScanInputProps {
  /** Called with the cleaned barcode when the scanner (or the keyboard) sends Enter; the box empties for the next. */
  onScan(barcode: string): void;
  placeholder: string;
  /** Take the focus back whenever nothing else holds it (a click on the page, a dialog closed, the window refocused). */
  keepFocus?: boolean;
  inputRef?: RefObject<InputRef | null>;
  disabled?: boolean;
  /** Arrow keys for the page (move through a list) instead of the caret. */
  onArrow?(step: 1 | -1): void;
  'data-testid'?: string;
  ariaLabel?: string;
}

/** Nothing focused: the page itself has it (after a click on empty space, or when the element that had it went away). */
const nothingFocused = () => !document.activeElement || document.activeElement === document.body;

/** The barcode box of a scanning workstation: large, monospace, no autocomplete, and it keeps the focus. */
export function ScanInput({ onScan, placeholder, keepFocus, inputRef, disabled, onArrow, ariaLabel, ...rest }: ScanInputProps) {
  const [value, setValue] = useState('');

  useEffect(() => {
    if (!keepFocus) return;
    const refocus = () => setTimeout(() => nothingFocused() && inputRef?.current?.focus(), 0);
    window.addEventListener('focus', refocus);
    document.addEventListener('focusout', refocus);
    document.addEventListener('click', refocus);
    return () => {
      window.removeEventListener('focus', refocus);
      document.removeEventListener('focusout', refocus);
      document.removeEventListener('click', refocus);
    };
  }, [keepFocus, inputRef]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      const barcode = cleanScan(value);
      setValue('');
      if (barcode) onScan(barcode);
    } else if (onArrow && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
      e.preventDefault();
      onArrow(e.key === 'ArrowDown' ? 1 : -1);
    }
  };

  return (
    <Input
      ref={inputRef as Ref<InputRef>}
      size="large"
      autoFocus
      autoComplete="off"
      spellCheck={false}
      maxLength={64}
      prefix={<BarcodeOutlined />}
      value={value}
      disabled={disabled}
      placeholder={placeholder}
      aria-label={ariaLabel ?? placeholder}
      onChange={(e) => setValue(e.target.value)}
      onKeyDown={onKeyDown}
      style={{ fontFamily: 'monospace', fontSize: 20 }}
      data-testid={rest['data-testid']}
    />
  );
}
