import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Form, Space, Spin, Tooltip } from 'antd';
import { SettingOutlined } from '@ant-design/icons';
import type { Resource } from '@medplum/fhirtypes';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { useUserSetting } from '../settings/user-settings.context.tsx';
import { FieldInput } from './field-inputs.tsx';
import { resolveField, type FieldSpec, type FormField } from './field-model.ts';
import { saveResource } from './fhir-write.ts';
import { FormSettingsDialog } from './form-settings-dialog.tsx';
import { isFormLayoutSettings, layoutToSettings, mergeFormSettings, recalled, rememberedValues, type FormLayoutSettings } from './form-settings.ts';
import { buildResource, toFormValues } from './form-values.ts';
import { fetchElements, type MetaType } from './meta.api.ts';
import { mapOutcome } from './outcome-mapping.ts';

export type { FieldSpec } from './field-model.ts';

export interface ResourceFormProps<T> {
  resourceType: string;
  fields: FieldSpec[];
  /** The resource to edit; absent for a new one. */
  value?: T;
  /** Values the page imposes (e.g. `partOf` of a department); applied last, never shown. */
  fixed?: Partial<T>;
  /** User setting key for this form's layout (e.g. 'form.admin.department'); enables the settings dialog. */
  settingsKey?: string;
  onSaved(resource: T): void;
  onCancel?(): void;
}

type Json = Record<string, unknown>;
const isPlainObject = (v: unknown): boolean => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * A form for a FHIR resource generated from its StructureDefinition (`GET /api/meta/elements/:type`): each spec
 * names a top-level element and gets the input its type calls for. Saving POSTs or PUTs (If-Match); the server's
 * OperationOutcome issues appear on the inputs they name and the rest above the form. Users arrange the form for
 * themselves under `settingsKey` (order, labels, colours, remembered values, locked fields).
 */
