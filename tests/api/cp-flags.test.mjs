// Joint road checkpoints (issue 6): the lookup flags a screener sees while
// typing — on an open list task (a list imported by a verifier), under
// active observation (should be at home!), released, seen at a checkpoint
// before (by document number, phone or plate) — and the sighting a
// screening of a person under observation creates for the person's village
// worker and the observation group, who acknowledge it.  The checkpoint user
// gets flags only, never the person's record.
// The server's clock is pinned: FANGKONG_NOW = 2020-02-10 20:00 (UTC+8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, clientId, makeId } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 20:00');
const PW = 'Fangkong#2020';

let server;
let admin; let kakou; let hecha; let guancha; let cunA; let cunB; let commander;
let cp1; let villageA; let villageB;
const ID = {
  list: makeId('420102', '19850303', 11), obs: makeId('440605', '19800101', 21),
  rel: makeId('440605', '19700707', 31), none: makeId('440605', '19900909', 41),
  screened: makeId('440605', '19950505', 51),
};
const PHONE = { list: '13900000011', obs: '13900000021', rel: '13900000031' };
const P = {}; // key → person id
const O = {}; // key → observation id
const cid = () => clientId('f');

async function user(username, role, extra = {}) {
  const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...extra });
  assert.equal(r.status, 201, r.text);
  return server.login(username, PW);
}

const lookup = async (q) => {
  const r = await kakou.get('/api/v1/checkpoint/lookup?' + new URLSearchParams(q));
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const kinds = (b) => b.flags.map((f) => `${f.kind}:${f.level}`).sort();
const screen = (body) => kakou.post('/api/v1/screenings', {
  client_id: cid(), plate: '粤A12345', persons: [{ temp: 36.5 }], ...body,
});

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login();
  villageA = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  villageB = (await admin.post('/api/v1/villages', { name: '草场社区', code: '440605126002' })).body.id;
  cp1 = (await admin.post('/api/v1/checkpoints', { name: '和顺检疫点', location: '和顺大道', type: '公路卡口' })).body.id;
  assert.ok(villageA && villageB && cp1);
  kakou = await user('kakou', 'checkpoint', { checkpoint_id: cp1 });
  hecha = await user('hecha', 'verifier');
  guancha = await user('guancha', 'observer');
  cunA = await user('cun_a', 'village', { village_id: villageA });
  cunB = await user('cun_b', 'village', { village_id: villageB });
  commander = await user('zhb', 'commander');
  const person = async (key, body) => {
    const r = await admin.post('/api/v1/persons', body);
    assert.equal(r.status, 201, r.text);
    P[key] = r.body.id;
  };
  await person('obs', { name: '赵观察', sex: 1, doc_number: ID.obs, phone: PHONE.obs, village_id: villageA, address: '沙涌社区1号' });
  await person('rel', { name: '钱解除', sex: 1, doc_number: ID.rel, phone: PHONE.rel, village_id: villageB, address: '草场社区2号' });
  for (const k of ['obs', 'rel']) {
    const o = await guancha.post('/api/v1/observations', { person_id: P[k], kind: 'home', reason: '协查名单', exposure_date: '2020-02-05' });
    assert.equal(o.status, 201, o.text);
    O[k] = o.body.id;
  }
  const r = await guancha.post(`/api/v1/observations/${O.rel}/transitions`, { action: 'release_early', reason: '核酸检测阴性，专家组评估' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'released');
  // a small key-person list, imported by the verifier
  const csv = '\ufeff' + [
    ['序号', '姓名', '性别', '身份证号', '联系电话', '现住址', '所属村居', '来源地', '到达日期'],
    ['1', '孙名单', '男', ID.list, PHONE.list, '沙涌社区9号', '沙涌社区', '湖北武汉', '2020-02-08'],
  ].map((x) => x.join(',')).join('\r\n') + '\r\n';
  const u = await hecha.post('/api/v1/lists/uploads?filename=list.csv', Buffer.from(csv), { 'content-type': 'application/octet-stream' });
  assert.equal(u.status, 200, u.text);
  const l = await hecha.post('/api/v1/lists', { upload_id: u.body.upload_id, source: '区防控办（测试）', batch: '第1批' });
  assert.equal(l.status, 201, l.text);
  assert.equal(l.body.accepted, 1);
  const t = await hecha.get(`/api/v1/tasks?list=${l.body.list_id}`);
  assert.equal(t.body.items[0].status, 'open');
  P.list = t.body.items[0].person_id;
});
after(async () => { await server.stop(); });

