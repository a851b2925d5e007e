// Key-person lists (issue 4), getting a file in: upload → preview (header
// row below titles, column mapping, samples, problems by row and column) →
// corrected mapping → commit, all or nothing; the same file twice; a mapping
// saved per source; and `fangkong import list` with its JSON line, exit
// codes and --dry-run.  Files are made here: a GB18030 CSV, an XLSX with a
// merged title row written with openpyxl.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertError, makeId, cli, hasHan } from './helpers.mjs';

let server;
let admin; let hecha;
const tmp = mkdtempSync(join(tmpdir(), 'fk-lists-import-'));
let seq = 1;
// A fresh valid ID (region 110105 is not used by the demo data).
const newId = (birth = '19850101', male = true) => {
  const s = seq++ * 2 + (male ? 1 : 0);
  return makeId('110105', birth, s);
};

const py = (code, args = [], input) =>
  execFileSync('/usr/bin/python3', ['-c', code, ...args], { input, maxBuffer: 1 << 26 });
const gb18030 = (text) => py(
  'import sys; sys.stdout.buffer.write(sys.stdin.buffer.read().decode("utf-8").encode("gb18030"))',
  [], Buffer.from(text, 'utf8'));
// An .xlsx of sheets [{title, rows, merges}]: strings stay strings.
function xlsxBook(name, sheets) {
  const path = join(tmp, name);
  py(`
import json, sys, openpyxl
wb = openpyxl.Workbook()
wb.remove(wb.active)
for spec in json.loads(sys.argv[2]):
    ws = wb.create_sheet(spec['title'])
    for r in spec['rows']:
        ws.append(r)
    for m in spec.get('merges', []):
        ws.merge_cells(m)
wb.save(sys.argv[1])
`, [path, JSON.stringify(sheets)]);
  return { path, body: execFileSync('cat', [path]) };
}
const xlsx = (name, { title = 'Sheet1', rows, merges = [] }) => xlsxBook(name, [{ title, rows, merges }]).body;

const csv = (rows) => rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const upload = (c, body, q = {}) => c.post('/api/v1/lists/uploads?' + new URLSearchParams(q), body,
  { 'content-type': 'application/octet-stream' });
const total = async (c, path) => {
  const r = await c.get(path + (path.includes('?') ? '&' : '?') + 'per_page=1');
  assert.equal(r.status, 200, r.text);
  return r.body.total;
};
const counts = async () => ({
  lists: await total(admin, '/api/v1/lists'),
  persons: await total(admin, '/api/v1/persons'),
  tasks: await total(admin, '/api/v1/tasks'),
});
const problemAt = (problems, row, column) => problems.find((p) => p.row === row && p.column === column);

before(async () => {
  server = await startServer({ persons: 100 });
  admin = await server.login();
  hecha = await server.login('hecha1');
});
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await server.stop();
});

// The list of the first tests: a title row, a blank row, an Excel-damaged
// ID, a phone that is not one, a date nobody can read, a note at the end.
const ids3 = [newId('19850101'), newId('19860202', false), newId('19870303')];
const list3 = csv([
  ['里水镇重点人员协查名单（第3批）', '', '', '', '', '', '', ''],
  ['', '', '', '', '', '', '', ''],
  ['序号', '姓名', '性别', '身份证号码（必填）', '手机号码', '现居住地址', '村（居）', '返乡时间'],
  ['1', '陈一', '男', ids3[0], '13800000001', '里水镇沙涌社区1号', '沙涌社区', '2020年1月26日'],
  ['2', '黄二', '女', '1.10105E+17', '13800000002', '里水镇草场社区2号', '草场', '2020/1/27'],
  ['3', '林三', '男', ids3[2], '12345', '广州市天河区体育西路1号', '', '明天'],
  ['注：请于24小时内反馈核查结果', '', '', '', '', '', '', ''],
]);
const list3gb = gb18030(list3);
let upload3;

