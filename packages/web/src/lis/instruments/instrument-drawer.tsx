import { useState } from 'react';
import { Alert, App, Badge, Button, Drawer, Form, Space, Tabs, type FormInstance } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import type { DictionaryConcept } from '../../widgets/picker/dictionary-match.ts';
import { ChannelMapEditor } from './channel-map-editor.tsx';
import { ConnectionFields } from './connection-fields.tsx';
import { DEFAULT_ENCODING, formValuesOf, instrumentInputOf, newInstrumentValues, placeIssues, tabOf, type InstrumentFormValues, type NamePath } from './instrument-form.ts';
import { instrumentsApi, type Instrument } from './instruments.api.ts';
import type { CatalogueTests } from './use-catalogue-tests.ts';

type Tab = 'connection' | 'channels';
// The form's typed name paths; an issue's path is checked against the known inputs (instrument-form.ts inputOf).
type FieldName = Parameters<FormInstance<InstrumentFormValues>['setFields']>[0][number]['name'];

export interface InstrumentDrawerProps {
  /** The instrument to edit, or 'new'. */
  editing: Instrument | 'new';
  scope: { institution?: string };
  tests: CatalogueTests;
  sections: DictionaryConcept[] | undefined;
  onClose(): void;
  onSaved(instrument: Instrument): void;
}

/**
 * Create or edit an instrument: details and connection on one tab, the channel map on the other. Saving applies at
 * once (the server reconfigures the live connection); every problem the server finds comes back on its input, and
 * the tab holding the first one opens.
 */
export function InstrumentDrawer({ editing, scope, tests, sections, onClose, onSaved }: InstrumentDrawerProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<InstrumentFormValues>();
  const [tab, setTab] = useState<Tab>('connection');
  const [general, setGeneral] = useState<string[]>([]);
  const [errorTabs, setErrorTabs] = useState<Set<Tab>>(new Set());
  const [busy, setBusy] = useState(false);
  const existing = editing === 'new' ? undefined : editing;
  const channelCount = Form.useWatch('channels', form)?.length ?? existing?.channels.length ?? 0;

  const showErrors = (names: NamePath[]) => {
    const tabs = new Set(names.map(tabOf));
    setErrorTabs(tabs);
    if (names.length && !tabs.has(tab)) setTab(tabOf(names[0]));
  };

  const save = async (values: InstrumentFormValues) => {
    setBusy(true);
    setGeneral([]);
    setErrorTabs(new Set());
    try {
      const result = await instrumentsApi.save(instrumentInputOf(values, existing?.active), existing, scope);
      if (result.ok) {
        message.success(t('lisInst.form.saved'));
        onSaved(result.value);
        return;
      }
      if (result.status === 412) {
        setGeneral([t('lisInst.form.conflict')]);
        return;
      }
      const placed = placeIssues(result.issues, (text) => localizeServerText(text, locale));
      form.setFields(placed.fields.map((f) => ({ name: f.name as FieldName, errors: f.errors })));
      showErrors(placed.fields.map((f) => f.name));
      setGeneral(placed.general.length || placed.fields.length ? placed.general : [localizeServerText(result.message, locale)]);
    } catch (err) {
      setGeneral([localizeServerText(err instanceof Error ? err.message : String(err), locale)]);
    } finally {
      setBusy(false);
    }
  };

  // A protocol switch brings its usual encoding along, unless the user chose another; a serial line starts at 9600 baud.
  const onValuesChange = (changed: Partial<InstrumentFormValues>, all: InstrumentFormValues) => {
    if (changed.connection?.mode === 'serial' && !all.connection.serial?.baudRate) form.setFieldValue(['connection', 'serial', 'baudRate'], 9600);
    const protocol = changed.connection?.protocol;
    if (!protocol) return;
    const other = protocol === 'hl7' ? 'astm' : 'hl7';
    if (!all.connection.encoding || all.connection.encoding === DEFAULT_ENCODING[other]) form.setFieldValue(['connection', 'encoding'], DEFAULT_ENCODING[protocol]);
  };

  const tabLabel = (key: Tab, text: string) => (
    <Badge dot={errorTabs.has(key)} offset={[6, 0]}>
      {text}
    </Badge>
  );

  return (
    <Drawer
      open
      size={760}
      title={existing ? t('lisInst.form.editTitle', { name: existing.name }) : t('lisInst.form.createTitle')}
      onClose={onClose}
      destroyOnHidden
      footer={
        <Space style={{ float: 'right' }}>
          <Button onClick={onClose}>{t('lisInst.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('lisInst.save')}
          </Button>
        </Space>
      }
    >
      {general.length > 0 && (
        <Alert type="error" showIcon closable style={{ marginBottom: 12 }} data-testid="instrument-form-errors" title={general.length === 1 ? general[0] : <ul style={{ margin: 0, paddingInlineStart: 16 }}>{general.map((g) => <li key={g}>{g}</li>)}</ul>} onClose={() => setGeneral([])} />
      )}
      <Form<InstrumentFormValues>
        form={form}
        layout="vertical"
        initialValues={existing ? formValuesOf(existing) : newInstrumentValues()}
        onFinish={(values) => void save(values)}
        onFinishFailed={({ errorFields }) => showErrors(errorFields.map((f) => f.name))}
        onValuesChange={onValuesChange}
        scrollToFirstError
      >
        <Tabs
          activeKey={tab}
          onChange={(key) => setTab(key as Tab)}
          items={[
            { key: 'connection', label: tabLabel('connection', t('lisInst.form.tabConnection')), forceRender: true, children: <ConnectionFields sections={sections} /> },
            { key: 'channels', label: tabLabel('channels', t('lisInst.form.tabChannels', { count: channelCount })), forceRender: true, children: <ChannelMapEditor tests={tests} /> },
          ]}
        />
      </Form>
    </Drawer>
  );
}
