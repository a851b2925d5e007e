// Medical observation, the day's work through the API (issue 3): starting
// observations, one open observation per person, checks and their bad
// input, fever alerts → referral → outcome, lost/found, extension, early
// release, village scoping, concurrent checks, rule versions.
// The server's clock is pinned: FANGKONG_NOW = 2020-02-10 20:00 (UTC+8), the
// evening window is open.  No demo data: everything is made here.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, makeId } from './helpers.mjs';

// UTC seconds of a local (UTC+8) time "YYYY-MM-DD HH:MM".
const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 20:00');
const PW = 'Fangkong#2020';

let server;
let admin; let commander; let observer; let cunA; let cunB;
let villageA; let villageB;
let site; let room;
const persons = {}; // key → id
let seq = 101;

async function person(key, village) {
  const s = seq; seq += 2; // odd sequence → male
  const r = await admin.post('/api/v1/persons', {
    name: `观察${key}`, sex: 1, doc_number: makeId('440605', '19800101', s), village_id: village,
    phone: '13800138000', address: `测试路${s}号`,
  });
  assert.equal(r.status, 201, r.text);
  persons[key] = r.body.id;
  return r.body.id;
}

async function start(c, key, body = {}) {
  return c.post('/api/v1/observations', {
    person_id: persons[key], kind: 'home', reason: '协查名单', exposure_date: '2020-02-01', ...body,
  });
}

async function started(c, key, body) {
  const r = await start(c, key, body);
  assert.equal(r.status, 201, r.text);
  return r.body;
}

const check = (c, id, body) => c.post(`/api/v1/observations/${id}/checks`, body);
const act = (c, id, body) => c.post(`/api/v1/observations/${id}/transitions`, body);
const detail = async (id) => (await admin.get(`/api/v1/observations/${id}`)).body;

async function user(username, role, extra = {}) {
  const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...extra });
  assert.equal(r.status, 201, r.text);
  return server.login(username, PW);
}

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login();
  villageA = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  villageB = (await admin.post('/api/v1/villages', { name: '草场社区', code: '440605126002' })).body.id;
  assert.ok(villageA && villageB);
  commander = await user('zhb', 'commander');
  observer = await user('yxgc', 'observer');
  cunA = await user('cun_a', 'village', { village_id: villageA });
  cunB = await user('cun_b', 'village', { village_id: villageB });
  const s = await admin.post('/api/v1/sites', { name: '第一观察点', address: '里水大道1号', capacity: 10 });
  assert.equal(s.status, 201, s.text);
  site = s.body.id;
  const rm = await admin.post(`/api/v1/sites/${site}/rooms`, { number: '101', beds: 2 });
  assert.equal(rm.status, 201, rm.text);
  room = rm.body.room_list[0].id;
  for (const k of ['home', 'central', 'byVillage', 'fever', 'hosp', 'range', 'early', 'ext', 'lost',
    'conc', 'rulesOld']) await person(k, villageA);
  await person('b1', villageB);
});
after(async () => { await server.stop(); });

test('start a home observation: day 1 and the planned end follow the default rules', async () => {
  const o = await started(observer, 'home', { reason: '密切接触者', reason_detail: '病例陈某的同事', doctor: '李医生' });
  assert.equal(o.status, 'active');
  assert.equal(o.kind, 'home');
  assert.equal(o.person_id, persons.home);
  assert.equal(o.exposure_date, '2020-02-01');
  assert.equal(o.day1, '2020-02-02'); // the exposure day is day 0
  assert.equal(o.planned_end, '2020-02-15'); // day 14
  assert.equal(o.reason, '密切接触者');
  assert.equal(o.reason_detail, '病例陈某的同事');
  assert.equal(o.doctor, '李医生');
  assert.equal(o.site_id, null);
  assert.equal(o.rules.version, 1);
  assert.equal(o.started_at, NOW);
  assert.match(o.doc_number, /\*/, 'the ID number is masked');
  assert.deepEqual(o.events.map((e) => e.action), ['start']);
});