test('a GB18030 CSV with a title row: the preview shows header row, mapping, samples and problems by row and column', async () => {
  assert.notEqual(list3gb.length, Buffer.byteLength(list3), 'really re-encoded');
  const r = await upload(hecha, list3gb, { filename: '第3批.csv', source: '南海区疫情防控办（测试）' });
  assert.equal(r.status, 200, r.text);
  const p = r.body;
  upload3 = p.upload_id;
  assert.ok(p.upload_id > 0);
  assert.equal(p.filename, '第3批.csv');
  assert.equal(p.format, 'csv');
  assert.equal(p.header_row, 3);
  assert.equal(p.header[3], '身份证号码（必填）', 'the header as received');
  assert.deepEqual(p.mapping, {
    1: 'name', 2: 'sex', 3: 'doc_number', 4: 'phone', 5: 'address', 6: 'village', 7: 'arrival',
  });
  assert.equal(p.columns.length, 8);
  assert.deepEqual(p.columns[0], { index: 0, header: '序号', field: '', label: '（不导入）', source: 'none' });
  assert.equal(p.columns[1].label, '姓名');
  assert.equal(p.columns[1].source, 'auto');
  assert.deepEqual(p.counts, { rows: 3, accepted: 2, rejected: 1, doubtful: 1, duplicates: 0 });
  assert.deepEqual(p.samples.map((s) => s.row), [4, 5, 6]);
  assert.equal(p.samples[0].cells[1], '陈一');
  assert.equal(p.samples[0].ok, true);
  assert.equal(p.samples[1].ok, false);
  // problems: row number in the file, column letter, header, reason
  const excel = problemAt(p.problems, 5, 'D');
  assert.ok(excel, JSON.stringify(p.problems));
  assert.equal(excel.code, 'id_excel');
  assert.equal(excel.level, 'error');
  assert.equal(excel.header, '身份证号码（必填）');
  assert.match(excel.message, /Excel/);
  assert.ok(hasHan(excel.message));
  const phone = problemAt(p.problems, 6, 'E');
  assert.equal(phone.code, 'phone');
  assert.equal(phone.level, 'warning');
  const date = problemAt(p.problems, 6, 'H');
  assert.equal(date.code, 'date');
  assert.equal(date.level, 'warning');
  assert.equal(p.problems.length, 3);
  assert.equal(p.imported_before, null);
  assert.match(p.sha256, /^[0-9a-f]{64}$/);
  assert.ok(p.fields.some((f) => f.field === 'doc_number' && f.label === '证件号码'));
  // English on request
  const en = await upload(hecha, list3gb, { filename: 'x.csv' }, {});
  assert.equal(en.status, 200);
});

test('an XLSX with a merged title row and a note row: header found, merged cells not taken for persons', async () => {
  const id = newId('19880808');
  const body = xlsx('merged.xlsx', {
    title: '协查名单',
    rows: [
      ['里水镇重点人员协查名单（第4批）', null, null, null, null],
      [null, null, null, null, null],
      ['姓名', '身份证号', '联系电话', '所属村居', '到达日期'],
      ['何四', id, '13800000004', '和顺', '2020-01-28'],
      ['注：以上人员请于24小时内核查反馈', null, null, null, null],
    ],
    merges: ['A1:E1', 'A5:E5'],
  });
  assert.equal(body.subarray(0, 2).toString(), 'PK');
  const r = await upload(hecha, body, { filename: '第4批.csv' }); // the name lies: content decides
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.format, 'xlsx');
  assert.equal(r.body.sheet, '协查名单');
  assert.deepEqual(r.body.sheets, ['协查名单']);
  assert.equal(r.body.header_row, 3);
  assert.deepEqual(r.body.mapping, { 0: 'name', 1: 'doc_number', 2: 'phone', 3: 'village', 4: 'arrival' });
  assert.deepEqual(r.body.counts, { rows: 1, accepted: 1, rejected: 0, doubtful: 0, duplicates: 0 });
  assert.deepEqual(r.body.samples[0].cells, ['何四', id, '13800000004', '和顺', '2020-01-28']);
  assert.deepEqual(r.body.problems, []);
});

