// Joint road checkpoints (issue 6), the screening entry through the API:
// checkpoints CRUD (admin only), a checkpoint user screens only at their own
// checkpoint, idempotent retries by client id (and a replayed id with other
// content refused), 200 concurrent entries stored exactly once, plate /
// temperature / result validation, role denials.
// The server's clock is pinned: FANGKONG_NOW = 2020-02-10 20:00 (UTC+8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer, assertError, clientId } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 20:00');
const PW = 'Fangkong#2020';

let server;
let admin; let kakou; let kakouFree; let commander; let viewer; let cun;
let cp1; let cp2; let villageA;
const cid = (p = 'e') => clientId(p);

async function user(username, role, extra = {}) {
  const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...extra });
  assert.equal(r.status, 201, r.text);
  return server.login(username, PW);
}

const screen = (c, body = {}) => c.post('/api/v1/screenings', {
  client_id: cid(), plate: '粤A12345', vehicle_type: '小客车', origin: '广东佛山', persons: [{ temp: 36.5 }], ...body,
});

// Screenings of a date as the admin sees them (all checkpoints).
async function listed(q = '') {
  const r = await admin.get(`/api/v1/screenings?date=2020-02-10&per_page=100${q}`);
  assert.equal(r.status, 200, r.text);
  return r.body;
}

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login();
  villageA = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  const a = await admin.post('/api/v1/checkpoints', { name: '和顺检疫点', location: '和顺大道与广佛公路交界', type: '公路卡口' });
  const b = await admin.post('/api/v1/checkpoints', { name: '里水高速出口检疫点', location: '广佛肇高速里水出口', type: '高速出口' });
  assert.equal(a.status, 201, a.text);
  assert.equal(b.status, 201, b.text);
  cp1 = a.body.id; cp2 = b.body.id;
  kakou = await user('kakou', 'checkpoint', { checkpoint_id: cp1 });
  // an account left without a checkpoint (made before the binding was
  // required): the server no longer creates one, so unbind it in the file
  const free = await admin.post('/api/v1/users', { username: 'kakou_free', name: 'kakou_free', password: PW, role: 'checkpoint', checkpoint_id: cp2 });
  assert.equal(free.status, 201, free.text);
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.dbPath, "UPDATE users SET checkpoint_id=NULL WHERE username='kakou_free'"]);
  kakouFree = await server.login('kakou_free', PW);
  const renamed = await admin.patch(`/api/v1/users/${free.body.id}`, { name: '未绑定检疫员' });
  assert.equal(renamed.status, 200, 'an unbound account can still be renamed: ' + renamed.text);
  assert.equal(renamed.body.checkpoint_id, null);
  commander = await user('zhb', 'commander');
  viewer = await user('ld', 'viewer');
  cun = await user('cun_a', 'village', { village_id: villageA });
});
after(async () => { await server.stop(); });

