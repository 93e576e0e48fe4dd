import { memo, useImperativeHandle, useRef, type Ref } from 'react';
import { Button, DatePicker, Form, Input, Select, Space } from 'antd';
import { SearchOutlined } from '@ant-design/icons';
import dayjs, { type Dayjs } from 'dayjs';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { FilterField, FilterValue } from './table.types.ts';

export interface FilterBarHandle {
  /** Puts the cursor into the first filter (F3 or '/'). */
  focusFirst(): void;
}

interface FilterBarProps {
  fields: FilterField[];
  values: Record<string, FilterValue>;
  onSearch(values: Record<string, FilterValue>): void;
  ref?: Ref<FilterBarHandle>;
}

type FormValues = Record<string, string | [Dayjs | null, Dayjs | null] | null | undefined>;

const DAY = 'YYYY-MM-DD';

function toForm(fields: FilterField[], values: Record<string, FilterValue>): FormValues {
  const out: FormValues = {};
  for (const f of fields) {
    const v = values[f.param];
    if (f.kind === 'date') out[f.param] = Array.isArray(v) ? [v[0] ? dayjs(v[0]) : null, v[1] ? dayjs(v[1]) : null] : undefined;
    else out[f.param] = typeof v === 'string' ? v : undefined;
  }
  return out;
}

function fromForm(fields: FilterField[], form: FormValues): Record<string, FilterValue> {
  const out: Record<string, FilterValue> = {};
  for (const f of fields) {
    const v = form[f.param];
    if (Array.isArray(v)) {
      if (v[0] || v[1]) out[f.param] = [v[0]?.format(DAY) ?? '', v[1]?.format(DAY) ?? ''];
    } else if (typeof v === 'string' && v.trim()) out[f.param] = v.trim();
  }
  return out;
}

/** The query bar above a table: one field per filter; 查询 applies them (Enter too), 重置 clears them. */
export const FilterBar = memo(function FilterBar({ fields, values, onSearch, ref }: FilterBarProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const container = useRef<HTMLDivElement>(null);
  useImperativeHandle(ref, () => ({ focusFirst: () => container.current?.querySelector<HTMLInputElement>('input:not([type=hidden])')?.focus() }), []);

  return (
    <div ref={container} data-testid="filter-bar">
      <Form form={form} layout="inline" initialValues={toForm(fields, values)} onFinish={(v) => onSearch(fromForm(fields, v))} style={{ marginBottom: 12, rowGap: 8 }}>
        {fields.map((f) => (
          <Form.Item key={f.param} name={f.param} label={f.label}>
            {f.kind === 'date' ? (
              <DatePicker.RangePicker allowEmpty={[true, true]} />
            ) : f.kind === 'select' ? (
              <Select allowClear showSearch={{ optionFilterProp: 'label' }} placeholder={t('table.any')} options={f.options ?? []} style={{ minWidth: 140 }} />
            ) : (
              <Input allowClear style={{ width: 180 }} />
            )}
          </Form.Item>
        ))}
        <Space>
          <Button type="primary" htmlType="submit" icon={<SearchOutlined />}>
            {t('table.search')}
          </Button>
          <Button
            onClick={() => {
              form.setFieldsValue(Object.fromEntries(fields.map((f) => [f.param, undefined])));
              onSearch({});
            }}
          >
            {t('table.reset')}
          </Button>
        </Space>
      </Form>
    </div>
  );
});
