#!/usr/bin/env node
// 派位结果验证程序 · ENROLL-LOTTERY-v1 standalone verifier.
//
// Re-runs a published lottery bundle from its own inputs and reproduces the ranked results byte for byte.
// It depends on nothing but Node.js (18 or newer): copy this one file and run
//
//   node verify.mjs bundle.json [--announcement-digest <hex>] [--receipt <回执号>] [--out <dir>] [--json]
//
// The same core (between the CORE markers) runs in index.html, the offline page. The specification is
// docs/lottery-spec.md; golden vectors are in docs/lottery-vectors/. This is an independent implementation:
// it shares no code with the system that drew the lots (that is the point).

// ===== BEGIN CORE (copied verbatim into index.html by build-html.mjs) =====
var LOTTERY_FORMAT = 'ENROLL-LOTTERY-v1';

var REASONS = {
  BUNDLE_UNREADABLE: '文件不是派位结果包：无法按 JSON 读取（{detail}）。请确认下载的是教育局公布的派位结果包（.json）。',
  FORMAT_UNKNOWN: '结果包格式为“{format}”，本验证程序只认 ENROLL-LOTTERY-v1。请使用与结果包同时公布的验证程序。',
  BUNDLE_MALFORMED: '结果包缺少或写错了“{field}”，无法验证。请向教育局索取完整的结果包。',
  LIST_MALFORMED: '名单“{pool}”第 {line} 行不符合规范：{detail}。名单必须与派位前公布的原文逐字节一致。',
  LIST_CHANGED: '名单“{pool}”与派位前公布的摘要不符（应为 {expected}，实为 {actual}）：名单在公布后被改动过。验证不通过。',
  ANNOUNCEMENT_CHANGED: '派位公告的摘要不符（包中记为 {expected}，按包内公告重算为 {actual}）：公告内容（名单摘要、种子来源或承诺值）被改动过。验证不通过。',
  ANNOUNCEMENT_MISMATCH: '派位公告的摘要为 {actual}，与您输入的事先公布值 {expected} 不符：这不是当时公布的那次派位。验证不通过。',
  SOURCE_FALLBACK_UNEXPLAINED: '种子来源第 {slot} 项使用了第 {used} 个备选，但没有写明前面备选不能使用的原因。验证不通过。',
  SOURCE_NOT_CANONICAL: '种子来源第 {slot} 项的值“{value}”不符合公告规定的格式（{format}）。验证不通过。',
  SECRET_MISSING: '参与方“{party}”没有公开密语，无法重算种子。验证不通过。',
  SECRET_MISMATCH: '参与方“{party}”公开的密语与派位前公布的承诺值不符（密语错误或被改动）。验证不通过。',
  SEED_MISMATCH: '按包内的名单摘要、种子来源值和密语重算的种子为 {actual}，与包中记录的 {expected} 不符：种子来源值或其他输入在开奖后被改动。验证不通过。',
  RESULT_MISMATCH: '学校/名单“{pool}”的派位结果与重算结果不一致（第 {line} 行起不同）：公布的结果不是按规则算出的。验证不通过。',
  RESULT_DIGEST_MISMATCH: '结果摘要应为 {actual}，包中记为 {expected}：结果摘要被改动。验证不通过。',
};

function reason(code, values) {
  var message = REASONS[code].replace(/\{(\w+)\}/g, function (whole, key) {
    return values && values[key] !== undefined ? String(values[key]) : whole;
  });
  return { code: code, message: message };
}

// --- SHA-256 (FIPS 180-4), on byte arrays -----------------------------------------------------------
var K256 = new Uint32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);
var W256 = new Uint32Array(64);
var H256 = new Int32Array(8);
var TAIL = new Uint8Array(128);

/** One 64-byte block of `m` at `off` into the state H256. */
function compress(m, off) {
  var W = W256, i;
  for (i = 0; i < 16; i++, off += 4) W[i] = (m[off] << 24) | (m[off + 1] << 16) | (m[off + 2] << 8) | m[off + 3];
  for (i = 16; i < 64; i++) {
    var x = W[i - 15], y = W[i - 2];
    var s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
    var s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
    W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
  }
  var H = H256;
  var a = H[0], b = H[1], c = H[2], d = H[3], e = H[4], f = H[5], g = H[6], h = H[7];
  for (i = 0; i < 64; i++) {
    var t1 = (h + (((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))) + ((e & f) ^ (~e & g)) + K256[i] + W[i]) | 0;
    var t2 = ((((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))) + ((a & b) ^ (a & c) ^ (b & c))) | 0;
    h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
  }
  H[0] += a; H[1] += b; H[2] += c; H[3] += d; H[4] += e; H[5] += f; H[6] += g; H[7] += h;
}

