import { describe, expect, it } from 'vitest';
import { institutionIdProblem } from './institution-id.ts';

describe('institution ids', () => {
  it('are FHIR ids chosen by the administrator', () => {
    expect(institutionIdProblem('')).toBe('empty');
    expect(institutionIdProblem('thc-nanshan')).toBeNull();
    expect(institutionIdProblem('南山')).toBe('invalid');
    expect(institutionIdProblem('a'.repeat(65))).toBe('invalid');
  });
});