test('start a centralized observation: it takes a bed at the site', async () => {
  const o = await started(observer, 'central', { kind: 'central', site_id: site, reason: '疫区返回', reason_detail: '湖北省武汉市' });
  assert.equal(o.kind, 'central');
  assert.equal(o.site_id, site);
  assert.equal(o.room_id, room);
  assert.equal(o.room_number, '101');
  assert.equal(o.bed, 1);
  assert.equal(o.site_name, '第一观察点');
  const s = await admin.get(`/api/v1/sites/${site}`);
  assert.equal(s.body.occupied, 1);
  assert.deepEqual(s.body.room_list[0].occupants.map((x) => x.observation_id), [o.id]);
});

test('a village worker starts one for their own village and is its responsible worker', async () => {
  const me = (await cunA.get('/api/v1/me')).body.user;
  const o = await started(cunA, 'byVillage');
  assert.equal(o.worker_id, me.id);
  assert.equal(o.village_id, villageA);
  // not for another village's person: the same answer as for nobody
  const r = await start(cunB, 'byVillage');
  assertError(r, 422, 'person', 'person_id');
  const none = await cunB.post('/api/v1/observations', { person_id: 999999, kind: 'home', reason: '协查名单', exposure_date: '2020-02-01' });
  assert.deepEqual(none.body, r.body);
});

test('bad start input is refused with the field named', async () => {
  assertError(await start(observer, 'b1', { kind: 'hotel' }), 422, 'obs_kind', 'kind');
  assertError(await start(observer, 'b1', { reason: '随便' }), 422, 'obs_reason', 'reason');
  assertError(await start(observer, 'b1', { reason: '密切接触者' }), 422, 'reason_detail', 'reason_detail');
  assertError(await start(observer, 'b1', { reason: '疫区返回', reason_detail: '' }), 422, 'reason_detail', 'reason_detail');
  assertError(await start(observer, 'b1', { exposure_date: '2020-02-30' }), 422, 'date', 'exposure_date');
  assertError(await start(observer, 'b1', { exposure_date: '2020/02/01' }), 422, 'date', 'exposure_date');
  assertError(await start(observer, 'b1', { exposure_date: '2020-02-11' }), 422, 'exposure_range', 'exposure_date');
  assertError(await start(observer, 'b1', { exposure_date: '2019-12-11' }), 422, 'exposure_range', 'exposure_date');
  assertError(await start(observer, 'b1', { kind: 'central' }), 409, 'site', 'site_id');
  assertError(await start(observer, 'b1', { person_id: 0 }), 422, 'person', 'person_id');
  assertError(await start(observer, 'b1', { worker_id: 999999 }), 422, 'invalid', 'worker_id');
  assertError(await start(observer, 'b1', { kind: 'central', site_id: site, room_id: room, bed: 4294967297 }), 422, 'bed_invalid', 'bed');
  // nothing was started
  const list = await admin.get(`/api/v1/observations?status=all&q=${encodeURIComponent('观察b1')}`);
  assert.equal(list.body.total, 0);
  // today and 60 days back are the limits
  const ok = await start(observer, 'b1', { exposure_date: '2020-02-10' });
  assert.equal(ok.status, 201, ok.text);
  assert.equal(ok.body.planned_end, '2020-02-24');
});

test('one open observation per person: the second answers 409 with the first one\'s id', async () => {
  const first = (await admin.get(`/api/v1/observations?q=${encodeURIComponent('观察home')}`)).body.items[0];
  const r = await start(observer, 'home', { exposure_date: '2020-02-05' });
  const e = assertError(r, 409, 'obs_exists', 'person_id');
  assert.equal(e.existing_id, first.id);
  const c = await start(observer, 'home', { kind: 'central', site_id: site });
  assert.equal(assertError(c, 409, 'obs_exists').existing_id, first.id);
  const list = await admin.get(`/api/v1/observations?status=all&q=${encodeURIComponent('观察home')}`);
  assert.equal(list.body.total, 1);
});

