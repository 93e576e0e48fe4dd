import type { Ref } from 'react';
import { Button, DatePicker, Form, Input, Segmented, Select, Space, type InputRef } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import type { Organization } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import type { LabDirectory } from '../results/use-lab-directory.ts';
import type { ReportFilter } from './report-logic.ts';

const STATUSES = ['released', 'pending', 'recalled', 'all'] as const;
const PRINTED = ['any', 'no', 'yes'] as const;

interface FormValues {
  instrument?: string;
  patientName?: string;
  inpatientNo?: string;
  dates?: [Dayjs, Dayjs];
  department?: string;
  doctor?: string;
  section?: string;
  number?: string;
  status: ReportFilter['status'];
  printed: (typeof PRINTED)[number];
}

export interface PrintFiltersProps {
  value: ReportFilter;
  onChange(filter: ReportFilter): void;
  directory: LabDirectory;
  sections: DictionaryConcept[] | undefined;
  departments: Organization[];
  firstRef: Ref<InputRef>;
}

const day = (d: Dayjs | undefined) => d?.format('YYYY-MM-DD');

/** The print centre's filters (seed 000 §一 3): instrument, patient name, inpatient number, dates, department, doctor… */
export function PrintFilters({ value, onChange, directory, sections, departments, firstRef }: PrintFiltersProps) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const initial: FormValues = {
    ...value,
    dates: value.from && value.to ? [dayjs(value.from), dayjs(value.to)] : undefined,
    status: value.status ?? 'released',
    printed: value.printed === undefined ? 'any' : value.printed ? 'yes' : 'no',
  };
  const submit = (v: FormValues) =>
    onChange({
      instrument: v.instrument,
      patientName: v.patientName,
      inpatientNo: v.inpatientNo,
      from: day(v.dates?.[0]),
      to: day(v.dates?.[1]),
      department: v.department,
      doctor: v.doctor,
      section: v.section,
      number: v.number,
      status: v.status,
      ...(v.printed === 'any' ? {} : { printed: v.printed === 'yes' }),
    });
  return (
    <Form<FormValues> form={form} layout="inline" initialValues={initial} onFinish={submit} style={{ rowGap: 8, marginBottom: 12 }} data-testid="print-filters">
      <Form.Item name="patientName" label={t('lisRes.col.patient')}>
        <Input ref={firstRef} allowClear style={{ width: 120 }} />
      </Form.Item>
      <Form.Item name="inpatientNo" label={t('lisRes.filter.inpatientNo')}>
        <Input allowClear style={{ width: 130 }} />
      </Form.Item>
      <Form.Item name="dates" label={t('lisRes.collected')}>
        <DatePicker.RangePicker style={{ width: 240 }} />
      </Form.Item>
      <Form.Item name="instrument" label={t('lisRes.instrument')}>
        <Select allowClear style={{ width: 170 }} placeholder={t('lisRes.anyInstrument')} showSearch={{ optionFilterProp: 'label' }} options={directory.instruments.map((i) => ({ value: i.id, label: `${i.code} ${i.name}` }))} />
      </Form.Item>
      <Form.Item name="department" label={t('lisRes.col.department')}>
        <Select allowClear style={{ width: 140 }} showSearch={{ optionFilterProp: 'label' }} options={departments.map((d) => ({ value: d.id!, label: d.name ?? d.id! }))} />
      </Form.Item>
      <Form.Item name="doctor" label={t('lisRes.col.doctor')}>
        <Input allowClear style={{ width: 110 }} />
      </Form.Item>
      <Form.Item name="section" label={t('lisRes.section')}>
        <Select allowClear style={{ width: 120 }} options={(sections ?? []).map((s) => ({ value: s.code, label: s.display }))} />
      </Form.Item>
      <Form.Item name="number" label={t('lisRes.filter.number')}>
        <Input allowClear style={{ width: 150 }} />
      </Form.Item>
      <Form.Item name="status" label={t('lisRes.col.state')}>
        <Select style={{ width: 110 }} options={STATUSES.map((s) => ({ value: s, label: t(`lisRes.filter.status.${s}`) }))} />
      </Form.Item>
      <Form.Item name="printed">
        <Segmented options={PRINTED.map((p) => ({ value: p, label: t(`lisRes.filter.printed.${p}`) }))} />
      </Form.Item>
      <Form.Item>
        <Space>
          <Button type="primary" htmlType="submit" data-testid="print-search">
            {t('lisRes.query')}
          </Button>
          <Button
            onClick={() => {
              form.resetFields();
              form.setFieldsValue({ status: 'released', printed: 'any', dates: undefined });
              form.submit();
            }}
          >
            {t('lisRes.reset')}
          </Button>
        </Space>
      </Form.Item>
    </Form>
  );
}
