import { Form, Input, Select } from 'antd';
import type { Organization } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { STAFF_ROLE_SYSTEM } from '../common/terminology.ts';

/** The fields of a practitioner's role (department, 人员类别, specialty), shared by "new staff" and "add role". */
export function RoleFields({ departments }: { departments: Organization[] }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="department" label={t('admin.staff.department')}>
        <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={departments.map((d) => ({ value: d.id!, label: d.name ?? d.id! }))} />
      </Form.Item>
      <Form.Item name="role" label={t('admin.staff.role')}>
        <DictionaryPicker source={{ codeSystem: STAFF_ROLE_SYSTEM }} />
      </Form.Item>
      <Form.Item name="specialty" label={t('admin.staff.specialty')}>
        <Input maxLength={64} />
      </Form.Item>
    </>
  );
}
