import { describe, expect, it } from 'vitest';
import { assertNever } from './assertNever';

type Outcome = { kind: 'ok' } | { kind: 'refused'; why: string };

function describeOutcome(o: Outcome): string {
  switch (o.kind) {
    case 'ok':
      return 'ok';
    case 'refused':
      return o.why;
    default:
      return assertNever(o, 'outcome');
  }
}

function forgetsOne(o: Outcome): string {
  // eslint-disable-next-line @typescript-eslint/switch-exhaustiveness-check -- the case this test is about: 'refused' is missing
  switch (o.kind) {
    case 'ok':
      return 'ok';
    default:
      // @ts-expect-error -- o is still { kind: 'refused' } here, so the compiler refuses it: a forgotten case does not compile
      return assertNever(o, 'outcome');
  }
}

describe('assertNever', () => {
  it('is reached only by a value outside the union, and names it', () => {
    expect(describeOutcome({ kind: 'refused', why: 'closed' })).toBe('closed');
    expect(() => describeOutcome({ kind: 'from a newer version' } as unknown as Outcome)).toThrow('unexpected outcome: {"kind":"from a newer version"}');
    expect(() => forgetsOne({ kind: 'refused', why: 'x' })).toThrow('unexpected outcome');
  });
});
