import { zhCN, type MessageKey } from '../i18n/zh-CN.ts';

/**
 * The message key `<prefix>.<code>` when the dictionary has it. Codes come from the server (comparison levels,
 * outcomes, link actions); one the console does not know yet is shown as it is rather than breaking the page.
 */
export function codeKey(prefix: 'mpi.level' | 'mpi.outcome' | 'mpi.decision' | 'mpi.action' | 'mpi.id' | 'mpi.row' | 'mpi.review.band', code: string): MessageKey | undefined {
  const key = `${prefix}.${code}`;
  return key in zhCN ? (key as MessageKey) : undefined;
}