test('checkpoints: the admin creates, lists and edits them; bad input and duplicates are refused', async () => {
  const c = await admin.post('/api/v1/checkpoints', { name: ' 沙涌路口检疫点 ', location: '沙涌社区振兴路口', type: '公路卡口' });
  assert.equal(c.status, 201, c.text);
  assert.deepEqual(c.body, { id: c.body.id, name: '沙涌路口检疫点', location: '沙涌社区振兴路口', type: '公路卡口', active: true });
  // the type defaults to 公路卡口; every listed type is accepted
  const d = await admin.post('/api/v1/checkpoints', { name: '里水客运站' });
  assert.equal(d.status, 201, d.text);
  assert.equal(d.body.type, '公路卡口');
  for (const type of ['火车站', '客运站', '其他', '高速出口']) {
    const r = await admin.patch(`/api/v1/checkpoints/${d.body.id}`, { type });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.type, type);
  }
  assertError(await admin.post('/api/v1/checkpoints', { name: '机场', type: '机场' }), 422, 'cp_type', 'type');
  assertError(await admin.post('/api/v1/checkpoints', { location: '某处' }), 422, 'name_required', 'name');
  assertError(await admin.post('/api/v1/checkpoints', { name: '和顺检疫点' }), 409, 'cp_exists', 'name');
  assertError(await admin.patch(`/api/v1/checkpoints/${d.body.id}`, { name: '和顺检疫点' }), 409, 'cp_exists', 'name');
  assertError(await admin.patch('/api/v1/checkpoints/99999', { name: '无此' }), 404, 'not_found');
  // rename and deactivate: the list puts active ones first
  const e = await admin.patch(`/api/v1/checkpoints/${d.body.id}`, { name: '里水客运站检疫点', active: false });
  assert.equal(e.status, 200, e.text);
  assert.equal(e.body.name, '里水客运站检疫点');
  assert.equal(e.body.active, false);
  const l = await admin.get('/api/v1/checkpoints');
  assert.equal(l.status, 200);
  const names = l.body.items.map((x) => x.name);
  assert.ok(names.includes('沙涌路口检疫点') && names.includes('里水客运站检疫点'));
  assert.equal(names[names.length - 1], '里水客运站检疫点', 'inactive last');
  assert.equal(l.body.items.find((x) => x.name === '里水客运站检疫点').active, 0);
  // only the admin writes
  for (const c2 of [commander, kakou, viewer, cun]) {
    assert.equal((await c2.post('/api/v1/checkpoints', { name: '不许' })).status, 403);
    assert.equal((await c2.patch(`/api/v1/checkpoints/${cp1}`, { name: '不许' })).status, 403);
  }
  assert.equal((await admin.get('/api/v1/checkpoints')).body.total, l.body.total, 'nothing was added');
  // the commander, viewer and checkpoint user read the list; a village worker does not
  for (const c2 of [commander, viewer, kakou]) assert.equal((await c2.get('/api/v1/checkpoints')).status, 200);
  assert.equal((await cun.get('/api/v1/checkpoints')).status, 403);
});

test('a screening is stored with its persons, at the checkpoint user\'s own checkpoint', async () => {
  const r = await screen(kakou, {
    checkpoint_id: cp2, plate: '粤 e·3b7k9', origin: '湖北武汉', destination: '沙涌社区', village_id: villageA,
    persons: [
      { temp: 36.4, method: 'forehead' },
      { temp: '36.8', method: 'ear', name: '陈某', phone: '13800138000', result: '登记后放行', note: '返乡' },
    ],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.duplicate, false);
  assert.equal(r.body.checkpoint_id, cp1, 'bound to 和顺检疫点 whatever the body says');
  assert.equal(r.body.checkpoint_name, '和顺检疫点');
  assert.equal(r.body.plate, '粤E3B7K9');
  assert.equal(r.body.at, NOW);
  assert.equal(r.body.origin, '湖北武汉');
  assert.equal(r.body.destination, '沙涌社区');
  assert.equal(r.body.village_id, villageA);
  assert.equal(r.body.fevers, 0);
  assert.deepEqual(r.body.persons.map((p) => [p.temp, p.method, p.result, p.fever]),
    [[364, 'forehead', '放行', 0], [368, 'ear', '登记后放行', 0]]);
  assert.equal(r.body.persons[1].phone, '13800138000');
  // the admin enters for any checkpoint and must name one
  const a = await screen(admin, { checkpoint_id: cp2, plate: '无 车 牌' });
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.checkpoint_id, cp2);
  assert.equal(a.body.plate, '无车牌');
  assertError(await screen(admin, {}), 422, 'checkpoint', 'checkpoint_id');
  assertError(await screen(admin, { checkpoint_id: 9999 }), 422, 'checkpoint', 'checkpoint_id');
  // a pedestrian needs no plate
  const p = await screen(kakou, { vehicle_type: '行人', plate: undefined });
  assert.equal(p.status, 201, p.text);
  // the checkpoint user sees only their own checkpoint's entries, whatever they ask for
  const own = await kakou.get(`/api/v1/screenings?date=2020-02-10&checkpoint=${cp2}`);
  assert.equal(own.status, 200);
  assert.ok(own.body.total >= 2);
  assert.ok(own.body.items.every((x) => x.checkpoint_id === cp1), JSON.stringify(own.body.items));
  assert.ok(!own.body.items.some((x) => x.id === a.body.id));
  const all = await listed(`&checkpoint=${cp2}`);
  assert.ok(all.items.some((x) => x.id === a.body.id));
  // the stored row is counted as a vehicle of cp1, the pedestrian is not a vehicle
  const st = (await kakou.get('/api/v1/checkpoint/stats?date=2020-02-10')).body;
  const row = st.checkpoints.find((x) => x.checkpoint_id === cp1);
  assert.ok(row.persons >= 3 && row.vehicles >= 1);
  // a checkpoint account not bound to a checkpoint cannot enter
  assertError(await screen(kakouFree, { checkpoint_id: cp1 }), 403, 'no_checkpoint');
});