test('correcting one mapping in the preview; bad mappings and unknown uploads refused', async () => {
  const good = newId('19900101');
  const file = csv([
    ['姓名', '证件', '联系电话', '住址'],
    ['梁五', good, '13800000005', '里水镇沙涌社区5号'],
    ['冼六', good.slice(0, 17) + (good[17] === '1' ? '2' : '1'), '13800000006', '北沙村6号'],
  ]);
  const r = await upload(hecha, Buffer.from(file), { filename: 'b.csv', source: '南海区卫健局' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.columns[1].field, '', '证件 alone is not recognised');
  assert.deepEqual(r.body.counts, { rows: 2, accepted: 2, rejected: 0, doubtful: 0, duplicates: 0 });
  const id = r.body.upload_id;
  const fixed = await hecha.post('/api/v1/lists/preview', { upload_id: id, mapping: { 1: 'doc_number' } });
  assert.equal(fixed.status, 200, fixed.text);
  assert.equal(fixed.body.upload_id, id);
  assert.deepEqual(fixed.body.columns[1], { index: 1, header: '证件', field: 'doc_number', label: '证件号码', source: 'user' });
  assert.equal(fixed.body.columns[0].source, 'auto');
  assert.deepEqual(fixed.body.counts, { rows: 2, accepted: 1, rejected: 1, doubtful: 0, duplicates: 0 });
  const bad = problemAt(fixed.body.problems, 3, 'B');
  assert.equal(bad.code, 'id_checksum');
  for (const mapping of [{ 1: 'bogus' }, { x: 'name' }, { '-1': 'name' }, { 1: 5 }, ['name'], 'name']) {
    assertError(await hecha.post('/api/v1/lists/preview', { upload_id: id, mapping }), 422, 'mapping', 'mapping');
  }
  const none = await hecha.post('/api/v1/lists/preview', { upload_id: 999999 });
  assertError(none, 404, 'upload', 'upload_id');
  // another user's upload is not theirs to see
  const other = await server.login('hecha2');
  assertError(await other.post('/api/v1/lists/preview', { upload_id: id }), 404, 'upload', 'upload_id');
  // commit with the corrected mapping, accepting the bad row out: saved for the source
  const c = await hecha.post('/api/v1/lists', {
    upload_id: id, source: '南海区卫健局', mapping: { 1: 'doc_number' }, accept_partial: true,
  });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.accepted, 1);
  assert.equal(c.body.rejected, 1);
  // the next file from that source: the saved mapping, by header text
  const next = csv([['姓名', '证件', '联系电话', '住址'], ['邓七', newId('19910101'), '13800000007', '沙涌']]);
  const n = await upload(hecha, Buffer.from(next), { filename: 'c.csv', source: '南海区卫健局' });
  assert.equal(n.status, 200, n.text);
  assert.equal(n.body.columns[1].field, 'doc_number');
  assert.equal(n.body.columns[1].source, 'saved');
  assert.equal(n.body.columns[0].field, 'name');
  // not for another source
  const elsewhere = await upload(hecha, Buffer.from(next), { filename: 'c.csv', source: '别的单位' });
  assert.equal(elsewhere.body.columns[1].field, '');
  const plain = await upload(hecha, Buffer.from(next), { filename: 'c.csv' });
  assert.equal(plain.body.columns[1].field, '');
  // and the commit reads it too
  const cn = await hecha.post('/api/v1/lists', { upload_id: n.body.upload_id, source: '南海区卫健局' });
  assert.equal(cn.status, 201, cn.text);
  const t = await admin.get(`/api/v1/tasks?list=${cn.body.list_id}`);
  assert.equal(t.body.total, 1);
  assert.match(t.body.items[0].doc_number, /^110105\*+\d{4}$|^110105/);
  assert.equal(t.body.items[0].doc_type, 'id_card');
});

