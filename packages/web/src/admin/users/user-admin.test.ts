import { describe, expect, it } from 'vitest';
import { addGrant, grantableInstitutions, passwordProblem, sameGrant, userStatus, USERNAME_PATTERN } from './user-admin.ts';

describe('user administration rules', () => {
  it('checks passwords like the kernel', () => {
    expect(passwordProblem('Ab1')).toBe('tooShort');
    expect(passwordProblem('abcdefgh')).toBe('lettersDigits');
    expect(passwordProblem('12345678')).toBe('lettersDigits');
    expect(passwordProblem('密码密码密码1234')).toBeNull();
    expect(passwordProblem(`a1${'x'.repeat(127)}`)).toBe('tooLong');
    expect(passwordProblem('Demo@2026')).toBeNull();
  });

  it('shows a lock only while it lasts, and inactive before locked', () => {
    const now = new Date('2026-11-22T10:00:00Z');
    expect(userStatus({ active: true, locked: true, lockedUntil: '2026-11-22T10:15:00Z' }, now)).toBe('locked');
    expect(userStatus({ active: true, locked: true, lockedUntil: '2026-11-22T09:59:00Z' }, now)).toBe('active');
    expect(userStatus({ active: true, locked: true }, now)).toBe('locked');
    expect(userStatus({ active: false, locked: true }, now)).toBe('inactive');
    expect(userStatus({ active: true, locked: false }, now)).toBe('active');
  });

  it('adds a grant once per role and institution', () => {
    const grants = addGrant([{ role: 'doctor', institution: 'lead-hospital' }], { role: 'doctor', institution: 'thc-hexi' });
    expect(grants).toHaveLength(2);
    expect(addGrant(grants, { role: 'doctor', institution: 'thc-hexi' })).toHaveLength(2);
    expect(addGrant([], { role: 'auditor', institution: '' })).toEqual([{ role: 'auditor' }]);
    expect(sameGrant({ role: 'auditor' }, { role: 'auditor', institution: undefined })).toBe(true);
  });

  it('limits institution administrators to their current institution', () => {
    expect(grantableInstitutions({ regionAdmin: true }, ['a', 'b'])).toEqual({ institutions: ['a', 'b'], regionWide: true });
    expect(grantableInstitutions({ institution: 'a' }, ['a', 'b'])).toEqual({ institutions: ['a'], regionWide: false });
    expect(grantableInstitutions({}, ['a'])).toEqual({ institutions: [], regionWide: false });
  });

  it('accepts usernames like the demo ones', () => {
    expect(USERNAME_PATTERN.test('lead.doctor')).toBe(true);
    expect(USERNAME_PATTERN.test('a')).toBe(false);
    expect(USERNAME_PATTERN.test('has space')).toBe(false);
  });
});
