import { useEffect, useMemo, useRef, useState, type KeyboardEvent } from 'react';
import { Alert, App, Card, Col, Empty, Input, List, Row, Segmented, Space, Tag, Typography } from 'antd';
import { errorText } from '../admin/common/errors.ts';
import { Forbidden } from '../admin/common/forbidden.tsx';
import { InstitutionPicker, useWorkingInstitution } from '../admin/common/institution-picker.tsx';
import { useInstitutions } from '../admin/common/use-institutions.ts';
import { useLoad } from '../admin/common/use-load.ts';
import { useI18n } from '../i18n/i18n.context.tsx';
import { holds } from '../session/permissions.ts';
import { useSession } from '../session/session.context.tsx';
import { DictionarySelect } from './dictionary-select.tsx';
import { mappingDecisions, moveSelection, statusOf, type MappingStatus } from './mapping-status.ts';
import { SuggestionPanel } from './suggestion-panel.tsx';
import { currentConceptMap, expandCodeSystem, saveMappings, suggestMappings, unmappedReport, type MappingChange } from './terminology.api.ts';
import { useDictionaries } from './use-dictionaries.ts';

// Local dictionaries are hundreds to a few thousand items; the filter narrows larger ones on the server.
const ITEM_LIMIT = 1000;
const STATUS_COLOR: Record<MappingStatus, string> = { mapped: 'success', unmatched: 'default', unmapped: 'warning' };

