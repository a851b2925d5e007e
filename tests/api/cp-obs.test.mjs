// Checkpoint → observation and fever alerts (issue 6): a screening whose
// result is 转集中观察 (or a fever referral with start_observation) starts a
// centralized observation in the same write — exactly one, also on retries
// and concurrent retries of the same client id; a person already under
// observation is linked, not observed twice; the person is matched by
// document number or phone, else registered; the observation waits for the
// observation group to place it at a site.  A fever is an alert the
// commander sees at once (list + dashboard) and acknowledges, scoped to the
// checkpoint and the village.
// The server's clock is pinned: FANGKONG_NOW = 2020-02-10 20:00 (UTC+8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, clientId, makeId, cli } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 20:00');
const PW = 'Fangkong#2020';

let server;
let admin; let kakou; let kakou2; let commander; let observer; let cunA; let cunB; let site;
let cp1; let cp2; let villageA; let villageB;

async function user(username, role, extra = {}) {
  const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...extra });
  assert.equal(r.status, 201, r.text);
  return server.login(username, PW);
}

const entry = (person, body = {}) => ({
  client_id: clientId('o'), plate: '粤A12345', vehicle_type: '小客车', origin: '湖北武汉', persons: [person], ...body,
});

// Observations of a person, found by their name (the office's view).
async function obsOf(name) {
  const r = await observer.get(`/api/v1/observations?q=${encodeURIComponent(name)}&status=all&per_page=50`);
  assert.equal(r.status, 200, r.text);
  return r.body.items.filter((o) => o.name === name);
}

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login();
  villageA = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  villageB = (await admin.post('/api/v1/villages', { name: '和顺社区', code: '440605126002' })).body.id;
  cp1 = (await admin.post('/api/v1/checkpoints', { name: '和顺检疫点' })).body.id;
  cp2 = (await admin.post('/api/v1/checkpoints', { name: '里水高速出口检疫点', type: '高速出口' })).body.id;
  kakou = await user('kakou', 'checkpoint', { checkpoint_id: cp1 });
  kakou2 = await user('kakou2', 'checkpoint', { checkpoint_id: cp2 });
  commander = await user('zhb', 'commander');
  observer = await user('gc', 'observer');
  cunA = await user('cun_a', 'village', { village_id: villageA });
  cunB = await user('cun_b', 'village', { village_id: villageB });
  const s = await admin.post('/api/v1/sites', { name: '里水酒店观察点', capacity: 10 });
  assert.equal(s.status, 201, s.text);
  site = s.body.id;
  assert.equal((await admin.post(`/api/v1/sites/${site}/rooms`, { number: '101', beds: 2 })).status, 201);
});
after(async () => { await server.stop(); });

