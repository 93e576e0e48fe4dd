import { bilingual } from '../../text.ts';
import { fail, pass, type ResultRule } from '../rule.ts';

/** A test without an auto-verification configuration is never auto-verified. */
export const testConfigured: ResultRule = {
  id: 'test-configured',
  scope: 'result',
  check: (r) =>
    r.config
      ? pass({ test: r.input.test }, bilingual('项目已配置自动审核规则', 'the test has an auto-verification configuration'))
      : fail({ test: r.input.test }, bilingual(`项目 ${r.input.test} 未配置自动审核规则`, `test ${r.input.test} has no auto-verification configuration`)),
};
