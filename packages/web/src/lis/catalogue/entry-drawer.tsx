import { useState, type ReactNode } from 'react';
import { Alert, App, Button, Drawer, Form, Space, type FormInstance } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { placeIssues, type NamePath } from './catalogue-form.ts';
import { catalogueApi, type Entries, type Inputs, type Kind } from './catalogue.api.ts';

// The form's typed name paths; an issue's path is checked against the known inputs (catalogue-form.ts inputOf).
type FieldName = Parameters<FormInstance['setFields']>[0][number]['name'];

export interface EntryDrawerProps<K extends Kind, V extends object> {
  kind: K;
  /** The entry to edit, or 'new'. */
  editing: Entries[K] | 'new';
  title: string;
  initialValues: V;
  toInput(values: V, active?: boolean): Inputs[K];
  /** Without `lis.catalogue.manage`: the same form, disabled, without a save button. */
  readOnly: boolean;
  scope: { institution?: string };
  /** The inputs; the form is given for inputs that watch others. */
  children(form: FormInstance<V>): ReactNode;
  /** Called with the inputs the server refused, so a drawer with tabs opens the one holding the first. */
  onErrors?(names: NamePath[]): void;
  size?: number;
  onClose(): void;
  onSaved(entry: Entries[K]): void;
}

/**
 * Create or edit one catalogue entry. Saving sends the whole entry (PUT with `If-Match` on the version opened);
 * every problem the server finds — formula syntax, an unknown test, overlapping ranges — comes back on its input.
 */
export function EntryDrawer<K extends Kind, V extends object>({ kind, editing, title, initialValues, toInput, readOnly, scope, children, onErrors, size = 720, onClose, onSaved }: EntryDrawerProps<K, V>) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [general, setGeneral] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const existing = editing === 'new' ? undefined : editing;

  const save = async (values: V) => {
    setBusy(true);
    setGeneral([]);
    try {
      const result = await catalogueApi.save(kind, toInput(values, existing?.active), existing, scope);
      if (result.ok) {
        message.success(t('lisCat.saved', { name: result.value.name }));
        onSaved(result.value);
        return;
      }
      if (result.status === 412) {
        setGeneral([t('lisCat.conflict')]);
        return;
      }
      const placed = placeIssues(kind, result.issues, (text) => localizeServerText(text, locale));
      form.setFields(placed.fields.map((f) => ({ name: f.name as FieldName, errors: f.errors })));
      onErrors?.(placed.fields.map((f) => f.name));
      setGeneral(placed.general.length || placed.fields.length ? placed.general : [localizeServerText(result.message, locale)]);
    } catch (err) {
      setGeneral([localizeServerText(err instanceof Error ? err.message : String(err), locale)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open
      size={size}
      title={title}
      onClose={onClose}
      destroyOnHidden
      data-testid={`catalogue-drawer-${kind}`}
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t(readOnly ? 'lisCat.close' : 'lisSpec.cancel')}</Button>
          {!readOnly && (
            <Button type="primary" loading={busy} onClick={() => form.submit()}>
              {t('lisCat.save')}
            </Button>
          )}
        </Space>
      }
    >
      {readOnly && <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('lisCat.readOnly')} />}
      {general.length > 0 && (
        <Alert
          type="error"
          showIcon
          closable
          style={{ marginBottom: 12 }}
          data-testid="catalogue-form-errors"
          title={general.length === 1 ? general[0] : <ul style={{ margin: 0, paddingInlineStart: 16 }}>{general.map((g) => <li key={g}>{g}</li>)}</ul>}
          onClose={() => setGeneral([])}
        />
      )}
      <Form<V>
        form={form}
        layout="vertical"
        disabled={readOnly}
        initialValues={initialValues}
        onFinish={(values) => void save(values)}
        onFinishFailed={({ errorFields }) => onErrors?.(errorFields.map((f) => f.name))}
        scrollToFirstError
      >
        {children(form)}
      </Form>
    </Drawer>
  );
}
