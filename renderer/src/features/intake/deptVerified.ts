import { validateId } from '../../../../shared/domain/idNumber';
import { deskClient } from '../../transport';
import { today } from './derived';
import type { Draft } from './model';
import { activePlan, type IntakeActions, type IntakeKit } from './store';

// 零证明 at the ID field: once the child's ID number is whole, the desk asks the county (sync.deptVerified, at most
// ~1.5 s, never blocking the form) which materials department data already verifies and marks those the clerk has
// not marked yet 部门数据已核验. Marks from an earlier number go as soon as the number changes; offline nothing is
// marked and the clerk asks for paper as usual.

const withoutDeptMarks = (d: Draft): Draft => ({ ...d, materials: (d.materials ?? []).filter((m) => m.state !== 'dept_verified') });

export function deptVerifiedActions({ get }: IntakeKit): Pick<IntakeActions, 'checkDeptVerified'> {
  let asked = '';
  return {
    async checkDeptVerified() {
      const s = get();
      const child = s.data.child ?? {};
      if ((s.data.materials ?? []).some((m) => m.state === 'dept_verified')) s.update(withoutDeptMarks, ['materials']);
      const check = child.idType === 'resident_id' && child.idNumber ? validateId('resident_id', child.idNumber, today()) : null;
      if (!check?.ok) {
        asked = '';
        return;
      }
      const idNumber = check.value;
      const formKey = s.formKey;
      asked = idNumber;
      const res = await deskClient().call('sync.deptVerified', { idNumber });
      // Dropped when another application opened or the number changed while the county answered.
      const now = get();
      if (now.formKey !== formKey || asked !== idNumber || !res.ok || res.value.state !== 'answered') return;
      const plan = activePlan();
      const verified = new Set(res.value.itemIds.filter((id) => plan?.materials.some((m) => m.id === id)));
      const marked = new Set((now.data.materials ?? []).map((m) => m.itemId));
      const add = [...verified].filter((id) => !marked.has(id));
      if (add.length === 0) return;
      now.update((d) => ({ ...d, materials: [...(d.materials ?? []), ...add.map((itemId) => ({ itemId, state: 'dept_verified' as const }))] }), ['materials']);
    },
  };
}
