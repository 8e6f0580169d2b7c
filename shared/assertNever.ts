// The end of an exhaustive `switch` (STYLE rule 4): `default: return assertNever(x)` stops compiling when the
// union behind `x` grows a member no case handles, and lint's switch-exhaustiveness-check names the missing
// cases. At run time it is reached only by a value the types ruled out (data from an older or newer version).

/** Throws: the switch met a value its union does not have. `what` names the value in the message (for the log). */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
