// Centralized observation sites (集中医学观察点) through the API: beds are
// assigned on check-in and kind change, never over capacity nor two to a
// bed; to_home, release and transfer free the bed; site staff see only their
// site; residents' needs go open → in_progress → handled and never back.
// FANGKONG_NOW = 2020-02-10 09:00 (UTC+8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, makeId } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 09:00');
const PW = 'Fangkong#2020';

let server;
let admin; let observer; let siteUser; let cunA;
let village;
let site; let other; // site ids
const rooms = {}; // number → id
let otherRoom;
const persons = {};
const obs = {};
let seq = 701;

async function person(key) {
  const s = seq; seq += 2;
  const r = await admin.post('/api/v1/persons', { name: `集中${key}`, sex: 1, doc_number: makeId('440605', '19850620', s), village_id: village });
  assert.equal(r.status, 201, r.text);
  persons[key] = r.body.id;
}

const start = (key, body) => observer.post('/api/v1/observations', {
  person_id: persons[key], kind: 'central', site_id: site, reason: '疫区返回', reason_detail: '湖北省孝感市', exposure_date: '2020-02-05', ...body,
});
const act = (c, key, body) => c.post(`/api/v1/observations/${obs[key]}/transitions`, body);
const occupancy = async () => {
  const s = (await admin.get(`/api/v1/sites/${site}`)).body;
  const beds = {};
  for (const r of s.room_list) for (const o of r.occupants) beds[`${r.number}/${o.bed}`] = o.observation_id;
  return { occupied: s.occupied, beds };
};

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login();
  village = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  // capacity 3 although the rooms hold 4 beds: the capacity is the limit
  const s = await admin.post('/api/v1/sites', { name: '里水酒店观察点', address: '里水大道8号', capacity: 3, contact: '王主任', phone: '0757-85600000' });
  assert.equal(s.status, 201, s.text);
  site = s.body.id;
  for (const [number, beds] of [['101', 2], ['102', 1], ['201', 1]]) {
    const r = await admin.post(`/api/v1/sites/${site}/rooms`, { number, beds });
    assert.equal(r.status, 201, r.text);
    rooms[number] = r.body.room_list.find((x) => x.number === number).id;
  }
  const o = await admin.post('/api/v1/sites', { name: '第二观察点', capacity: 5 });
  other = o.body.id;
  otherRoom = (await admin.post(`/api/v1/sites/${other}/rooms`, { number: '1', beds: 5 })).body.room_list[0].id;
  for (const [username, role, extra] of [['yxgc', 'observer', {}], ['lgd1', 'site', { site_id: site }], ['cun_a', 'village', { village_id: village }]]) {
    const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...extra });
    assert.equal(r.status, 201, r.text);
  }
  observer = await server.login('yxgc', PW);
  siteUser = await server.login('lgd1', PW);
  cunA = await server.login('cun_a', PW);
  for (const k of ['p1', 'p2', 'p3', 'p4', 'home', 'far']) await person(k);
});
after(async () => { await server.stop(); });

test('check-in assigns the first free bed; a chosen bed that is taken → 409 bed_taken', async () => {
  const a = await start('p1');
  assert.equal(a.status, 201, a.text);
  obs.p1 = a.body.id;
  assert.equal(a.body.room_number, '101');
  assert.equal(a.body.bed, 1);
  assertError(await start('p2', { room_id: rooms['101'], bed: 1 }), 409, 'bed_taken', 'site_id');
  assertError(await start('p2', { room_id: rooms['101'], bed: 3 }), 409, 'bed_invalid');
  assertError(await start('p2', { room_id: rooms['101'], bed: 0 }), 409, 'bed_invalid');
  assertError(await start('p2', { room_id: otherRoom, bed: 1 }), 409, 'room_site');
  assertError(await start('p2', { site_id: 999 }), 409, 'site');
  const b = await start('p2', { room_id: rooms['101'], bed: 2 });
  assert.equal(b.status, 201, b.text);
  obs.p2 = b.body.id;
  assert.equal(b.body.bed, 2);
  const c = await start('p3');
  assert.equal(c.status, 201, c.text);
  obs.p3 = c.body.id;
  assert.equal(c.body.room_number, '102');
  assert.deepEqual(await occupancy(), { occupied: 3, beds: { '101/1': obs.p1, '101/2': obs.p2, '102/1': obs.p3 } });
});

