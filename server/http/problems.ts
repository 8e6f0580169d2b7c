import { type ConsoleProblem, type ConsoleProblemCode } from '../../shared/console/problems';
import { consoleApiText } from '../../shared/i18n/zhCN.consoleApi';
import { serverText } from '../../shared/i18n/zhCN.server';
import { type FieldError, type Problem } from '../../shared/sync/protocol';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** Every code's title: the sync protocol's and the console's (the type makes sure none is missing). */
const TITLES: Record<ConsoleProblemCode, string> = { ...serverText.titles, ...consoleApiText.titles };

/** Fields some problems carry beside the standard ones (`lockedUntil`: console sign-in only). */
type Extra = Pick<Problem, 'offset' | 'serverTime' | 'checks'> & { lockedUntil?: string };

/** A 4xx/5xx answer as a value; the error handler turns it into application/problem+json. */
export class ProblemError extends Error {
  readonly status: number;
  /** A sync protocol code, or one of the console's (shared/console/problems.ts). */
  readonly problemCode: ConsoleProblemCode;
  readonly errors: FieldError[] | undefined;
  readonly extra: Extra;
  /** Response headers that belong to the problem (e.g. `Allow` with a 405). */
  readonly headers: Record<string, string>;

  constructor(status: number, problemCode: ConsoleProblemCode, detail: string, errors?: FieldError[], extra: Extra = {}, headers: Record<string, string> = {}) {
    super(detail);
    this.status = status;
    this.problemCode = problemCode;
    this.errors = errors;
    this.extra = extra;
    this.headers = headers;
  }

  toProblem(): ConsoleProblem {
    const code = this.problemCode;
    return {
      type: `urn:enroll-desk:problem:${code}`,
      title: TITLES[code],
      status: this.status,
      detail: this.message,
      code: this.problemCode,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }

  /** The whole body as sent. */
  toJson(): string {
    return JSON.stringify(this.toProblem());
  }
}

export const problem = (status: number, code: ConsoleProblemCode, detail: string, errors?: FieldError[], extra?: Extra, headers?: Record<string, string>) =>
  new ProblemError(status, code, detail, errors, extra, headers);