test('commit is all or nothing: a rejected row → 422 and nothing imported; accept_partial → 201 with the counts', async () => {
  const before0 = await counts();
  assertError(await hecha.post('/api/v1/lists', { upload_id: upload3 }), 422, 'source_required', 'source');
  assertError(await hecha.post('/api/v1/lists', { upload_id: upload3, source: 'x', deadline_hours: 0 }), 422, 'deadline', 'deadline_hours');
  assertError(await hecha.post('/api/v1/lists', { upload_id: upload3, source: 'x', deadline_hours: 24 * 31 }), 422, 'deadline', 'deadline_hours');
  const r = await hecha.post('/api/v1/lists', { upload_id: upload3, source: '南海区疫情防控办（测试）', batch: '第3批' });
  const e = assertError(r, 422, 'rows_rejected');
  assert.ok(hasHan(e.message));
  assert.ok(problemAt(e.problems, 5, 'D'));
  assert.equal(e.counts.rejected, 1);
  assert.equal(e.counts.list_id, 0);
  assert.deepEqual(await counts(), before0, 'nothing imported');
  // viewers and village workers may not import
  const cun = await server.login('cun_shayong');
  assert.equal((await cun.post('/api/v1/lists', { upload_id: upload3, source: 'x' })).status, 403);
  assert.equal((await upload(cun, list3gb, { filename: 'x.csv' })).status, 403);
  // accepted partially
  const ok = await hecha.post('/api/v1/lists', {
    upload_id: upload3, source: '南海区疫情防控办（测试）', batch: '第3批', accept_partial: true, deadline_hours: 12,
  });
  assert.equal(ok.status, 201, ok.text);
  const s = ok.body;
  assert.ok(s.list_id > 0);
  assert.deepEqual({ ...s, list_id: 0 }, {
    list_id: 0, rows: 3, accepted: 2, rejected: 1, duplicates: 0, matched_existing: 0, new_persons: 2,
    dispatched: 1, unassigned: 1, flagged: 0, candidates: 0, doubtful: 1,
  });
  const after0 = await counts();
  assert.equal(after0.lists, before0.lists + 1);
  assert.equal(after0.persons, before0.persons + 2);
  assert.equal(after0.tasks, before0.tasks + 2);
  const l = await admin.get(`/api/v1/lists/${s.list_id}`);
  assert.equal(l.status, 200);
  assert.equal(l.body.source, '南海区疫情防控办（测试）');
  assert.equal(l.body.batch, '第3批');
  assert.equal(l.body.filename, '第3批.csv');
  assert.equal(l.body.rows, 3);
  assert.equal(l.body.accepted, 2);
  assert.equal(l.body.rejected, 1);
  assert.equal(l.body.header_row, 3);
  assert.equal(l.body.deadline_at - l.body.received_at, 12 * 3600);
  // the upload is used up
  assertError(await hecha.post('/api/v1/lists', { upload_id: upload3, source: 'x' }), 404, 'upload', 'upload_id');
  // the rejected row is kept with its reasons
  const pr = await admin.get(`/api/v1/lists/${s.list_id}/problems`);
  assert.equal(pr.status, 200);
  assert.equal(pr.body.total, 2);
  assert.equal(pr.body.items[0].row_no, 5);
  assert.equal(pr.body.items[0].status, 'rejected');
  assert.equal(pr.body.items[0].problems[0].code, 'id_excel');
  // and the doubtful row (imported, its phone and date left empty) with its warnings
  assert.equal(pr.body.items[1].row_no, 6);
  assert.equal(pr.body.items[1].status, 'accepted');
  assert.deepEqual(pr.body.items[1].problems.map((x) => [x.code, x.level]), [['phone', 'warning'], ['date', 'warning']]);
  // the audit log has the import
  const a = await admin.get('/api/v1/audit?action=list.import');
  assert.ok(a.body.items.some((x) => x.entity_id === s.list_id), a.text);
});

test('a header text twice (the person\'s phone, then the family\'s): the saved mapping keeps the first', async () => {
  const header = ['姓名', '身份证号', '联系电话', '联系电话'];
  const f1 = csv([header, ['许一', newId('19940101'), '13800000031', '13800000032']]);
  const u = await upload(hecha, Buffer.from(f1), { filename: 'twice.csv', source: '重复表头单位' });
  assert.deepEqual(u.body.columns.map((x) => x.field), ['name', 'doc_number', 'phone', '']);
  const c = await hecha.post('/api/v1/lists', { upload_id: u.body.upload_id, source: '重复表头单位' });
  assert.equal(c.status, 201, c.text);
  const f2 = csv([header, ['许二', newId('19940202'), '13800000033', '13800000034']]);
  const n = await upload(hecha, Buffer.from(f2), { filename: 'twice2.csv', source: '重复表头单位' });
  assert.deepEqual(n.body.columns.map((x) => x.field), ['name', 'doc_number', 'phone', '']);
  assert.equal(n.body.columns[2].source, 'saved');
});

