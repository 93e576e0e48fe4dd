import { Descriptions, Popover, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { StatusTag } from '../../widgets/status/status-tag.tsx';
import { shownState, STATE_PALETTE, stateKey } from './instrument-labels.ts';
import type { InstrumentStatus } from './instruments.api.ts';

/** The live connection state as a coloured tag; hovering shows where it listens, who is connected and the last error. */
export function InstrumentStatusTag({ active, status }: { active: boolean; status: InstrumentStatus | undefined }) {
  const { t, locale } = useI18n();
  const state = shownState(active, status);
  if (!state) return <Typography.Text type="secondary">…</Typography.Text>;
  const tag = <StatusTag status={state} palette={STATE_PALETTE} label={t(stateKey(state))} />;
  if (!status || !active) return tag;
  const time = (v?: string) => (v ? new Date(v).toLocaleString(locale) : '—');
  return (
    <Popover
      title={t(stateKey(state))}
      content={
        <Descriptions size="small" column={1} style={{ maxWidth: 420 }}>
          {status.listening && <Descriptions.Item label={t('lisInst.list.bound')}>{`${status.listening.host}:${status.listening.port}`}</Descriptions.Item>}
          <Descriptions.Item label={t('lisInst.list.peers')}>{status.peers.length ? status.peers.join('；') : t('lisInst.list.noPeers')}</Descriptions.Item>
          <Descriptions.Item label={t('lisInst.list.since')}>{time(status.since)}</Descriptions.Item>
          {status.owner && <Descriptions.Item label={t('lisInst.list.owner')}>{status.owner}</Descriptions.Item>}
          {status.lastError && (
            <Descriptions.Item label={t('lisInst.list.lastError')}>
              <Typography.Text type="danger">{localizeServerText(status.lastError, locale)}</Typography.Text>
            </Descriptions.Item>
          )}
        </Descriptions>
      }
    >
      <span style={{ cursor: 'help' }}>
        {tag}
      </span>
    </Popover>
  );
}