test('check-in to a full site → 409 site_full, even with a free bed in a room', async () => {
  assertError(await start('p4'), 409, 'site_full');
  assertError(await start('p4', { room_id: rooms['201'], bed: 1 }), 409, 'site_full');
  const list = await admin.get(`/api/v1/observations?status=all&q=${encodeURIComponent('集中p4')}`);
  assert.equal(list.body.total, 0);
  const sites = (await admin.get('/api/v1/sites')).body.items;
  const s = sites.find((x) => x.id === site);
  assert.equal(s.occupied, 3);
  assert.equal(s.capacity, 3);
  assert.equal(s.beds, 4);
});

test('to_central from home assigns a bed, or 409 when the site is full', async () => {
  const h = await observer.post('/api/v1/observations', { person_id: persons.home, kind: 'home', reason: '协查名单', exposure_date: '2020-02-05' });
  assert.equal(h.status, 201, h.text);
  obs.home = h.body.id;
  assertError(await act(observer, 'home', { action: 'to_central', site_id: site }), 409, 'site_full');
  assertError(await act(observer, 'home', { action: 'to_home' }), 409, 'kind_same');
  assertError(await act(cunA, 'home', { action: 'to_central', site_id: site }), 403, 'forbidden');
  assert.equal((await admin.get(`/api/v1/observations/${obs.home}`)).body.kind, 'home');
});