/** SHA-256 of the first `len` bytes of `bytes` (all of them by default); the input is never copied. */
function sha256(bytes, len) {
  if (len === undefined) len = bytes.length;
  var H = H256;
  H[0] = 0x6a09e667; H[1] = 0xbb67ae85; H[2] = 0x3c6ef372; H[3] = 0xa54ff53a; H[4] = 0x510e527f; H[5] = 0x9b05688c; H[6] = 0x1f83d9ab; H[7] = 0x5be0cd19;
  var full = len - (len % 64), off;
  for (off = 0; off < full; off += 64) compress(bytes, off);
  var rest = len - full, tail = TAIL, i;
  for (i = 0; i < rest; i++) tail[i] = bytes[full + i];
  tail[rest] = 0x80;
  var end = rest < 56 ? 64 : 128;
  for (i = rest + 1; i < end; i++) tail[i] = 0;
  var hi = Math.floor(len / 0x20000000), lo = (len * 8) >>> 0;
  tail[end - 8] = hi >>> 24; tail[end - 7] = (hi >>> 16) & 255; tail[end - 6] = (hi >>> 8) & 255; tail[end - 5] = hi & 255;
  tail[end - 4] = lo >>> 24; tail[end - 3] = (lo >>> 16) & 255; tail[end - 2] = (lo >>> 8) & 255; tail[end - 1] = lo & 255;
  compress(tail, 0);
  if (end === 128) compress(tail, 64);
  var out = new Uint8Array(32);
  for (i = 0; i < 8; i++) { var v = H[i]; out[i * 4] = v >>> 24; out[i * 4 + 1] = (v >>> 16) & 255; out[i * 4 + 2] = (v >>> 8) & 255; out[i * 4 + 3] = v & 255; }
  return out;
}

var utf8 = new TextEncoder();
var HEX = [];
for (var hx = 0; hx < 256; hx++) HEX.push((hx < 16 ? '0' : '') + hx.toString(16));
function hex(bytes) {
  var s = '';
  for (var i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
  return s;
}
function unhex(s) {
  var out = new Uint8Array(s.length / 2);
  for (var i = 0; i < out.length; i++) out[i] = parseInt(s.substr(i * 2, 2), 16);
  return out;
}
function digestText(s) { return hex(sha256(utf8.encode(s))); }

/** Byte writer: u32 big-endian, length-prefixed UTF-8 strings, raw bytes. */
function Writer() { this.parts = []; this.length = 0; }
Writer.prototype.raw = function (b) { this.parts.push(b); this.length += b.length; return this; };
Writer.prototype.u32 = function (n) { var b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n); return this.raw(b); };
Writer.prototype.str = function (s) { var b = utf8.encode(s); return this.u32(b.length).raw(b); };
Writer.prototype.bytes = function () {
  var out = new Uint8Array(this.length), at = 0;
  this.parts.forEach(function (p) { out.set(p, at); at += p.length; });
  return out;
};

function byCode(a, b) { return a < b ? -1 : a > b ? 1 : 0; }
var RE_POOL = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
var RE_RECEIPT = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
var RE_SECRET = /^[\x21-\x7e]{16,128}$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
var RE_CONTROL = /[\u0000-\u001f\u007f]/;
function lineText(s) {
  return typeof s === 'string' && s.length > 0 && (s.length <= 200 || Array.from(s).length <= 200) && !RE_CONTROL.test(s) && s.trim() === s;
}

// --- Lists ------------------------------------------------------------------------------------------
var LIST_HEAD = ['county', 'year', 'pool', 'name', 'kind', 'places', 'entries'];

