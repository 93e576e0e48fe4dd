import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Checkbox, Empty, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import type { QcTarget } from '@medunion/lis/contracts';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { errorText } from '../../admin/common/errors.ts';
import { useLoad } from '../../admin/common/use-load.ts';
import { TestPicker } from './lab-pickers.tsx';
import { qcApi } from './qc.api.ts';
import { ruleRows, rulesOf, type RuleRow } from './qc-text.ts';
import type { Lab } from './use-lab.ts';

/**
 * 质控规则设置: the Westgard rules a test is judged with — a checkbox per rule and, for each, warning (警告) or reject
 * (失控). A test without its own set uses the default multirule (1-2s warning; 1-3s, 2-2s, R-4s, 4-1s, 10x reject).
 * Saving needs `lis.qc.manage`; scopes set through the API are kept as they are.
 */
export function RulesTab({ lab, targets }: { lab: Lab; targets: QcTarget[] }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const manage = lab.can('lis.qc.manage');
  const qcTests = useMemo(() => [...new Set(targets.filter((x) => !x.validTo).map((x) => x.testCode))].sort(), [targets]);
  const [testCode, setTestCode] = useState<string | undefined>();
  const [rows, setRows] = useState<RuleRow[]>([]);
  const [inspection, setInspection] = useState(false);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (!testCode && qcTests.length) setTestCode(qcTests[0]);
  }, [qcTests, testCode]);
  const set = useLoad(() => qcApi.rules(lab.scope, testCode!), [lab.scope, testCode], !!testCode);
  useEffect(() => {
    if (!set.data) return;
    setRows(ruleRows(set.data.rules));
    setInspection(!!set.data.warningTriggersInspection);
  }, [set.data]);
  const change = (rule: string, patch: Partial<RuleRow>) => setRows((all) => all.map((r) => (r.rule === rule ? { ...r, ...patch } : r)));

  const save = async () => {
    setSaving(true);
    try {
      await qcApi.setRules(lab.scope, testCode!, { rules: rulesOf(rows), ...(inspection ? { warningTriggersInspection: true } : {}) });
      message.success(t('lisQc.saved'));
      set.reload();
    } catch (err) {
      message.error(errorText(err, locale));
    } finally {
      setSaving(false);
    }
  };

  return (
    <>
      <Space wrap style={{ marginBottom: 12 }}>
        <TestPicker lab={lab} value={testCode} allowClear={false} style={{ width: 240 }} placeholder={t('lisQc.test')} onChange={setTestCode} />
        {set.data?.isDefault && <Tag>{t('lisQc.rules.default')}</Tag>}
        {set.data?.updatedAt && <Typography.Text type="secondary">{t('lisQc.rules.updated', { at: dayjs(set.data.updatedAt).format('YYYY-MM-DD HH:mm') })}</Typography.Text>}
      </Space>
      {!testCode ? (
        <Empty description={t('lisQc.rules.pick')} />
      ) : (
        <>
          <Table<RuleRow>
            data-testid="qc-rules"
            size="small"
            rowKey="rule"
            loading={set.loading}
            pagination={false}
            dataSource={rows}
            columns={[
              {
                key: 'enabled',
                title: t('lisQc.rules.use'),
                width: 70,
                render: (_, r) => <Checkbox checked={r.enabled} disabled={!manage} aria-label={r.rule} onChange={(e) => change(r.rule, { enabled: e.target.checked })} />,
              },
              { key: 'rule', title: t('lisQc.rules.rule'), width: 90, render: (_, r) => <Typography.Text strong>{r.rule}</Typography.Text> },
              { key: 'meaning', title: t('lisQc.rules.meaning'), render: (_, r) => t(`lisQc.rule.${r.rule}`) },
              {
                key: 'severity',
                title: t('lisQc.rules.severity'),
                width: 130,
                render: (_, r) => (
                  <Select
                    size="small"
                    style={{ width: 110 }}
                    value={r.severity}
                    disabled={!manage || !r.enabled}
                    aria-label={t('lisQc.rules.severity')}
                    onChange={(severity) => change(r.rule, { severity })}
                    options={[
                      { value: 'warning', label: t('lisQc.verdict.warning') },
                      { value: 'reject', label: t('lisQc.verdict.reject') },
                    ]}
                  />
                ),
              },
            ]}
          />
          <Space style={{ marginTop: 12 }} wrap>
            <Switch checked={inspection} disabled={!manage} onChange={setInspection} aria-label={t('lisQc.rules.inspection')} />
            <span>{t('lisQc.rules.inspection')}</span>
          </Space>
          {rows.length > 0 && !rows.some((r) => r.enabled && r.severity === 'reject') && <Alert type="warning" showIcon style={{ marginTop: 12 }} title={t('lisQc.rules.noReject')} />}
          {manage && (
            <div style={{ marginTop: 12 }}>
              <Button type="primary" loading={saving} disabled={!rows.some((r) => r.enabled)} onClick={() => void save()}>
                {t('lisQc.save')}
              </Button>
            </div>
          )}
        </>
      )}
    </>
  );
}
