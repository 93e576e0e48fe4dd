import { useEffect, useMemo, useRef, useState } from 'react';
import { Alert, AutoComplete, Button, Card, Col, Form, Input, Row, Segmented, Space, Switch, Typography } from 'antd';
import { FileExcelOutlined, SendOutlined, UserSwitchOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router';
import type { Location, Patient, Reference } from '@medplum/fhirtypes';
import { errorText, outcomeIssues } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useDepartments } from '../../admin/common/use-departments.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { readResource, searchAll } from '../../admin/fhir.api.ts';
import { wardQuery } from '../../admin/wards/ward.ts';
import { ApiError } from '../../api/http.api.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { PatientBanner } from '../../widgets/patient/patient-banner.tsx';
import { PatientSearch } from '../../widgets/patient/patient-search.tsx';
import { ReferencePicker } from '../../widgets/picker/reference-picker.tsx';
import { useShortcuts } from '../../widgets/shortcuts/shortcuts.context.tsx';
import { CodePicker } from '../instruments/code-picker.tsx';
import { useLabScope } from '../instruments/lab-scope.tsx';
import { AccessionedTubes } from './accessioned-tubes.tsx';
import { DuplicateDialog } from './duplicate-dialog.tsx';
import { OrderImportDialog } from './order-import-dialog.tsx';
import { OrderPanels } from './order-panels.tsx';
import { PATIENT_TYPES, patientTypeKey } from './specimen-labels.ts';
import { duplicatesOf, orderInputOf, type OrderFormValues } from './specimen-logic.ts';
import { specimensApi, type LabDuplicateOrder, type LabOrderResult, type LabPatientType } from './specimens.api.ts';
import { useLabCatalogue } from './use-lab-catalogue.ts';
import { useMyDepartment } from './use-my-department.ts';

type FormValues = Omit<OrderFormValues, 'requester'> & { requester?: Reference };
/** Inputs of the form an issue's `expression` may name. */
const FIELDS = ['department', 'ward', 'bed', 'requester', 'diagnosis', 'note', 'patientType'] as const;

/**
 * 检验申请: find the patient (ID card, MRN, pinyin…), say where they are and why, choose panels (pinyin search or a
 * 医嘱模板), submit — the duplicate-order warning asks for confirmation — and the order comes back split into tubes
 * with barcodes, ready for the label print. F2 finds another patient, F9 submits.
 */
