import { useMemo, useState, type ReactNode } from 'react';
import { Button, Card, Col, Row, Space, Typography } from 'antd';
import { FilePdfOutlined } from '@ant-design/icons';
import type { Coding, Organization, Patient, Reference } from '@medplum/fhirtypes';
import { useI18n } from '../i18n/i18n.context.tsx';
import { Barcode } from '../widgets/barcode/barcode.tsx';
import { barChartOption, Chart, leveyJenningsOption, lineChartOption, pieChartOption } from '../widgets/chart/chart.tsx';
import { DashboardGrid } from '../widgets/dashboard/dashboard-grid.tsx';
import { ResourceForm } from '../widgets/form/resource-form.tsx';
import { PatientBanner } from '../widgets/patient/patient-banner.tsx';
import { patientName } from '../widgets/patient/patient-display.ts';
import { PatientSearch } from '../widgets/patient/patient-search.tsx';
import { PdfPreview } from '../widgets/pdf/pdf-preview.tsx';
import { printDocument, type PrintDocument } from '../widgets/pdf/print.api.ts';
import { DictionaryPicker } from '../widgets/picker/dictionary-picker.tsx';
import { ReferencePicker } from '../widgets/picker/reference-picker.tsx';

// The demo dictionaries the server seeds (packages/server/src/bootstrap/demo-terminology.ts).
const LAB_CODE_SYSTEM = 'https://medunion.org/fhir/CodeSystem/demo-lab-orderables';
const LAB_VALUE_SET = 'https://medunion.org/fhir/ValueSet/demo-lab-orderables';
const ORG_TYPE_SYSTEM = 'http://terminology.hl7.org/CodeSystem/organization-type';

/** A section: what the widget is, the widget live, and how a module uses it. */
function Section({ title, hint, usage, children }: { title: string; hint: string; usage: string; children: ReactNode }) {
  return (
    <Card title={title} size="small">
      <Typography.Paragraph type="secondary">{hint}</Typography.Paragraph>
      <div style={{ marginBottom: 12 }}>{children}</div>
      <Typography.Paragraph style={{ marginBottom: 0 }}>
        <pre style={{ margin: 0, fontSize: 12, whiteSpace: 'pre-wrap' }}>{usage}</pre>
      </Typography.Paragraph>
    </Card>
  );
}

const codingText = (value: Coding | Coding[] | undefined) => [value ?? []].flat().map((c) => `${c.code} ${c.display ?? ''}`).join(' / ');

