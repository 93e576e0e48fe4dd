import { useState } from 'react';
import { Alert, Button, Card, Col, Result, Row, Space, Table, Tag, Typography } from 'antd';
import { EditOutlined, PlusOutlined } from '@ant-design/icons';
import { errorText } from '../../admin/common/errors.ts';
import { Forbidden } from '../../admin/common/forbidden.tsx';
import { useLoad } from '../../admin/common/use-load.ts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { useLabSections } from '../instruments/use-lab-sections.ts';
import { templateRows } from './report-logic.ts';
import { reportsApi, type ReportTemplate } from './reports.api.ts';
import { SignatureCard } from './signature-card.tsx';
import { TemplateDrawer } from './template-drawer.tsx';

/**
 * 报告模板与签名: the report templates of the laboratory — one for every section, and sections of their own — stored
 * centrally and versioned (each save a new version, used at once by every station); and the reviewer's signature.
 */
export default function ReportSettingsPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const canRead = holds(me.permissions, 'lis.read');
  const canManage = holds(me.permissions, 'lis.catalogue.manage');
  const canSign = holds(me.permissions, 'lis.result.review');
  const ready = canRead && !!me.institution;
  const sections = useLabSections();
  const templates = useLoad(() => reportsApi.templates(), [], ready);
  const [editing, setEditing] = useState<ReportTemplate | 'new'>();

  if (!canRead) return <Forbidden />;
  if (!me.institution) return <Result status="info" title={t('lisRes.needInstitution')} />;
  const rows = templateRows(templates.data ?? [], me.institution);
  const sectionName = (code: string) => (code ? sections.nameOf(code) : t('lisRes.template.anySection'));
  const freeSections = (sections.concepts ?? []).filter((s) => !rows.some((r) => r.section === s.code));

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={16}>
        <Card
          title={t('lisRes.template.title')}
          data-testid="report-templates"
          extra={
            canManage && (
              <Button icon={<PlusOutlined />} disabled={!freeSections.length} onClick={() => setEditing('new')}>
                {t('lisRes.template.add')}
              </Button>
            )
          }
        >
          <Typography.Paragraph type="secondary">{t('lisRes.template.hint')}</Typography.Paragraph>
          {templates.error !== undefined && <Alert type="error" showIcon title={errorText(templates.error, locale)} style={{ marginBottom: 12 }} />}
          <Table<ReportTemplate>
            rowKey={(r) => r.section || 'default'}
            size="small"
            loading={templates.loading}
            dataSource={rows}
            pagination={false}
            scroll={{ x: 'max-content' }}
            columns={[
              { key: 'section', title: t('lisRes.section'), render: (_, r) => sectionName(r.section) },
              { key: 'version', title: t('lisRes.template.version'), width: 80, render: (_, r) => (r.version ? `v${r.version}` : <Tag>{t('lisRes.template.builtIn')}</Tag>) },
              { key: 'paper', title: t('lisRes.paper.label'), width: 110, render: (_, r) => `${r.options.pageSize} · ${t(`lisRes.template.${r.options.orientation}`)}` },
              { key: 'columns', title: t('lisRes.template.columns'), width: 120, render: (_, r) => t('lisRes.template.columnsRule', { count: r.options.doubleColumnAbove }) },
              { key: 'title', title: t('lisRes.template.header'), render: (_, r) => r.options.title },
              { key: 'saved', title: t('lisRes.template.savedBy'), render: (_, r) => (r.version ? `${r.createdBy} · ${new Date(r.createdAt).toLocaleString(locale, { hour12: false })}` : '—') },
              {
                key: 'actions',
                title: t('lisRes.actions'),
                width: 80,
                render: (_, r) =>
                  canManage && (
                    <Button size="small" icon={<EditOutlined />} onClick={() => setEditing(r)} data-section={r.section || 'default'}>
                      {t('lisRes.edit')}
                    </Button>
                  ),
              },
            ]}
          />
        </Card>
      </Col>
      <Col xs={24} xl={8}>
        <Space orientation="vertical" style={{ width: '100%' }}>{canSign ? <SignatureCard /> : <Alert type="info" showIcon title={t('lisRes.signature.noPermission')} />}</Space>
      </Col>
      {editing && (
        <TemplateDrawer
          editing={editing}
          freeSections={freeSections}
          sectionName={sectionName}
          onClose={() => setEditing(undefined)}
          onSaved={() => {
            setEditing(undefined);
            templates.reload();
          }}
        />
      )}
    </Row>
  );
}
