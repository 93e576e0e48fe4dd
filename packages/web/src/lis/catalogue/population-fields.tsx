import { Col, Form, InputNumber, Select, Space } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { CodePicker } from '../instruments/code-picker.tsx';

const AGE_UNITS = ['year', 'month', 'day'] as const;

export interface PopulationFieldsProps {
  /** The Form.List row's name (an index). */
  row: number;
  specimenTypes: DictionaryConcept[] | undefined;
}

/** Who a range or limit applies to: sex, age from (inclusive) and to (exclusive) in years, months or days, specimen type. */
export function PopulationFields({ row, specimenTypes }: PopulationFieldsProps) {
  const { t } = useI18n();
  const ageInput = (bound: 'ageFrom' | 'ageTo', label: string) => (
    <Col xs={12} md={6}>
      <Form.Item label={label} style={{ marginBottom: 8 }}>
        <Space.Compact style={{ width: '100%' }}>
          <Form.Item name={[row, bound, 'value']} noStyle>
            <InputNumber min={0} precision={0} style={{ width: '60%' }} aria-label={label} />
          </Form.Item>
          <Form.Item name={[row, bound, 'unit']} noStyle initialValue="year">
            <Select style={{ width: '40%' }} aria-label={`${label} ${t('lisCat.ageUnit')}`} options={AGE_UNITS.map((u) => ({ value: u, label: t(`lisCat.age.${u}`) }))} />
          </Form.Item>
        </Space.Compact>
      </Form.Item>
    </Col>
  );
  return (
    <>
      <Col xs={12} md={4}>
        <Form.Item name={[row, 'sex']} label={t('lisCat.sex')} style={{ marginBottom: 8 }}>
          <Select allowClear placeholder={t('lisCat.sexAny')} options={[{ value: 'male', label: t('lisCat.sex.male') }, { value: 'female', label: t('lisCat.sex.female') }]} />
        </Form.Item>
      </Col>
      {ageInput('ageFrom', t('lisCat.ageFrom'))}
      {ageInput('ageTo', t('lisCat.ageTo'))}
      <Col xs={12} md={8}>
        <Form.Item name={[row, 'specimen']} label={t('lisCat.specimen')} style={{ marginBottom: 8 }}>
          <CodePicker concepts={specimenTypes} placeholder={t('lisCat.specimenAny')} />
        </Form.Item>
      </Col>
    </>
  );
}
