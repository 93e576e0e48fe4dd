import type { CSSProperties, ReactNode } from 'react';
import { AutoComplete, Button, Col, DatePicker, Form, Input, InputNumber, Row, Select, Space, Switch } from 'antd';
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { useSession } from '../../session/session.context.tsx';
import { ID_CARD_SYSTEM, MRN_SYSTEM_PREFIX } from '../patient/id-card.ts';
import { DictionaryPicker } from '../picker/dictionary-picker.tsx';
import { ReferencePicker } from '../picker/reference-picker.tsx';
import type { FormField } from './field-model.ts';
import { isListField } from './form-values.ts';

type Name = (string | number)[];

export interface FieldLook {
  readOnly: boolean;
  style?: CSSProperties;
}

const CONTACT_SYSTEMS = ['phone', 'email', 'fax', 'url', 'sms', 'pager', 'other'] as const;
const CONTACT_USES = ['work', 'home', 'mobile', 'temp', 'old'] as const;

/** A sub-input of a complex type (labelled by its placeholder, so a contact or an address stays on one line). */
function Part({ name, span, children }: { name: Name; span: number; children: ReactNode }) {
  return (
    <Col span={span}>
      <Form.Item name={name} style={{ marginBottom: 0 }}>
        {children}
      </Form.Item>
    </Col>
  );
}

const COMPLEX = new Set<FormField['kind']>(['humanName', 'contactPoint', 'address', 'identifier']);

/** Inputs of one value of a complex type, each under its own name (`name` is absolute, or relative inside a list). */
function ComplexInput({ field, name, look }: { field: FormField; name: Name; look: FieldLook }) {
  const { t } = useI18n();
  const { me } = useSession();
  const disabled = look.readOnly;
  const style = look.style;
  switch (field.kind) {
    case 'humanName':
      return (
        <Row gutter={8}>
          <Part name={[...name, 'text']} span={10}>
            <Input disabled={disabled} style={style} placeholder={t('form.name.text')} aria-label={t('form.name.text')} />
          </Part>
          <Part name={[...name, 'family']} span={6}>
            <Input disabled={disabled} style={style} placeholder={t('form.name.family')} aria-label={t('form.name.family')} />
          </Part>
          <Part name={[...name, 'given']} span={8}>
            <Input disabled={disabled} style={style} placeholder={t('form.name.given')} aria-label={t('form.name.given')} />
          </Part>
        </Row>
      );
    case 'contactPoint':
      return (
        <Row gutter={8}>
          <Part name={[...name, 'system']} span={6}>
            <Select disabled={disabled} style={style} placeholder={t('form.contact.system')} aria-label={t('form.contact.system')} options={CONTACT_SYSTEMS.map((s) => ({ value: s, label: t(`form.contact.system.${s}` as MessageKey) }))} />
          </Part>
          <Part name={[...name, 'value']} span={12}>
            <Input disabled={disabled} style={style} placeholder={t('form.contact.value')} aria-label={t('form.contact.value')} />
          </Part>
          <Part name={[...name, 'use']} span={6}>
            <Select disabled={disabled} style={style} allowClear placeholder={t('form.contact.use')} aria-label={t('form.contact.use')} options={CONTACT_USES.map((u) => ({ value: u, label: t(`form.contact.use.${u}` as MessageKey) }))} />
          </Part>
        </Row>
      );
    case 'address':
      return (
        <Row gutter={[8, 8]}>
          <Part name={[...name, 'text']} span={24}>
            <Input disabled={disabled} style={style} placeholder={t('form.address.text')} aria-label={t('form.address.text')} />
          </Part>
          {(['state', 'city', 'district', 'postalCode'] as const).map((part) => (
            <Part key={part} name={[...name, part]} span={6}>
              <Input disabled={disabled} style={style} placeholder={t(`form.address.${part}`)} aria-label={t(`form.address.${part}`)} />
            </Part>
          ))}
          <Part name={[...name, 'line']} span={24}>
            <Input.TextArea disabled={disabled} style={style} autoSize={{ minRows: 1, maxRows: 4 }} placeholder={t('form.address.line')} aria-label={t('form.address.line')} />
          </Part>
        </Row>
      );
    case 'identifier': {
      // The systems the platform defines are offered by name; any other system can be typed.
      const systems = [
        { value: ID_CARD_SYSTEM, label: `${t('form.identifier.idCard')} (${ID_CARD_SYSTEM})` },
        ...(me.institution ? [{ value: `${MRN_SYSTEM_PREFIX}${me.institution}`, label: t('form.identifier.mrn', { institution: me.institution }) }] : []),
      ];
      return (
        <Row gutter={8}>
          <Part name={[...name, 'system']} span={12}>
            <AutoComplete disabled={disabled} style={style} options={systems} placeholder={t('form.identifier.system')} aria-label={t('form.identifier.system')} />
          </Part>
          <Part name={[...name, 'value']} span={12}>
            <Input disabled={disabled} style={style} placeholder={t('form.identifier.value')} aria-label={t('form.identifier.value')} />
          </Part>
        </Row>
      );
    }
    default:
      return null;
  }
}