function readList(text) {
  function bad(line, detail) { return { ok: false, line: line, detail: detail }; }
  if (text.charAt(text.length - 1) !== '\n') return bad(text.split('\n').length, '最后一行没有以换行符（LF）结束');
  var cr = text.indexOf('\r');
  if (cr >= 0) return bad(text.slice(0, cr).split('\n').length, '含有回车符（CR），只允许换行符（LF）');
  var lines = text.slice(0, -1).split('\n');
  if (lines[0] !== LOTTERY_FORMAT + ' LIST') return bad(1, '第一行应为“' + LOTTERY_FORMAT + ' LIST”');
  var head = {};
  for (var i = 0; i < LIST_HEAD.length; i++) {
    var line = lines[i + 1] || '';
    if (line.indexOf(LIST_HEAD[i] + ' ') !== 0) return bad(i + 2, '应为“' + LIST_HEAD[i] + ' …”');
    head[LIST_HEAD[i]] = line.slice(LIST_HEAD[i].length + 1);
  }
  if (!/^\d{6}$/.test(head.county)) return bad(2, '县代码应为 6 位数字');
  if (!/^\d{4}$/.test(head.year)) return bad(3, '年度应为 4 位数字');
  if (!RE_POOL.test(head.pool)) return bad(4, '名单编号不合规范');
  if (!lineText(head.name)) return bad(5, '名称为空或含控制字符');
  if (head.kind !== 'places' && head.kind !== 'order') return bad(6, 'kind 应为 places 或 order');
  if (!/^(0|[1-9]\d{0,5})$/.test(head.places) || (head.kind === 'order' && head.places !== '0')) {
    return bad(7, head.kind === 'order' ? '仅排序的名单 places 应为 0' : '计划人数应为不带前导零的整数');
  }
  if (!/^[1-9]\d{0,6}$/.test(head.entries)) return bad(8, '条目数应为正整数');
  var count = Number(head.entries);
  var body = lines.slice(1 + LIST_HEAD.length);
  if (body.length !== count) return bad(9 + Math.min(body.length, count), '条目数为 ' + body.length + '，与 entries ' + count + ' 不符');
  var entries = [], seen = Object.create(null), prev = '';
  for (i = 0; i < body.length; i++) {
    var no = 9 + i;
    var cols = body[i].split('\t');
    if (cols.length !== 2) return bad(no, '每行应为“回执号<TAB>姓名”');
    var receipts = cols[0].split('+');
    // Spec §2, order of the checks: every receipt left to right (form, then not seen before), then sibling order.
    for (var k = 0; k < receipts.length; k++) {
      if (!RE_RECEIPT.test(receipts[k])) return bad(no, '回执号“' + receipts[k] + '”不合规范');
      if (seen[receipts[k]]) return bad(no, '回执号“' + receipts[k] + '”重复');
      seen[receipts[k]] = true;
    }
    for (k = 1; k < receipts.length; k++) if (byCode(receipts[k - 1], receipts[k]) >= 0) return bad(no, '同胞的回执号应按升序排列');
    if (!lineText(cols[1])) return bad(no, '姓名为空或含控制字符');
    if (i > 0 && byCode(prev, receipts[0]) >= 0) return bad(no, '条目应按回执号升序排列');
    prev = receipts[0];
    entries.push({ id: receipts[0], receipts: cols[0], seats: receipts.length, name: cols[1] });
  }
  return { ok: true, county: head.county, year: Number(head.year), code: head.pool, name: head.name, kind: head.kind, places: Number(head.places), entries: entries };
}

// --- Sources ----------------------------------------------------------------------------------------
function sourceValueOk(value, format) {
  var int = '(?:0|[1-9]\\d{0,17})';
  var m = /^(?:int-list:([1-9]\d?)|decimal:([0-6]))$/.exec(format);
  if (!m) return false;
  if (m[1] !== undefined) return new RegExp('^' + int + '(?: ' + int + '){' + (Number(m[1]) - 1) + '}$').test(value);
  var d = Number(m[2]);
  return new RegExp(d === 0 ? '^' + int + '$' : '^' + int + '\\.\\d{' + d + '}$').test(value);
}

