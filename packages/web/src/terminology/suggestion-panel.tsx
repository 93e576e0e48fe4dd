import { useState } from 'react';
import { Alert, Button, Empty, List, Progress, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import type { Coding } from '@medplum/fhirtypes';
import { errorText } from '../admin/common/errors.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import type { MessageKey } from '../i18n/zh-CN.ts';
import { DictionaryPicker } from '../widgets/picker/dictionary-picker.tsx';
import type { MappingDecision } from './mapping-status.ts';
import type { Suggestion } from './terminology.api.ts';

const RULE_KEYS: Record<string, MessageKey> = { code: 'terminology.mapping.rule.code', name: 'terminology.mapping.rule.name', pinyin: 'terminology.mapping.rule.pinyin' };
const fixed = (n: number) => n.toFixed(2);

export interface SuggestionPanelProps {
  item: { code: string; display?: string };
  target: { url: string; title?: string };
  decision?: MappingDecision;
  suggestions?: Suggestion[];
  loading: boolean;
  error?: unknown;
  busy: boolean;
  onMap(targetCode: string): void;
  onNoCounterpart(): void;
  onClear(): void;
}

/** The right side of the workbench: ranked suggestions with the reasons for each score, a manual choice, no counterpart. */
export function SuggestionPanel({ item, target, decision, suggestions, loading, error, busy, onMap, onNoCounterpart, onClear }: SuggestionPanelProps) {
  const { t, locale } = useI18n();
  const [manual, setManual] = useState<Coding>();
  const explain = (s: Suggestion) =>
    s.reasons.map((r) => t('terminology.mapping.reason', { rule: t(RULE_KEYS[r.rule] ?? 'terminology.mapping.rule.name'), similarity: fixed(r.similarity), weight: fixed(r.weight), contribution: fixed(r.contribution) }));

  return (
    <Space direction="vertical" style={{ width: '100%' }} data-testid="suggestion-panel">
      <Typography.Title level={5} style={{ margin: 0 }}>
        {item.code} {item.display}
      </Typography.Title>
      {decision && (
        <Space>
          <Tag color={decision.status === 'mapped' ? 'success' : 'default'}>
            {decision.status === 'mapped' ? t('terminology.mapping.current', { target: `${decision.target?.code ?? ''} ${decision.target?.display ?? ''}` }) : t('terminology.mapping.status.unmatched')}
          </Tag>
          <Button size="small" onClick={onClear} disabled={busy}>
            {t('terminology.mapping.clear')}
          </Button>
        </Space>
      )}
      <Typography.Text strong>{t('terminology.mapping.suggestions')}</Typography.Text>
      {error !== undefined && <Alert type="error" showIcon message={errorText(error, locale)} />}
      {loading ? (
        <Spin />
      ) : suggestions?.length ? (
        <List
          size="small"
          bordered
          dataSource={suggestions}
          renderItem={(s, index) => (
            <List.Item
              data-testid="suggestion"
              actions={[
                <Button key="accept" type={index === 0 ? 'primary' : 'default'} size="small" disabled={busy} onClick={() => onMap(s.code)}>
                  {t('terminology.mapping.accept')}
                </Button>,
              ]}
            >
              <Space direction="vertical" size={0} style={{ width: '100%' }}>
                <Space>
                  <Typography.Text strong>{s.code}</Typography.Text>
                  <Typography.Text>{s.display}</Typography.Text>
                </Space>
                <Tooltip title={explain(s).join('；')}>
                  <Space>
                    <Typography.Text type="secondary">{t('terminology.mapping.score')}</Typography.Text>
                    <Progress percent={Math.round(s.score * 100)} size="small" style={{ width: 140, margin: 0 }} />
                  </Space>
                </Tooltip>
                {explain(s).map((line) => (
                  <Typography.Text key={line} type="secondary" style={{ fontSize: 12 }}>
                    {line}
                  </Typography.Text>
                ))}
              </Space>
            </List.Item>
          )}
        />
      ) : (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('terminology.mapping.noSuggestions')} />
      )}
      <Typography.Text strong>{t('terminology.mapping.manual')}</Typography.Text>
      <Space.Compact style={{ width: '100%' }}>
        <DictionaryPicker source={{ codeSystem: target.url }} value={manual} onChange={(v) => setManual(Array.isArray(v) ? v[0] : v)} style={{ width: '100%' }} />
        <Button disabled={!manual?.code || busy} onClick={() => manual?.code && onMap(manual.code)}>
          {t('terminology.mapping.saveManual')}
        </Button>
      </Space.Compact>
      <Button danger disabled={busy} onClick={onNoCounterpart}>
        {t('terminology.mapping.noCounterpart')}
      </Button>
    </Space>
  );
}