test('received_at sets the time the list came in; the deadline runs from it', async () => {
  const file = csv([['姓名', '身份证号'], ['秦一', newId('19930101')]]);
  const u = await upload(hecha, Buffer.from(file), { filename: 'recv.csv' });
  assertError(await hecha.post('/api/v1/lists', { upload_id: u.body.upload_id, source: 's', received_at: '昨天' }), 422, 'time', 'received_at');
  const c = await hecha.post('/api/v1/lists', {
    upload_id: u.body.upload_id, source: 's', received_at: '2020-01-26 23:30', deadline_hours: 8,
  });
  assert.equal(c.status, 201, c.text);
  const l = (await admin.get(`/api/v1/lists/${c.body.list_id}`)).body;
  assert.equal(l.received_at, Date.parse('2020-01-26T23:30:00+08:00') / 1000);
  assert.equal(l.deadline_at, l.received_at + 8 * 3600);
  assert.equal(l.overdue, 1, 'a deadline long past');
});

test('the same file again: 409 list_duplicate with the earlier list, unless forced', async () => {
  const first = (await admin.get('/api/v1/lists')).body.items.find((l) => l.filename === '第3批.csv');
  assert.ok(first);
  const r = await upload(hecha, list3gb, { filename: '再次.csv' });
  assert.equal(r.status, 200);
  assert.equal(r.body.imported_before, first.id);
  const before0 = await counts();
  const dup = await hecha.post('/api/v1/lists', { upload_id: r.body.upload_id, source: 'x', accept_partial: true });
  const e = assertError(dup, 409, 'list_duplicate');
  assert.equal(e.existing_id, first.id);
  assert.deepEqual(await counts(), before0);
  const forced = await hecha.post('/api/v1/lists', {
    upload_id: r.body.upload_id, source: 'x', accept_partial: true, force: true,
  });
  assert.equal(forced.status, 201, forced.text);
  assert.notEqual(forced.body.list_id, first.id);
  // the same persons: matched this time, not created again
  assert.equal(forced.body.matched_existing, 2);
  assert.equal(forced.body.new_persons, 0);
  const after0 = await counts();
  assert.equal(after0.persons, before0.persons);
  assert.equal(after0.lists, before0.lists + 1);
});

test('duplicate rows within a file are collapsed and reported', async () => {
  const a = newId('19700101');
  const file = csv([
    ['姓名', '身份证号', '联系电话', '现住址'],
    ['周八', a, '13800000008', '沙涌社区8号'],
    ['吴九', newId('19710101'), '13800000009', ''],
    ['周八', a.toLowerCase(), '138 0000 0008', ''],
    ['郑十', '', '13800000010', '草场1号'],
    ['郑十', '', '13800000010', '草场2号'],
    // no ID, no phone: two people of the same name at two addresses
    ['张伟', '', '', '北沙村1号'],
    ['张伟', '', '', '鹤峰村2号'],
  ]);
  const r = await upload(hecha, Buffer.from(file), { filename: 'dup.csv' });
  const c = await hecha.post('/api/v1/lists', { upload_id: r.body.upload_id, source: '重复测试' });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.rows, 7);
  assert.equal(c.body.accepted, 5);
  assert.equal(c.body.duplicates, 2);
  assert.equal(c.body.new_persons, 5);
  const t = await admin.get(`/api/v1/tasks?list=${c.body.list_id}`);
  assert.equal(t.body.total, 5);
  assert.deepEqual(t.body.items.filter((x) => x.name === '张伟').map((x) => x.address).sort(), ['北沙村1号', '鹤峰村2号']);
  const pr = await admin.get(`/api/v1/lists/${c.body.list_id}/problems`);
  const dups = pr.body.items.filter((x) => x.status === 'duplicate');
  assert.deepEqual(dups.map((x) => [x.row_no, x.dup_of]), [[4, 2], [6, 5]]);
  assert.ok(hasHan(dups[0].problems[0].message));
});

