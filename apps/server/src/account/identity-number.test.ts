import { describe, expect, it } from 'vitest';
import { residentIdCheck, validResidentId } from '../test/account-flows.ts';
import { describeIdentityNumberProblem, type IdentityNumberType } from './identity-number.ts';

const today = new Date('2026-12-06T00:00:00Z');
const check = (type: IdentityNumberType, id: string) => describeIdentityNumberProblem(type, id, today);

describe('ID numbers by type', () => {
  it('checks 身份证 by GB 11643: length, province, birth date, check character', () => {
    expect(check('resident_id', validResidentId)).toBeNull();
    expect(check('resident_id', '44030519900307123')).toContain('18位');
    expect(check('resident_id', '990305199003071236')).toContain('省级代码');
    expect(check('resident_id', '440305199002301236')).toContain('出生日期');
    expect(check('resident_id', '440305199003071231')).toContain('校验码');
  });

  it('accepts the published forms of a PRC passport, E99999999 included (form is not proof)', () => {
    for (const id of ['E12345678', 'EA1234567', 'G12345678', 'E99999999'])
      expect(check('passport', id)).toBeNull();
    for (const id of ['E1234567', 'EI1234567', 'X12345678', 'G1234567A', '123456789']) {
      expect(check('passport', id)).not.toBeNull();
    }
    expect(check('foreign_passport', 'C01X00T47')).toBeNull();
    expect(check('foreign_passport', 'ABCDEFG')).not.toBeNull();
  });

  it('checks the 港澳台 permits and residence permits', () => {
    expect(check('hk_macao_permit', 'H12345678')).toBeNull();
    expect(check('hk_macao_permit', 'M1234567801')).toBeNull();
    expect(check('hk_macao_permit', 'H1234567')).not.toBeNull();
    expect(check('hk_macao_permit', 'C12345678')).not.toBeNull();
    expect(check('taiwan_permit', '12345678')).toBeNull();
    expect(check('taiwan_permit', '1234567')).not.toBeNull();

    const hongKongResident = '81000019900101123';
    const valid = hongKongResident + residentIdCheck(hongKongResident);
    expect(check('hmt_residence_permit', valid)).toBeNull();
    const taiwanResident = '83000019851231004';
    expect(check('hmt_residence_permit', taiwanResident + residentIdCheck(taiwanResident))).toBeNull();
    expect(check('hmt_residence_permit', validResidentId)).toContain('810000');
    expect(check('hmt_residence_permit', hongKongResident + (valid.endsWith('1') ? '2' : '1'))).toContain(
      '校验码',
    );
    expect(check('hmt_residence_permit', '810000199002301234')).toContain('出生日期');
  });

  it('checks both forms of the 外国人永久居留身份证', () => {
    expect(check('foreign_permanent_residence', 'USA440619851231')).toBeNull();
    const newCard = '93184019851231001';
    expect(check('foreign_permanent_residence', newCard + residentIdCheck(newCard))).toBeNull();
    expect(check('foreign_permanent_residence', 'US4406198512311')).not.toBeNull();
  });
});