test('to_home frees the bed; the next check-in takes it', async () => {
  const r = await act(observer, 'p1', { action: 'to_home', reason: '符合居家条件' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.kind, 'home');
  assert.equal(r.body.status, 'active');
  assert.equal(r.body.site_id, null);
  assert.equal(r.body.bed, null);
  assert.equal(r.body.planned_end, '2020-02-19', 'one continuous period');
  assert.deepEqual(await occupancy(), { occupied: 2, beds: { '101/2': obs.p2, '102/1': obs.p3 } });
  const t = await act(observer, 'home', { action: 'to_central', site_id: site, reason: '家中无独立房间' });
  assert.equal(t.status, 200, t.text);
  assert.equal(t.body.kind, 'central');
  assert.equal(t.body.room_number, '101');
  assert.equal(t.body.bed, 1);
  assert.deepEqual(t.body.events.map((e) => e.action), ['start', 'to_central']);
  assert.equal(t.body.events[1].detail.placed, undefined, 'a kind change, not a placement');
  assert.equal((await admin.get('/api/v1/audit?action=observation.to_central')).body.total, 1);
  assert.deepEqual((await occupancy()).beds, { '101/1': obs.home, '101/2': obs.p2, '102/1': obs.p3 });
  // the site is full again
  assertError(await act(observer, 'p1', { action: 'to_central', site_id: site, room_id: rooms['101'], bed: 2 }), 409, 'site_full');
});

test('release and transfer to hospital free the bed too', async () => {
  const h = await act(cunA, 'p3', { action: 'hospital', hospital: '南海区人民医院', reason: '发热转诊' });
  assert.equal(h.status, 200, h.text);
  assert.equal(h.body.status, 'hospital');
  assert.deepEqual(await occupancy(), { occupied: 2, beds: { '101/1': obs.home, '101/2': obs.p2 } });
  const e = await act(observer, 'p2', { action: 'release_early', reason: '指示病例已排除' });
  assert.equal(e.status, 200, e.text);
  assert.deepEqual(await occupancy(), { occupied: 1, beds: { '101/1': obs.home } });
  // a chosen bed that is taken, on a kind change
  assertError(await act(observer, 'p1', { action: 'to_central', site_id: site, room_id: rooms['101'], bed: 1 }), 409, 'bed_taken');
  assertError(await act(observer, 'p1', { action: 'to_central', site_id: other, room_id: rooms['101'], bed: 2 }), 409, 'room_site');
  assertError(await act(observer, 'p1', { action: 'to_central' }), 409, 'site');
  assert.equal((await admin.get(`/api/v1/observations/${obs.p1}`)).body.kind, 'home');
  // the freed bed 101/2 can be chosen now
  const p4 = await start('p4', { room_id: rooms['101'], bed: 2 });
  assert.equal(p4.status, 201, p4.text);
  obs.p4 = p4.body.id;
  const counts = (await observer.get('/api/v1/obs/counts')).body;
  assert.equal(counts.central, 2);
  assert.equal(counts.home, 1);
  assert.equal(counts.hospital, 1);
});

test('two check-ins racing for the last place: one bed, one 409 site_full', async () => {
  const s = await admin.post('/api/v1/sites', { name: '单人观察点', capacity: 1 });
  const one = s.body.id;
  assert.equal((await admin.post(`/api/v1/sites/${one}/rooms`, { number: 'A', beds: 1 })).status, 201);
  await person('r1');
  await person('r2');
  const res = await Promise.all(['r1', 'r2'].map((k) => start(k, { site_id: one })));
  assert.deepEqual(res.map((r) => r.status).sort(), [201, 409], res.map((r) => r.text).join('\n'));
  assert.equal(res.find((r) => r.status === 409).body.error.code, 'site_full');
  const d = (await admin.get(`/api/v1/sites/${one}`)).body;
  assert.equal(d.occupied, 1);
  assert.equal(d.room_list[0].occupants.length, 1);
});

test('site staff see only their site', async () => {
  const list = (await siteUser.get('/api/v1/observations?per_page=100')).body;
  assert.deepEqual(list.items.map((x) => x.id).sort((a, b) => a - b), [obs.home, obs.p4].sort((a, b) => a - b));
  assert.equal(list.total, 2);
  assertError(await siteUser.get(`/api/v1/observations/${obs.p1}`), 404, 'not_found'); // now at home
  assertError(await siteUser.post(`/api/v1/observations/${obs.p1}/checks`, { temp: 36.5 }), 404, 'not_found');
  assert.equal((await siteUser.post(`/api/v1/observations/${obs.p4}/checks`, { temp: 36.5 })).status, 201);
  const sites = (await siteUser.get('/api/v1/sites')).body;
  assert.deepEqual(sites.items.map((x) => x.id), [site]);
  assertError(await siteUser.get(`/api/v1/sites/${other}`), 404, 'not_found');
  assert.equal((await siteUser.get(`/api/v1/sites/${site}`)).status, 200);
  const due = (await siteUser.get('/api/v1/obs/due')).body;
  assert.deepEqual(due.items.map((x) => x.id), [obs.home]);
  const counts = (await siteUser.get('/api/v1/obs/counts')).body;
  assert.equal(counts.central, 2);
  assert.equal(counts.home, 0);
  // they check residents in only at their own site
  const far = await siteUser.post('/api/v1/observations', {
    person_id: persons.far, kind: 'central', site_id: other, reason: '检疫点转来', exposure_date: '2020-02-08',
  });
  assertError(far, 409, 'site', 'site_id');
  // and add rooms only to their own site
  assertError(await siteUser.post(`/api/v1/sites/${other}/rooms`, { number: '9', beds: 1 }), 404, 'not_found');
  const own = await siteUser.post(`/api/v1/sites/${site}/rooms`, { number: '301', beds: 2 });
  assert.equal(own.status, 201, own.text);
  assert.equal((await admin.get(`/api/v1/sites/${other}`)).body.rooms, 1);
});

test('residents\' needs: open → in_progress → handled, never backwards', async () => {
  assertError(await siteUser.post(`/api/v1/observations/${obs.p4}/needs`, { category: '外卖', text: '奶茶' }), 422, 'need_category', 'category');
  assertError(await siteUser.post(`/api/v1/observations/${obs.p4}/needs`, { category: '生活物资', text: '' }), 422, 'need_text', 'text');
  const n = await siteUser.post(`/api/v1/observations/${obs.p4}/needs`, { category: '生活物资', text: '需要婴儿奶粉' });
  assert.equal(n.status, 201, n.text);
  assert.equal(n.body.status, 'open');
  const id = n.body.id;
  const m = await siteUser.post(`/api/v1/observations/${obs.p4}/needs`, { category: '心理', text: '焦虑失眠' });
  const direct = await siteUser.patch(`/api/v1/needs/${m.body.id}`, { status: 'handled' });
  assert.equal(direct.status, 200, direct.text);
  assertError(await siteUser.patch(`/api/v1/needs/${id}`, { status: 'open' }), 409, 'need_status', 'status');
  assertError(await siteUser.patch(`/api/v1/needs/${id}`, { status: 'done' }), 409, 'need_status', 'status');
  const p = await siteUser.patch(`/api/v1/needs/${id}`, { status: 'in_progress' });
  assert.equal(p.status, 200, p.text);
  assertError(await siteUser.patch(`/api/v1/needs/${id}`, { status: 'in_progress' }), 409, 'need_status');
  assertError(await siteUser.patch(`/api/v1/needs/${id}`, { status: 'open' }), 409, 'need_status');
  let list = (await observer.get(`/api/v1/needs?site=${site}`)).body.items;
  assert.equal(list.find((x) => x.id === id).status, 'in_progress');
  assert.equal((await admin.get(`/api/v1/sites/${site}`)).body.open_needs, 1);
  const h = await siteUser.patch(`/api/v1/needs/${id}`, { status: 'handled' });
  assert.equal(h.status, 200, h.text);
  assertError(await siteUser.patch(`/api/v1/needs/${id}`, { status: 'in_progress' }), 409, 'need_status');
  list = (await observer.get('/api/v1/needs?status=all')).body.items;
  const row = list.find((x) => x.id === id);
  assert.equal(row.status, 'handled');
  assert.equal(row.updated_by_name, 'lgd1');
  assert.equal(row.updated_at, NOW);
  assert.equal((await admin.get(`/api/v1/sites/${site}`)).body.open_needs, 0);
  assert.ok(!(await observer.get('/api/v1/needs')).body.items.some((x) => x.id === id), 'handled ones leave the open list');
  const au = (await admin.get('/api/v1/audit?action=need.status')).body;
  assert.equal(au.total, 3);
  // needs of another site's or another village's resident are out of reach
  const d = (await admin.get(`/api/v1/observations/${obs.p4}`)).body;
  assert.deepEqual(d.needs.map((x) => x.status), ['handled', 'handled']);
  assertError(await siteUser.post(`/api/v1/observations/${obs.p1}/needs`, { category: '医疗', text: 'x' }), 404, 'not_found');
});

test('a resident out of contact keeps the bed: the site counts them apart (lost), not as present', async () => {
  const before = (await admin.get('/api/v1/sites')).body.items.find((x) => x.id === site);
  assert.equal(before.occupied, 2);
  assert.equal(before.lost, 0);
  const r = await act(observer, 'p4', { action: 'lost', reason: '电话无人接听，房间内无人' });
  assert.equal(r.status, 200, r.text);
  const s = (await admin.get('/api/v1/sites')).body.items.find((x) => x.id === site);
  assert.equal(s.occupied, 2, 'the bed is still held');
  assert.equal(s.lost, 1);
  const d = (await admin.get(`/api/v1/sites/${site}`)).body;
  assert.equal(d.lost, 1);
  assert.equal((await admin.get('/api/v1/sites')).body.items.find((x) => x.id === other).lost, 0);
  const f = await act(observer, 'p4', { action: 'found', reason: '已返回观察点' });
  assert.equal(f.status, 200, f.text);
  assert.equal((await admin.get(`/api/v1/sites/${site}`)).body.lost, 0);
});
