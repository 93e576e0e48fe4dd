import { Descriptions, Empty, Space, Spin, Tag, Typography } from 'antd';
import { errorText } from '../admin/common/errors.ts';
import { useLoad } from '../admin/common/use-load.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { lookupDetail } from './concept-tree.ts';
import { lookupConcept } from './terminology.api.ts';

/** `$lookup` of one concept: display, definition, designations, parents and children (clickable), other properties. */
export function ConceptDetail({ system, version, code, onNavigate }: { system: string; version?: string; code?: string; onNavigate(code: string): void }) {
  const { t, locale } = useI18n();
  const { data, loading, error } = useLoad(async () => lookupDetail(await lookupConcept(system, code!, version)), [system, version, code], !!code);
  if (!code) return <Empty description={t('terminology.detail.pick')} />;
  if (error) return <Typography.Text type="danger">{errorText(error, locale)}</Typography.Text>;
  if (loading || !data) return <Spin />;
  const codes = (list: string[]) =>
    list.length ? (
      <Space wrap size={4}>
        {list.map((c) => (
          <Tag key={c} style={{ cursor: 'pointer' }} onClick={() => onNavigate(c)}>
            {c}
          </Tag>
        ))}
      </Space>
    ) : (
      t('terminology.detail.none')
    );
  return (
    <Descriptions data-testid="concept-detail" column={1} size="small" bordered title={t('terminology.detail.title')} styles={{ label: { width: 88, whiteSpace: 'nowrap' } }}>
      <Descriptions.Item label={t('terminology.concepts.code')}>
        {code} {data.inactive && <Tag>{t('terminology.concepts.inactive')}</Tag>}
      </Descriptions.Item>
      <Descriptions.Item label={t('terminology.concepts.display')}>{data.display}</Descriptions.Item>
      {data.definition && <Descriptions.Item label={t('terminology.detail.definition')}>{data.definition}</Descriptions.Item>}
      {data.designations.length > 0 && (
        <Descriptions.Item label={t('terminology.detail.designations')}>{data.designations.map((d) => d.value + (d.language ? ` (${d.language})` : '')).join('；')}</Descriptions.Item>
      )}
      <Descriptions.Item label={t('terminology.detail.parents')}>{codes(data.parents)}</Descriptions.Item>
      <Descriptions.Item label={t('terminology.detail.children')}>{codes(data.children)}</Descriptions.Item>
      {data.properties.length > 0 && (
        <Descriptions.Item label={t('terminology.detail.properties')}>{data.properties.map((p) => `${p.code}: ${p.value}`).join('；')}</Descriptions.Item>
      )}
    </Descriptions>
  );
}
