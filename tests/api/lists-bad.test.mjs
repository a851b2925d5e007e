// Key-person lists (issue 4), bad input: an empty file, no recognisable
// header (the message names what was expected and what was found), mixed
// encodings, corrupt and disguised files, zip bombs (too many entries; sizes
// that lie), a body over 100 MB, ragged rows and formulas, a list where every
// row is invalid, a header with nothing under it.  Each answer is a 4xx with
// a clear message, nothing is half-imported, and the server stays up.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertError, makeId, cli, hasHan } from './helpers.mjs';

let server;
let admin; let hecha;
const tmp = mkdtempSync(join(tmpdir(), 'fk-lists-bad-'));
let seq = 1;
const newId = (birth = '19850101') => makeId('110105', birth, seq++ * 2 + 1);

const py = (code, args = [], input) =>
  execFileSync('/usr/bin/python3', ['-c', code, ...args], { input, maxBuffer: 1 << 27 });
function readXlsx(path) {
  return JSON.parse(py(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print(json.dumps([{'name': ws.title, 'rows': [[{'v': c.value, 't': c.data_type} for c in r] for r in ws.iter_rows()]}
                  for ws in wb.worksheets], ensure_ascii=False, default=str))
`, [path]).toString());
}
const csv = (rows) => rows.map((r) => r.join(',')).join('\n') + '\n';
const upload = (c, body, q = {}, h = {}) => c.post('/api/v1/lists/uploads?' + new URLSearchParams(q),
  Buffer.isBuffer(body) ? body : Buffer.from(body), { 'content-type': 'application/octet-stream', ...h });
const total = async (path) => (await admin.get(path + '?per_page=1')).body.total;
const counts = async () => ({
  lists: await total('/api/v1/lists'), persons: await total('/api/v1/persons'), tasks: await total('/api/v1/tasks'),
});
// A 4xx with a stable code and a Chinese message, and the server still up.
async function refused(r, status, code) {
  const e = assertError(r, status, code);
  assert.ok(hasHan(e.message), e.message);
  assert.equal((await server.client().get('/healthz')).status, 200);
  return e;
}

before(async () => {
  server = await startServer({ demo: false }); // no villages, no staff: only admin imports
  admin = await server.login();
  hecha = admin;
});
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await server.stop();
});

test('an empty file, or one of blank lines, is refused with a clear message', async () => {
  await refused(await upload(hecha, Buffer.alloc(0), { filename: 'a.csv' }), 422, 'empty');
  const blank = await upload(hecha, '\n\n,,,\n\r\n', { filename: 'a.csv' });
  assert.equal(blank.status, 422, blank.text);
  assert.ok(['empty', 'no_header'].includes(blank.body.error.code), blank.text);
  const path = join(tmp, 'empty.csv');
  writeFileSync(path, '');
  const r = cli(['import', 'list', path, '--db', server.dbPath]);
  assert.equal(r.code, 1);
  assert.ok(hasHan(r.stderr));
});

test('no recognisable header: the message names the expected headers and what the file has', async () => {
  const file = csv([['人员清单', '', ''], ['编号', '人员', '号码'], ['1', '张三', '13800138000']]);
  const e = await refused(await upload(hecha, file, { filename: 'x.csv' }), 422, 'no_header');
  for (const s of ['姓名', '身份证号', '联系电话', '第1行', '人员清单', '第2行', '编号、人员、号码']) {
    assert.ok(e.message.includes(s), `${s} in ${e.message}`);
  }
  const en = await upload(hecha, file, { filename: 'x.csv' }, { 'accept-language': 'en' });
  assert.equal(en.status, 422);
  assert.match(en.body.error.message, /header/i);
  assert.match(en.body.error.message, /编号、人员、号码/);
  // a header of only secondary columns is no header either
  const e2 = await refused(await upload(hecha, csv([['联系电话', '现住址'], ['13800138000', '沙涌']])), 422, 'no_header');
  assert.match(e2.message, /联系电话、现住址/);
});

test('mixed encodings, disguised and corrupt files: 4xx with the reason', async () => {
  const gbk = py('import sys; sys.stdout.buffer.write("张三,".encode("gb18030"))');
  const mixed = Buffer.concat([Buffer.from('里水镇重点人员协查名单\n姓名,身份证号\n'), gbk,
    Buffer.from(newId() + '\n李四,' + newId() + '\n')]);
  await refused(await upload(hecha, mixed, { filename: 'm.csv' }), 422, 'encoding');
  const html = '<html><head><meta charset="utf-8"></head><body><table><tr><td>姓名</td></tr></table></body></html>';
  await refused(await upload(hecha, html, { filename: 'list.xls' }), 422, 'format');
  const pdf = Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(4096, 0xe2)]);
  await refused(await upload(hecha, pdf, { filename: 'list.xlsx' }), 422, 'format');
  const junkZip = Buffer.concat([Buffer.from('PK\x03\x04\x14\x00\x00\x00\x08\x00'), Buffer.alloc(3000, 0x5a)]);
  const z = await upload(hecha, junkZip, { filename: 'list.xlsx' });
  assert.ok(z.status === 422 || z.status === 413, z.text);
  assert.equal(z.body.error.code, 'corrupt', z.text);
  // a real workbook cut in half
  const whole = py(`
import io, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['姓名', '身份证号'])
for i in range(300): ws.append(['人%d' % i, 'x' * 18])
b = io.BytesIO(); wb.save(b); sys.stdout.buffer.write(b.getvalue())`);
  await refused(await upload(hecha, whole.subarray(0, whole.length >> 1), { filename: 'half.xlsx' }), 422, 'corrupt');
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(4096, 0)]);
  const o = await upload(hecha, ole, { filename: 'old.xls' });
  assert.equal(o.status, 422, o.text);
  assert.ok(['corrupt', 'encrypted', 'format'].includes(o.body.error.code), o.text);
  assert.ok(hasHan(o.body.error.message));
});

test('zip bombs: too many entries, and a sheet inflating far beyond its declared size', async () => {
  const many = py(`
import io, sys, zipfile
b = io.BytesIO()
z = zipfile.ZipFile(b, 'w', zipfile.ZIP_STORED)
for i in range(10001): z.writestr('x/%d' % i, b'')
z.close(); sys.stdout.buffer.write(b.getvalue())`);
  const e = await refused(await upload(hecha, many, { filename: 'many.xlsx' }), 413, 'zip_bomb');
  assert.match(e.message, /压缩/);
  const liar = py(`
import io, struct, sys, zipfile, openpyxl
wb = openpyxl.Workbook(); ws = wb.active
ws.append(['姓名', '身份证号']); ws.append(['张三', '110105198501010013'])
src = io.BytesIO(); wb.save(src); src = zipfile.ZipFile(src)
out = io.BytesIO(); z = zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED)
name = 'xl/worksheets/sheet1.xml'
for i in src.infolist():
    data = src.read(i.filename)
    if i.filename == name:
        data = data.replace(b'<sheetData>', b'<sheetData>' + b' ' * (48 << 20), 1)
    z.writestr(i.filename, data)
z.close()
raw = bytearray(out.getvalue())
info = zipfile.ZipFile(io.BytesIO(bytes(raw))).getinfo(name)
struct.pack_into('<I', raw, info.header_offset + 22, 4096)
pos = raw.find(b'PK\\x01\\x02')
while pos >= 0:
    n = struct.unpack_from('<H', raw, pos + 28)[0]
    if bytes(raw[pos + 46:pos + 46 + n]) == name.encode():
        struct.pack_into('<I', raw, pos + 24, 4096)
    pos = raw.find(b'PK\\x01\\x02', pos + 4)
sys.stdout.buffer.write(bytes(raw))`);
  assert.ok(liar.length < 1 << 20, 'small on the wire');
  const r = await upload(hecha, liar, { filename: 'liar.xlsx' });
  assert.ok(r.status === 413 || r.status === 422, r.text);
  assert.ok(['zip_bomb', 'corrupt'].includes(r.body.error.code), r.text);
  assert.ok(hasHan(r.body.error.message));
  assert.equal((await server.client().get('/healthz')).status, 200);
});

test('a body over 100 MB is 413 and the server stays up', async () => {
  const before0 = await counts();
  const big = Buffer.alloc((100 << 20) + (1 << 20), 0x41);
  const r = await upload(hecha, big, { filename: 'big.csv' });
  await refused(r, 413, 'body_too_large');
  assert.equal((await server.client().get('/healthz')).status, 200);
  assert.deepEqual(await counts(), before0);
  const ok = await upload(hecha, csv([['姓名', '身份证号'], ['张三', newId()]]), { filename: 'after.csv' });
  assert.equal(ok.status, 200, 'uploads still work');
});

test('ragged rows and formulas: imported as text, the feedback columns still line up', async () => {
  const file = csv([
    ['姓名', '身份证号', '联系电话', '备注'],
    ['甲一', newId('19600101')],
    ['乙二', newId('19600202'), '13800000001', '=1+2', '多出来的', '=HYPERLINK("http://x")'],
    ['丙三', newId('19600303'), '13800000002', '@SUM(A1:A9)'],
  ]);
  const u = await upload(hecha, file, { filename: 'ragged.csv' });
  assert.equal(u.status, 200, u.text);
  assert.deepEqual(u.body.counts, { rows: 3, accepted: 3, rejected: 0, doubtful: 0, duplicates: 0 });
  assert.equal(u.body.samples[1].cells[3], '=1+2');
  const c = await hecha.post('/api/v1/lists', { upload_id: u.body.upload_id, source: '参差测试' });
  assert.equal(c.status, 201, c.text);
  const res = await fetch(`${server.url}/api/v1/lists/${c.body.list_id}/feedback.xlsx`, { headers: { cookie: hecha.cookie } });
  assert.equal(res.status, 200);
  const path = join(tmp, 'ragged.xlsx');
  writeFileSync(path, Buffer.from(await res.arrayBuffer()));
  const rows = readXlsx(path)[0].rows;
  assert.deepEqual(rows[0].map((x) => x.v), ['姓名', '身份证号', '联系电话', '备注', '核查结果', '管控措施', '核查人', '核查时间', '核查备注']);
  for (const r of rows.slice(1)) assert.equal(r[4].v, '未核查', JSON.stringify(r));
  assert.equal(rows[2][3].v, '=1+2');
  assert.equal(rows[2][3].t, 's', 'a formula in a list stays text in the feedback');
  assert.equal(rows[3][3].v, '@SUM(A1:A9)');
  assert.ok(rows.every((r) => r.every((x) => x.t !== 'f')));
});

test('every row invalid: 422 and nothing imported, even with accept_partial', async () => {
  const file = csv([
    ['里水镇重点人员协查名单', '', ''],
    ['姓名', '身份证号', '联系电话'],
    ['甲', '4.40605E+17', '13800000001'],
    ['', newId(), '13800000002'],
    ['丙', '11010519850101001', '13800000003'],
  ]);
  const u = await upload(hecha, file, { filename: 'allbad.csv' });
  assert.equal(u.status, 200, u.text);
  assert.deepEqual(u.body.counts, { rows: 3, accepted: 0, rejected: 3, doubtful: 0, duplicates: 0 });
  assert.deepEqual(u.body.problems.map((p) => [p.row, p.column, p.code]),
    [[3, 'B', 'id_excel'], [4, 'A', 'name_required'], [5, 'B', 'id_length']]);
  const before0 = await counts();
  const e = assertError(await hecha.post('/api/v1/lists', { upload_id: u.body.upload_id, source: '全错' }), 422, 'rows_rejected');
  assert.match(e.message, /所有行/);
  assert.equal(e.problems.length, 3);
  const p = assertError(await hecha.post('/api/v1/lists', { upload_id: u.body.upload_id, source: '全错', accept_partial: true }), 422, 'rows_rejected');
  assert.equal(p.counts.accepted, 0);
  assert.deepEqual(await counts(), before0);
  const path = join(tmp, 'allbad.csv');
  writeFileSync(path, file);
  const r = cli(['import', 'list', path, '--db', server.dbPath, '--accept-partial', '--json']);
  assert.equal(r.code, 3, r.stderr);
  assert.deepEqual(await counts(), before0);
});

test('a header with nothing under it is not a list', async () => {
  const u = await upload(hecha, csv([['标题', ''], ['姓名', '身份证号'], ['注：无', '']]), { filename: 'hdr.csv' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.header_row, 2);
  assert.equal(u.body.counts.rows, 0);
  const before0 = await counts();
  const e = await refused(await hecha.post('/api/v1/lists', { upload_id: u.body.upload_id, source: '空表' }), 422, 'no_rows');
  assert.equal(e.row, 2);
  assert.deepEqual(await counts(), before0);
});