test('the same client id twice: the second answer is 200 duplicate:true and one row is stored', async () => {
  const id = cid('dup');
  const body = {
    client_id: id,
    plate: '粤B22222',
    origin: '湖北"武汉',
    persons: [{ temp: 36.6 }, { temp: 36.7, name: '李\\四', phone: '13800138000', result: '登记后放行', note: 'a"b\n' }],
  };
  const before = (await listed()).total;
  const a = await kakou.post('/api/v1/screenings', body);
  assert.equal(a.status, 201, a.text);
  assert.equal(a.body.duplicate, false);
  const b = await kakou.post('/api/v1/screenings', body);
  assert.equal(b.status, 200, b.text);
  assert.equal(b.body.duplicate, true);
  assert.equal(b.body.id, a.body.id);
  assert.deepEqual({ ...b.body, duplicate: false }, a.body, 'the stored record comes back');
  // the 201 is written from what was inserted, the 200 read back: the same bytes
  assert.equal(b.text.replace('"duplicate":true', '"duplicate":false'), a.text);
  // a later retry that states the time is still the same entry
  const c = await kakou.post('/api/v1/screenings', { ...body, at: a.body.at, plate: '粤B·22222' });
  assert.equal(c.status, 200, c.text);
  assert.equal(c.body.id, a.body.id);
  const l = await listed();
  assert.equal(l.total, before + 1);
  assert.equal(l.items.filter((x) => x.plate === '粤B22222').length, 1);
});

test('a replayed client id with different content is refused with 409; the first one stands', async () => {
  const id = cid('replay');
  const a = await kakou.post('/api/v1/screenings', { client_id: id, plate: '粤B33333', persons: [{ temp: 36.6 }] });
  assert.equal(a.status, 201, a.text);
  const before = (await listed()).total;
  for (const other of [
    { plate: '粤B33334', persons: [{ temp: 36.6 }] },
    { plate: '粤B33333', persons: [{ temp: 36.9 }] },
    { plate: '粤B33333', persons: [{ temp: 36.6 }, { temp: 36.6 }] },
    { plate: '粤B33333', persons: [{ temp: 36.6 }], at: NOW - 3600 },
  ]) {
    const r = await kakou.post('/api/v1/screenings', { client_id: id, ...other });
    assertError(r, 409, 'client_id_reused', 'client_id');
  }
  assert.equal((await listed()).total, before);
  const first = (await listed()).items.find((x) => x.id === a.body.id);
  assert.equal(first.plate, '粤B33333');
  assert.equal(first.persons, 1);
});

test('200 concurrent entries with distinct ids are each stored exactly once; concurrent retries of one id store one', async () => {
  const before = (await listed(`&checkpoint=${cp1}`)).total;
  const ids = Array.from({ length: 200 }, (_, i) => cid(`conc${i}`));
  const rs = await Promise.all(ids.map((id, i) => kakou.post('/api/v1/screenings', {
    client_id: id, plate: `粤C${String(10000 + i)}`, persons: [{ temp: 36.0 + (i % 9) / 10 }],
  })));
  assert.deepEqual(rs.map((r) => r.status), ids.map(() => 201), rs.find((r) => r.status !== 201)?.text);
  assert.equal(new Set(rs.map((r) => r.body.id)).size, 200);
  // the same 200 again, concurrently: all duplicates, nothing new
  const again = await Promise.all(ids.map((id, i) => kakou.post('/api/v1/screenings', {
    client_id: id, plate: `粤C${String(10000 + i)}`, persons: [{ temp: 36.0 + (i % 9) / 10 }],
  })));
  assert.ok(again.every((r) => r.status === 200 && r.body.duplicate === true), again.find((r) => r.status !== 200)?.text);
  assert.deepEqual(again.map((r) => r.body.id), rs.map((r) => r.body.id));
  // one id sent 20 times at once (a phone retrying hard): one 201, the rest 200
  const one = cid('storm');
  const storm = await Promise.all(Array.from({ length: 20 }, () => kakou.post('/api/v1/screenings', {
    client_id: one, plate: '粤C99999', persons: [{ temp: 36.5 }],
  })));
  assert.deepEqual(storm.map((r) => r.status).sort(), [...Array(19).fill(200), 201]);
  assert.equal(new Set(storm.map((r) => r.body.id)).size, 1);
  const after = await listed(`&checkpoint=${cp1}&per_page=200`);
  assert.equal(after.total, before + 201);
  const plates = after.items.map((x) => x.plate).filter((p) => p.startsWith('粤C'));
  assert.equal(new Set(plates).size, plates.length, 'no plate stored twice');
});

