import { useEffect, useState } from 'react';
import { Drawer, Form, Input } from 'antd';
import type { Coding, Organization } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { DictionaryPicker } from '../../widgets/picker/dictionary-picker.tsx';
import { ResourceForm } from '../../widgets/form/resource-form.tsx';
import { orgCode } from '../common/organizations.ts';
import { DEPARTMENT_TYPE_SYSTEM } from '../common/terminology.ts';
import { departmentCategory, departmentCode, departmentFixed } from './department.ts';

const CATEGORIES = { codeSystem: DEPARTMENT_TYPE_SYSTEM };

export interface DepartmentDrawerProps {
  /** The department to edit, 'new', or null when closed. */
  department: Organization | 'new' | null;
  institution: Organization | undefined;
  onClose(): void;
  onSaved(org: Organization): void;
}

/**
 * Create or edit a department: code and category (科室编码, 科室类别) here, the rest in the generated resource form;
 * part-of, owner and the `dept` type are imposed so the record stays a department of this institution.
 */
export function DepartmentDrawer({ department, institution, onClose, onSaved }: DepartmentDrawerProps) {
  const { t } = useI18n();
  const editing = department && department !== 'new' ? department : undefined;
  const [code, setCode] = useState<string>('');
  const [category, setCategory] = useState<Coding | undefined>();

  useEffect(() => {
    setCode(editing ? (departmentCode(editing) ?? '') : '');
    setCategory(editing ? departmentCategory(editing) : undefined);
  }, [editing]);

  const fixed = institution?.id ? departmentFixed(editing, { institution: institution.id, institutionCode: orgCode(institution), code, category }) : undefined;

  return (
    <Drawer
      open={!!department}
      size={640}
      title={editing ? t('admin.departments.editTitle', { name: editing.name ?? '' }) : t('admin.departments.createIn', { institution: institution?.name ?? '' })}
      onClose={onClose}
      destroyOnHidden
    >
      <Form layout="horizontal" labelCol={{ flex: '128px' }} labelWrap wrapperCol={{ flex: 1 }}>
        <Form.Item label={t('admin.departments.code')} htmlFor="department-code">
          <Input id="department-code" value={code} maxLength={32} onChange={(e) => setCode(e.target.value)} />
        </Form.Item>
        <Form.Item label={t('admin.departments.category')} htmlFor="department-category">
          <DictionaryPicker id="department-category" source={CATEGORIES} value={category} onChange={(v) => setCategory(Array.isArray(v) ? v[0] : v)} />
        </Form.Item>
      </Form>
      {fixed && (
        <ResourceForm<Organization>
          resourceType="Organization"
          value={editing ?? { resourceType: 'Organization', active: true }}
          fixed={fixed}
          settingsKey="form.admin.department"
          fields={[
            { path: 'name', label: t('admin.departments.name'), required: true },
            { path: 'alias', label: t('admin.departments.alias') },
            { path: 'telecom', label: t('admin.departments.telecom') },
            { path: 'active', label: t('admin.departments.active') },
          ]}
          onSaved={onSaved}
          onCancel={onClose}
        />
      )}
    </Drawer>
  );
}