test('转集中观察 registers the person and starts one centralized observation, waiting for a site; a retry starts no second', async () => {
  const doc = makeId('420106', '19850302', 31);
  const body = entry({ temp: 36.6, result: '转集中观察', name: '周建国', doc_number: doc, phone: '13900000001' }, { village_id: villageA });
  const r = await kakou.post('/api/v1/screenings', body);
  assert.equal(r.status, 201, r.text);
  const p = r.body.persons[0];
  assert.ok(p.observation_id > 0, r.text);
  assert.equal(p.observation_site, null, 'the site is for the observation group to assign');
  // the retry answers the stored record, with the same observation
  const again = await kakou.post('/api/v1/screenings', body);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.duplicate, true);
  assert.equal(again.body.persons[0].observation_id, p.observation_id);
  const list = await obsOf('周建国');
  assert.equal(list.length, 1);
  const o = (await observer.get(`/api/v1/observations/${p.observation_id}`)).body;
  assert.equal(o.kind, 'central');
  assert.equal(o.status, 'active');
  assert.equal(o.site_id, null);
  assert.equal(o.reason, '检疫点转来');
  assert.match(o.reason_detail, /和顺检疫点 粤A12345 体温 36\.6℃ 转集中观察/);
  assert.equal(o.exposure_date, '2020-02-10', 'counted from the day they came through');
  // the registry has the person in the destination village, found by the village
  const persons = (await cunA.get(`/api/v1/persons?q=${encodeURIComponent('周建国')}`)).body;
  assert.equal(persons.total, 1);
  assert.equal(persons.items[0].source, '自排发现');
  assert.equal((await cunA.get(`/api/v1/observations/${p.observation_id}`)).status, 200);
  assert.equal((await cunB.get(`/api/v1/observations/${p.observation_id}`)).status, 404);
  // the observation group finds it among those waiting for a site (site=none)
  const waiting = async () => (await observer.get('/api/v1/observations?site=none&per_page=100')).body;
  let w = await waiting();
  assert.ok(w.items.some((x) => x.id === p.observation_id), JSON.stringify(w));
  assert.ok(w.items.every((x) => x.kind === 'central' && x.site_id === null), JSON.stringify(w));
  assert.equal(w.total, w.items.length);
  assert.equal((await cunA.get('/api/v1/observations?site=none')).body.items.some((x) => x.id === p.observation_id), true);
  assert.equal((await cunB.get('/api/v1/observations?site=none')).body.items.some((x) => x.id === p.observation_id), false);
  assertError(await observer.get('/api/v1/observations?site=nowhere'), 400, 'bad_query');
  // the observation group places them: 转集中 with a site assigns a bed
  const placed = await observer.post(`/api/v1/observations/${p.observation_id}/transitions`, { action: 'to_central', site_id: site });
  assert.equal(placed.status, 200, placed.text);
  assert.equal(placed.body.site_id, site);
  assert.equal(placed.body.room_number, '101');
  assert.equal(placed.body.bed, 1);
  w = await waiting();
  assert.equal(w.items.some((x) => x.id === p.observation_id), false, 'placed: no longer waiting');
  // once placed it is an ordinary centralized observation again
  assertError(await observer.post(`/api/v1/observations/${p.observation_id}/transitions`, { action: 'to_central', site_id: site }), 409, 'kind_same');
  const seen = await kakou.post('/api/v1/screenings', { ...body, client_id: clientId('o') });
  assert.equal(seen.status, 201);
  assert.equal(seen.body.persons[0].observation_site, '里水酒店观察点');
});

test('concurrent retries of one client id start exactly one observation', async () => {
  const doc = makeId('420106', '19900415', 52);
  const body = entry({ temp: 36.8, result: '转集中观察', name: '吴海燕', doc_number: doc });
  const rs = await Promise.all(Array.from({ length: 8 }, () => kakou.post('/api/v1/screenings', body)));
  assert.deepEqual(rs.map((r) => r.status).sort(), [200, 200, 200, 200, 200, 200, 200, 201]);
  const ids = new Set(rs.map((r) => r.body.persons[0].observation_id));
  assert.equal(ids.size, 1);
  assert.equal((await obsOf('吴海燕')).length, 1);
  const audit = (await admin.get('/api/v1/audit?action=observation.start&per_page=100')).body.items;
  assert.equal(audit.filter((a) => a.entity_id === [...ids][0]).length, 1);
});

test('a person already under observation is linked (and sighted), never observed twice', async () => {
  const doc = makeId('440605', '19700101', 71);
  const pr = await admin.post('/api/v1/persons', { name: '陈志强', doc_number: doc, village_id: villageA });
  assert.equal(pr.status, 201, pr.text);
  const home = await observer.post('/api/v1/observations', { person_id: pr.body.id, kind: 'home', reason: '协查名单', exposure_date: '2020-02-05' });
  assert.equal(home.status, 201, home.text);
  const r = await kakou.post('/api/v1/screenings', entry({ temp: 36.4, result: '转集中观察', name: '陈志强', doc_number: doc }));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.persons[0].observation_id, home.body.id);
  assert.equal(r.body.sightings, 1);
  assert.equal((await obsOf('陈志强')).length, 1);
});

