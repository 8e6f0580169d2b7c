import { beforeEach, describe, expect, it } from 'vitest';
import { setDeskClient } from '../../transport';
import { fakeDeskClient } from '../../testing/fakeDeskClient';
import { useCardReaderStore } from './store';

describe('cardReader store: a suggestion taken into the form', () => {
  let fake: ReturnType<typeof fakeDeskClient>;
  beforeEach(() => {
    fake = fakeDeskClient();
    setDeskClient(fake.client);
  });

  it('tells the core which page, field and confidence it came from (for the audit)', async () => {
    const taken = { applicationId: 'a1', materialKey: 'hukou', pageId: 'pg1', field: 'moveInDate', path: 'hukou.moveInDate', confidence: 0.62, uncertain: true } as const;
    const done = useCardReaderStore.getState().accepted(taken);
    expect(fake.open('ocr.accepted').input).toEqual(taken);
    fake.answer('ocr.accepted', { recorded: true });
    await done;
    expect(fake.callsTo('ocr.accepted')).toHaveLength(1);
  });
});