export function ResourceForm<T extends Resource>({ resourceType, fields, value, fixed, settingsKey, onSaved, onCancel }: ResourceFormProps<T>) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [meta, setMeta] = useState<MetaType | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [general, setGeneral] = useState<string[]>([]);
  const [saving, setSaving] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [savedLayout, setSavedLayout, layoutLoaded] = useUserSetting<FormLayoutSettings | undefined>(settingsKey ?? '', undefined, isFormLayoutSettings);
  const [remembered, setRemembered] = useUserSetting<Json | undefined>(settingsKey ? `${settingsKey}.last` : '', undefined, isPlainObject);

  useEffect(() => {
    let live = true;
    setMeta(null);
    setLoadError(null);
    fetchElements(resourceType).then(
      (m) => live && setMeta(m),
      (err: unknown) => live && setLoadError(err instanceof Error ? err.message : String(err)),
    );
    return () => {
      live = false;
    };
  }, [resourceType]);

  const specsKey = JSON.stringify(fields);
  const resolved = useMemo(
    () => (meta ? fields.map((spec) => ({ spec, field: resolveField(spec, meta.elements.find((e) => e.name === spec.path)) })) : []),
    // `fields` is usually an inline literal: identify it by content.
    [meta, specsKey],
  );
  const formFields = useMemo(() => resolved.map((r) => r.field).filter((f): f is FormField => !!f), [resolved]);
  const unknown = resolved.filter((r) => !r.field).map((r) => r.spec.path);
  const declared = useMemo(() => formFields.map((f) => ({ path: f.name, required: f.required, readOnly: f.readOnly })), [formFields]);
  const layout = useMemo(() => mergeFormSettings(declared, settingsKey ? savedLayout : undefined), [declared, savedLayout, settingsKey]);
  const byName = useMemo(() => new Map(formFields.map((f) => [f.name, f])), [formFields]);

  // Computed once per record (and once settings arrived): later renders must not reset what the user typed.
  const recordKey = `${value?.id ?? 'new'}@${value?.meta?.versionId ?? ''}`;
  const initialValues = useMemo(
    () => toFormValues((value as Json | undefined) ?? recalled(layout, remembered), formFields),
    [recordKey, formFields, layoutLoaded],
  );

  if (loadError) return <Alert type="error" showIcon title={t('form.loadFailed', { message: loadError })} />;
  if (!meta || (settingsKey && !layoutLoaded)) return <Spin />;

  const submit = async () => {
    setGeneral([]);
    try {
      await form.validateFields();
    } catch {
      return;
    }
    // The whole store, not only registered inputs: properties of complex values the form does not edit are kept.
    const values = form.getFieldsValue(true) as Json;
    const resource = buildResource<T>(resourceType, value as Json | undefined, formFields, values, fixed as Json | undefined);
    setSaving(true);
    try {
      const result = await saveResource(resource, value?.meta?.versionId);
      if (result.ok) {
        if (settingsKey && layout.some((f) => f.remember)) setRemembered(rememberedValues(layout, result.resource as unknown as Json));
        message.success(t('form.saved'));
        onSaved(result.resource);
        return;
      }
      if (result.status === 412) {
        setGeneral([t('form.conflict')]);
        return;
      }
      const mapped = mapOutcome(result.outcome, resourceType, formFields);
      const hidden = new Set(layout.filter((f) => f.hidden).map((f) => f.path));
      const shown = mapped.fields.filter((f) => !hidden.has(String(f.name[0])));
      form.setFields(shown.map((f) => ({ name: f.name, errors: f.errors.map((e) => localizeServerText(e, locale)) })));
      const rest = [...mapped.fields.filter((f) => hidden.has(String(f.name[0]))).flatMap((f) => f.errors), ...mapped.general];
      setGeneral((rest.length || shown.length ? rest : [result.message]).map((e) => localizeServerText(e, locale)));
    } catch (err) {
      setGeneral([err instanceof Error ? err.message : String(err)]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <div data-testid={`resource-form-${resourceType}`}>
      {unknown.length > 0 && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={unknown.map((path) => t('form.unknownField', { type: resourceType, path })).join('；')} />}
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          style={{ marginBottom: 12 }}
          title={t('form.serverIssues')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {general.map((g, i) => (
                <li key={i}>{g}</li>
              ))}
            </ul>
          }
        />
      )}
      <Form key={recordKey} name={`resource-form-${resourceType}`} form={form} layout="horizontal" labelCol={{ flex: '128px' }} labelWrap wrapperCol={{ flex: 1, style: { minWidth: 0 } }} initialValues={initialValues} onFinish={() => void submit()}>
        {layout.map((l) => {
          const field = byName.get(l.path)!;
          const label = <span style={{ color: l.color }}>{l.label ?? field.label}</span>;
          const style = l.color || l.background ? { color: l.color, background: l.background } : undefined;
          return <FieldInput key={l.path} field={field} label={label} hidden={l.hidden} look={{ readOnly: field.readOnly || l.readOnly, style }} />;
        })}
        <Form.Item wrapperCol={{ offset: 0 }} style={{ marginBottom: 0 }}>
          <Space style={{ width: '100%', justifyContent: 'flex-end' }}>
            {settingsKey && (
              <Tooltip title={t('form.settings')}>
                <Button icon={<SettingOutlined />} aria-label={t('form.settings')} onClick={() => setSettingsOpen(true)} />
              </Tooltip>
            )}
            {onCancel && <Button onClick={onCancel}>{t('form.cancel')}</Button>}
            <Button type="primary" htmlType="submit" loading={saving}>
              {t('form.save')}
            </Button>
          </Space>
        </Form.Item>
      </Form>
      {settingsKey && (
        <FormSettingsDialog
          open={settingsOpen}
          layout={layout}
          defaultLabels={Object.fromEntries(formFields.map((f) => [f.name, f.label]))}
          locked={{ readOnly: new Set(formFields.filter((f) => f.readOnly).map((f) => f.name)), required: new Set(formFields.filter((f) => f.required).map((f) => f.name)) }}
          onSave={(next) => {
            setSavedLayout(layoutToSettings(next, declared));
            setSettingsOpen(false);
          }}
          onReset={() => {
            setSavedLayout(undefined);
            setSettingsOpen(false);
          }}
          onClose={() => setSettingsOpen(false)}
        />
      )}
    </div>
  );
}