test('without a document number the person is matched or registered by phone', async () => {
  const r = await kakou.post('/api/v1/screenings', entry({ temp: 36.7, result: '转集中观察', name: '黄丽', phone: '13700000002' }));
  assert.equal(r.status, 201, r.text);
  const o = (await obsOf('黄丽'))[0];
  assert.equal(o.id, r.body.persons[0].observation_id);
  assert.equal(o.doc_number, null);
  assert.equal(o.phone, '137****0002');
  // the same phone later: the same person, linked to the same observation
  const r2 = await kakou.post('/api/v1/screenings', entry({ temp: 36.7, result: '转集中观察', name: '黄丽', phone: '137 0000 0002' }));
  assert.equal(r2.body.persons[0].observation_id, o.id);
  assert.equal((await obsOf('黄丽')).length, 1);
  // the identity rules stand: no name or no document/phone is refused, nothing written
  assertError(await kakou.post('/api/v1/screenings', entry({ temp: 36.7, result: '转集中观察', phone: '13700000003' })), 422, 'identity_required', 'name');
  assertError(await kakou.post('/api/v1/screenings', entry({ temp: 36.7, result: '转集中观察', name: '无证件' })), 422, 'identity_required', 'name');
  assertError(await kakou.post('/api/v1/screenings', entry({ temp: 36.7, result: '放行', start_observation: 'yes' })), 422, 'invalid', 'start_observation');
});

test('only 转集中观察, or a fever referral with start_observation, starts one', async () => {
  const plain = await kakou.post('/api/v1/screenings', entry({ temp: 36.5, result: '登记后放行', name: '赵敏', phone: '13600000004', start_observation: true }));
  assert.equal(plain.status, 201, plain.text);
  assert.equal(plain.body.persons[0].observation_id, null);
  const ref = await kakou.post('/api/v1/screenings', entry({ temp: 38.2, method: 'forehead', result: '转诊', hospital: '里水医院发热门诊', transport: '120救护车', name: '孙伟', phone: '13600000005' }));
  assert.equal(ref.status, 201, ref.text);
  assert.equal(ref.body.persons[0].observation_id, null);
  assert.ok(ref.body.persons[0].alert_id > 0, 'a fever is an alert even without an observation');
  assert.equal((await obsOf('孙伟')).length, 0);
  const left = L('2020-02-10 19:50');
  const ticked = await kakou.post('/api/v1/screenings', entry({ temp: 38.6, result: '转诊', hospital: '里水医院发热门诊', transport: '专车转运', referred_at: left, name: '钱芳', phone: '13600000006', start_observation: true }));
  assert.equal(ticked.status, 201, ticked.text);
  const oid = ticked.body.persons[0].observation_id;
  assert.ok(oid > 0);
  // the observation carries the fever as its own alert, already referred
  const alerts = (await observer.get('/api/v1/alerts?status=all')).body.items.filter((a) => a.obs_id === oid);
  assert.equal(alerts.length, 1);
  assert.equal(alerts[0].status, 'referred');
  assert.equal(alerts[0].hospital, '里水医院发热门诊');
  assert.equal(alerts[0].departed_at, left);
  assertError(await kakou.post('/api/v1/screenings', entry({ temp: 38.6, result: '转诊', hospital: '医院', name: '钱芳', phone: '13600000006', referred_at: 'soon' })), 422, 'referred_at', 'referred_at');
});