// --- Texts that are hashed --------------------------------------------------------------------------
function announcementText(a) {
  var out = LOTTERY_FORMAT + ' ANNOUNCEMENT\ncounty ' + a.county + '\nyear ' + a.year + '\ntitle ' + a.title + '\n';
  a.pools.slice().sort(function (x, y) { return byCode(x.code, y.code); }).forEach(function (p) { out += 'pool ' + p.code + ' ' + p.listDigest + '\n'; });
  a.sources.forEach(function (slot, si) {
    slot.candidates.forEach(function (c, ci) { out += 'source ' + (si + 1) + ' ' + (ci + 1) + ' ' + c.id + ' ' + c.format + ' ' + c.description + '\n'; });
  });
  a.parties.forEach(function (p) { out += 'party ' + p.id + ' ' + p.commitment + ' ' + p.name + '\n'; });
  return out;
}

function computeSeed(a, d) {
  var w = new Writer().str(LOTTERY_FORMAT).str(a.county).u32(a.year);
  var pools = a.pools.slice().sort(function (x, y) { return byCode(x.code, y.code); });
  w.u32(pools.length);
  pools.forEach(function (p) { w.str(p.code).raw(unhex(p.listDigest)); });
  w.u32(a.sources.length);
  a.sources.forEach(function (slot, i) { w.str(slot.candidates[d.sources[i].used - 1].id).str(d.sources[i].value); });
  w.u32(a.parties.length);
  a.parties.forEach(function (p) {
    var s = d.secrets.filter(function (x) { return x.party === p.id; })[0];
    w.str(p.id).str(s.secret);
  });
  return hex(sha256(w.bytes()));
}

function rank(seed, list) {
  // key = SHA-256(seed ‖ u32 len ‖ code ‖ u32 len ‖ id): the prefix is written once per pool; ids are ASCII.
  var prefix = new Writer().raw(unhex(seed)).str(list.code).bytes();
  var buf = new Uint8Array(prefix.length + 4 + 64);
  buf.set(prefix);
  var rows = list.entries.map(function (e) {
    var id = e.id, at = prefix.length, n = id.length;
    buf[at] = 0; buf[at + 1] = 0; buf[at + 2] = 0; buf[at + 3] = n;
    for (var i = 0; i < n; i++) buf[at + 4 + i] = id.charCodeAt(i);
    return { entry: e, key: hex(sha256(buf, at + 4 + n)) };
  });
  rows.sort(function (x, y) { return byCode(x.key, y.key) || byCode(x.entry.id, y.entry.id); });
  var left = list.places, open = list.kind === 'places';
  rows.forEach(function (r, i) {
    r.rank = i + 1;
    if (list.kind !== 'places') r.status = 'ranked';
    else if (open && r.entry.seats <= left) { left -= r.entry.seats; r.status = 'admitted'; }
    else { open = false; r.status = 'waiting'; }
  });
  return rows;
}

function resultText(code, seed, rows) {
  var out = LOTTERY_FORMAT + ' RESULT\npool ' + code + '\nseed ' + seed + '\n';
  rows.forEach(function (r) { out += r.rank + '\t' + r.entry.receipts + '\t' + r.entry.name + '\t' + r.key + '\t' + r.status + '\n'; });
  return out;
}

// --- Shape of untrusted JSON ------------------------------------------------------------------------
function isObj(v) { return typeof v === 'object' && v !== null && !Array.isArray(v); }
function isStr(v) { return typeof v === 'string'; }
function isInt(v) { return typeof v === 'number' && Math.floor(v) === v && isFinite(v); }
function arr(v) { return Array.isArray(v) ? v : null; }

