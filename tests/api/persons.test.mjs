// The people registry: validation of ID numbers and phones, duplicates,
// masking, audited reveal, search (pinyin initials, number fragments),
// pagination, update and merge.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, hasHan, makeId, wrongCheck, checkChar } from './helpers.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ persons: 300 });
  admin = await server.login();
});
after(async () => { await server.stop(); });

const MASKED_ID = /^\d{6}\*{8}\d{3}[\dX]$/;
const MASKED_MOBILE = /^1\d{2}\*{4}\d{4}$/;
const fullWidth = (s) => s.replace(/[0-9]/g, (d) => String.fromCharCode(0xff10 + Number(d)));

async function create(body, c = admin) {
  return c.post('/api/v1/persons', body);
}

test('create with a valid ID derives sex and birth date and masks the answer', async () => {
  const id = makeId('440605', '19850312', 124); // even 17th digit: female
  const r = await create({ name: '  黄晓玲 ', doc_number: id, phone: '13912345678', address: '里水镇沙涌村' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.name, '黄晓玲');
  assert.equal(r.body.sex, 2);
  assert.equal(r.body.birth_date, '1985-03-12');
  assert.equal(r.body.doc_type, 'id_card');
  assert.equal(r.body.doc_type_label, '居民身份证');
  assert.equal(r.body.doc_number, `440605********${id.slice(14)}`);
  assert.equal(r.body.phone, '139****5678');
  assert.equal(r.body.masked, true);
  assert.deepEqual(r.body.warnings, []);
  assert.equal(r.body.source, '自排发现');
  const male = makeId('440605', '19700101', 135);
  const m = await create({ name: '黄晓明', doc_number: male });
  assert.equal(m.status, 201);
  assert.equal(m.body.sex, 1);
  assert.equal(m.body.birth_date, '1970-01-01');
});

test('full-width digits, spaces and a lowercase x are normalised', async () => {
  let seq = 100;
  let id;
  do { id = makeId('440605', '19920815', seq++); } while (id[17] !== 'X');
  const typed = fullWidth(id.slice(0, 6)) + ' ' + id.slice(6, 14) + ' ' + id.slice(14, 17) + 'x';
  const r = await create({ name: '全角', doc_number: typed });
  assert.equal(r.status, 201, r.text);
  const rv = await admin.post(`/api/v1/persons/${r.body.id}/reveal`);
  assert.equal(rv.body.doc_number, id);
});

test('invalid IDs are 422 on doc_number with a distinct code per rule', async () => {
  const good = makeId('440605', '19850312', 126);
  const cases = {
    id_length: good.slice(0, 17),
    id_date: makeId('440605', '19851332', 126),
    id_checksum: wrongCheck(good),
    id_excel: '4.40524E+17',
  };
  const messages = new Set();
  for (const [code, doc] of Object.entries(cases)) {
    const r = await create({ name: '错号', doc_number: doc });
    const e = assertError(r, 422, code, 'doc_number');
    assert.ok(hasHan(e.message), `${code}: ${e.message}`);
    messages.add(e.message);
  }
  assert.equal(messages.size, 4, 'each rule has its own message');
  // more of each kind
  assertError(await create({ name: '错号', doc_number: good + '1' }), 422, 'id_length', 'doc_number');
  assertError(await create({ name: '错号', doc_number: makeId('440605', '20990101', 126) }), 422, 'id_date', 'doc_number');
  assertError(await create({ name: '错号', doc_number: makeId('440605', '19900229', 126) }), 422, 'id_date', 'doc_number');
  assertError(await create({ name: '错号', doc_number: '4.40524e17' }), 422, 'id_excel', 'doc_number');
  assertError(await create({ name: '错号', doc_number: '44060519850312A126' }), 422, 'id_chars', 'doc_number');
  // Excel's "…000" ending on an 18-digit number whose check does not fit
  let seq = 0;
  let z;
  do { z = `440605198503${String(10 + seq++).padStart(2, '0')}0000`; } while (checkChar(z) === '0');
  assertError(await create({ name: '错号', doc_number: z }), 422, 'id_excel', 'doc_number');
  // English messages
  const en = await admin.post('/api/v1/persons', { name: 'x', doc_number: cases.id_checksum }, { 'accept-language': 'en' });
  assert.match(assertError(en, 422, 'id_checksum', 'doc_number').message, /check character/);
  const en2 = await admin.post('/api/v1/persons', { name: 'x', doc_number: cases.id_length }, { 'accept-language': 'en' });
  assert.match(assertError(en2, 422, 'id_length', 'doc_number').message, /18 characters/);
});

test('a 15-digit ID is upgraded to 18 digits', async () => {
  const old = '440605850312133';
  const r = await create({ name: '旧证', doc_number: old });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.birth_date, '1985-03-12');
  assert.equal(r.body.sex, 1);
  const first17 = '44060519850312133';
  const full = first17 + checkChar(first17);
  assert.equal(r.body.doc_number, `440605********${full.slice(14)}`);
  const rv = await admin.post(`/api/v1/persons/${r.body.id}/reveal`);
  assert.equal(rv.body.doc_number, full);
  // the 18-digit form of the same card is a duplicate
  const d = await create({ name: '旧证', doc_number: full });
  assertError(d, 409, 'duplicate_doc', 'doc_number');
  assert.equal(d.body.error.existing_id, r.body.id);
});