/** 字典映射: a local dictionary's items with their mapping status on the left, suggestions and decisions for the chosen one on the right. */
export default function MappingPage() {
  const { t, locale } = useI18n();
  const { me } = useSession();
  const { message } = App.useApp();
  const allowed = holds(me.permissions, 'terminology.manage');
  const { institutions } = useInstitutions(allowed);
  const [institution, setInstitution] = useWorkingInstitution(me, institutions);
  const { dictionaries, loading: listing } = useDictionaries(allowed ? institution : undefined);
  const [dictionary, setDictionary] = useState<string>();
  const [typed, setTyped] = useState('');
  const [filter, setFilter] = useState('');
  const [statusFilter, setStatusFilter] = useState<MappingStatus | 'all'>('all');
  const [selected, setSelected] = useState<string>();
  const [busy, setBusy] = useState(false);
  const listRef = useRef<HTMLDivElement>(null);

  useEffect(() => setDictionary(undefined), [institution]);
  useEffect(() => {
    const timer = setTimeout(() => setFilter(typed.trim()), 250);
    return () => clearTimeout(timer);
  }, [typed]);

  // The report gives the target standard, the progress counts and the current map in one call.
  const state = useLoad(
    async () => {
      const report = await unmappedReport(dictionary!, { count: 1 });
      const map = report.conceptMap ? await currentConceptMap(report.conceptMap.url) : undefined;
      return { report, decisions: mappingDecisions(map, report.dictionary.url, report.target.url) };
    },
    [dictionary],
    !!dictionary,
  );
  const items = useLoad(() => expandCodeSystem(dictionary!, { filter, count: ITEM_LIMIT }), [dictionary, filter], !!dictionary);
  const decisions = state.data?.decisions;
  const shown = useMemo(
    () => (items.data?.concepts ?? []).filter((c) => statusFilter === 'all' || (decisions && statusOf(decisions, c.code) === statusFilter)),
    [items.data, statusFilter, decisions],
  );
  const current = shown.find((c) => c.code === selected);
  const suggestions = useLoad(() => suggestMappings(dictionary!, selected!), [dictionary, selected], !!dictionary && !!current);

  const decide = async (change: MappingChange) => {
    if (!dictionary) return;
    setBusy(true);
    try {
      const saved = await saveMappings(dictionary, [change]);
      message.success(t('terminology.mapping.saved', { version: saved.version ?? '' }));
      // Move on to the next item, as a coder working down the list expects.
      const index = shown.findIndex((c) => c.code === change.code);
      if (change.target !== null && index >= 0 && index + 1 < shown.length) setSelected(shown[index + 1].code);
      state.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setBusy(false);
      listRef.current?.focus();
    }
  };
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      e.preventDefault();
      const next = moveSelection(shown.findIndex((c) => c.code === selected), e.key, shown.length);
      if (next >= 0) {
        setSelected(shown[next].code);
        listRef.current?.querySelector(`[data-code="${CSS.escape(shown[next].code)}"]`)?.scrollIntoView({ block: 'nearest' });
      }
    } else if (e.key === 'Enter' && current && !busy) {
      const top = suggestions.data?.suggestions[0];
      if (top && !suggestions.loading) void decide({ code: current.code, target: top.code });
    }
  };

  if (!allowed) return <Forbidden />;
  const report = state.data?.report;
  return (
    <Card
      title={t('terminology.mapping.title')}
      extra={<InstitutionPicker value={institution} onChange={setInstitution} institutions={institutions} editable={!!me.regionAdmin} />}
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <DictionarySelect dictionaries={dictionaries} value={dictionary} onChange={setDictionary} loading={listing} />
        {report && <Typography.Text>{t('terminology.mapping.target', { title: report.target.title ?? report.target.url })}</Typography.Text>}
        {report && <Typography.Text data-testid="mapping-progress" type="secondary">{t('terminology.mapping.progress', report.counts)}</Typography.Text>}
      </Space>
      {(state.error ?? items.error) !== undefined && <Alert type="error" showIcon message={errorText(state.error ?? items.error, locale)} style={{ marginBottom: 12 }} />}
      {!dictionary ? (
        <Empty description={t('terminology.mapping.pickDictionary')} />
      ) : (
        <Row gutter={16}>
          <Col span={10}>
            <Space direction="vertical" style={{ width: '100%' }}>
              <Input.Search aria-label={t('terminology.concepts.filter')} placeholder={t('terminology.concepts.filter')} allowClear value={typed} onChange={(e) => setTyped(e.target.value)} />
              <Segmented<MappingStatus | 'all'>
                aria-label={t('terminology.mapping.statusFilter')}
                value={statusFilter}
                onChange={setStatusFilter}
                options={[
                  { value: 'all', label: t('common.any') },
                  { value: 'unmapped', label: t('terminology.mapping.status.unmapped') },
                  { value: 'mapped', label: t('terminology.mapping.status.mapped') },
                  { value: 'unmatched', label: t('terminology.mapping.status.unmatched') },
                ]}
              />
              <div ref={listRef} tabIndex={0} onKeyDown={onKeyDown} data-testid="mapping-items" style={{ maxHeight: 520, overflow: 'auto', outline: 'none' }}>
                <List
                  size="small"
                  bordered
                  loading={items.loading}
                  dataSource={shown}
                  renderItem={(c) => {
                    const status = decisions ? statusOf(decisions, c.code) : 'unmapped';
                    return (
                      <List.Item
                        data-code={c.code}
                        onClick={() => {
                          setSelected(c.code);
                          listRef.current?.focus();
                        }}
                        style={{ cursor: 'pointer', background: c.code === selected ? 'var(--ant-control-item-bg-active, #e6f4ff)' : undefined }}
                      >
                        <Space>
                          <Typography.Text strong>{c.code}</Typography.Text>
                          <Typography.Text>{c.display}</Typography.Text>
                        </Space>
                        <Tag color={STATUS_COLOR[status]}>{t(`terminology.mapping.status.${status}`)}</Tag>
                      </List.Item>
                    );
                  }}
                />
              </div>
            </Space>
          </Col>
          <Col span={14}>
            {current && report ? (
              <SuggestionPanel
                key={current.code}
                item={current}
                target={report.target}
                decision={decisions?.get(current.code)}
                suggestions={suggestions.data?.suggestions}
                loading={suggestions.loading}
                error={suggestions.error}
                busy={busy}
                onMap={(target) => void decide({ code: current.code, target })}
                onNoCounterpart={() => void decide({ code: current.code, equivalence: 'unmatched' })}
                onClear={() => void decide({ code: current.code, target: null })}
              />
            ) : (
              <Empty description={t('terminology.mapping.pickItem')} />
            )}
          </Col>
        </Row>
      )}
    </Card>
  );
}
