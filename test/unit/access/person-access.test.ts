/** Which access role a person signs in with: one row per case an administrator would ask about. */
import { describe, expect, it } from '@jest/globals';
import type { SignInPerson } from '../../../src/infra/store/session-store.js';
import { accessOf } from '../../../src/modules/access/person-access.js';

const person = (over: Partial<SignInPerson>): SignInPerson => ({
  id: 'P1',
  name: 'Nguyễn Thị A',
  unitId: 'VP',
  jobRole: 'staff',
  email: 'a@hanam.gov.vn',
  active: true,
  headOf: [],
  grants: [],
  ...over,
});

describe('accessOf', () => {
  it.each([
    ['a drafter sees her own', {}, { ok: true, role: 'staff', unitId: null }],
    ['a clerk is staff', { jobRole: 'clerk' }, { ok: true, role: 'staff', unitId: null }],
    [
      'a deputy head is staff unless granted',
      { jobRole: 'deputy_head' },
      { ok: true, role: 'staff', unitId: null },
    ],
    ['no post given: staff', { jobRole: null }, { ok: true, role: 'staff', unitId: null }],
    [
      'the head of a unit sees that unit',
      { jobRole: 'unit_head', headOf: ['KHTC'] },
      { ok: true, role: 'unit_head', unitId: 'KHTC' },
    ],
    [
      'a head by units.head_id alone',
      { jobRole: 'staff', headOf: ['TTR'] },
      { ok: true, role: 'unit_head', unitId: 'TTR' },
    ],
    [
      'post unit_head, no unit names her: her own unit',
      { jobRole: 'unit_head' },
      { ok: true, role: 'unit_head', unitId: 'VP' },
    ],
    [
      'head of several: the first by id',
      { jobRole: 'unit_head', headOf: ['A1', 'B2'] },
      { ok: true, role: 'unit_head', unitId: 'A1' },
    ],
    [
      'the director heads the board and leads: leader',
      { jobRole: 'leader', headOf: ['BGD'] },
      { ok: true, role: 'leader', unitId: null },
    ],
    [
      'granted leader (a deputy director)',
      { jobRole: 'deputy_head', grants: ['leader'] },
      { ok: true, role: 'leader', unitId: null },
    ],
    [
      'granted council wins over a post',
      { jobRole: 'unit_head', headOf: ['VP'], grants: ['council'] },
      { ok: true, role: 'council', unitId: null },
    ],
    [
      'granted admin wins over council',
      { grants: ['admin', 'council'] },
      { ok: true, role: 'admin', unitId: null },
    ],
    [
      'a grant the code does not know opens nothing',
      { grants: ['superuser'] },
      { ok: true, role: 'staff', unitId: null },
    ],
    [
      'someone who left signs in as nobody',
      { active: false, grants: ['admin'] },
      { ok: false, reason: 'inactive' },
    ],
  ] as [string, Partial<SignInPerson>, unknown][])('%s', (_case, over, expected) => {
    expect(accessOf(person(over))).toEqual(expected);
  });
});