export default function OrderPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const canOrder = holds(me.permissions, 'lis.order');
  const canPrint = holds(me.permissions, 'lis.specimen.collect');
  const { scope, ready, picker } = useLabScope();
  const [params, setParams] = useSearchParams();
  const patientId = params.get('patient');
  const [patient, setPatient] = useState<Patient | null>(null);
  const [form] = Form.useForm<FormValues>();
  const [panels, setPanels] = useState<string[]>([]);
  const [panelError, setPanelError] = useState<string>();
  const [general, setGeneral] = useState<string>();
  const [busy, setBusy] = useState(false);
  const [duplicates, setDuplicates] = useState<LabDuplicateOrder[]>();
  const [result, setResult] = useState<LabOrderResult>();
  const [importing, setImporting] = useState(false);
  const searchBox = useRef<HTMLDivElement>(null);
  const catalogue = useLabCatalogue(scope, canOrder && ready, true);
  const institution = scope.institution ?? me.institution;
  const { departments } = useDepartments(institution);
  const departmentConcepts = useMemo(() => departments.filter((d) => d.active !== false).map((d) => ({ code: d.id!, display: d.name ?? d.id! })), [departments]);
  const myDepartment = useMyDepartment();
  const department = Form.useWatch('department', form);
  const wards = useLoad(() => searchAll<Location>('Location', wardQuery(department, [])!), [department], !!department);

  useEffect(() => {
    if (!patientId || patient?.id === patientId) return;
    let live = true;
    readResource<Patient>('Patient', patientId).then((p) => live && setPatient(p), () => live && setPatient(null));
    return () => {
      live = false;
    };
  }, [patientId]);

  // The ordering department defaults to the user's own, once it is known, the form is shown and nothing was chosen.
  const formShown = !!patientId && !result;
  useEffect(() => {
    if (formShown && myDepartment.department && !form.getFieldValue('department')) form.setFieldValue('department', myDepartment.department);
  }, [myDepartment.department, form, formShown]);

  const choosePatient = (p: Patient) => {
    setPatient(p);
    setResult(undefined);
    if (p.id) setParams({ patient: p.id });
  };
  const changePatient = () => {
    setPatient(null);
    setResult(undefined);
    setPanels([]);
    setParams({});
    setTimeout(() => searchBox.current?.querySelector('input')?.focus(), 0);
  };

  const submit = async (confirm: boolean) => {
    if (!patientId) return;
    const values = await form.validateFields().catch(() => null);
    if (!values) return;
    if (!panels.length) {
      setPanelError(t('lisSpec.order.panelsRequired'));
      return;
    }
    setBusy(true);
    setGeneral(undefined);
    setPanelError(undefined);
    try {
      const requester = values.requester?.reference?.replace(/^Practitioner\//, '');
      const answer = await specimensApi.order(orderInputOf(patientId, panels, { ...values, requester }, confirm), scope);
      setDuplicates(undefined);
      setResult(answer);
    } catch (err) {
      const issues = outcomeIssues(err);
      const found = err instanceof ApiError ? duplicatesOf(err.status, issues) : undefined;
      if (found) {
        setDuplicates(found);
        return;
      }
      setDuplicates(undefined);
      const local = (text: string) => localizeServerText(text, locale);
      const onFields = issues.flatMap((i) => {
        const name = FIELDS.find((f) => i.expression?.some((e) => e === f || e.startsWith(`${f}.`)));
        return name ? [{ name, errors: [local(i.details?.text ?? '')] }] : [];
      });
      form.setFields(onFields);
      const onPanels = issues.filter((i) => i.expression?.some((e) => e.startsWith('panels') || e === 'template'));
      if (onPanels.length) setPanelError(onPanels.map((i) => local(i.details?.text ?? '')).join('；'));
      if (!onFields.length && !onPanels.length) setGeneral(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  const orderAgain = () => {
    setResult(undefined);
    setPanels([]);
  };

  useShortcuts('lis-order', [
    { combo: 'F2', description: 'lisSpec.keys.findPatient', handler: changePatient },
    { combo: 'F9', description: 'lisSpec.keys.submitOrder', handler: () => !result && !busy && !duplicates && void submit(false) },
  ]);

  if (!canOrder) return <Forbidden />;

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="order-page">
      {!patientId ? (
        <Card
          title={t('lisSpec.order.title')}
          extra={
            <Space>
              {picker}
              <Button icon={<FileExcelOutlined />} disabled={!ready} onClick={() => setImporting(true)} data-testid="open-order-import">
                {t('lisSpec.import.open')}
              </Button>
            </Space>
          }
        >
          <Typography.Paragraph type="secondary">{t('lisSpec.order.findPatient')}</Typography.Paragraph>
          <div ref={searchBox}>
            <PatientSearch autoFocus onSelect={choosePatient} />
          </div>
        </Card>
      ) : (
        <>
          {patient && (
            <PatientBanner
              patient={patient}
              extra={
                <Button size="small" icon={<UserSwitchOutlined />} onClick={changePatient}>
                  {`${t('lisSpec.order.changePatient')} (F2)`}
                </Button>
              }
            />
          )}
          {result ? (
            <AccessionedTubes
              requisition={result.requisition}
              tubes={result.specimens ?? []}
              scope={scope}
              canPrint={canPrint}
              extra={
                <Button type="primary" onClick={orderAgain}>
                  {t('lisSpec.order.again')}
                </Button>
              }
            />
          ) : (
            <Card
              title={t('lisSpec.order.title')}
              extra={
                <Space>
                  {picker}
                  <Button type="primary" icon={<SendOutlined />} loading={busy} disabled={!ready} onClick={() => void submit(false)} data-testid="submit-order">
                    {`${t('lisSpec.order.submit')} (F9)`}
                  </Button>
                </Space>
              }
            >
              {general && <Alert type="error" showIcon closable style={{ marginBottom: 12 }} title={general} onClose={() => setGeneral(undefined)} />}
              {catalogue.error !== undefined && <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('shell.loadFailed', { message: errorText(catalogue.error, locale) })} />}
              <Form<FormValues> form={form} layout="vertical" initialValues={{ patientType: '1', stat: false }}>
                <Row gutter={12}>
                  <Col xs={24} md={12} xl={7}>
                    <Form.Item name="patientType" label={t('lisSpec.order.patientType')}>
                      <Segmented<LabPatientType> options={PATIENT_TYPES.map((p) => ({ value: p, label: t(patientTypeKey(p)) }))} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6} xl={3}>
                    <Form.Item name="stat" label={t('lisSpec.order.priority')} valuePropName="checked">
                      <Switch checkedChildren={t('lisSpec.stat')} unCheckedChildren={t('lisSpec.routine')} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12} xl={6}>
                    <Form.Item name="department" label={t('lisSpec.order.department')}>
                      <CodePicker concepts={departmentConcepts} placeholder={t('lisSpec.order.departmentPlaceholder')} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6} xl={5}>
                    <Form.Item name="ward" label={t('lisSpec.order.ward')}>
                      <AutoComplete options={(wards.data ?? []).map((w) => ({ value: w.name ?? '' }))} maxLength={32} />
                    </Form.Item>
                  </Col>
                  <Col xs={12} md={6} xl={3}>
                    <Form.Item name="bed" label={t('lisSpec.order.bed')}>
                      <Input maxLength={16} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12} xl={8}>
                    <Form.Item name="requester" label={t('lisSpec.order.requester')}>
                      <ReferencePicker targetTypes={['Practitioner']} placeholder={t('lisSpec.order.requesterSelf', { name: me.displayName ?? me.username ?? '' })} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} md={12} xl={8}>
                    <Form.Item name="diagnosis" label={t('lisSpec.order.diagnosis')}>
                      <Input maxLength={200} />
                    </Form.Item>
                  </Col>
                  <Col xs={24} xl={8}>
                    <Form.Item name="note" label={t('lisSpec.order.note')}>
                      <Input maxLength={500} />
                    </Form.Item>
                  </Col>
                </Row>
              </Form>
              <OrderPanels catalogue={catalogue} value={panels} onChange={(codes) => { setPanels(codes); setPanelError(undefined); }} error={panelError} />
            </Card>
          )}
        </>
      )}
      {duplicates && <DuplicateDialog duplicates={duplicates} busy={busy} onConfirm={() => void submit(true)} onCancel={() => setDuplicates(undefined)} />}
      <OrderImportDialog open={importing} scope={scope} onClose={() => setImporting(false)} />
    </Space>
  );
}
