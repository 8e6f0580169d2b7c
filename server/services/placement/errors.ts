/**
 * Why a placement or lottery action cannot be done, as a value the console's route layer turns into a problem
 * document: `state_conflict` (409, the step does not fit the draw's state), `validation_failed` (422, what was
 * entered is wrong), `not_found` (404). The message is Chinese and says what to do.
 */
export type PlacementErrorCode = 'state_conflict' | 'validation_failed' | 'not_found';

export class PlacementError extends Error {
  constructor(
    readonly code: PlacementErrorCode,
    message: string,
    readonly details: { path: string; message: string }[] = [],
  ) {
    super(message);
    this.name = 'PlacementError';
  }
}
