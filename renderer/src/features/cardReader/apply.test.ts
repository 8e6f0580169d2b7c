import { describe, expect, it } from 'vitest';
import type { IdCard } from '../../../../shared/contract';
import { applyCard, personOfPath, suggestionPath } from './apply';

const card: IdCard = {
  kind: 'resident_id',
  name: '𠮷永康',
  sex: 'M',
  ethnicity: '汉',
  birthDate: '1988-05-12',
  address: '山东省日照市东港区海曲东路88号',
  idNumber: '371102198805120018',
  issuer: '日照市公安局东港分局',
  validFrom: '2018-06-01',
  validTo: '2038-06-01',
  expired: false,
};

describe('a card read into the application', () => {
  it('fills the focused guardian and the empty 户籍 address, keeping what the clerk typed elsewhere', () => {
    const before = { guardians: [{ relation: 'mother' as const, name: '王秀英', mobile: '13800000000' }, { relation: 'father' as const, mobile: '13900000000' }] };
    const { draft, paths } = applyCard(before, { kind: 'guardian', index: 1 }, card);
    expect(draft.guardians).toEqual([before.guardians[0], { relation: 'father', mobile: '13900000000', name: '𠮷永康', idType: 'resident_id', idNumber: '371102198805120018' }]);
    expect(draft.hukou?.address).toBe('山东省日照市东港区海曲东路88号');
    expect(paths).toEqual(['guardians.1.name', 'guardians.1.idType', 'guardians.1.idNumber', 'hukou.address']);
  });

  it('never overwrites an address already entered, and fills the child with birth date and sex', () => {
    const { draft, paths } = applyCard({ hukou: { address: '已填写的地址' } }, { kind: 'child' }, { ...card, sex: 'F' });
    expect(draft.hukou?.address).toBe('已填写的地址');
    expect(draft.child).toEqual({ name: '𠮷永康', idType: 'resident_id', idNumber: '371102198805120018', birthDate: '1988-05-12', sex: 'F' });
    expect(paths).not.toContain('hukou.address');
  });

  it('adds the guardian when the clerk is on a guardian not yet started', () => {
    expect(applyCard({}, { kind: 'guardian', index: 0 }, card).draft.guardians).toHaveLength(1);
  });

  it('finds the person from the focused field', () => {
    expect(personOfPath('guardians.1.mobile')).toEqual({ kind: 'guardian', index: 1 });
    expect(personOfPath('child.name')).toEqual({ kind: 'child' });
    expect(personOfPath('school.schoolId')).toBeNull();
  });
});

describe('where an accepted suggestion goes', () => {
  it('sends each document field to its place', () => {
    expect(suggestionPath('residence_permit', 'idNumber', 'residence-permit:1', null)).toBe('guardians.1.idNumber');
    expect(suggestionPath('hukou_booklet', 'name', 'hukou-booklet', { kind: 'child' })).toBe('child.name');
    expect(suggestionPath('hukou_booklet', 'name', 'hukou-booklet', null)).toBeNull();
    expect(suggestionPath('hukou_booklet', 'moveInDate', 'hukou-booklet', null)).toBe('hukou.moveInDate');
    expect(suggestionPath('property_certificate', 'address', 'property-certificate', null)).toBe('housing.address');
    expect(suggestionPath('property_certificate', 'owner', 'property-certificate', null)).toBe('housing.ownerName');
    expect(suggestionPath('residence_permit', 'validTo', 'residence-permit:0', null)).toBeNull();
  });
});
