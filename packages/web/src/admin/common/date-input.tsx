import { DatePicker } from 'antd';
import dayjs from 'dayjs';

/** A DatePicker whose form value is a FHIR date string (YYYY-MM-DD), so form values serialise as the API expects. */
export function DateInput({ value, onChange, id, placeholder }: { value?: string; onChange?(value: string | undefined): void; id?: string; placeholder?: string }) {
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      placeholder={placeholder}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : undefined)}
    />
  );
}
