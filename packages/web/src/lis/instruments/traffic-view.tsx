import { useMemo, useState } from 'react';
import { App, Button, Descriptions, Segmented, Space, Tag, theme, Typography } from 'antd';
import { CopyOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { localizeServerText } from '../../i18n/translate.ts';
import { copyText } from './copy-text.ts';
import type { InstrumentMessage } from './instruments.api.ts';
import { bytesOf, hexDump, trafficPieces } from './traffic-text.ts';

type View = 'text' | 'hex';

/**
 * One ledger entry as exchanged: the readable text in monospace with each control character drawn as a small
 * label (<STX>, <CR>, <ACK>…), or the exact bytes as a hex dump; both can be copied.
 */
export function TrafficView({ entry }: { entry: InstrumentMessage }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const { token } = theme.useToken();
  const [view, setView] = useState<View>('text');
  const pieces = useMemo(() => trafficPieces(entry.text), [entry.text]);
  const hex = useMemo(() => (entry.rawBase64 ? hexDump(bytesOf(entry.rawBase64)) : ''), [entry.rawBase64]);

  const copy = async (text: string) => {
    if (await copyText(text)) message.success(t('lisInst.copied'));
  };
  const control = { background: token.colorPrimaryBg, color: token.colorPrimaryText, borderRadius: 3, padding: '0 2px', fontSize: '0.85em' };

  return (
    <div data-testid="traffic-view">
      <Descriptions size="small" column={2} style={{ marginBottom: 8 }}>
        <Descriptions.Item label={t('lisInst.msg.connection')}>{entry.connection}</Descriptions.Item>
        <Descriptions.Item label={t('lisInst.time')}>
          {new Date(entry.at).toLocaleString(locale)}
          {entry.endedAt && entry.endedAt !== entry.at ? ` – ${new Date(entry.endedAt).toLocaleTimeString(locale)}` : ''}
        </Descriptions.Item>
        {entry.detail && (
          // Shown as written: it joins several bilingual notes (`…: 3 held (标本 … 不存在 / no specimen …)`).
          <Descriptions.Item label={t('lisInst.msg.detail')} span={2}>
            {entry.detail}
          </Descriptions.Item>
        )}
        {entry.events.length > 0 && (
          <Descriptions.Item label={t('lisInst.msg.events')} span={2}>
            <Space orientation="vertical" size={2}>
              {entry.events.map((e, i) => (
                <span key={i}>
                  <Tag color={e.level === 'error' ? 'error' : e.level === 'warn' ? 'warning' : 'default'}>{e.code}</Tag>
                  {localizeServerText(e.message, locale)}
                </span>
              ))}
            </Space>
          </Descriptions.Item>
        )}
      </Descriptions>
      <Space style={{ marginBottom: 8 }}>
        <Segmented<View>
          size="small"
          value={view}
          onChange={setView}
          options={[
            { value: 'text', label: t('lisInst.msg.viewText') },
            { value: 'hex', label: t('lisInst.msg.viewHex'), disabled: !hex },
          ]}
        />
        <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(entry.text)}>
          {t('lisInst.msg.copyText')}
        </Button>
        {hex && (
          <Button size="small" icon={<CopyOutlined />} onClick={() => void copy(hex)}>
            {t('lisInst.msg.copyHex')}
          </Button>
        )}
      </Space>
      <pre
        data-testid="traffic-text"
        style={{ margin: 0, padding: 12, maxHeight: 360, overflow: 'auto', background: token.colorFillQuaternary, borderRadius: token.borderRadius, fontFamily: token.fontFamilyCode, fontSize: 12, lineHeight: 1.6, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {view === 'hex'
          ? hex
          : pieces.length
            ? pieces.map((p, i) =>
                p.kind === 'text' ? (
                  <span key={i}>{p.text}</span>
                ) : (
                  <span key={i} className="lis-control" style={control}>{`<${p.name}>`}</span>
                ),
              )
            : t('lisInst.msg.noBytes')}
      </pre>
      {view === 'text' && <Typography.Text type="secondary" style={{ fontSize: 12 }}>{`${entry.size} ${t('lisInst.msg.size')}`}</Typography.Text>}
    </div>
  );
}