function shapeProblem(b) {
  var a = b.announcement, i, k;
  if (!isObj(a)) return 'announcement';
  if (!isStr(a.county) || !isInt(a.year) || !isStr(a.title) || !isStr(a.digest)) return 'announcement.county/year/title/digest';
  if (!arr(a.pools) || a.pools.length === 0) return 'announcement.pools';
  for (i = 0; i < a.pools.length; i++) {
    var p = a.pools[i];
    if (!isObj(p) || !isStr(p.code) || !isStr(p.name) || !isStr(p.kind) || !isInt(p.places) || !isStr(p.list) || !isStr(p.listDigest)) return 'announcement.pools.' + i;
    // A pool code names one pool: a repeated one would leave open which list a result belongs to.
    for (k = 0; k < i; k++) if (a.pools[k].code === p.code) return 'announcement.pools.' + i;
  }
  if (!arr(a.sources)) return 'announcement.sources';
  for (i = 0; i < a.sources.length; i++) {
    var s = a.sources[i];
    if (!isObj(s) || !isInt(s.slot) || s.slot !== i + 1 || !arr(s.candidates) || s.candidates.length === 0) return 'announcement.sources.' + i;
    for (k = 0; k < s.candidates.length; k++) {
      var c = s.candidates[k];
      if (!isObj(c) || !isStr(c.id) || !isStr(c.description) || !isStr(c.format)) return 'announcement.sources.' + i + '.candidates.' + k;
    }
  }
  if (!arr(a.parties)) return 'announcement.parties';
  for (i = 0; i < a.parties.length; i++) {
    var q = a.parties[i];
    if (!isObj(q) || !isStr(q.id) || !isStr(q.name) || !isStr(q.commitment)) return 'announcement.parties.' + i;
  }
  var d = b.draw;
  if (!isObj(d) || !isStr(d.seed) || !/^[0-9a-f]{64}$/.test(d.seed)) return 'draw.seed';
  if (!arr(d.sources)) return 'draw.sources';
  for (i = 0; i < d.sources.length; i++) {
    var v = d.sources[i];
    if (!isObj(v) || !isInt(v.used) || !arr(v.skipped) || !v.skipped.every(isStr) || !isStr(v.value)) return 'draw.sources.' + i;
  }
  if (!arr(d.secrets)) return 'draw.secrets';
  for (i = 0; i < d.secrets.length; i++) if (!isObj(d.secrets[i]) || !isStr(d.secrets[i].party) || !isStr(d.secrets[i].secret)) return 'draw.secrets.' + i;
  if (!arr(b.results)) return 'results';
  for (i = 0; i < b.results.length; i++) if (!isObj(b.results[i]) || !isStr(b.results[i].pool) || !isStr(b.results[i].text)) return 'results.' + i;
  if (!isStr(b.resultDigest)) return 'resultDigest';
  return null;
}

function fail(reasons) { return { ok: false, reasons: reasons }; }

/**
 * Verifies a bundle given as text. Returns { ok: true, seed, announcementDigest, resultDigest, results, pools }
 * or { ok: false, reasons: [{ code, message }] }. Stages stop at the first that fails.
 */
