import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Empty, Form, Space, Spin, Tag, Tooltip, Typography } from 'antd';
import { RollbackOutlined, SaveOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import { useSession } from '../../session/session.context.tsx';
import { localized } from '../../shell/menu.ts';
import { errorText, outcomeIssues } from '../common/errors.ts';
import { useLoad } from '../common/use-load.ts';
import { getScopeParameters, saveScopeParameters, type ParameterDefinition, type ParameterScope, type ScopeParameters } from '../parameters.api.ts';
import { groupDefinitions, inheritedValue, parameterChanges, parseJsonText, problemsByKey, valueProblem, type ValueSource } from './parameter-form.ts';
import { ParameterInput } from './parameter-input.tsx';

export interface ScopeFormProps {
  scope: ParameterScope;
  scopeId: string;
  /** Values of the broader scopes, nearest first, to show what a key inherits (given the values set at this scope). */
  loadParents(here: ScopeParameters): Promise<{ scope: ParameterScope; values: Record<string, unknown> }[]>;
}

const KERNEL_GROUPS: Record<string, MessageKey> = { ui: 'admin.parameters.group.ui', print: 'admin.parameters.group.print', session: 'admin.parameters.group.session' };

const shortValue = (v: unknown) => {
  const text = typeof v === 'string' ? v : JSON.stringify(v);
  return text === '' ? '""' : text.length > 40 ? `${text.slice(0, 40)}…` : text;
};

/**
 * The parameters settable at one scope, grouped, each showing its value here: set at this scope, or inherited (and
 * from where). Editing makes a value explicit, "reset" makes it inherit again; saving sends only the changes.
 */
export function ScopeForm({ scope, scopeId, loadParents }: ScopeFormProps) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { modules } = useSession();
  const loaded = useLoad(async () => {
    const here = await getScopeParameters(scope, scopeId);
    return [here, await loadParents(here)] as const;
  }, [scope, scopeId]);
  const [edited, setEdited] = useState<Record<string, unknown>>({});
  const [jsonText, setJsonText] = useState<Record<string, string>>({});
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [stored, parents] = loaded.data ?? [undefined, []];

  useEffect(() => {
    setEdited(stored?.values ?? {});
    setJsonText({});
    setErrors({});
  }, [stored]);

  const groups = useMemo(() => groupDefinitions(stored?.definitions ?? []), [stored]);
  const changes = useMemo(() => parameterChanges(stored?.values ?? {}, edited), [stored, edited]);
  const dirty = Object.keys(changes).length > 0 || Object.keys(jsonText).length > 0;

  if (loaded.error !== undefined) return <Alert type="error" showIcon title={t('shell.loadFailed', { message: errorText(loaded.error, locale) })} />;
  if (!stored) return <Spin />;
  if (!groups.length) return <Empty description={t('admin.parameters.noneAtScope')} />;

  const set = (key: string, value: unknown) => {
    setEdited((e) => ({ ...e, [key]: value }));
    setErrors(({ [key]: _, ...rest }) => rest);
  };
  const reset = (key: string) => {
    setEdited(({ [key]: _, ...rest }) => rest);
    setJsonText(({ [key]: _, ...rest }) => rest);
    setErrors(({ [key]: _, ...rest }) => rest);
  };

  const save = async () => {
    // JSON typed as text becomes a value first; then every explicit value is checked as the server would.
    const next = { ...edited };
    const problems: Record<string, string> = {};
    for (const [key, text] of Object.entries(jsonText)) {
      const parsed = parseJsonText(text);
      if (parsed.ok) next[key] = parsed.value;
      else problems[key] = t('admin.parameters.problem.jsonSyntax');
    }
    for (const d of stored.definitions) {
      if (!(d.key in next) || problems[d.key]) continue;
      const problem = valueProblem(d, next[d.key]);
      if (problem) problems[d.key] = t(`admin.parameters.problem.${problem}`, { min: d.min ?? '', max: d.max ?? '' });
    }
    setErrors(problems);
    if (Object.keys(problems).length) return;
    setBusy(true);
    try {
      await saveScopeParameters(scope, scopeId, parameterChanges(stored.values, next));
      message.success(t('admin.common.saved'));
      loaded.reload();
    } catch (err) {
      const byKey = problemsByKey(outcomeIssues(err));
      if (Object.keys(byKey).length) setErrors(byKey);
      else message.error(errorText(err, locale));
    } finally {
      setBusy(false);
    }
  };

  // Kernel groups are named here; a module's group is its id, named by its manifest title.
  const groupTitle = (group: string) => {
    if (KERNEL_GROUPS[group]) return t(KERNEL_GROUPS[group]);
    const manifest = modules.find((m) => m.module === group);
    return manifest ? localized(manifest.title, locale) : group;
  };
  const sourceLabel = (from: ValueSource) => t(`admin.parameters.source.${from}`);
  const row = (d: ParameterDefinition) => {
    const explicit = d.key in edited;
    const inherited = inheritedValue(d, parents);
    const value = explicit ? edited[d.key] : inherited.value;
    return (
      <Form.Item
        key={d.key}
        label={
          <Space orientation="vertical" size={0}>
            <span>{localized(d.title, locale)}</span>
            <Typography.Text type="secondary" style={{ fontSize: 12 }}>
              {d.key}
            </Typography.Text>
          </Space>
        }
        tooltip={d.description ? localized(d.description, locale) : undefined}
        validateStatus={errors[d.key] ? 'error' : undefined}
        help={errors[d.key]}
        htmlFor={`param-${d.key}`}
      >
        <div data-testid={`param-${d.key}`}>
          <Space wrap>
            <ParameterInput
              id={`param-${d.key}`}
              definition={d}
              value={value}
              jsonText={jsonText[d.key]}
              onChange={(v) => set(d.key, v)}
              onJsonText={(text) => {
                setJsonText((j) => ({ ...j, [d.key]: text }));
                set(d.key, value);
              }}
            />
            {explicit ? (
              <>
                <Tag color="blue">{t('admin.parameters.setHere')}</Tag>
                <Tooltip title={t('admin.parameters.resetHint', { value: shortValue(inherited.value), source: sourceLabel(inherited.from) })}>
                  <Button size="small" icon={<RollbackOutlined />} onClick={() => reset(d.key)}>
                    {t('admin.parameters.reset')}
                  </Button>
                </Tooltip>
              </>
            ) : (
              <Tag>{t('admin.parameters.inherited', { source: sourceLabel(inherited.from) })}</Tag>
            )}
          </Space>
        </div>
      </Form.Item>
    );
  };

  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {groups.map((g) => (
        <Card key={g.group} size="small" title={groupTitle(g.group)}>
          <Form layout="horizontal" labelCol={{ span: 8 }} wrapperCol={{ span: 16 }} labelWrap colon={false}>
            {g.definitions.map(row)}
          </Form>
        </Card>
      ))}
      <Space>
        <Button type="primary" icon={<SaveOutlined />} disabled={!dirty} loading={busy} onClick={() => void save()}>
          {t('admin.common.save')}
        </Button>
        <Button
          disabled={!dirty}
          onClick={() => {
            setEdited(stored.values);
            setJsonText({});
            setErrors({});
          }}
        >
          {t('admin.parameters.discard')}
        </Button>
      </Space>
    </Space>
  );
}