test('a person on an open list task: a warning flag, by ID number (any case, spaces) or phone', async () => {
  const a = await lookup({ doc: ID.list });
  assert.equal(a.known_person, true);
  assert.deepEqual(kinds(a), ['task:warning']);
  assert.match(a.flags[0].message, /协查名单|名单/);
  assert.match(a.flags[0].message, /区防控办（测试）/);
  const b = await lookup({ doc: ` ${ID.list.slice(0, 6)} ${ID.list.slice(6).toLowerCase()} ` });
  assert.deepEqual(kinds(b), ['task:warning']);
  const c = await lookup({ phone: '139 0000 0011' });
  assert.deepEqual(kinds(c), ['task:warning']);
  // once verified, the task flag goes away
  const t = (await hecha.get(`/api/v1/tasks?q=${ID.list}`)).body.items[0];
  const done = await hecha.post(`/api/v1/tasks/${t.id}/result`, { result: '不在本地', whereabouts: '已返回广州', note: '电话核实' });
  assert.ok(done.status === 200 || done.status === 201, done.text);
  assert.deepEqual(kinds(await lookup({ doc: ID.list })), [], 'verified: no task flag');
});

test('a person under active observation: a danger flag that says where they should be, and no personal details', async () => {
  const a = await lookup({ doc: ID.obs });
  assert.equal(a.known_person, true);
  assert.deepEqual(kinds(a), ['observation:danger']);
  assert.match(a.flags[0].message, /居家医学观察/);
  assert.match(a.flags[0].message, /沙涌社区/);
  assert.match(a.flags[0].message, /应在家/);
  assert.deepEqual(kinds(await lookup({ phone: PHONE.obs })), ['observation:danger']);
  // only what the screener typed comes back: no name, no record
  const text = JSON.stringify(a);
  assert.ok(!text.includes('赵观察') && !text.includes('沙涌社区1号'), text);
  assert.deepEqual(Object.keys(a).sort(), ['flags', 'known_person']);
  // the checkpoint user cannot open the person or the observation either
  assert.equal((await kakou.get(`/api/v1/persons/${P.obs}`)).status, 403);
  assert.equal((await kakou.get(`/api/v1/observations/${O.obs}`)).status, 403);
});

test('a screening of a person under observation creates a sighting for their village worker and the observation group', async () => {
  const r = await screen({
    plate: '粤B66666', origin: '广州', persons: [{ temp: 36.6, name: '赵观察', doc_number: ID.obs.toLowerCase(), result: '劝返' }],
  });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.sightings, 1);
  // the village worker of 沙涌社区 sees it; the one of 草场社区 does not
  const a = await cunA.get('/api/v1/sightings');
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.total, 1);
  const s = a.body.items[0];
  assert.equal(s.observation_id, O.obs);
  assert.equal(s.at, NOW);
  assert.equal(s.checkpoint_name, '和顺检疫点');
  assert.equal(s.plate, '粤B66666');
  assert.equal(s.village_name, '沙涌社区');
  assert.equal(s.acknowledged_at, null);
  assert.equal((await cunB.get('/api/v1/sightings')).body.total, 0);
  // the observation group and the commander see it; the checkpoint user does not
  assert.ok((await guancha.get('/api/v1/sightings')).body.items.some((x) => x.id === s.id));
  assert.ok((await commander.get('/api/v1/sightings')).body.items.some((x) => x.id === s.id));
  assert.equal((await kakou.get('/api/v1/sightings')).status, 403);
  // the dashboard counts it until acknowledged
  assert.equal((await commander.get('/api/v1/dashboard')).body.tiles.sightings, 1);
  // another village's worker cannot acknowledge it; its own can, once
  assertError(await cunB.post(`/api/v1/sightings/${s.id}/ack`, {}), 404, 'not_found');
  const ok = await cunA.post(`/api/v1/sightings/${s.id}/ack`, {});
  assert.equal(ok.status, 200, ok.text);
  assertError(await cunA.post(`/api/v1/sightings/${s.id}/ack`, {}), 404, 'not_found');
  assert.equal((await cunA.get('/api/v1/sightings')).body.total, 0, 'no open sightings left');
  const all = (await cunA.get('/api/v1/sightings?all=1')).body.items;
  assert.equal(all.length, 1);
  assert.equal(all[0].acknowledged_at, NOW);
  assert.equal((await commander.get('/api/v1/dashboard')).body.tiles.sightings, 0);
  // found by phone too: a second sighting
  const p = await screen({ plate: '粤B66667', persons: [{ temp: 36.6, phone: PHONE.obs }] });
  assert.equal(p.body.sightings, 1);
  assert.equal((await cunA.get('/api/v1/sightings')).body.total, 1);
  // a vehicle of three with one under observation: one sighting
  const v = await screen({ plate: '粤B66668', persons: [{ temp: 36.6 }, { temp: 36.7, doc_number: ID.obs, name: '赵观察', result: '登记后放行' }, { temp: 36.5 }] });
  assert.equal(v.body.sightings, 1);
});