test('plates are validated: 422 with the field named, nothing stored', async () => {
  const before = (await listed()).total;
  for (const plate of ['粤A1234', '粤A123456', '粤AI2345', '佛A12345', 'A12345', '粤ADABCDE', '', '粤A12345学']) {
    assertError(await screen(kakou, { plate }), 422, 'plate', 'plate');
  }
  assertError(await screen(kakou, { plate: undefined }), 422, 'plate', 'plate');
  for (const [plate, want] of [['粤AD12345', '粤AD12345'], ['粤a12345f', '粤A12345F'], ['粤A1234学', '粤A1234学'], ['无牌', '无车牌']]) {
    const r = await screen(kakou, { plate });
    assert.equal(r.status, 201, `${plate}: ${r.text}`);
    assert.equal(r.body.plate, want);
  }
  assert.equal((await listed()).total, before + 4);
});

test('temperatures: missing, not a number or out of 34.0–43.0 → 422', async () => {
  const before = (await listed()).total;
  assertError(await screen(kakou, { persons: [{}] }), 422, 'temp_invalid', 'temp');
  assertError(await screen(kakou, { persons: [{ temp: null }] }), 422, 'temp_invalid', 'temp');
  assertError(await screen(kakou, { persons: [{ temp: 'abc' }] }), 422, 'temp_invalid', 'temp');
  assertError(await screen(kakou, { persons: [{ temp: '36.5度' }] }), 422, 'temp_invalid', 'temp');
  assertError(await screen(kakou, { persons: [{ temp: 33.9 }] }), 422, 'temp_range', 'temp');
  assertError(await screen(kakou, { persons: [{ temp: 43.1 }] }), 422, 'temp_range', 'temp');
  assertError(await screen(kakou, { persons: [{ temp: 365 }] }), 422, 'temp_range', 'temp');
  assertError(await screen(kakou, { persons: [{ temp: -1 }] }), 422, 'temp_range', 'temp');
  // the second person is bad: nothing of the first is stored either
  assertError(await screen(kakou, { persons: [{ temp: 36.5 }, { temp: 30 }] }), 422, 'temp_range', 'temp');
  assertError(await screen(kakou, { persons: [] }), 422, 'persons', 'persons');
  assertError(await screen(kakou, { persons: [36.5] }), 422, 'invalid', 'persons');
  assertError(await screen(kakou, { persons: Array(61).fill({ temp: 36.5 }) }), 422, 'persons', 'persons');
  assertError(await screen(kakou, { persons: [{ temp: 36.5, method: 'rectal' }] }), 422, 'method', 'method');
  assertError(await screen(kakou, { client_id: 'short' }), 422, 'client_id', 'client_id');
  assertError(await screen(kakou, { client_id: 'has space 123' }), 422, 'client_id', 'client_id');
  assertError(await screen(kakou, { at: NOW + 3600 }), 422, 'check_future', 'at');
  assertError(await screen(kakou, { at: NOW - 8 * 86400 }), 422, 'screening_too_old', 'at');
  assert.equal((await listed()).total, before);
  // the boundaries are accepted
  for (const temp of [34.0, 43.0]) assert.equal((await screen(kakou, { persons: [{ temp, result: '转诊', name: '某', phone: '13800138001', hospital: '区人民医院' }] })).status, 201);
  const late = await screen(kakou, { at: '2020-02-04 08:00' });
  assert.equal(late.status, 201, late.text);
  assert.equal(late.body.at, L('2020-02-04 08:00'));
});

