import { Tag } from 'antd';
import { statusColour } from './status-palette.ts';

export interface StatusTagProps {
  status: string;
  /** status → antd preset colour or '#rrggbb' (see FHIR_STATUS_PALETTE). */
  palette: Record<string, string>;
  /** Translated text to show; the status code itself otherwise. */
  label?: string;
}

/** A workflow state as a coloured tag (待审核, 已审核, 已作废 …). */
export function StatusTag({ status, palette, label }: StatusTagProps) {
  return (
    <Tag color={statusColour(status, palette)} data-status={status}>
      {label ?? status}
    </Tag>
  );
}