/** A labelled field: one input, one multi-select, or a list of inputs with add/remove for repeating elements. */
export function FieldInput({ field, label, look, hidden }: { field: FormField; label: ReactNode; look: FieldLook; hidden: boolean }) {
  const { t } = useI18n();
  const requiredRule = { required: true, message: t('form.required', { label: String(field.label) }) };
  if (!isListField(field)) {
    // Sub-inputs of a complex type carry their own names; the outer item only labels them.
    if (COMPLEX.has(field.kind)) {
      return (
        <Form.Item label={label} hidden={hidden} required={field.required}>
          <ComplexInput field={field} name={[field.name]} look={look} />
        </Form.Item>
      );
    }
    return (
      <Form.Item label={label} hidden={hidden} name={field.name} rules={field.required ? [requiredRule] : []} valuePropName={field.kind === 'boolean' ? 'checked' : 'value'}>
        <ValueControl field={field} look={look} />
      </Form.Item>
    );
  }
  return (
    <Form.Item label={label} hidden={hidden} required={field.required}>
      <Form.List
        name={field.name}
        rules={field.required ? [{ validator: async (_, items?: unknown[]) => (items?.length ? undefined : Promise.reject(new Error(requiredRule.message))) }] : []}
      >
        {(items, { add, remove }, { errors }) => (
          <Space orientation="vertical" style={{ width: '100%' }} size={8}>
            {items.map((item) => (
              <Row key={item.key} gutter={8} align="middle" wrap={false}>
                <Col flex="auto">
                  <ListItem field={field} name={item.name} look={look} />
                </Col>
                {!look.readOnly && (
                  <Col flex="none">
                    <Button type="text" icon={<MinusCircleOutlined />} aria-label={t('form.remove')} title={t('form.remove')} onClick={() => remove(item.name)} />
                  </Col>
                )}
              </Row>
            ))}
            {!look.readOnly && (
              <Button type="dashed" size="small" icon={<PlusOutlined />} onClick={() => add()}>
                {t('form.add')}
              </Button>
            )}
            <Form.ErrorList errors={errors} />
          </Space>
        )}
      </Form.List>
    </Form.Item>
  );
}

/** A list entry: a simple value under its own Form.Item (so server errors on `telecom[1]` land on it), or a complex one. */
function ListItem({ field, name, look }: { field: FormField; name: number; look: FieldLook }) {
  if (COMPLEX.has(field.kind)) return <ComplexInput field={field} name={[name]} look={look} />;
  return (
    <Form.Item name={[name]} style={{ marginBottom: 0 }} valuePropName={field.kind === 'boolean' ? 'checked' : 'value'}>
      <ValueControl field={field} look={look} />
    </Form.Item>
  );
}

/**
 * The bare control of a simple field, for a Form.Item that already carries the name: antd injects value and
 * onChange into its direct child, so the control cannot be wrapped in another named Form.Item.
 */
function ValueControl({ field, look, ...injected }: { field: FormField; look: FieldLook }) {
  const { t } = useI18n();
  const disabled = look.readOnly;
  const style = look.style;
  const many = field.repeating && !isListField(field);
  const props = { ...injected, disabled, style };
  switch (field.kind) {
    case 'text':
      return <Input.TextArea {...props} autoSize={{ minRows: 2, maxRows: 8 }} />;
    case 'boolean':
      return <Switch {...injected} disabled={disabled} />;
    case 'integer':
      return <InputNumber {...props} style={{ width: 200, ...style }} precision={0} />;
    case 'decimal':
      return <InputNumber {...props} style={{ width: 200, ...style }} stringMode />;
    case 'date':
      return <DatePicker {...props} />;
    case 'dateTime':
      return <DatePicker {...props} showTime />;
    case 'period':
      return <DatePicker.RangePicker {...props} allowEmpty={[true, true]} placeholder={[t('form.period.start'), t('form.period.end')]} />;
    case 'select':
      return <Select {...props} allowClear mode={many ? 'multiple' : undefined} options={(field.codes ?? []).map((c) => ({ value: c.code, label: c.display ?? c.code }))} />;
    case 'code':
    case 'coding':
    case 'codeableConcept':
      return <DictionaryPicker {...props} source={field.dictionary ?? {}} multiple={many} />;
    case 'conceptText':
      return <Input {...props} placeholder={t('form.text')} />;
    case 'reference':
      return <ReferencePicker {...props} targetTypes={field.targetTypes ?? []} />;
    default:
      return <Input {...props} />;
  }
}