test('a workbook with a 填表说明 sheet first: the list is found on the next sheet; ?sheet= and --sheet choose', async () => {
  const book = xlsxBook('sheets.xlsx', [
    { title: '填表说明', rows: [['填表说明：身份证号请设置为文本格式'], ['联系人：防控办']] },
    { title: '名单', rows: [['姓名', '身份证号', '联系电话'], ['韩一', newId('19920101'), '13800000021']] },
  ]);
  const r = await upload(hecha, book.body, { filename: 'sheets.xlsx' });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.sheets, ['填表说明', '名单']);
  assert.equal(r.body.sheet, '名单');
  assert.equal(r.body.header_row, 1);
  assert.equal(r.body.counts.rows, 1);
  const first = await upload(hecha, book.body, { filename: 'sheets.xlsx', sheet: '1' });
  const e = assertError(first, 422, 'no_header');
  assert.match(e.message, /填表说明/);
  const byName = await upload(hecha, book.body, { filename: 'sheets.xlsx', sheet: '名单' });
  assert.equal(byName.status, 200, byName.text);
  assert.equal(byName.body.sheet, '名单');
  const none = assertError(await upload(hecha, book.body, { filename: 'sheets.xlsx', sheet: '3' }), 422, 'no_sheet');
  assert.ok(hasHan(none.message));
  assertError(await hecha.post('/api/v1/lists/preview', { upload_id: r.body.upload_id, sheet: '1' }), 422, 'no_header');
  const p2 = await hecha.post('/api/v1/lists/preview', { upload_id: r.body.upload_id, sheet: '2' });
  assert.equal(p2.status, 200, p2.text);
  const c = await hecha.post('/api/v1/lists', { upload_id: r.body.upload_id, source: '多表测试', sheet: '名单' });
  assert.equal(c.status, 201, c.text);
  assert.equal((await admin.get(`/api/v1/lists/${c.body.list_id}`)).body.sheet, '名单');
  const one = cli(['import', 'list', book.path, '--db', server.dbPath, '--sheet', '1', '--force', '--json']);
  assert.equal(one.code, 1);
  assert.match(one.stderr, /填表说明/);
  const two = cli(['import', 'list', book.path, '--db', server.dbPath, '--sheet', '名单', '--force', '--json', '--dry-run']);
  assert.equal(two.code, 0, two.stderr);
  assert.equal(JSON.parse(two.stdout).accepted, 1);
});

// ---- the CLI ----

const KEYS = ['list_id', 'rows', 'accepted', 'rejected', 'duplicates', 'matched_existing', 'new_persons', 'dispatched', 'unassigned'];

