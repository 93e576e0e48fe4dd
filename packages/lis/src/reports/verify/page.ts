import type { VerifyAnswer } from '../../contracts/results.ts';

const escape = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Beijing time, as printed on the report. */
const chinaTime = (iso: string | undefined): string => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ') : '');

/**
 * The page a phone opens from a report's QR code: a self-contained HTML page (no script, no external resources),
 * showing what the public check answers and nothing more.
 */
export function verifyPage(answer: VerifyAnswer): string {
  const ok = answer.state === 'valid' && answer.hashMatch;
  const rows: [string, string | undefined][] = answer.found
    ? [
        ['报告单号 Report no.', answer.reportNo],
        ['出具机构 Institution', answer.institution],
        ['患者 Patient', answer.patientInitials],
        ['审核时间 Released', chinaTime(answer.reviewedAt)],
        ['内容一致 Content matches', answer.hashMatch ? '是 / yes' : '否 / no'],
      ]
    : [];
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>检验报告防伪验证 / Report verification</title>
<style>body{font-family:sans-serif;margin:1.5em;color:#222}h1{font-size:1.2em}.s{padding:.8em;border-radius:6px;margin:1em 0;color:#fff;background:${ok ? '#2e7d32' : '#c62828'}}table{border-collapse:collapse}td{padding:.3em .8em .3em 0;vertical-align:top}td:first-child{color:#666}</style>
</head><body>
<h1>检验报告防伪验证 / Lab report verification</h1>
<div class="s">${escape(answer.message)}</div>
<table>${rows.map(([k, v]) => `<tr><td>${escape(k)}</td><td>${escape(v ?? '')}</td></tr>`).join('')}</table>
</body></html>`;
}