/** The widget gallery (组件示例) at /admin/widgets: every shared widget live, for module developers. */
export default function WidgetGalleryPage() {
  const { t } = useI18n();
  const [lab, setLab] = useState<Coding | undefined>();
  const [labs, setLabs] = useState<Coding[]>([]);
  const [org, setOrg] = useState<Reference | undefined>();
  const [patient, setPatient] = useState<Patient | null>(null);
  const [preview, setPreview] = useState(false);
  const [formKey, setFormKey] = useState(0);
  const [savedOrg, setSavedOrg] = useState<string | null>(null);
  // An inline dictionary (kept stable: pickers cache inline concept lists by identity).
  const orgTypes = useMemo(() => (['prov', 'dept', 'govt'] as const).map((code) => ({ system: ORG_TYPE_SYSTEM, code, display: t(`gallery.orgType.${code}`) })), [t]);

  const label: PrintDocument = {
    pageSize: { width: 164, height: 113 },
    pageMargins: [8, 6, 8, 6],
    info: { title: t('gallery.sampleTitle') },
    content: [
      { text: t('gallery.sampleTitle'), bold: true, fontSize: 9 },
      { text: t('gallery.samplePatient', { name: patient ? patientName(patient) : t('gallery.sampleDefaultPatient') }) },
      { text: t('gallery.sampleItem', { item: lab?.display ?? t('gallery.sampleDefaultItem') }) },
      { barcode: { bcid: 'code128', text: 'S2026000123', height: 8, includeText: true }, width: 146, margin: [0, 4, 0, 0] },
    ],
    defaultStyle: { fontSize: 8 },
  };

  const charts = useMemo(() => {
    const hours = Array.from({ length: 12 }, (_, i) => `${i + 8}:00`);
    return {
      line: lineChartOption({ categories: hours, series: [{ name: t('gallery.series.specimens'), data: [3, 8, 12, 9, 6, 4, 7, 11, 10, 6, 3, 1] }], area: true }),
      bar: barChartOption({
        categories: ['CBC', 'LFT', 'RFT', 'GLU'],
        series: [
          { name: t('gallery.series.outpatient'), data: [120, 86, 64, 150] },
          { name: t('gallery.series.inpatient'), data: [40, 22, 30, 48] },
        ],
        stacked: true,
      }),
      pie: pieChartOption({
        data: [
          { name: t('gallery.series.outpatient'), value: 58 },
          { name: t('gallery.series.inpatient'), value: 42 },
        ],
        donut: true,
      }),
      lj: leveyJenningsOption({
        title: t('gallery.ljTitle'),
        mean: 5.2,
        sd: 0.2,
        points: [5.1, 5.3, 5.25, 4.95, 5.2, 5.45, 5.62, 5.15, 4.9, 5.05, 4.7, 5.3, 5.85, 5.2, 5.1].map((y, i) => ({ x: `03-${String(i + 1).padStart(2, '0')}`, y })),
      }),
    };
  }, [t]);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="widget-gallery">
      <Card size="small">
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('gallery.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{t('gallery.intro')}</Typography.Text>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} xl={12}>
          <Section title={t('gallery.dictionary')} hint={t('gallery.dictionaryHint')} usage={`<DictionaryPicker source={{ codeSystem: '${LAB_CODE_SYSTEM}' }} value={coding} onChange={setCoding} />`}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <div data-testid="lab-picker">
                <DictionaryPicker source={{ codeSystem: LAB_CODE_SYSTEM }} value={lab} onChange={(v) => setLab(v as Coding | undefined)} />
              </div>
              <Typography.Text type="secondary" data-testid="lab-picker-value">
                {t('gallery.selected', { value: codingText(lab) })}
              </Typography.Text>
              <Typography.Text>{t('gallery.dictionaryMultiple')}</Typography.Text>
              <DictionaryPicker source={{ valueSet: LAB_VALUE_SET }} multiple value={labs} onChange={(v) => setLabs((v as Coding[] | undefined) ?? [])} />
            </Space>
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('gallery.reference')} hint={t('gallery.referenceHint')} usage={`<ReferencePicker targetTypes={['Organization']} query={{ type: 'prov' }} value={ref} onChange={setRef} />`}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <ReferencePicker targetTypes={['Organization']} value={org} onChange={setOrg} />
              <Typography.Text type="secondary">{t('gallery.selected', { value: org ? `${org.reference} ${org.display ?? ''}` : '' })}</Typography.Text>
            </Space>
          </Section>
        </Col>
        <Col span={24}>
          <Section title={t('gallery.patient')} hint={t('gallery.patientHint')} usage={'<PatientSearch onSelect={setPatient} autoFocus />\n<PatientBanner patient={patient} extra={<Button>…</Button>} />'}>
            <Space orientation="vertical" style={{ width: '100%' }}>
              <PatientSearch onSelect={setPatient} />
              {patient && <PatientBanner patient={patient} />}
            </Space>
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section
            title={t('gallery.form')}
            hint={t('gallery.formHint')}
            usage={`<ResourceForm resourceType="Organization" settingsKey="form.admin.department"\n  fields={[{ path: 'name', required: true }, { path: 'type', valueSet: { concepts } }, { path: 'telecom' }, { path: 'partOf', targetTypes: ['Organization'] }]}\n  fixed={{ active: true }} onSaved={…} />`}
          >
            <ResourceForm<Organization>
              key={formKey}
              resourceType="Organization"
              settingsKey="form.gallery.organization"
              fields={[
                { path: 'name', label: t('gallery.field.name'), required: true },
                { path: 'alias', label: t('gallery.field.alias') },
                { path: 'type', label: t('gallery.field.type'), valueSet: { concepts: orgTypes } },
                { path: 'identifier', label: t('gallery.field.identifier') },
                { path: 'telecom', label: t('gallery.field.telecom') },
                { path: 'address', label: t('gallery.field.address') },
                { path: 'partOf', label: t('gallery.field.partOf'), targetTypes: ['Organization'] },
              ]}
              fixed={{ active: true }}
              onSaved={(saved) => {
                setSavedOrg(`Organization/${saved.id}`);
                setFormKey((k) => k + 1);
              }}
            />
            {savedOrg && (
              <Typography.Text type="success" data-testid="form-saved">
                {t('gallery.formSaved', { reference: savedOrg })}
              </Typography.Text>
            )}
          </Section>
        </Col>
        <Col xs={24} xl={12}>
          <Section title={t('gallery.print')} hint={t('gallery.printHint')} usage={"<Barcode bcid=\"code128\" text=\"S2026000123\" />\n<PdfPreview open={open} title=\"…\" load={() => printDocument(doc)} onClose={…} />\n// doc.content may hold { barcode: { bcid: 'code128', text } }"}>
            <Space orientation="vertical" size={12}>
              <Space size={24} align="center" wrap>
                <Barcode bcid="code128" text="S2026000123" />
                <Barcode bcid="qrcode" text="https://medunion.org/r/S2026000123" scale={2} />
              </Space>
              <Button icon={<FilePdfOutlined />} onClick={() => setPreview(true)}>
                {t('gallery.printSample')}
              </Button>
            </Space>
            <PdfPreview open={preview} title={t('gallery.sampleTitle')} load={() => printDocument(label)} onClose={() => setPreview(false)} />
          </Section>
        </Col>
        <Col span={24}>
          <Section title={t('gallery.chart')} hint={t('gallery.chartHint')} usage={'<Chart option={lineChartOption({ categories, series })} height={240} />\n<Chart option={leveyJenningsOption({ points, mean, sd, title })} />'}>
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={8}>
                <Chart option={charts.line} height={220} />
              </Col>
              <Col xs={24} lg={8}>
                <Chart option={charts.bar} height={220} />
              </Col>
              <Col xs={24} lg={8}>
                <Chart option={charts.pie} height={220} />
              </Col>
              <Col span={24}>
                <Chart option={charts.lj} height={280} />
              </Col>
            </Row>
          </Section>
        </Col>
        <Col span={24}>
          <Section title={t('gallery.dashboard')} hint={t('gallery.dashboardHint')} usage={"<DashboardGrid settingsKey=\"dashboard.lis\" widgets={[{ id: 'qc', title: '…', defaultWidth: 2, render: () => <Chart … /> }]} />"}>
            <DashboardGrid
              settingsKey="dashboard.gallery"
              widgets={[
                { id: 'barcode', title: t('gallery.sampleTitle'), defaultWidth: 1, defaultHeight: 180, render: () => <Barcode bcid="code128" text="S2026000123" /> },
                { id: 'pie', title: t('gallery.chart'), defaultWidth: 3, defaultHeight: 180, render: () => <Chart option={charts.pie} height={160} /> },
              ]}
            />
          </Section>
        </Col>
      </Row>
    </Space>
  );
}