test('an unknown destination village and overlong free text are refused with the field named, nothing stored', async () => {
  const before = (await listed()).total;
  assertError(await screen(kakou, { village_id: 99999 }), 422, 'village', 'village_id');
  assertError(await screen(kakou, { village_id: -1 }), 422, 'village', 'village_id');
  assertError(await screen(kakou, { vehicle_type: '车'.repeat(17) }), 422, 'too_long', 'vehicle_type');
  assertError(await screen(kakou, { origin: '湖'.repeat(65) }), 422, 'too_long', 'origin');
  assertError(await screen(kakou, { destination: 'x'.repeat(65) }), 422, 'too_long', 'destination');
  assertError(await screen(kakou, { persons: [{ temp: 36.5, name: '名'.repeat(51) }] }), 422, 'too_long', 'name');
  assertError(await screen(kakou, { persons: [{ temp: 36.5, note: '注'.repeat(201) }] }), 422, 'too_long', 'note');
  assertError(await screen(kakou, { persons: [{ temp: 37.9, result: '转诊', name: '某', phone: '13800138009', hospital: '院'.repeat(101) }] }), 422, 'too_long', 'hospital');
  assert.equal((await listed()).total, before);
  // at the limits: stored
  const r = await screen(kakou, { village_id: villageA, vehicle_type: '车'.repeat(16), origin: '湖'.repeat(64), persons: [{ temp: 36.5, name: '名'.repeat(50), note: '注'.repeat(200) }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.village_id, villageA);
});

test('results: fever with 放行 → fever_result; 转诊 without hospital; not 放行 without name and ID/phone', async () => {
  const id = { name: '李某', doc_number: '', phone: '13800138002' };
  // 37.3 额温 is fever (threshold), 37.2 is not
  const f = await screen(kakou, { persons: [{ temp: 37.3, method: 'forehead', result: '放行' }] });
  assertError(f, 422, 'fever_result', 'result');
  assertError(await screen(kakou, { persons: [{ temp: 37.3, method: 'forehead', result: '登记后放行', ...id }] }), 422, 'fever_result', 'result');
  assertError(await screen(kakou, { persons: [{ temp: 38.2, result: '劝返', ...id }] }), 422, 'fever_result', 'result');
  const ok = await screen(kakou, { persons: [{ temp: 37.2, method: 'forehead', result: '放行' }] });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.fevers, 0);
  // 耳温 has a higher threshold: 37.4 is not fever
  assert.equal((await screen(kakou, { persons: [{ temp: 37.4, method: 'ear', result: '放行' }] })).status, 201);
  // a fever with no result given defaults to 转诊, which needs a hospital
  assertError(await screen(kakou, { persons: [{ temp: 37.5, ...id }] }), 422, 'hospital_required', 'hospital');
  assertError(await screen(kakou, { persons: [{ temp: 37.5, result: '转诊', hospital: '', ...id }] }), 422, 'hospital_required', 'hospital');
  const ref = await screen(kakou, { persons: [{ temp: 37.5, result: '转诊', hospital: '里水医院发热门诊', transport: '120', ...id }] });
  assert.equal(ref.status, 201, ref.text);
  assert.equal(ref.body.fevers, 1);
  assert.equal(ref.body.persons[0].fever, 1);
  assert.equal(ref.body.persons[0].hospital, '里水医院发热门诊');
  const central = await screen(kakou, { persons: [{ temp: 38.0, result: '转集中观察', ...id }] });
  assert.equal(central.status, 201, central.text);
  // not 放行: a name and an ID number or a phone
  for (const p of [
    { temp: 36.5, result: '劝返' },
    { temp: 36.5, result: '劝返', name: '王某' },
    { temp: 36.5, result: '登记后放行', phone: '13800138003' },
    { temp: 36.5, result: '登记后放行', name: '', phone: '13800138003' },
  ]) assertError(await screen(kakou, { persons: [p] }), 422, 'identity_required', 'name');
  assert.equal((await screen(kakou, { persons: [{ temp: 36.5, result: '劝返', name: '王某', phone: '13800138003' }] })).status, 201);
  assertError(await screen(kakou, { persons: [{ temp: 36.5, result: '隔离' }] }), 422, 'screen_result', 'result');
  assertError(await screen(kakou, { persons: [{ temp: 36.5, result: '劝返', name: '王某', phone: '12345' }] }), 422, 'phone', 'phone');
  assertError(await screen(kakou, { persons: [{ temp: 36.5, result: '劝返', name: '王某', doc_number: '440605198001010010' }] }), 422, 'id_checksum', 'doc_number');
});

test('roles: viewer, village and commander-only routes are refused; a checkpoint user sees no registry', async () => {
  assert.equal((await screen(viewer, { checkpoint_id: cp1 })).status, 403);
  assert.equal((await screen(cun, { checkpoint_id: cp1 })).status, 403);
  assert.equal((await viewer.get('/api/v1/screenings')).status, 403);
  assert.equal((await viewer.get('/api/v1/checkpoint/lookup?plate=粤A12345')).status, 403);
  assert.equal((await viewer.get('/api/v1/checkpoint/stats')).status, 200);
  // the checkpoint user: no persons, observations, tasks, sightings, reports, users
  for (const path of ['/api/v1/persons', '/api/v1/persons/1', '/api/v1/observations', '/api/v1/tasks',
    '/api/v1/sightings', '/api/v1/reports/daily', '/api/v1/users', '/api/v1/shifts/hours', '/api/v1/dashboard']) {
    assert.equal((await kakou.get(path)).status, 403, path);
  }
  assert.equal((await kakou.post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: NOW, ends_at: NOW + 3600 })).status, 403);
  assert.equal((await kakou.post('/api/v1/flagged-areas', { name: '湖北' })).status, 403);
  // the commander may enter screenings (naming the checkpoint)
  const c = await screen(commander, { checkpoint_id: cp2 });
  assert.equal(c.status, 201, c.text);
  // without a session: 401
  assert.equal((await server.client().post('/api/v1/screenings', { client_id: cid(), plate: '粤A12345', persons: [{ temp: 36.5 }] })).status, 401);
});