test('a 38.1 °C check opens an alert for the commander, the observers and the person\'s village only', async () => {
  const o = await started(observer, 'fever');
  const r = await check(cunA, o.id, { temp: 38.1, method: 'axillary', at: '2020-02-10 19:30' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.alert, true);
  const alertId = r.body.alert_id;
  assert.ok(alertId > 0);
  for (const [who, c] of [['commander', commander], ['observer', observer], ['village A', cunA], ['admin', admin]]) {
    const list = await c.get('/api/v1/alerts');
    assert.equal(list.status, 200, `${who}: ${list.text}`);
    const a = list.body.items.find((x) => x.id === alertId);
    assert.ok(a, `${who} sees the alert`);
    assert.equal(a.status, 'open');
    assert.equal(a.temp, 381);
    assert.equal(a.obs_id, o.id);
  }
  const other = await cunB.get('/api/v1/alerts?status=all');
  assert.equal(other.status, 200);
  assert.ok(!other.body.items.some((x) => x.id === alertId), 'village B does not see it');
  assertError(await cunB.post(`/api/v1/alerts/${alertId}/referral`, { hospital: '南海区人民医院' }), 404, 'not_found');
  // the check itself is stored with its window and fever flag
  const d = await detail(o.id);
  assert.equal(d.checks.length, 1);
  assert.equal(d.checks[0].fever, 1);
  assert.equal(d.checks[0].slot, 1);
  assert.equal(d.checks[0].local_date, '2020-02-10');
  assert.equal(d.checks[0].in_window, 1);
  assert.equal(d.open_alerts, 1);
  const counts = await commander.get('/api/v1/obs/counts');
  assert.ok(counts.body.open_alerts >= 1);
});

test('fever thresholds per method: 37.3 axillary is fever, 37.2 not; ear needs 37.5; any symptom alerts', async () => {
  const id = (await started(observer, 'range')).id;
  const cases = [
    [{ temp: 37.2, method: 'axillary' }, false],
    [{ temp: 37.3, method: 'axillary' }, true],
    [{ temp: '37.3', method: '腋温' }, true],
    [{ temp: 37.2, method: 'forehead' }, false],
    [{ temp: 37.3, method: 'forehead' }, true],
    [{ temp: 37.4, method: 'ear' }, false],
    [{ temp: 37.5, method: 'ear' }, true],
    [{ temp: 37.4, method: 'oral' }, false],
    [{ temp: 37.5, method: '口温' }, true],
    [{ temp: 36.5, method: 'axillary', symptoms: ['咳嗽'] }, true],
    [{ temp: 36.5, symptoms: [] }, false],
    [{ temp: 36.5 }, false],
    [{ visit: 'absent' }, false],
    [{ visit: 'refused', note: '拒绝开门' }, false],
  ];
  for (const [body, alert] of cases) {
    const r = await check(observer, id, { at: '2020-02-10 19:00', ...body });
    assert.equal(r.status, 201, `${JSON.stringify(body)}: ${r.text}`);
    assert.equal(r.body.alert, alert, JSON.stringify(body));
    assert.equal('alert_id' in r.body, alert);
  }
  const d = await detail(id);
  assert.equal(d.checks.length, cases.length);
  assert.equal(d.alerts.length, cases.filter((c) => c[1]).length);
  const absent = d.checks.find((c) => c.visit === 'absent');
  assert.equal(absent.temp, null);
});

test('temperature out of range or not a number → 422, nothing stored', async () => {
  const id = (await admin.get(`/api/v1/observations?q=${encodeURIComponent('观察range')}`)).body.items[0].id;
  const before = (await detail(id)).checks.length;
  // 429496766.9 × 10 wraps to 373 in a 32-bit int
  for (const temp of [33.9, 43.1, 0, -37, 100, 373, 429496766.9, -429496766.9, 1e300]) {
    assertError(await check(cunA, id, { temp }), 422, 'temp_range', 'temp');
  }
  for (const temp of ['abc', '37.5x', '', ' ', true, [37.5], { v: 37 }]) {
    assertError(await check(cunA, id, { temp }), 422, 'temp_invalid', 'temp');
  }
  assertError(await check(cunA, id, { visit: 'ok' }), 422, 'temp_required', 'temp');
  assertError(await check(cunA, id, {}), 422, 'temp_required', 'temp');
  assertError(await check(cunA, id, { temp: 36.5, method: 'rectal' }), 422, 'method', 'method');
  assertError(await check(cunA, id, { temp: 36.5, visit: 'maybe' }), 422, 'visit', 'visit');
  assertError(await check(cunA, id, { temp: 36.5, symptoms: '咳嗽' }), 422, 'symptoms', 'symptoms');
  assertError(await check(cunA, id, { temp: 36.5, symptoms: [1] }), 422, 'symptoms', 'symptoms');
  assertError(await check(cunA, id, { temp: 36.5, symptoms: ['a,b'] }), 422, 'symptoms', 'symptoms');
  assert.equal((await detail(id)).checks.length, before);
  // the edges themselves are valid
  for (const temp of [34.0, 43.0, '36.6']) {
    const r = await check(cunA, id, { temp, at: '2020-02-10 19:10' });
    assert.equal(r.status, 201, `${temp}: ${r.text}`);
  }
  const temps = (await detail(id)).checks.slice(0, 3).map((c) => c.temp).sort();
  assert.deepEqual(temps, [340, 366, 430]);
});

test('a check in the future or before the exposure date → 422', async () => {
  const id = (await admin.get(`/api/v1/observations?q=${encodeURIComponent('观察range')}`)).body.items[0].id;
  const before = (await detail(id)).checks.length;
  // exposure 2020-02-01, now 2020-02-10 20:00 (5 minutes of clock skew allowed)
  assertError(await check(cunA, id, { temp: 36.5, at: '2020-02-10 20:06' }), 422, 'check_future', 'at');
  assertError(await check(cunA, id, { temp: 36.5, at: NOW + 301 }), 422, 'check_future', 'at');
  assertError(await check(cunA, id, { temp: 36.5, at: '2020-02-11 08:00' }), 422, 'check_future', 'at');
  assertError(await check(cunA, id, { temp: 36.5, at: '2020-01-31 23:59' }), 422, 'check_before_start', 'at');
  assertError(await check(cunA, id, { temp: 36.5, at: L('2020-01-31 23:59') + 59 }), 422, 'check_before_start', 'at');
  assertError(await check(cunA, id, { temp: 36.5, at: '2020-02-10 25:00' }), 422, 'time', 'at');
  assertError(await check(cunA, id, { temp: 36.5, at: 'yesterday' }), 422, 'time', 'at');
  assertError(await check(cunA, id, { temp: 36.5, at: -5 }), 422, 'time', 'at');
  assert.equal((await detail(id)).checks.length, before);
  // the edges: the exposure day's first minute, now + 300 s, a late paper record
  for (const at of ['2020-02-01 00:00', NOW + 300, '2020-02-05T08:15:30']) {
    const r = await check(cunA, id, { temp: 36.5, at });
    assert.equal(r.status, 201, `${at}: ${r.text}`);
  }
  const d = await detail(id);
  assert.ok(d.checks.some((c) => c.at === L('2020-02-01 00:00') && c.local_date === '2020-02-01' && c.slot === 0));
  assert.ok(d.checks.some((c) => c.at === L('2020-02-05 08:15') + 30 && c.in_window === 1));
});

test('referral, then outcome 排除 (excluded) closes the alert and keeps the observation active', async () => {
  const id = (await admin.get(`/api/v1/observations?q=${encodeURIComponent('观察fever')}`)).body.items[0].id;
  const alertId = (await detail(id)).alerts[0].id;
  assertError(await cunA.post(`/api/v1/alerts/${alertId}/referral`, { transport: '120' }), 422, 'hospital_required', 'hospital');
  const ref = await cunA.post(`/api/v1/alerts/${alertId}/referral`, { hospital: '南海区人民医院发热门诊', transport: '120救护车', departed_at: '2020-02-10 19:45' });
  assert.equal(ref.status, 200, ref.text);
  let a = (await commander.get('/api/v1/alerts')).body.items.find((x) => x.id === alertId);
  assert.equal(a.status, 'referred');
  assert.equal(a.hospital, '南海区人民医院发热门诊');
  assert.equal(a.departed_at, L('2020-02-10 19:45'));
  // village workers record, the office decides
  assertError(await cunA.post(`/api/v1/alerts/${alertId}/outcome`, { outcome: 'excluded' }), 403, 'forbidden');
  assertError(await observer.post(`/api/v1/alerts/${alertId}/outcome`, { outcome: '不知道' }), 422, 'outcome', 'outcome');
  assertError(await observer.post(`/api/v1/alerts/${alertId}/outcome`, {}), 422, 'outcome', 'outcome');
  const out = await observer.post(`/api/v1/alerts/${alertId}/outcome`, { outcome: 'excluded', note: '血常规正常，排除' });
  assert.equal(out.status, 200, out.text);
  const d = await detail(id);
  assert.equal(d.status, 'active');
  assert.equal(d.open_alerts, 0);
  assert.equal(d.alerts[0].status, 'closed');
  assert.equal(d.alerts[0].outcome, 'excluded');
  // closed alerts leave the open list, and cannot be decided twice
  assert.ok(!(await commander.get('/api/v1/alerts')).body.items.some((x) => x.id === alertId));
  a = (await commander.get('/api/v1/alerts?status=closed')).body.items.find((x) => x.id === alertId);
  assert.equal(a.outcome, 'excluded');
  assertError(await observer.post(`/api/v1/alerts/${alertId}/outcome`, { outcome: 'suspected' }), 409, 'alert_closed');
  assertError(await cunA.post(`/api/v1/alerts/${alertId}/referral`, { hospital: 'x' }), 409, 'alert_closed');
  assert.equal((await detail(id)).status, 'active');
  // checks go on
  assert.equal((await check(cunA, id, { temp: 36.6 })).status, 201);
});

test('outcome 疑似 (suspected) ends the observation: transferred to hospital', async () => {
  const o = await started(observer, 'hosp');
  const r = await check(cunA, o.id, { temp: 38.5, symptoms: ['发热', '咳嗽'] });
  assert.equal(r.body.alert, true);
  assert.equal((await cunA.post(`/api/v1/alerts/${r.body.alert_id}/referral`, { hospital: '南海区人民医院' })).status, 200);
  const out = await commander.post(`/api/v1/alerts/${r.body.alert_id}/outcome`, { outcome: 'suspected' });
  assert.equal(out.status, 200, out.text);
  const d = await detail(o.id);
  assert.equal(d.status, 'hospital');
  assert.equal(d.ended_at, NOW);
  assert.equal(d.end_reason, 'hospital');
  assert.equal(d.open_alerts, 0);
  assert.deepEqual(d.events.map((e) => e.action), ['start', 'referral', 'alert_outcome', 'hospital']);
  assert.equal(d.events.at(-1).from_status, 'active');
  assert.equal(d.events.at(-1).to_status, 'hospital');
  // it is over: no more checks, no other transition
  assertError(await check(cunA, o.id, { temp: 36.5 }), 409, 'obs_not_active', 'at');
  for (const action of ['release', 'lost', 'found', 'hospital', 'to_central']) {
    assertError(await act(observer, o.id, { action, reason: 'x' }), 409, 'obs_not_active');
  }
  const counts = await commander.get('/api/v1/obs/counts');
  assert.equal(counts.body.hospital, 1);
  // a new observation may be started for the person later
  assert.equal((await start(observer, 'hosp', { exposure_date: '2020-02-09' })).status, 201);
});

test('early release: without a reason 409 reason_required, with one it ends the observation', async () => {
  const o = await started(observer, 'early');
  assertError(await act(observer, o.id, { action: 'release' }), 409, 'release_too_early');
  assertError(await act(observer, o.id, { action: 'release_early' }), 409, 'reason_required');
  assertError(await act(observer, o.id, { action: 'release_early', reason: '  ' }), 409, 'reason_required');
  assert.equal((await detail(o.id)).status, 'active');
  // village workers cannot release
  assertError(await act(cunA, o.id, { action: 'release_early', reason: '指示病例已排除' }), 403, 'forbidden');
  const r = await act(observer, o.id, { action: 'release_early', reason: '指示病例两次核酸阴性，已排除' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'released');
  assert.equal(r.body.end_reason, 'release_early');
  assert.equal(r.body.ended_at, NOW);
  const ev = r.body.events.at(-1);
  assert.equal(ev.action, 'release_early');
  assert.equal(ev.reason, '指示病例两次核酸阴性，已排除');
  assert.equal(ev.username, 'yxgc');
  assertError(await act(observer, o.id, { action: 'release_early', reason: '再来一次' }), 409, 'obs_not_active');
  const au = await admin.get('/api/v1/audit?action=observation.release_early');
  assert.ok(au.body.items.some((x) => x.entity_id === o.id), au.text);
  // once released, the person may be placed under observation again
  const again = await start(observer, 'early', { exposure_date: '2020-02-09' });
  assert.equal(again.status, 201, again.text);
  assert.notEqual(again.body.id, o.id);
});

test('extend moves the planned end, needs a reason, and is audited', async () => {
  const o = await started(observer, 'ext');
  assert.equal(o.planned_end, '2020-02-15');
  assertError(await act(observer, o.id, { action: 'extend', days: 3 }), 409, 'reason_required');
  assertError(await act(observer, o.id, { action: 'extend', days: 0, reason: '同住家属发热' }), 409, 'extend_days');
  assertError(await act(observer, o.id, { action: 'extend', days: 29, reason: '同住家属发热' }), 409, 'extend_days');
  assertError(await act(observer, o.id, { action: 'extend', reason: '同住家属发热' }), 409, 'extend_days');
  // 4294967299 would be 3 in a 32-bit int
  assertError(await act(observer, o.id, { action: 'extend', days: 4294967299, reason: '同住家属发热' }), 409, 'extend_days');
  assertError(await act(observer, o.id, { action: 'extend', days: -3, reason: '同住家属发热' }), 409, 'extend_days');
  assertError(await act(cunA, o.id, { action: 'extend', days: 3, reason: '同住家属发热' }), 403, 'forbidden');
  const r = await act(observer, o.id, { action: 'extend', days: 3, reason: '同住家属发热' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.planned_end, '2020-02-18');
  assert.equal(r.body.extended_days, 3);
  assert.equal(r.body.status, 'active');
  const r2 = await act(commander, o.id, { action: 'extend', days: 14, reason: '同住家属确诊' });
  assert.equal(r2.status, 200, r2.text);
  assert.equal(r2.body.planned_end, '2020-03-03'); // over 2020-02-29
  assert.equal(r2.body.extended_days, 17);
  const au = await admin.get('/api/v1/audit?action=observation.extend');
  const rows = au.body.items.filter((x) => x.entity_id === o.id);
  assert.equal(rows.length, 2, au.text);
  assert.deepEqual(rows.map((x) => x.detail.days).sort((a, b) => a - b), [3, 14]);
  assert.ok(rows.some((x) => x.username === 'yxgc') && rows.some((x) => x.username === 'zhb'));
  const ev = (await detail(o.id)).events.filter((e) => e.action === 'extend');
  assert.deepEqual(ev.map((e) => e.reason), ['同住家属发热', '同住家属确诊']);
});

test('lost (with a reason and the last known time) → found → active again', async () => {
  const o = await started(observer, 'lost');
  assertError(await act(cunA, o.id, { action: 'found' }), 409, 'obs_not_active');
  assertError(await act(cunA, o.id, { action: 'lost' }), 409, 'reason_required');
  assertError(await act(cunA, o.id, { action: 'lost', reason: '电话不通', at: 'noon' }), 422, 'time', 'at');
  assertError(await act(cunA, o.id, { action: 'lost', reason: '电话不通', at: '2020-02-11 08:00' }), 422, 'check_future', 'at');
  assert.equal((await detail(o.id)).status, 'active');
  const r = await act(cunA, o.id, { action: 'lost', reason: '电话不通，上门未见到人', at: '2020-02-10 08:30' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'lost');
  assert.equal(r.body.lost_at, L('2020-02-10 08:30'));
  // while lost: no checks, no release, no second observation, not twice lost
  assertError(await check(cunA, o.id, { temp: 36.5 }), 409, 'obs_not_active', 'at');
  assertError(await act(observer, o.id, { action: 'release_early', reason: 'x' }), 409, 'obs_not_active');
  assertError(await act(observer, o.id, { action: 'extend', days: 1, reason: 'x' }), 409, 'obs_not_active');
  assertError(await act(cunA, o.id, { action: 'lost', reason: 'x' }), 409, 'obs_not_active');
  assert.equal(assertError(await start(observer, 'lost'), 409, 'obs_exists').existing_id, o.id);
  const counts = await commander.get('/api/v1/obs/counts');
  assert.equal(counts.body.lost, 1);
  const f = await act(cunA, o.id, { action: 'found', reason: '已联系上，在亲戚家' });
  assert.equal(f.status, 200, f.text);
  assert.equal(f.body.status, 'active');
  assert.equal(f.body.lost_at, null);
  assert.equal(f.body.planned_end, o.planned_end, 'the period goes on unchanged');
  assert.deepEqual(f.body.events.map((e) => [e.action, e.from_status, e.to_status]),
    [['start', 'active', 'active'], ['lost', 'active', 'lost'], ['found', 'lost', 'active']]);
  assert.equal((await check(cunA, o.id, { temp: 36.5 })).status, 201);
  assertError(await act(observer, o.id, { action: 'bogus' }), 422, 'obs_action', 'action');
});

test('village scoping: another village\'s observation is 404 everywhere', async () => {
  const id = (await admin.get(`/api/v1/observations?q=${encodeURIComponent('观察home')}`)).body.items[0].id;
  const checksBefore = (await detail(id)).checks.length;
  assertError(await cunB.get(`/api/v1/observations/${id}`), 404, 'not_found');
  assertError(await cunB.get(`/api/v1/observations/${id}/grid`), 404, 'not_found');
  assertError(await check(cunB, id, { temp: 36.5 }), 404, 'not_found');
  assertError(await act(cunB, id, { action: 'lost', reason: '越权' }), 404, 'not_found');
  assertError(await cunB.post(`/api/v1/observations/${id}/needs`, { category: '其他', text: '越权' }), 404, 'not_found');
  // the same answer as for an observation that does not exist
  assert.deepEqual((await cunB.get('/api/v1/observations/987654')).body, (await cunB.get(`/api/v1/observations/${id}`)).body);
  const list = await cunB.get('/api/v1/observations?per_page=100');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length >= 1);
  for (const o of list.body.items) assert.equal(o.village_id, villageB);
  const asked = await cunB.get(`/api/v1/observations?village=${villageA}`);
  assert.equal(asked.body.total, 0);
  const due = await cunB.get('/api/v1/obs/due');
  for (const it of due.body.items) assert.equal(it.village_id, villageB);
  const counts = (await cunB.get('/api/v1/obs/counts')).body;
  assert.equal(counts.home + counts.central, 1);
  // village A's worker does see it and may check
  assert.equal((await cunA.get(`/api/v1/observations/${id}`)).status, 200);
  assert.equal((await check(cunA, id, { temp: 36.4 })).status, 201);
  assert.equal((await detail(id)).checks.length, checksBefore + 1);
  // read-only roles have no access at all
  const viewer = await user('lingdao', 'viewer');
  assertError(await viewer.get(`/api/v1/observations/${id}`), 403, 'forbidden');
});

test('concurrent checks for the same window by two workers: both kept', async () => {
  const o = await started(observer, 'conc');
  const rounds = 6;
  for (let i = 0; i < rounds; i++) {
    const [a, b] = await Promise.all([
      check(cunA, o.id, { temp: 36.5, at: '2020-02-10 19:50' }),
      check(observer, o.id, { temp: 36.7, at: '2020-02-10 19:51' }),
    ]);
    assert.equal(a.status, 201, a.text);
    assert.equal(b.status, 201, b.text);
    assert.notEqual(a.body.id, b.body.id);
  }
  const d = await detail(o.id);
  assert.equal(d.checks.length, rounds * 2);
  assert.equal(d.checks.filter((c) => c.temp === 365).length, rounds);
  assert.equal(d.checks.filter((c) => c.temp === 367).length, rounds);
  assert.ok(d.checks.every((c) => c.local_date === '2020-02-10' && c.slot === 1));
  const names = new Set(d.checks.map((c) => c.recorded_by_name));
  assert.deepEqual([...names].sort(), ['cun_a', 'yxgc']);
});

test('two clerks at once: one start per person, one release per observation, never a 500', async () => {
  await person('race', villageA);
  const starts = await Promise.all([1, 2, 3, 4].map(() => start(observer, 'race')));
  assert.deepEqual(starts.map((r) => r.status).sort(), [201, 409, 409, 409], starts.map((r) => r.text).join('\n'));
  const id = starts.find((r) => r.status === 201).body.id;
  for (const r of starts.filter((x) => x.status === 409)) assert.equal(r.body.error.existing_id, id);
  const rel = await Promise.all([observer, commander, admin].map((c) => act(c, id, { action: 'release_early', reason: '指示病例已排除' })));
  assert.deepEqual(rel.map((r) => r.status).sort(), [200, 409, 409], rel.map((r) => r.text).join('\n'));
  for (const r of rel.filter((x) => x.status === 409)) assert.equal(r.body.error.code, 'obs_not_active');
  const d = await detail(id);
  assert.equal(d.events.filter((e) => e.action === 'release_early').length, 1);
});

test('rules: a new version with an effective date; running observations keep theirs', async () => {
  const old = await started(observer, 'rulesOld');
  assert.equal(old.rules.version, 1);
  assert.equal(old.planned_end, '2020-02-15');
  // only the admin sets rules, and they are checked
  assertError(await commander.post('/api/v1/obs/rules', { effective_date: '2020-02-05', period_days: 21 }), 403, 'forbidden');
  assertError(await admin.post('/api/v1/obs/rules', { period_days: 21 }), 422, 'date', 'effective_date');
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-05', period_days: 0 }), 422, 'rules_period', 'period_days');
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-05', windows: { morning: ['12:00', '06:00'] } }), 422, 'rules_window', 'windows');
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-05', thresholds: { axillary: 42 } }), 422, 'rules_threshold', 'thresholds');
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-05', symptoms: [] }), 422, 'rules_symptoms', 'symptoms');
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-05', windows: 5 }), 422, 'rules_window', 'windows');
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-05', thresholds: [37.3] }), 422, 'rules_threshold', 'thresholds');
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-30' }), 422, 'date', 'effective_date');
  assert.equal((await admin.get('/api/v1/obs/rules')).body.items.length, 1);

  const v2 = await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-05', period_days: 21, day0: false, thresholds: { axillary: 37.5 }, note: '第六版' });
  assert.equal(v2.status, 201, v2.text);
  assert.equal(v2.body.version, 2);
  assert.equal(v2.body.effective_date, '2020-02-05');
  assert.equal(v2.body.period_days, 21);
  assert.equal(v2.body.thresholds.axillary, 37.5);
  assert.equal(v2.body.thresholds.ear, 37.5, 'unchanged settings carry over');
  const v3 = await admin.post('/api/v1/obs/rules', { effective_date: '2020-03-01', period_days: 7 });
  assert.equal(v3.body.version, 3);
  const rules = (await observer.get('/api/v1/obs/rules')).body;
  assert.equal(rules.current.version, 2, 'a future version is not yet in force');
  assert.deepEqual(rules.items.map((x) => x.version), [3, 2, 1]);
  const audit = await admin.get('/api/v1/audit?action=rules.create');
  assert.equal(audit.body.total, 2);
  // a version identical to the one in force on its date changes nothing: refused
  const same = await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-10' });
  assertError(same, 409, 'rules_unchanged');
  assert.match(same.body.error.message, /规则与该生效日期起执行的版本完全相同/);
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-02-06', period_days: 21, thresholds: { axillary: 37.5 } }), 409, 'rules_unchanged');
  // compared with the version in force on that date (v3 from 03-01), not today's
  assertError(await admin.post('/api/v1/obs/rules', { effective_date: '2020-03-05', period_days: 7 }), 409, 'rules_unchanged');
  assert.equal((await admin.get('/api/v1/obs/rules')).body.items.length, 3);

  // the running observation keeps version 1: same planned end, same fever threshold
  let d = await detail(old.id);
  assert.equal(d.rules_id, old.rules_id);
  assert.equal(d.rules.version, 1);
  assert.equal(d.planned_end, '2020-02-15');
  const f = await check(cunA, old.id, { temp: 37.3 });
  assert.equal(f.body.alert, true, '37.3 is still fever under version 1');
  // extending it counts in its own rules
  const e = await act(observer, old.id, { action: 'extend', days: 1, reason: '复查' });
  assert.equal(e.body.planned_end, '2020-02-16');
  d = await detail(old.id);
  assert.equal(d.rules.period_days, 14);

  // a new observation (exposure on/after the effective date) takes version 2
  await person('home2', villageA);
  const fresh = await started(observer, 'home2', { exposure_date: '2020-02-06' });
  assert.equal(fresh.rules.version, 2);
  assert.equal(fresh.day1, '2020-02-06'); // day0 false: the exposure day is day 1
  assert.equal(fresh.planned_end, '2020-02-26'); // 21 days
  const n = await check(cunA, fresh.id, { temp: 37.3 });
  assert.equal(n.body.alert, false, '37.3 is below the version-2 threshold');
  assert.equal((await check(cunA, fresh.id, { temp: 37.5 })).body.alert, true);
});
