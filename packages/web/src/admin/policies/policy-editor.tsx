import { useEffect, useState } from 'react';
import { App, Button, Checkbox, Col, Collapse, Divider, Drawer, Form, Input, Radio, Row, Select, Space, Switch, Typography } from 'antd';
import type { Patient } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { referenceSearchParams, resourceDisplay } from '../../widgets/picker/resource-display.ts';
import { errorText } from '../common/errors.ts';
import { DateInput } from '../common/date-input.tsx';
import { RemoteSelect } from '../common/remote-select.tsx';
import { userOptions } from '../common/user-options.ts';
import type { InstitutionOption } from '../common/use-institutions.ts';
import type { AdminClient } from '../clients.api.ts';
import { searchResources } from '../fhir.api.ts';
import { ACCESS_INTERFACES, savePolicy, type AccessPolicy } from '../policies.api.ts';
import type { Role } from '../roles.api.ts';
import { EMPTY_POLICY, policyFieldOf, policyProblems, POLICY_ID_PATTERN, toFormValues, toPolicy, type PolicyFormValues } from './policy-form.ts';
import { PolicyPreview } from './policy-preview.tsx';
import { validated } from '../common/forms.ts';

export interface PolicyEditorProps {
  /** The policy to edit, 'new', or null when closed. */
  policy: AccessPolicy | 'new' | null;
  existingIds: string[];
  roles: Role[];
  roleName(id: string): string;
  clients: AdminClient[];
  institutions: InstitutionOption[];
  resourceTypes: string[];
  onClose(): void;
  onSaved(): void;
}

// Codes of meta.security the kernel treats as patient categories (demo region: VIP 特殊患者).
const PATIENT_CATEGORIES = ['VIP'];