function verifyBundleText(text, expectedAnnouncementDigest) {
  var b;
  try { b = JSON.parse(text); } catch (e) { return fail([reason('BUNDLE_UNREADABLE', { detail: e && e.message ? e.message : String(e) })]); }
  if (!isObj(b)) return fail([reason('BUNDLE_UNREADABLE', { detail: '顶层不是对象' })]);
  if (b.format !== LOTTERY_FORMAT) return fail([reason('FORMAT_UNKNOWN', { format: String(b.format) })]);
  var field = shapeProblem(b);
  if (field !== null) return fail([reason('BUNDLE_MALFORMED', { field: field })]);
  var a = b.announcement, d = b.draw;

  // 1. Lists: canonical, matching their header and the digest published before the draw.
  var problems = [], lists = {};
  a.pools.forEach(function (p) {
    var l = readList(p.list);
    if (!l.ok) { problems.push(reason('LIST_MALFORMED', { pool: p.code, line: l.line, detail: l.detail })); return; }
    if (l.code !== p.code || l.name !== p.name || l.kind !== p.kind || l.places !== p.places || l.county !== a.county || l.year !== a.year) {
      problems.push(reason('LIST_MALFORMED', { pool: p.code, line: 2, detail: '名单抬头（县、年度、编号、名称、类型或计划人数）与公告不一致' }));
    }
    var actual = digestText(p.list);
    if (actual !== p.listDigest) problems.push(reason('LIST_CHANGED', { pool: p.code, expected: p.listDigest, actual: actual }));
    lists[p.code] = l;
  });
  if (problems.length) return fail(problems);

  // 2. The announcement as a whole.
  var announcementDigest = digestText(announcementText(a));
  if (announcementDigest !== a.digest) return fail([reason('ANNOUNCEMENT_CHANGED', { expected: a.digest, actual: announcementDigest })]);
  var expected = (expectedAnnouncementDigest || '').trim().toLowerCase();
  if (expected && expected !== announcementDigest) return fail([reason('ANNOUNCEMENT_MISMATCH', { expected: expected, actual: announcementDigest })]);

  // 3. Source values and secrets.
  if (d.sources.length !== a.sources.length) return fail([reason('BUNDLE_MALFORMED', { field: 'draw.sources' })]);
  a.sources.forEach(function (slot, i) {
    var s = d.sources[i];
    var cand = slot.candidates[s.used - 1];
    if (s.used < 1 || !cand) problems.push(reason('BUNDLE_MALFORMED', { field: 'draw.sources.' + i + '.used' }));
    else if (s.skipped.length !== s.used - 1 || !s.skipped.every(lineText)) problems.push(reason('SOURCE_FALLBACK_UNEXPLAINED', { slot: slot.slot, used: s.used }));
    else if (!sourceValueOk(s.value, cand.format)) problems.push(reason('SOURCE_NOT_CANONICAL', { slot: slot.slot, value: s.value, format: cand.format }));
  });
  a.parties.forEach(function (p) {
    var mine = d.secrets.filter(function (x) { return x.party === p.id; });
    if (mine.length !== 1 || !RE_SECRET.test(mine[0].secret)) problems.push(reason('SECRET_MISSING', { party: p.name }));
    else if (digestText(mine[0].secret) !== p.commitment) problems.push(reason('SECRET_MISMATCH', { party: p.name }));
  });
  if (!problems.length && d.secrets.length !== a.parties.length) problems.push(reason('BUNDLE_MALFORMED', { field: 'draw.secrets' }));
  if (problems.length) return fail(problems);

  // 4. The seed.
  var seed = computeSeed(a, d);
  if (seed !== d.seed) return fail([reason('SEED_MISMATCH', { expected: d.seed, actual: seed })]);

  // 5. Every pool's ranking, byte for byte.
  var results = [], pools = [];
  a.pools.forEach(function (p) {
    var rows = rank(seed, lists[p.code]);
    var mine = resultText(p.code, seed, rows);
    results.push({ pool: p.code, text: mine });
    pools.push({ code: p.code, name: p.name, kind: p.kind, places: p.places, rows: rows });
    var theirs = (b.results.filter(function (r) { return r.pool === p.code; })[0] || { text: '' }).text;
    if (theirs !== mine) {
      var ours = mine.split('\n'), their = theirs.split('\n'), line = -1;
      for (var i = 0; i < their.length; i++) if (their[i] !== ours[i]) { line = i; break; }
      problems.push(reason('RESULT_MISMATCH', { pool: p.code, line: (line < 0 ? Math.min(ours.length, their.length) : line) + 1 }));
    }
  });
  if (b.results.length !== a.pools.length) problems.push(reason('BUNDLE_MALFORMED', { field: 'results' }));
  if (problems.length) return fail(problems);
  var resultDigest = digestText(results.slice().sort(function (x, y) { return byCode(x.pool, y.pool); }).map(function (r) { return r.text; }).join(''));
  if (resultDigest !== b.resultDigest) return fail([reason('RESULT_DIGEST_MISMATCH', { expected: b.resultDigest, actual: resultDigest })]);
  return {
    ok: true,
    seed: seed,
    announcementDigest: announcementDigest,
    resultDigest: resultDigest,
    results: results,
    pools: pools,
    title: a.title,
    sources: a.sources.map(function (slot, i) { var c = slot.candidates[d.sources[i].used - 1]; return { slot: slot.slot, description: c.description, value: d.sources[i].value, skipped: d.sources[i].skipped }; }),
    parties: a.parties.map(function (p) { return p.name; }),
  };
}

/** The row of a verified bundle that holds a receipt number (typed loosely: case, spaces, dashes). */
function findReceipt(verified, raw) {
  var want = String(raw).toUpperCase().replace(/[\s\u3000]+/g, '').replace(/[\u2010-\u2015\uFF0D\u2212]/g, '-');
  for (var i = 0; i < verified.pools.length; i++) {
    var pool = verified.pools[i];
    for (var k = 0; k < pool.rows.length; k++) {
      if (pool.rows[k].entry.receipts.split('+').indexOf(want) >= 0) return { pool: pool, row: pool.rows[k] };
    }
  }
  return null;
}

