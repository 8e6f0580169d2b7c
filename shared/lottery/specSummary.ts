// The summary of ENROLL-LOTTERY-v1 that every bundle carries in its `spec` field. It is part of the format, not a
// message: published bundles and the golden vectors in docs/lottery-vectors/ hold these bytes, so it changes only
// with a new format version (never reworded in the catalogue).
export const LOTTERY_SPEC_SUMMARY =
  'ENROLL-LOTTERY-v1（规范全文见 docs/lottery-spec.md）：名单按回执号升序、UTF-8、每行以 LF 结尾，list_digest = SHA-256(名单)；' +
  'seed = SHA-256("ENROLL-LOTTERY-v1" ‖ 县代码 ‖ 年度 ‖ 各名单编号与摘要 ‖ 各种子来源编号与规范值 ‖ 各参与方编号与密语)，字符串均以 4 字节长度前缀；' +
  'key = SHA-256(seed ‖ 名单编号 ‖ 回执号)，按 256 位整数升序排列；依次录取至计划人数（同胞占多个学位，放不下即止），其余按序候补。';