test('an unknown region code is accepted with a warning', async () => {
  const id = makeId('990101', '19900101', 111);
  const r = await create({ name: '地区未知', doc_number: id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.warnings.length, 1);
  assert.equal(r.body.warnings[0].code, 'id_region_unknown');
  assert.ok(hasHan(r.body.warnings[0].message));
  assert.equal(r.body.birth_date, '1990-01-01');
});

test('the same document number twice is 409 with the existing id', async () => {
  const id = makeId('440605', '19660606', 157);
  const a = await create({ name: '张三', doc_number: id });
  assert.equal(a.status, 201);
  const b = await create({ name: '张三丰', doc_number: id });
  const e = assertError(b, 409, 'duplicate_doc', 'doc_number');
  assert.equal(e.existing_id, a.body.id);
  assert.ok(hasHan(e.message));
  // changing another person's number to it is a conflict too
  const c = await create({ name: '李四', doc_number: makeId('440605', '19660607', 157) });
  const u = await admin.patch(`/api/v1/persons/${c.body.id}`, { doc_number: id });
  assert.equal(assertError(u, 409, 'duplicate_doc', 'doc_number').existing_id, a.body.id);
  // the same passport number is a different document from an ID
  const p = await create({ name: '护照', doc_type: 'passport', doc_number: 'E12345678' });
  assert.equal(p.status, 201, p.text);
  assert.equal(p.body.doc_number, 'E1*****78');
  assert.equal(p.body.doc_type_label, '护照');
  assertError(await create({ name: '护照2', doc_type: '护照', doc_number: 'e12345678' }), 409, 'duplicate_doc');
});

test('sex and birth date must agree with the ID', async () => {
  const id = makeId('440605', '19850312', 128); // female
  assertError(await create({ name: '不符', doc_number: id, sex: 1 }), 422, 'sex_mismatch', 'sex');
  assertError(await create({ name: '不符', doc_number: id, birth_date: '1985-03-13' }), 422, 'birth_mismatch', 'birth_date');
  assertError(await create({ name: '不符', sex: 3 }), 422, 'sex', 'sex');
  assertError(await create({ name: '不符', birth_date: '1985-02-30' }), 422, 'date', 'birth_date');
  assertError(await create({ doc_number: id }), 422, 'name_required', 'name');
  assertError(await create({ name: '   ' }), 422, 'name_required', 'name');
  assertError(await create({ name: '长'.repeat(51) }), 422, 'name_too_long', 'name');
  assertError(await create({ name: 'x', doc_type: 'driving_licence', doc_number: 'AB1234' }), 422, 'doc_type', 'doc_type');
  assertError(await create({ name: 'x', doc_type: 'passport', doc_number: 'E1!' }), 422, 'doc_number', 'doc_number');
  assertError(await create({ name: 'x', source: '路边捡到' }), 422, 'source', 'source');
});

test('a birth date after today or before 1900 is refused for every document type', async () => {
  const tomorrow = new Date(Date.now() + 2 * 86400e3).toISOString().slice(0, 10);
  const docs = [
    ['passport', 'E98765432'], ['hk_macao_permit', 'C12345678'], ['taiwan_permit', 'T1234567'],
    ['hk_macao_residence', '810000199001010011'], ['taiwan_residence', '830000199001010017'], ['other', 'JG20200001'],
  ];
  for (const [doc_type, doc_number] of docs) {
    for (const birth_date of ['2030-01-01', tomorrow]) {
      const e = assertError(await create({ name: '未来', doc_type, doc_number, birth_date }), 422, 'birth_future', 'birth_date');
      assert.equal(e.message, '出生日期不能晚于今天');
    }
    const e = assertError(await create({ name: '太早', doc_type, doc_number, birth_date: '1899-12-31' }), 422, 'birth_early', 'birth_date');
    assert.equal(e.message, '出生日期不能早于 1900-01-01');
  }
  assertError(await create({ name: '未来', birth_date: '2030-05-05' }), 422, 'birth_future', 'birth_date');
  assertError(await create({ name: '未来', doc_number: makeId('440605', '19850312', 130), birth_date: '2030-05-05' }), 422, 'birth_future', 'birth_date');
  // the limits themselves, and an update
  const ok = await create({ name: '百岁', doc_type: 'passport', doc_number: 'E98765434', birth_date: '1900-01-01' });
  assert.equal(ok.status, 201, ok.text);
  assertError(await admin.patch(`/api/v1/persons/${ok.body.id}`, { birth_date: '2030-01-01' }), 422, 'birth_future', 'birth_date');
  const past = await admin.patch(`/api/v1/persons/${ok.body.id}`, { birth_date: new Date(Date.now() - 86400e3).toISOString().slice(0, 10) });
  assert.equal(past.status, 200, past.text);
  // an ID number carrying a date before 1900 (GB 11643's own example) still registers
  const old = await create({ name: '老证', doc_number: '440524188001010014', birth_date: '1880-01-01' });
  assert.equal(old.status, 201, old.text);
  assert.equal(old.body.birth_date, '1880-01-01');
});

test('phones are validated, normalised and masked', async () => {
  assertError(await create({ name: '电话', phone: '12345' }), 422, 'phone', 'phone');
  assertError(await create({ name: '电话', phone: '23812345678' }), 422, 'phone', 'phone');
  assertError(await create({ name: '电话', phone: '138123456789' }), 422, 'phone', 'phone');
  const m = await create({ name: '手机', phone: '+86 138-1234-5679' });
  assert.equal(m.status, 201, m.text);
  assert.equal(m.body.phone, '138****5679');
  assert.equal((await admin.post(`/api/v1/persons/${m.body.id}/reveal`)).body.phone, '13812345679');
  const l = await create({ name: '固话', phone: '(0757)86281234' });
  assert.equal(l.status, 201, l.text);
  assert.equal(l.body.phone, '0757-******34');
  assert.equal((await admin.post(`/api/v1/persons/${l.body.id}/reveal`)).body.phone, '0757-86281234');
  const f = await create({ name: '全角电话', phone: fullWidth('13912340000') });
  assert.equal(f.status, 201, f.text);
  assert.equal(f.body.phone, '139****0000');
});

test('list and get mask every ID and phone', async () => {
  const r = await admin.get('/api/v1/persons?per_page=100');
  assert.equal(r.status, 200);
  assert.equal(r.body.items.length, 100);
  for (const p of r.body.items) {
    assert.equal(p.masked, true);
    if (p.doc_type === 'id_card' && p.doc_number) assert.match(p.doc_number, MASKED_ID, `person ${p.id}`);
    if (p.phone && p.phone.startsWith('1')) assert.match(p.phone, MASKED_MOBILE, `person ${p.id}`);
    assert.doesNotMatch(r.text, /\d{17}[\dX]/);
  }
  const g = await admin.get('/api/v1/persons/2');
  assert.equal(g.body.name, '陈丽敏');
  assert.match(g.body.doc_number, MASKED_ID);
  assert.match(g.body.phone, MASKED_MOBILE);
  assert.doesNotMatch(g.text, /\d{17}[\dX]|1\d{10}/);
});

test('reveal returns the full values and writes an audit row', async () => {
  const before = await admin.get('/api/v1/audit?action=person.reveal');
  const g = await admin.get('/api/v1/persons/3');
  const rv = await admin.post('/api/v1/persons/3/reveal');
  assert.equal(rv.status, 200);
  assert.equal(rv.body.id, 3);
  assert.match(rv.body.doc_number, /^\d{17}[\dX]$/);
  assert.equal(rv.body.doc_number.slice(0, 6), g.body.doc_number.slice(0, 6));
  assert.equal(rv.body.doc_number.slice(14), g.body.doc_number.slice(14));
  assert.match(rv.body.phone, /^1\d{10}$/);
  assert.equal(rv.body.phone.slice(-4), g.body.phone.slice(-4));
  const au = await admin.get('/api/v1/audit?action=person.reveal');
  assert.equal(au.body.total, before.body.total + 1);
  const row = au.body.items[0];
  assert.equal(row.action, 'person.reveal');
  assert.equal(row.entity, 'person');
  assert.equal(row.entity_id, 3);
  assert.equal(row.username, 'admin');
  assert.equal(row.role, 'admin');
  assert.equal(row.addr, '127.0.0.1');
  assert.deepEqual(row.detail.fields, ['doc_number', 'phone']);
  // the audit log names the fields, never the values
  assert.ok(!JSON.stringify(au.body).includes(rv.body.doc_number));
  assert.ok(!JSON.stringify(au.body).includes(rv.body.phone));
  assert.equal(row.trace.length, 16);
  assertError(await admin.post('/api/v1/persons/999999/reveal'), 404, 'not_found');
});

test('pinyin initials: cjm finds 陈嘉敏, clm finds 陈丽敏', async () => {
  const cjm = await admin.get('/api/v1/persons?q=cjm&per_page=100');
  const names1 = cjm.body.items.map((p) => p.name);
  assert.ok(names1.includes('陈嘉敏'), names1.join(','));
  assert.ok(!names1.includes('陈丽敏'));
  assert.equal(cjm.body.total, cjm.body.items.length);
  const clm = await admin.get('/api/v1/persons?q=clm&per_page=100');
  const names2 = clm.body.items.map((p) => p.name);
  assert.ok(names2.includes('陈丽敏'), names2.join(','));
  assert.ok(!names2.includes('陈嘉敏'));
  const upper = await admin.get('/api/v1/persons?q=CLM&per_page=100');
  assert.deepEqual(upper.body.items.map((p) => p.id), clm.body.items.map((p) => p.id));
  // polyphonic characters match on any reading: 单 shan/dan, 曾 zeng/ceng
  for (const [q, name] of [['szh', '单志华'], ['dzh', '单志华'], ['zxd', '曾小单'], ['cxd', '曾小单'], ['zxs', '曾小单']]) {
    const r = await admin.get('/api/v1/persons?per_page=100&q=' + q);
    assert.ok(r.body.items.some((p) => p.name === name), `${q} finds ${name}`);
  }
  // by name, too
  const byName = await admin.get('/api/v1/persons?q=' + encodeURIComponent('嘉敏'));
  assert.ok(byName.body.items.some((p) => p.name === '陈嘉敏'));
  for (const p of byName.body.items) assert.ok(p.name.includes('嘉敏') || p.address.includes('嘉敏'));
});

test('search by ID fragment and phone fragment', async () => {
  const rv = await admin.post('/api/v1/persons/4/reveal');
  const idFrag = rv.body.doc_number.slice(6, 14);
  const r = await admin.get('/api/v1/persons?per_page=100&q=' + idFrag);
  assert.ok(r.body.items.some((p) => p.id === 4), `ID fragment ${idFrag}`);
  assert.ok(r.body.total < 50, 'a fragment narrows the list');
  const phFrag = rv.body.phone.slice(3);
  const p = await admin.get('/api/v1/persons?per_page=100&q=' + phFrag);
  assert.ok(p.body.items.some((x) => x.id === 4), `phone fragment ${phFrag}`);
  assert.ok(p.body.total < 10);
  const none = await admin.get('/api/v1/persons?q=00000000000');
  assert.equal(none.body.total, 0);
  assert.deepEqual(none.body.items, []);
});

test('pagination: totals, pages, bounds', async () => {
  const p1 = await admin.get('/api/v1/persons?per_page=7&page=1');
  const p2 = await admin.get('/api/v1/persons?per_page=7&page=2');
  assert.equal(p1.body.items.length, 7);
  assert.equal(p2.body.items.length, 7);
  assert.equal(p1.body.total, p2.body.total);
  assert.ok(p1.body.total >= 300);
  const ids1 = new Set(p1.body.items.map((p) => p.id));
  assert.ok(!p2.body.items.some((p) => ids1.has(p.id)), 'pages do not overlap');
  const def = await admin.get('/api/v1/persons');
  assert.equal(def.body.items.length, 20);
  const lastPage = Math.ceil(p1.body.total / 7);
  const last = await admin.get(`/api/v1/persons?per_page=7&page=${lastPage}`);
  assert.equal(last.body.items.length, p1.body.total - 7 * (lastPage - 1));
  const beyond = await admin.get(`/api/v1/persons?per_page=7&page=${lastPage + 1}`);
  assert.equal(beyond.status, 200);
  assert.deepEqual(beyond.body.items, []);
  assert.equal(beyond.body.total, p1.body.total);
  assertError(await admin.get('/api/v1/persons?per_page=501'), 400, 'bad_query', 'per_page');
  assertError(await admin.get('/api/v1/persons?page=0'), 400, 'bad_query', 'page');
  assertError(await admin.get('/api/v1/persons?page=abc'), 400, 'bad_query', 'page');
  assertError(await admin.get('/api/v1/persons?village=-1'), 400, 'bad_query', 'village');
  // sorting
  const byName = await admin.get('/api/v1/persons?sort=name&per_page=50');
  // pinyin order: by the initials key, then the name
  const keys = byName.body.items.map((p) => [p.name_py, p.name]);
  const cmp = (a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0);
  assert.ok(keys.every((k) => typeof k[0] === 'string'));
  assert.deepEqual(keys, [...keys].sort(cmp));
  const oldest = await admin.get('/api/v1/persons?sort=created_at&per_page=3');
  assert.deepEqual(oldest.body.items.map((p) => p.id), [1, 2, 3]);
});

test('update changes fields, validates, and audits field names only', async () => {
  const c = await create({ name: '待修改', phone: '13700000001' });
  let r = await admin.patch(`/api/v1/persons/${c.body.id}`, { address: '里水镇新地址8号', phone: '13700000002' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.address, '里水镇新地址8号');
  assert.equal(r.body.phone, '137****0002');
  assert.equal(r.body.name, '待修改');
  assertError(await admin.patch(`/api/v1/persons/${c.body.id}`, { doc_number: '123' }), 422, 'id_length', 'doc_number');
  assertError(await admin.patch(`/api/v1/persons/${c.body.id}`, { village_id: 99999 }), 422, 'village', 'village_id');
  assertError(await admin.patch('/api/v1/persons/999999', { notes: 'x' }), 404, 'not_found');
  const au = await admin.get(`/api/v1/audit?action=person.update&q=${c.body.id}`);
  const row = au.body.items.find((a) => a.entity_id === c.body.id);
  assert.deepEqual([...row.detail.fields].sort(), ['address', 'phone']);
  assert.ok(!JSON.stringify(row).includes('13700000002'));
});

test('update checks sex, birth date and a new document type against the stored number', async () => {
  const id = makeId('440605', '19880808', 182); // female
  const c = await create({ name: '核对', doc_number: id });
  assert.equal(c.status, 201);
  assertError(await admin.patch(`/api/v1/persons/${c.body.id}`, { sex: 1 }), 422, 'sex_mismatch', 'sex');
  assertError(await admin.patch(`/api/v1/persons/${c.body.id}`, { birth_date: '1999-01-01' }), 422, 'birth_mismatch', 'birth_date');
  let g = await admin.get(`/api/v1/persons/${c.body.id}`);
  assert.equal(g.body.sex, 2);
  assert.equal(g.body.birth_date, '1988-08-08');
  // a passport number does not become an ID number by changing the type
  const p = await create({ name: '护照改类型', doc_type: 'passport', doc_number: 'G87654321' });
  assert.equal(p.status, 201);
  assertError(await admin.patch(`/api/v1/persons/${p.body.id}`, { doc_type: 'id_card' }), 422, 'id_chars', 'doc_number');
  g = await admin.get(`/api/v1/persons/${p.body.id}`);
  assert.equal(g.body.doc_type, 'passport');
  // changing type and number together works
  const newId = makeId('440605', '19900909', 193);
  const u = await admin.patch(`/api/v1/persons/${p.body.id}`, { doc_type: 'id_card', doc_number: newId });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.doc_type, 'id_card');
  assert.equal(u.body.birth_date, '1990-09-09');
  assert.equal(u.body.sex, 1);
});

test('merge: admin and verifier merge duplicates, audited', async () => {
  const a = await create({ name: '合并甲', address: '沙涌村1号' });
  const id = makeId('440605', '19771111', 171);
  const b = await create({ name: '合并甲', doc_number: id, phone: '13600000001' });
  let r = await admin.post('/api/v1/persons/merge', { into_id: a.body.id, from_id: b.body.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, a.body.id);
  assert.equal(r.body.address, '沙涌村1号');
  assert.equal(r.body.phone, '136****0001');
  assert.equal(r.body.birth_date, '1977-11-11');
  const rv = await admin.post(`/api/v1/persons/${a.body.id}/reveal`);
  assert.equal(rv.body.doc_number, id);
  assertError(await admin.get(`/api/v1/persons/${b.body.id}`), 404, 'not_found');
  // the number now belongs to the merged person
  const dup = await create({ name: '合并甲', doc_number: id });
  assert.equal(assertError(dup, 409, 'duplicate_doc').existing_id, a.body.id);
  const au = await admin.get('/api/v1/audit?action=person.merge');
  const row = au.body.items[0];
  assert.equal(row.entity_id, a.body.id);
  assert.equal(row.detail.merged_from, b.body.id);
  assert.ok(row.detail.fields.includes('doc_number'));
  // errors
  assertError(await admin.post('/api/v1/persons/merge', { into_id: a.body.id, from_id: a.body.id }), 422, 'merge_same', 'from_id');
  // merging the merged person again: refused, and not as "into itself"
  const again = await admin.post('/api/v1/persons/merge', { into_id: a.body.id, from_id: b.body.id });
  assert.ok(hasHan(assertError(again, 409, 'already_merged', 'from_id').message));
  assertError(await admin.post('/api/v1/persons/merge', { into_id: b.body.id, from_id: a.body.id }), 409, 'already_merged');
  assertError(await admin.post('/api/v1/persons/merge', { into_id: a.body.id, from_id: 999999 }), 404, 'not_found');
  assertError(await admin.post('/api/v1/persons/merge', { into_id: a.body.id }), 422, 'invalid', 'from_id');
  assertError(await admin.post('/api/v1/persons/merge', { into_id: 'x', from_id: 1 }), 400, 'type_integer', 'into_id');
  // a verifier may merge
  const v = await server.login('hecha1');
  const c = await create({ name: '合并乙' });
  const d = await create({ name: '合并乙', phone: '13600000002' });
  r = await v.post('/api/v1/persons/merge', { into_id: c.body.id, from_id: d.body.id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.phone, '136****0002');
  const au2 = await admin.get('/api/v1/audit?action=person.merge');
  assert.equal(au2.body.items[0].username, 'hecha1');
  assert.equal(au2.body.items[0].role, 'verifier');
});

test('the form check endpoint validates without storing', async () => {
  const before = (await admin.get('/api/v1/persons?per_page=1')).body.total;
  const id = makeId('440605', '20010203', 142);
  let r = await admin.post('/api/v1/persons/check', { doc_number: id, phone: '138 0000 1111' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.ok, true);
  assert.equal(r.body.sex, 2);
  assert.equal(r.body.birth_date, '2001-02-03');
  assert.equal(r.body.phone, '13800001111');
  r = await admin.post('/api/v1/persons/check', { doc_number: wrongCheck(id) });
  assertError(r, 422, 'id_checksum', 'doc_number');
  assert.equal((await admin.get('/api/v1/persons?per_page=1')).body.total, before);
});
