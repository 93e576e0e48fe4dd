import { Space, Tooltip } from 'antd';
import { CheckCircleOutlined, ClockCircleOutlined, HourglassOutlined, PrinterOutlined, StopOutlined, ThunderboltFilled } from '@ant-design/icons';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n/i18n.context.tsx';
import { useUserSetting } from '../../widgets/settings/user-settings.context.tsx';
import { reportState, type ReportState } from './report-logic.ts';
import '../../widgets/status/result-value.css';
import type { ReportSummary } from './reports.api.ts';

/** A state the lists colour, plus 危急 (a report holding a critical result). */
export type MarkedState = ReportState | 'critical';
export const MARKED_STATES: readonly MarkedState[] = ['incomplete', 'pending', 'released', 'printed', 'recalled', 'critical'];

/** The laboratory's usual colours: 未审 orange, 已审 green, 已打印 blue, 危急 purple (as critical results). */
export const DEFAULT_STATE_COLOURS: Record<MarkedState, string> = {
  incomplete: '#8c8c8c',
  pending: '#d46b08',
  released: '#389e0d',
  printed: '#0958d9',
  recalled: '#8c8c8c',
  critical: '#722ed1',
};

const ICONS: Record<MarkedState, ReactNode> = {
  incomplete: <HourglassOutlined />,
  pending: <ClockCircleOutlined />,
  released: <CheckCircleOutlined />,
  printed: <PrinterOutlined />,
  recalled: <StopOutlined />,
  critical: <ThunderboltFilled />,
};

/** Per-user colours of the states (seed 000 LIS 2.4 表格参数设置: 样本状态的颜色). */
export const STATE_COLOURS_SETTING = 'lis.report-state-colours';
const COLOUR = /^#[0-9a-fA-F]{6}$/;

export function useStateColours(): [Record<MarkedState, string>, Partial<Record<MarkedState, string>>, (next: Partial<Record<MarkedState, string>>) => void] {
  const [override, setOverride] = useUserSetting<Partial<Record<MarkedState, string>>>(STATE_COLOURS_SETTING, {}, (v) => typeof v === 'object' && v !== null && !Array.isArray(v));
  const colours = { ...DEFAULT_STATE_COLOURS };
  for (const s of MARKED_STATES) if (typeof override[s] === 'string' && COLOUR.test(override[s])) colours[s] = override[s];
  return [colours, override, setOverride];
}

/** A report's state as icon and word in its colour (colour never alone: the word says it too), with 危急 beside it. */
export function ReportStateMark({ report, critical, compact }: { report: Pick<ReportSummary, 'status' | 'printedCount'>; critical?: 'open' | 'handled'; compact?: boolean }) {
  const { t } = useI18n();
  const [colours] = useStateColours();
  const state = reportState(report);
  const label = t(`lisRes.state.${state}`);
  return (
    <Space size={4} data-state={state} data-critical={critical ?? undefined}>
      <Tooltip title={compact ? label : undefined}>
        <span style={{ color: colours[state], whiteSpace: 'nowrap', textDecoration: state === 'recalled' ? 'line-through' : undefined }}>
          {ICONS[state]}
          {!compact && <span style={{ marginLeft: 4 }}>{label}</span>}
        </span>
      </Tooltip>
      {critical && (
        <Tooltip title={t(critical === 'open' ? 'lisRes.state.criticalOpen' : 'lisRes.state.critical')}>
          <span style={{ color: colours.critical }} className={critical === 'open' ? 'mu-result--flash' : undefined}>
            {ICONS.critical}
          </span>
        </Tooltip>
      )}
    </Space>
  );
}

export const stateIcon = (s: MarkedState): ReactNode => ICONS[s];