test('a released person: an info flag with the release time; no sighting when screened', async () => {
  const a = await lookup({ doc: ID.rel });
  assert.equal(a.known_person, true);
  assert.deepEqual(kinds(a), ['released:info']);
  assert.match(a.flags[0].message, /02-10 20:00/);
  assert.match(a.flags[0].message, /解除医学观察/);
  const r = await screen({ plate: '粤B77777', persons: [{ temp: 36.5, doc_number: ID.rel }] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.sightings, 0);
  assert.equal((await cunB.get('/api/v1/sightings?all=1')).body.total, 0);
  // now also seen before
  assert.deepEqual(kinds(await lookup({ doc: ID.rel })), ['released:info', 'seen:info']);
});

test('seen at a checkpoint before: by plate (as typed) and by the ID number or phone typed at the earlier screening', async () => {
  assert.deepEqual((await lookup({ plate: '粤C12121' })).flags, []);
  const r = await screen({ plate: '粤C12121', at: '2020-02-09 07:45', persons: [{ temp: 36.5 }, { temp: 36.9, name: '李同车', doc_number: ID.screened, phone: '13700000001', result: '登记后放行' }] });
  assert.equal(r.status, 201, r.text);
  const a = await lookup({ plate: '粤c·12121' });
  assert.equal(a.known_person, false);
  assert.deepEqual(kinds(a), ['seen:info']);
  assert.match(a.flags[0].message, /02-09 07:45/);
  assert.match(a.flags[0].message, /和顺检疫点/);
  assert.match(a.flags[0].message, /放行/);
  // the latest screening is the one shown
  await screen({ plate: '粤C12121', at: '2020-02-10 06:30', persons: [{ temp: 36.5, result: '劝返', name: '李同车', phone: '13700000001' }] });
  const b = await lookup({ plate: '粤C12121' });
  assert.equal(b.flags.length, 1);
  assert.match(b.flags[0].message, /02-10 06:30/);
  assert.match(b.flags[0].message, /劝返/);
  // by the ID number typed then (not a registered person: only seen)
  const c = await lookup({ doc: ID.screened });
  assert.equal(c.known_person, false);
  assert.deepEqual(kinds(c), ['seen:info']);
  assert.match(c.flags[0].message, /02-09 07:45/);
  const d = await lookup({ phone: '13700000001' });
  assert.deepEqual(kinds(d), ['seen:info']);
  assert.match(d.flags[0].message, /02-10 06:30/);
  // 无车牌 is never "seen before"
  await screen({ plate: '无车牌' });
  assert.deepEqual((await lookup({ plate: '无车牌' })).flags, []);
});

test('nobody known: no flags; a malformed query is harmless', async () => {
  const a = await lookup({ doc: ID.none });
  assert.deepEqual(a, { flags: [], known_person: false });
  assert.deepEqual(await lookup({ phone: '13912345678' }), { flags: [], known_person: false });
  assert.deepEqual(await lookup({ plate: '粤Z1' }), { flags: [], known_person: false });
  assert.deepEqual(await lookup({}), { flags: [], known_person: false });
  assert.deepEqual(await lookup({ doc: "' OR 1=1 --", phone: 'x', plate: '%' }), { flags: [], known_person: false });
  // several at once: each applicable flag
  const b = await lookup({ doc: ID.obs, plate: '粤B66666' });
  assert.deepEqual(kinds(b), ['observation:danger', 'seen:info', 'seen:info']);
});
