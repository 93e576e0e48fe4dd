import { useSyncExternalStore } from 'react';
import { Modal, Space, Table, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { dictionaries } from '../../i18n/translate.ts';
import type { MessageKey } from '../../i18n/zh-CN.ts';
import type { HelpRow, ShortcutRegistry } from './registry.ts';

/** A scope's title: its message 'shortcuts.scope.<scope>' when there is one, else the scope name itself. */
function useScopeTitle(): (scope: string) => string {
  const { t } = useI18n();
  return (scope) => {
    const key = `shortcuts.scope.${scope}`;
    return key in dictionaries['zh-CN'] ? t(key as MessageKey) : scope;
  };
}

/** The help dialog (F1 or Shift+?): the shell's shortcuts, then those of the page that is open, grouped. */
export function ShortcutsHelp({ registry, open, onClose }: { registry: ShortcutRegistry; open: boolean; onClose(): void }) {
  const { t } = useI18n();
  const scopeTitle = useScopeTitle();
  // Re-render when pages mount or unmount shortcuts while the dialog is open.
  useSyncExternalStore(
    (cb) => registry.subscribe(cb),
    () => registry.version,
  );
  const list = open ? registry.groups() : [];

  return (
    <Modal open={open} title={t('shortcuts.title')} footer={null} onCancel={onClose} width={560} destroyOnHidden>
      <Typography.Paragraph type="secondary">{t('shortcuts.inFieldsHint')}</Typography.Paragraph>
      {list.map((g) => (
        <div key={g.scope} data-testid={`shortcuts-${g.scope}`} style={{ marginBottom: 16 }}>
          <Typography.Title level={5}>{scopeTitle(g.scope)}</Typography.Title>
          <Table<HelpRow>
            size="small"
            pagination={false}
            rowKey="description"
            dataSource={g.rows}
            columns={[
              {
                title: t('shortcuts.col.keys'),
                key: 'keys',
                width: 220,
                render: (_, row) => (
                  <Space size={4} wrap>
                    {row.combos.map((keys, i) => (
                      <span key={i}>
                        {keys.map((k, j) => (
                          <Typography.Text key={j} keyboard>
                            {k}
                          </Typography.Text>
                        ))}
                      </span>
                    ))}
                  </Space>
                ),
              },
              { title: t('shortcuts.col.action'), key: 'action', render: (_, row) => t(row.description) },
            ]}
          />
        </div>
      ))}
    </Modal>
  );
}