test('a checkpoint fever is an open alert for the commander at once, with the referral, until acknowledged', async () => {
  const left = L('2020-02-10 19:40');
  const r = await kakou2.post('/api/v1/screenings', entry({ temp: 38.9, result: '转诊', hospital: '南海区人民医院发热门诊', transport: '120救护车', referred_at: left, name: '郑强', phone: '13500000007' }, { plate: '鄂A88888', village_id: villageB }));
  assert.equal(r.status, 201, r.text);
  const id = r.body.persons[0].alert_id;
  const before = (await commander.get('/api/v1/dashboard')).body.tiles.cp_fevers;
  const l = await commander.get('/api/v1/checkpoint/alerts');
  assert.equal(l.status, 200, l.text);
  const a = l.body.items.find((x) => x.id === id);
  assert.ok(a, l.text);
  assert.equal(a.checkpoint_name, '里水高速出口检疫点');
  assert.equal(a.name, '郑强');
  assert.equal(a.temp, 389);
  assert.equal(a.hospital, '南海区人民医院发热门诊');
  assert.equal(a.transport, '120救护车');
  assert.equal(a.referred_at, left);
  assert.equal(a.plate, '鄂A88888');
  assert.equal(a.village_name, '和顺社区');
  assert.equal(a.acknowledged_at, null);
  assert.equal(l.body.open, l.body.items.length);
  // scope: the other checkpoint and the other village do not see it
  assert.ok(!(await kakou.get('/api/v1/checkpoint/alerts')).body.items.some((x) => x.id === id));
  assert.ok((await kakou2.get('/api/v1/checkpoint/alerts')).body.items.every((x) => x.checkpoint_id === cp2));
  assert.ok(!(await cunA.get('/api/v1/checkpoint/alerts')).body.items.some((x) => x.id === id));
  assert.ok((await cunB.get('/api/v1/checkpoint/alerts')).body.items.some((x) => x.id === id));
  // the checkpoint and the village cannot acknowledge; the commander can, once
  assertError(await kakou2.post(`/api/v1/checkpoint/alerts/${id}/ack`, {}), 403, 'forbidden');
  assertError(await cunB.post(`/api/v1/checkpoint/alerts/${id}/ack`, {}), 403, 'forbidden');
  const ack = await commander.post(`/api/v1/checkpoint/alerts/${id}/ack`, { note: '已电话确认到院' });
  assert.equal(ack.status, 200, ack.text);
  assertError(await commander.post(`/api/v1/checkpoint/alerts/${id}/ack`, {}), 404, 'not_found');
  assert.ok(!(await commander.get('/api/v1/checkpoint/alerts')).body.items.some((x) => x.id === id));
  const all = (await commander.get('/api/v1/checkpoint/alerts?all=1')).body.items.find((x) => x.id === id);
  assert.equal(all.note, '已电话确认到院');
  assert.equal(all.acknowledged_by_name, 'zhb');
  assert.equal((await commander.get('/api/v1/dashboard')).body.tiles.cp_fevers, before - 1);
  assert.equal((await admin.get('/api/v1/audit?action=cp_alert.ack')).body.total, 1);
  // a retry of the fever entry opens no second alert
  const again = await kakou2.post('/api/v1/screenings', { client_id: r.body.client_id, plate: '鄂A88888', vehicle_type: '小客车', origin: '湖北武汉', village_id: villageB, persons: [{ temp: 38.9, result: '转诊', hospital: '南海区人民医院发热门诊', transport: '120救护车', referred_at: left, name: '郑强', phone: '13500000007' }] });
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.persons[0].alert_id, id);
});

test('counts and the CLI: persons sent to observation per checkpoint; the fevers still to acknowledge', async () => {
  const api = (await commander.get('/api/v1/checkpoint/stats?date=2020-02-10')).body;
  // 周建国 ×2, 吴海燕, 陈志强 (linked), 黄丽 ×2, 钱芳: every entry that started or linked one
  assert.equal(api.total.to_observation, 7);
  assert.equal(api.checkpoints.find((c) => c.checkpoint_id === cp1).to_observation, 7);
  const j = cli(['checkpoint', 'stats', '--date', '2020-02-10', '--json', '--db', server.dbPath]);
  assert.equal(j.code, 0, j.stderr);
  assert.deepEqual(JSON.parse(j.stdout), api);
  const t = cli(['checkpoint', 'stats', '--date', '2020-02-10', '--db', server.dbPath]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /转观察/);
  // 孙伟 and 钱芳 (郑强's was acknowledged)
  assert.equal((await commander.get('/api/v1/checkpoint/alerts')).body.open, 2);
  assert.match(t.stdout, /待确认的检疫点发热预警：2 条/);
});
