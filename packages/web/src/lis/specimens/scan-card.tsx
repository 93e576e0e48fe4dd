import type { CSSProperties } from 'react';
import { Button, Card, Descriptions, Space, Tag, Typography, theme } from 'antd';
import { CheckCircleFilled, CloseCircleFilled, ExclamationCircleFilled, HistoryOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { ageLabel, ageOn, genderKey, localToday } from '../../widgets/patient/patient-display.ts';
import { CapSwatch } from './cap-swatch.tsx';
import { OUTCOME_TONE, outcomeKey, patientTypeKey } from './specimen-labels.ts';
import type { ScanCard as Card_ } from './specimen-logic.ts';
import type { CatalogueTube, ReceiveOutcome } from './specimens.api.ts';
import './receipt.css';

export interface ScanEntry {
  /** Increases with every scan: restarts the flash even when the same tube is scanned twice. */
  seq: number;
  barcode: string;
  outcome: ReceiveOutcome;
  card?: Card_;
  at: Date;
  /** The rejection reason code, when this page rejected the tube (what a later concession accepts). */
  rejectedFor?: string;
}

export interface ScanCardProps {
  scan: ScanEntry;
  tubes: ReadonlyMap<string, CatalogueTube>;
  canReject: boolean;
  canConcede: boolean;
  onReject(): void;
  onConcession(): void;
  onTimeline(): void;
}

const ICONS = { success: <CheckCircleFilled />, warning: <ExclamationCircleFilled />, error: <CloseCircleFilled /> };

/** The last scanned tube: the outcome in colour, and whose tube it is, which cap, which panels; stat in red. */
export function ScanCard({ scan, tubes, canReject, canConcede, onReject, onConcession, onTimeline }: ScanCardProps) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const tone = OUTCOME_TONE[scan.outcome.outcome] ?? 'error';
  const colour = { success: token.colorSuccess, warning: token.colorWarning, error: token.colorError }[tone];
  const card = scan.card;
  const tube = card?.tubeCode ? tubes.get(card.tubeCode) : undefined;
  const stat = scan.outcome.stat || card?.stat;
  const age = card?.birthDate ? ageLabel(ageOn(card.birthDate, localToday())) : undefined;
  const where = [card?.patientType ? t(patientTypeKey(card.patientType)) : undefined, card?.ward, card?.bed ? t('lisSpec.bedNo', { bed: card.bed }) : undefined].filter(Boolean).join(' ');
  const rejected = scan.outcome.outcome === 'rejected';
  const inLab = scan.outcome.outcome === 'received' || scan.outcome.outcome === 'already-received';

  return (
    <Card
      key={scan.seq}
      size="small"
      className="lis-scan-card"
      data-testid="scan-card"
      data-outcome={scan.outcome.outcome}
      style={{ borderColor: colour, borderWidth: 2, ['--lis-scan-colour' as string]: colour } as CSSProperties}
      title={
        <Space style={{ color: colour }}>
          {ICONS[tone]}
          <span>{t(outcomeKey(scan.outcome.outcome))}</span>
          <Typography.Text code style={{ fontSize: 16 }}>
            {scan.barcode}
          </Typography.Text>
          {stat && (
            <Tag color="red" style={{ fontSize: 16, padding: '2px 10px' }} data-testid="scan-stat">
              {t('lisSpec.statLong')}
            </Tag>
          )}
        </Space>
      }
      extra={
        <Space>
          {canReject && inLab && (
            <Button danger size="small" onClick={onReject}>
              {`${t('lisSpec.reject.action')} (F4)`}
            </Button>
          )}
          {canConcede && (rejected || inLab) && (
            <Button size="small" onClick={onConcession}>
              {`${t('lisSpec.concession.action')} (F6)`}
            </Button>
          )}
          {scan.outcome.specimenId && <Button size="small" type="text" icon={<HistoryOutlined />} aria-label={t('lisSpec.timeline.open')} onClick={onTimeline} />}
        </Space>
      }
    >
      {scan.outcome.outcome !== 'received' && scan.outcome.message && <Typography.Paragraph style={{ color: colour }}>{scan.outcome.message}</Typography.Paragraph>}
      {card && (
        <Descriptions size="small" column={{ xs: 1, md: 2 }}>
          <Descriptions.Item label={t('lisSpec.col.patient')}>
            <Space>
              <Typography.Text strong style={{ fontSize: 18 }}>
                {card.patientName ?? '—'}
              </Typography.Text>
              {card.gender && <span>{t(genderKey(card.gender))}</span>}
              {age && <span>{t(age.key, age.values)}</span>}
            </Space>
          </Descriptions.Item>
          <Descriptions.Item label={t('lisSpec.where')}>{where || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('lisSpec.tube')}>
            <CapSwatch hex={tube?.capColourHex} colourName={tube?.capColourName ?? card.capColour} tubeName={tube?.name ?? card.tubeName} />
          </Descriptions.Item>
          <Descriptions.Item label={t('lisSpec.specimenType')}>{card.specimenType ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('lisSpec.col.panels')} span={2}>
            {card.panels.join('、') || '—'}
          </Descriptions.Item>
        </Descriptions>
      )}
    </Card>
  );
}