/** Access policy editor: every dimension the kernel evaluates, with pickers where the values can be listed. */
export function PolicyEditor({ policy, existingIds, roles, roleName, clients, institutions, resourceTypes, onClose, onSaved }: PolicyEditorProps) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const [form] = Form.useForm<PolicyFormValues>();
  const [busy, setBusy] = useState(false);
  const creating = policy === 'new';
  const everyone = Form.useWatch('everyone', form);

  useEffect(() => {
    if (!policy) return;
    form.resetFields();
    form.setFieldsValue(policy === 'new' ? EMPTY_POLICY : toFormValues(policy));
  }, [policy, form]);

  /** The form as a policy, or undefined after showing what is wrong at the fields. */
  const current = async (): Promise<AccessPolicy | undefined> => {
    if (!(await validated(form))) return undefined;
    const values = { ...EMPTY_POLICY, ...form.getFieldsValue(true) } as PolicyFormValues;
    const problems = Object.entries(policyProblems(values));
    if (problems.length) {
      form.setFields(problems.map(([name, key]) => ({ name: name as keyof PolicyFormValues, errors: [t(`admin.policies.error.${key}`)] })));
      return undefined;
    }
    return toPolicy(values);
  };

  const save = async () => {
    const p = await current();
    if (!p) return;
    if (creating && existingIds.includes(p.id)) {
      form.setFields([{ name: 'id', errors: [t('admin.policies.error.idTaken')] }]);
      return;
    }
    setBusy(true);
    try {
      await savePolicy(p);
      message.success(t('admin.common.saved'));
      onSaved();
      onClose();
    } catch (err) {
      const text = errorText(err, locale);
      // The kernel names the field first ("dataPeriod.from: … is not a date").
      const field = policyFieldOf(text);
      if (field) form.setFields([{ name: field, errors: [text] }]);
      else message.error(text);
    } finally {
      setBusy(false);
    }
  };

  const searchPatients = async (text: string) =>
    (await searchResources<Patient>('Patient', referenceSearchParams('Patient', text))).resources.map((p) => ({ value: p.id!, label: `${resourceDisplay(p)} (${p.id})` }));
  const tags = (options: { value: string; label: string }[] = []) => <Select mode="tags" tokenSeparators={[',', ' ']} options={options} showSearch={{ optionFilterProp: 'label' }} />;

  return (
    <Drawer
      open={!!policy}
      size={860}
      title={creating ? t('admin.policies.create') : t('admin.policies.editTitle', { id: (policy as AccessPolicy | null)?.id ?? '' })}
      onClose={onClose}
      destroyOnHidden
      extra={
        <Space>
          <Button onClick={onClose}>{t('admin.common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => void save()}>
            {t('admin.common.save')}
          </Button>
        </Space>
      }
    >
      <Form name="policy" form={form} layout="vertical" initialValues={EMPTY_POLICY}>
        <Row gutter={16}>
          <Col span={8}>
            <Form.Item name="id" label={t('admin.policies.id')} rules={[{ required: true, pattern: POLICY_ID_PATTERN, message: t('admin.policies.error.id') }]}>
              <Input disabled={!creating} />
            </Form.Item>
          </Col>
          <Col span={16}>
            <Form.Item name="name" label={t('admin.policies.name')} rules={[{ required: true, whitespace: true, message: t('admin.policies.error.name') }]}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="effect" label={t('admin.policies.effect')}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'allow', label: t('admin.policies.allow') },
                  { value: 'deny', label: t('admin.policies.deny') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="access" label={t('admin.policies.access')}>
              <Checkbox.Group
                options={[
                  { value: 'read', label: t('admin.policies.access.read') },
                  { value: 'write', label: t('admin.policies.access.write') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col span={8}>
            <Form.Item name="active" label={t('admin.policies.active')} valuePropName="checked">
              <Switch />
            </Form.Item>
          </Col>
        </Row>
        <Divider titlePlacement="start">{t('admin.policies.section.subjects')}</Divider>
        <Form.Item name="everyone" valuePropName="checked">
          <Checkbox>{t('admin.policies.everyone')}</Checkbox>
        </Form.Item>
        {!everyone && (
          <Row gutter={16}>
            <Col span={8}>
              <Form.Item name="roles" label={t('admin.policies.roles')}>
                {tags(roles.map((r) => ({ value: r.id, label: roleName(r.id) })))}
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="users" label={t('admin.policies.users')}>
                {holds(me.permissions, 'admin.user.manage') ? <RemoteSelect search={(text) => userOptions(text, 'username')} /> : tags()}
              </Form.Item>
            </Col>
            <Col span={8}>
              <Form.Item name="clients" label={t('admin.policies.clients')} tooltip={t('admin.policies.clientsHint')}>
                {tags(clients.map((c) => ({ value: c.clientId, label: `${c.name} (${c.clientId})` })))}
              </Form.Item>
            </Col>
          </Row>
        )}
        <Divider titlePlacement="start">{t('admin.policies.section.conditions')}</Divider>
        <Typography.Paragraph type="secondary">{t('admin.policies.conditionsHint')}</Typography.Paragraph>
        <Row gutter={16}>
          <Col span={12}>
            <Form.Item name="institutions" label={t('admin.policies.dim.institutions')}>
              {tags([{ value: '$own', label: t('admin.policies.ownInstitution') }, ...institutions.map((i) => ({ value: i.id, label: i.name }))])}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="resourceTypes" label={t('admin.policies.dim.resourceTypes')}>
              {tags(resourceTypes.map((r) => ({ value: r, label: r })))}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="interfaces" label={t('admin.policies.dim.interfaces')}>
              <Select mode="multiple" options={ACCESS_INTERFACES.map((i) => ({ value: i, label: t(`admin.policies.interface.${i}`) }))} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="sources" label={t('admin.policies.dim.sources')} tooltip={t('admin.policies.sourcesHint')}>
              {tags()}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="patientCategories" label={t('admin.policies.dim.patientCategories')}>
              {tags(PATIENT_CATEGORIES.map((c) => ({ value: c, label: t(`admin.policies.category.${c as 'VIP'}`) })))}
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="patients" label={t('admin.policies.dim.patients')}>
              <RemoteSelect search={searchPatients} placeholder={t('admin.policies.patientsPlaceholder')} />
            </Form.Item>
          </Col>
          <Col span={12}>
            <Form.Item name="exams" label={t('admin.policies.dim.exams')} tooltip={t('admin.policies.examsHint')}>
              {tags()}
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="dataFrom" label={t('admin.policies.dataFrom')}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="dataTo" label={t('admin.policies.dataTo')}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="validFrom" label={t('admin.policies.validFrom')}>
              <DateInput />
            </Form.Item>
          </Col>
          <Col span={6}>
            <Form.Item name="validTo" label={t('admin.policies.validTo')}>
              <DateInput />
            </Form.Item>
          </Col>
        </Row>
      </Form>
      <Collapse
        items={[
          {
            key: 'preview',
            label: t('admin.policies.preview.titleDraft'),
            children: <PolicyPreview institutions={institutions} resourceTypes={resourceTypes} draft={current} />,
          },
        ]}
      />
    </Drawer>
  );
}
