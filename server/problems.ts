import { type FieldError, type Problem, type ProblemCode } from '../shared/sync/protocol';

const titles: Record<ProblemCode, string> = {
  bad_request: '请求格式错误',
  validation_failed: '请求内容不符合协议',
  unauthenticated: '设备身份验证失败',
  clock_skew: '设备时钟偏差过大',
  replayed_request: '重复的请求',
  device_revoked: '设备已被停用',
  enrollment_code_invalid: '注册码无效',
  batch_id_reused: '批次编号重复使用',
  upload_offset_mismatch: '上传位置不一致',
  upload_length_mismatch: '文件长度不一致',
  blob_too_large: '文件过大',
  blob_hash_mismatch: '文件校验失败',
  bundle_invalid: '页面包与清单不符',
  payload_too_large: '请求过大',
  not_found: '地址不存在',
  method_not_allowed: '不支持的请求方法',
  unsupported_media_type: '不支持的内容类型',
  shutting_down: '服务器正在停止',
  internal_error: '服务器内部错误',
};

/** A 4xx/5xx answer as a value; the error handler turns it into application/problem+json. */
export class ProblemError extends Error {
  readonly status: number;
  readonly problemCode: ProblemCode;
  readonly errors: FieldError[] | undefined;
  readonly extra: Pick<Problem, 'offset' | 'serverTime'>;

  constructor(status: number, problemCode: ProblemCode, detail: string, errors?: FieldError[], extra: Pick<Problem, 'offset' | 'serverTime'> = {}) {
    super(detail);
    this.status = status;
    this.problemCode = problemCode;
    this.errors = errors;
    this.extra = extra;
  }

  toProblem(): Problem {
    return {
      type: `urn:enroll-desk:problem:${this.problemCode}`,
      title: titles[this.problemCode],
      status: this.status,
      detail: this.message,
      code: this.problemCode,
      ...(this.errors ? { errors: this.errors } : {}),
      ...this.extra,
    };
  }
}

export const problem = (status: number, code: ProblemCode, detail: string, errors?: FieldError[], extra?: Pick<Problem, 'offset' | 'serverTime'>) =>
  new ProblemError(status, code, detail, errors, extra);