var STATUS_TEXT = { admitted: '中签（录取）', waiting: '未中签（候补）', ranked: '已排序' };
// ===== END CORE =====

async function main(argv) {
  const { readFileSync, writeFileSync, mkdirSync } = await import('node:fs');
  const { join } = await import('node:path');
  const args = { file: null, digest: '', receipt: null, out: null, json: false };
  for (let i = 0; i < argv.length; i++) {
    const x = argv[i];
    if (x === '--announcement-digest') args.digest = argv[++i] ?? '';
    else if (x === '--receipt') args.receipt = argv[++i] ?? '';
    else if (x === '--out') args.out = argv[++i] ?? '';
    else if (x === '--json') args.json = true;
    else if (x === '--help' || x === '-h') args.file = null;
    else if (args.file === null && !x.startsWith('--')) args.file = x;
    else {
      console.error(`无法识别的参数：${x}`);
      return 2;
    }
  }
  if (args.file === null) {
    console.error('用法：node verify.mjs <派位结果包.json> [--announcement-digest <派位前公布的公告摘要>] [--receipt <回执号>] [--out <输出目录>] [--json]');
    return 2;
  }
  let text;
  try {
    text = readFileSync(args.file, 'utf8');
  } catch (e) {
    console.error(`无法读取文件 ${args.file}：${e.message}。请检查路径。`);
    return 2;
  }
  const v = verifyBundleText(text, args.digest);
  if (args.json) {
    const out = v.ok ? { ok: true, seed: v.seed, announcementDigest: v.announcementDigest, resultDigest: v.resultDigest, results: v.results } : v;
    process.stdout.write(JSON.stringify(out) + '\n');
    return v.ok ? 0 : 1;
  }
  if (!v.ok) {
    console.log('验证不通过：');
    for (const r of v.reasons) console.log(`  - ${r.message}`);
    return 1;
  }
  const lines = [
    '验证通过：派位结果与按公开规则重算的结果逐字节一致。',
    `  派位：${v.title}`,
    `  公告摘要：${v.announcementDigest}${args.digest ? '（与输入的事先公布值一致）' : '（请与派位前公布的摘要核对）'}`,
    ...v.sources.map((s) => `  种子来源 ${s.slot}：${s.description} = ${s.value}${s.skipped.length ? `（备选原因：${s.skipped.join('；')}）` : ''}`),
    `  参与方：${v.parties.join('、')}（密语均与承诺值相符）`,
    `  种子：${v.seed}`,
    ...v.pools.map((p) => {
      const admitted = p.rows.filter((r) => r.status === 'admitted').length;
      return p.kind === 'places' ? `  ${p.name}（${p.code}）：${p.rows.length} 条，计划 ${p.places} 人，中签 ${admitted} 条` : `  ${p.name}（${p.code}）：${p.rows.length} 条，仅排序`;
    }),
    `  结果摘要：${v.resultDigest}`,
  ];
  console.log(lines.join('\n'));
  if (args.receipt !== null) {
    const hit = findReceipt(v, args.receipt);
    if (hit === null) console.log(`回执号 ${args.receipt} 不在任何派位名单中。请核对回执号；未参加派位的儿童不在名单中。`);
    else {
      const waiting = hit.row.status === 'waiting' ? `，候补第 ${hit.row.rank - hit.pool.rows.filter((r) => r.status === 'admitted').length} 位` : '';
      console.log(`回执号 ${args.receipt}：${hit.pool.name}，第 ${hit.row.rank} 位 / 共 ${hit.pool.rows.length} 位，${STATUS_TEXT[hit.row.status]}${waiting}；随机数（key）${hit.row.key}`);
    }
  }
  if (args.out) {
    mkdirSync(args.out, { recursive: true });
    for (const r of v.results) writeFileSync(join(args.out, `${r.pool}.result.txt`), r.text);
    console.log(`已写出重算结果：${args.out}`);
  }
  return 0;
}

if (typeof process !== 'undefined' && process.argv && import.meta.url === (await import('node:url')).pathToFileURL(process.argv[1] ?? '').href) {
  process.exitCode = await main(process.argv.slice(2));
}

export { verifyBundleText, findReceipt, sha256, hex, readList, sourceValueOk, REASONS };
