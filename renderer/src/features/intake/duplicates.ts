import { deskClient } from '../../transport';
import { derivationOf } from './derived';
import { draftForSave, effectiveDraft } from './model';
import { activePlan, type IntakeActions, type IntakeKit } from './store';

// The same child already registered here (blocks), or similar applications (to confirm).

export function duplicateActions({ set, get }: IntakeKit): Pick<IntakeActions, 'checkDuplicates'> {
  return {
    async checkDuplicates() {
      const s = get();
      const plan = activePlan();
      if (!plan) return;
      const formKey = s.formKey;
      set({ duplicatesChecking: true });
      const { payload } = draftForSave(effectiveDraft(s.data, plan, derivationOf(s.data, plan)));
      const res = await deskClient().call('applications.checkDuplicates', s.id === null ? { data: payload } : { id: s.id, data: payload });
      if (get().formKey !== formKey) return;
      set({ duplicatesChecking: false, duplicates: res.ok ? res.value : null });
    },
  };
}
