import { useState } from 'react';
import { Alert, Button, Descriptions, Form, Input, List, Select, Space, Statistic, Table, Tag, Typography } from 'antd';
import { EyeOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { holds } from '../../session/permissions.ts';
import { useSession } from '../../session/session.context.tsx';
import { errorText } from '../common/errors.ts';
import { RemoteSelect } from '../common/remote-select.tsx';
import { userOptions } from '../common/user-options.ts';
import type { InstitutionOption } from '../common/use-institutions.ts';
import { previewPolicy, type AccessPolicy, type PolicyPreviewResult } from '../policies.api.ts';
import { validated } from '../common/forms.ts';

export interface PolicyPreviewProps {
  institutions: InstitutionOption[];
  resourceTypes: string[];
  /** The draft being edited (validated by its form), or undefined to preview what is stored. */
  draft?: () => Promise<AccessPolicy | undefined>;
}

interface PreviewForm {
  username: string[];
  institution?: string;
  resourceType: string;
  query?: string;
}

/** "What can user X see?" (访问预览): evaluated by the server as that user, with the draft in place of the stored policy. */
export function PolicyPreview({ institutions, resourceTypes, draft }: PolicyPreviewProps) {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const [form] = Form.useForm<PreviewForm>();
  const [result, setResult] = useState<{ answer: PolicyPreviewResult; draftId?: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const canListUsers = holds(me.permissions, 'admin.user.manage');

  const run = async () => {
    const v = await validated(form);
    if (!v) return;
    const policy = draft ? await draft() : undefined;
    if (draft && !policy) return;
    setBusy(true);
    try {
      const answer = await previewPolicy({
        username: v.username[0],
        institution: v.institution || undefined,
        resourceType: v.resourceType,
        query: v.query?.trim().replace(/^\?/, '') || undefined,
        draft: policy,
      });
      setResult({ answer, draftId: policy?.id });
      setError(null);
    } catch (err) {
      setResult(null);
      setError(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div data-testid="policy-preview">
        <Form name={draft ? 'policy-preview-draft' : 'policy-preview'} form={form} layout="inline" style={{ rowGap: 8, marginBottom: 12 }} initialValues={{ resourceType: 'Patient', username: [] }}>
          <Form.Item name="username" label={t('admin.policies.preview.user')} rules={[{ required: true, type: 'array', min: 1, message: t('admin.policies.preview.userRequired') }]}>
            {canListUsers ? (
              <RemoteSelect single search={(text) => userOptions(text, 'username')} placeholder={t('admin.policies.preview.userPlaceholder')} aria-label={t('admin.policies.preview.user')} />
            ) : (
              <Select mode="tags" maxCount={1} style={{ width: 180 }} aria-label={t('admin.policies.preview.user')} />
            )}
          </Form.Item>
          <Form.Item name="institution" label={t('admin.policies.preview.institution')}>
            <Select allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} placeholder={t('admin.policies.preview.institutionDefault')} options={institutions.map((i) => ({ value: i.id, label: i.name }))} />
          </Form.Item>
          <Form.Item name="resourceType" label={t('admin.policies.preview.resourceType')} rules={[{ required: true }]}>
            <Select showSearch style={{ width: 180 }} options={resourceTypes.map((r) => ({ value: r, label: r }))} />
          </Form.Item>
          <Form.Item name="query" label={t('admin.policies.preview.query')}>
            <Input allowClear style={{ width: 220 }} placeholder="gender=female&_sort=name" />
          </Form.Item>
          <Button type="primary" ghost icon={<EyeOutlined />} loading={busy} onClick={() => void run()}>
            {draft ? t('admin.policies.preview.runDraft') : t('admin.policies.preview.run')}
          </Button>
        </Form>
        {error && <Alert type="error" showIcon title={error} />}
        {result && (
          <div data-testid="preview-result">
          <Space orientation="vertical" style={{ width: '100%' }}>
            <Descriptions size="small" bordered column={3}>
              <Descriptions.Item label={t('admin.policies.preview.user')}>
                {result.answer.username}
                {result.answer.institution ? ` · ${institutions.find((i) => i.id === result.answer.institution)?.name ?? result.answer.institution}` : ''}
              </Descriptions.Item>
              <Descriptions.Item label={t('admin.policies.preview.canSearch')}>
                {result.answer.canSearch ? <Tag color="success">{t('admin.common.yes')}</Tag> : <Tag color="error">{t('admin.policies.preview.noPermission')}</Tag>}
              </Descriptions.Item>
              <Descriptions.Item label={t('admin.policies.preview.total')}>
                <Statistic value={result.answer.total} styles={{ content: { fontSize: 20 } }} />
              </Descriptions.Item>
            </Descriptions>
            <Typography.Text strong>{t('admin.policies.preview.policies')}</Typography.Text>
            <Table
              size="small"
              rowKey="id"
              pagination={false}
              dataSource={result.answer.policies}
              columns={[
                { title: t('admin.policies.id'), dataIndex: 'id', render: (id: string) => (id === result.draftId ? <Space size={4}>{id}<Tag color="processing">{t('admin.policies.preview.draft')}</Tag></Space> : id) },
                { title: t('admin.policies.effect'), dataIndex: 'effect', width: 100, render: (e: string) => <Tag color={e === 'allow' ? 'green' : 'red'}>{t(e === 'allow' ? 'admin.policies.allow' : 'admin.policies.deny')}</Tag> },
                { title: t('admin.policies.preview.applies'), dataIndex: 'applies', width: 100, render: (a: boolean) => (a ? <Tag color="blue">{t('admin.common.yes')}</Tag> : <Typography.Text type="secondary">{t('admin.common.no')}</Typography.Text>) },
              ]}
            />
            <Typography.Text strong>{t('admin.policies.preview.sample', { count: result.answer.sample.length })}</Typography.Text>
            <List
              size="small"
              bordered
              dataSource={result.answer.sample}
              locale={{ emptyText: t('admin.policies.preview.nothing') }}
              renderItem={(s) => (
                <List.Item>
                  <Space>
                    <span>{s.display}</span>
                    <Typography.Text type="secondary">{s.reference}</Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          </Space>
          </div>
        )}
    </div>
  );
}