test('fangkong import list --json prints one object with the summary', async () => {
  const path = join(tmp, 'cli.csv');
  writeFileSync(path, gb18030(csv([
    ['里水镇重点人员协查名单（CLI）', '', '', ''],
    ['姓名', '身份证号', '联系电话', '所属村居'],
    ['冯甲', newId('19600101'), '13800000011', '沙涌社区'],
    ['冯乙', newId('19600202', false), '13800000012', '草场'],
    ['冯丙', newId('19600303'), '1380000001', ''], // 10 digits: 存疑, left empty
  ])));
  const before0 = await counts();
  const dry = cli(['import', 'list', path, '--db', server.dbPath, '--json', '--dry-run', '--source', 'CLI测试']);
  assert.equal(dry.code, 0, dry.stderr);
  const d = JSON.parse(dry.stdout);
  assert.equal(d.dry_run, true);
  assert.equal(d.rows, 3);
  assert.equal(d.accepted, 3);
  assert.equal(d.doubtful, 1);
  assert.equal(d.list_id, 0);
  assert.deepEqual(await counts(), before0, '--dry-run imports nothing');
  const r = cli(['import', 'list', path, '--db', server.dbPath, '--json', '--source', 'CLI测试',
    '--batch', '第9批', '--deadline-hours', '6']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout.trim().split('\n').length, 1);
  const s = JSON.parse(r.stdout);
  for (const k of KEYS) assert.equal(typeof s[k], 'number', k);
  assert.ok(s.list_id > 0);
  assert.deepEqual({ ...s, list_id: 0 }, {
    list_id: 0, rows: 3, accepted: 3, rejected: 0, duplicates: 0, matched_existing: 0, new_persons: 3,
    dispatched: 2, unassigned: 1, flagged: 0, candidates: 0, doubtful: 1, dry_run: false,
  });
  const l = await admin.get(`/api/v1/lists/${s.list_id}`);
  assert.equal(l.status, 200);
  assert.equal(l.body.source, 'CLI测试');
  assert.equal(l.body.batch, '第9批');
  assert.equal(l.body.filename, 'cli.csv');
  assert.equal(l.body.deadline_at - l.body.received_at, 6 * 3600);
  assert.equal((await counts()).lists, before0.lists + 1);
  // the same file again: exit 4, nothing imported; --force imports it
  const again = cli(['import', 'list', path, '--db', server.dbPath, '--json', '--source', 'CLI测试']);
  assert.equal(again.code, 4, again.stderr);
  assert.match(again.stderr, new RegExp(`#${s.list_id}`));
  assert.equal((await counts()).lists, before0.lists + 1);
  const forced = cli(['import', 'list', path, '--db', server.dbPath, '--json', '--force']);
  assert.equal(forced.code, 0, forced.stderr);
  assert.equal(JSON.parse(forced.stdout).matched_existing, 3);
});

test('fangkong import list: exit 3 when rows are rejected (nothing imported), 1 when the file is unreadable', async () => {
  const path = join(tmp, 'cli-bad.csv');
  writeFileSync(path, csv([
    ['姓名', '身份证号'],
    ['卫甲', newId('19650101')],
    ['卫乙', '4.40605E+17'],
  ]));
  const before0 = await counts();
  const r = cli(['import', 'list', path, '--db', server.dbPath, '--json']);
  assert.equal(r.code, 3, r.stderr);
  assert.match(r.stderr, /第 3 行 B列/);
  assert.match(r.stderr, /Excel/);
  assert.match(r.stderr, /--accept-partial/);
  const s = JSON.parse(r.stdout);
  assert.equal(s.rejected, 1);
  assert.equal(s.list_id, 0);
  assert.deepEqual(await counts(), before0);
  const p = cli(['import', 'list', path, '--db', server.dbPath, '--json', '--accept-partial']);
  assert.equal(p.code, 0, p.stderr);
  assert.equal(JSON.parse(p.stdout).accepted, 1);
  // unreadable: missing, a PDF, no header
  const missing = cli(['import', 'list', join(tmp, 'nope.csv'), '--db', server.dbPath, '--json']);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /nope\.csv/);
  const pdf = join(tmp, 'list.xlsx');
  writeFileSync(pdf, Buffer.concat([Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n'), Buffer.alloc(2000, 1)]));
  const rp = cli(['import', 'list', pdf, '--db', server.dbPath, '--json']);
  assert.equal(rp.code, 1);
  assert.ok(hasHan(rp.stderr));
  assert.equal(rp.stdout, '');
  const nh = join(tmp, 'nh.csv');
  writeFileSync(nh, 'a,b,c\n1,2,3\n');
  const rn = cli(['import', 'list', nh, '--db', server.dbPath]);
  assert.equal(rn.code, 1);
  assert.match(rn.stderr, /姓名/);
  assert.match(rn.stderr, /a、b、c/);
  const usage = cli(['import', 'list', path, '--db', server.dbPath, '--deadline-hours', '0']);
  assert.equal(usage.code, 2);
  assert.deepEqual(await counts(), { ...before0, lists: before0.lists + 1, persons: before0.persons + 1, tasks: before0.tasks + 1 });
});