test('screenings of a span of time: a night shift across midnight, not only a calendar day', async () => {
  const plate = '粤E' + String(Date.now() % 90000 + 10000);
  const late = await screen(kakou, { plate, at: L('2020-02-09 23:10') });
  const early = await screen(kakou, { plate, at: L('2020-02-10 06:40') });
  assert.equal(late.status, 201, late.text);
  assert.equal(early.status, 201, early.text);
  const span = `from=${L('2020-02-09 20:00')}&to=${L('2020-02-10 08:00')}`;
  // every page of a query, only this plate's rows
  async function mine(q) {
    const out = [];
    for (let page = 1; ; page++) {
      const r = await kakou.get(`/api/v1/screenings?${q}&per_page=100&page=${page}`);
      assert.equal(r.status, 200, r.text);
      out.push(...r.body.items.filter((x) => x.plate === plate).map((x) => x.at));
      if (page * 100 >= r.body.total) return out.sort();
    }
  }
  assert.deepEqual(await mine(span), [L('2020-02-09 23:10'), L('2020-02-10 06:40')]);
  // a calendar day has only one of them
  assert.deepEqual(await mine('date=2020-02-09'), [L('2020-02-09 23:10')]);
  assert.deepEqual(await mine('date=2020-02-10'), [L('2020-02-10 06:40')]);
  // from alone: until an hour after now; the last 24 hours hold both
  assert.equal((await mine(`from=${NOW - 86400}`)).length, 2);
  // another checkpoint's worker and an unbound one see none of them
  const free = await kakouFree.get(`/api/v1/screenings?${span}`);
  assert.equal(free.status, 200);
  assert.equal(free.body.total, 0);
  assertError(await kakou.get(`/api/v1/screenings?from=${NOW}&to=${NOW - 60}`), 400, 'range', 'to');
  assertError(await kakou.get(`/api/v1/screenings?from=${NOW - 40 * 86400}&to=${NOW}`), 400, 'range', 'to');
  assertError(await kakou.get('/api/v1/screenings?from=abc'), 400, 'bad_query', 'from');
});
