import { ColorPicker, Input, InputNumber, Select, Switch } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localized } from '../../shell/menu.ts';
import type { ParameterDefinition } from '../parameters.api.ts';

export interface ParameterInputProps {
  definition: ParameterDefinition;
  value: unknown;
  /** JSON parameters are edited as text; the page parses it when saving. */
  jsonText?: string;
  onChange(value: unknown): void;
  onJsonText(text: string): void;
  id: string;
}

/** The input for one parameter, by its declared type. */
export function ParameterInput({ definition: d, value, jsonText, onChange, onJsonText, id }: ParameterInputProps) {
  const { locale } = useI18n();
  switch (d.type) {
    case 'number':
      return <InputNumber id={id} min={d.min} max={d.max} value={typeof value === 'number' ? value : null} onChange={(v) => onChange(v ?? undefined)} style={{ width: 160 }} />;
    case 'boolean':
      return <Switch id={id} checked={value === true} onChange={onChange} />;
    case 'enum':
      return <Select id={id} value={value as string} onChange={onChange} style={{ minWidth: 200 }} options={(d.options ?? []).map((o) => ({ value: o.value, label: localized(o.title, locale) }))} />;
    case 'color':
      return <ColorPicker format="hex" disabledAlpha showText value={typeof value === 'string' ? value : undefined} onChange={(c) => onChange(c.toHexString())} />;
    case 'json':
      return <Input.TextArea id={id} autoSize={{ minRows: 2, maxRows: 10 }} value={jsonText ?? JSON.stringify(value, null, 2)} onChange={(e) => onJsonText(e.target.value)} style={{ fontFamily: 'monospace' }} />;
    default:
      return <Input id={id} value={typeof value === 'string' ? value : ''} onChange={(e) => onChange(e.target.value)} style={{ maxWidth: 420 }} />;
  }
}
