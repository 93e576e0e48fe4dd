import type { MessageKey } from '../../i18n/zh-CN.ts';
import type { InstrumentState, InstrumentStatus, UnmatchedReason } from './instruments.api.ts';

/** Connection states → tag colours: working is green/blue, trying is amber, broken is red, off is grey. */
export const STATE_PALETTE: Record<InstrumentState | 'inactive', string> = {
  connected: 'success',
  listening: 'processing',
  connecting: 'gold',
  waiting: 'warning',
  error: 'error',
  unowned: 'orange',
  stopped: 'default',
  inactive: 'default',
};

/** What the status tag shows: a deactivated instrument is 已停用 whatever its last reported state. */
export const shownState = (active: boolean, status: InstrumentStatus | undefined): InstrumentState | 'inactive' | undefined =>
  active ? status?.state : 'inactive';

export const stateKey = (state: InstrumentState | 'inactive') => `lisInst.state.${state}` as MessageKey;

/** Ledger outcomes → colours; outcomes the page does not know are shown as written, in grey. */
export const OUTCOME_PALETTE: Record<string, string> = {
  processed: 'success',
  answered: 'success',
  received: 'default',
  sent: 'blue',
  'partly-unmatched': 'warning',
  unmatched: 'warning',
  'not-found': 'warning',
  incomplete: 'orange',
  rejected: 'error',
  unparseable: 'error',
  failed: 'error',
  noise: 'default',
  link: 'default',
  opened: 'cyan',
  closed: 'default',
};
export const OUTCOMES = Object.keys(OUTCOME_PALETTE);

/** The label key of a known outcome, else undefined (shown raw). */
export const outcomeKey = (outcome: string): MessageKey | undefined => (outcome in OUTCOME_PALETTE ? (`lisInst.outcome.${outcome}` as MessageKey) : undefined);

export const KINDS = ['message', 'link', 'noise', 'connection'] as const;

export const REASONS: UnmatchedReason[] = ['unknown-specimen', 'unknown-channel', 'not-ordered', 'unknown-qc-sample', 'record-failed'];
export const REASON_COLOURS: Record<UnmatchedReason, string> = {
  'unknown-specimen': 'orange',
  'unknown-channel': 'purple',
  'not-ordered': 'gold',
  'unknown-qc-sample': 'cyan',
  'record-failed': 'red',
};
export const reasonKey = (reason: UnmatchedReason) => `lisInst.um.reason.${reason}` as MessageKey;

export const UNMATCHED_STATUSES = ['open', 'assigned', 'dismissed'] as const;
