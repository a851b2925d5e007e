// Joint road checkpoints (issue 6): shifts (值班) planned by the office,
// sign-in and sign-out in order, hours per person per day split at local
// midnight (the office must see who worked 18 hours), and the counts per
// checkpoint, per shift, per hour and per day — the API and
// `fangkong checkpoint stats --json` agree.
// Three servers over one database, their clocks pinned (UTC+8):
//   A 2020-02-10 07:50  shifts planned, day shift signed in
//   B 2020-02-10 20:05  day shift signed out, night shift signed in
//   C 2020-02-11 08:10  night shift signed out, screenings entered, counts
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serve, bearer, clientId, assertError, cli } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const TA = L('2020-02-10 07:50');
const TB = L('2020-02-10 20:05');
const TC = L('2020-02-11 08:10');
const PW = 'Fangkong#2020';

let server; // A
const extra = []; // B, C
let admin;
let cp1; let cp2; let dayShift; let nightShift;
const U = {}; // username → user id
const TOK = {}; // username → bearer token
const cid = () => clientId('s');

// Another server on the same database, its clock pinned at `now`.
async function serveAt(now) {
  const srv = await serve(server.dbPath, { env: { FANGKONG_NOW: String(now) }, threads: 2 });
  const s = {
    as: (name) => bearer(srv.url, TOK[name]),
    stop: srv.stop,
  };
  extra.push(s);
  return s;
}

const onA = (name) => bearer(server.url, TOK[name]);
const near = (a, b, msg) => assert.ok(Math.abs(a - b) < 1e-6, `${msg}: ${a} != ${b}`);

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(TA) } });
  admin = await server.login();
  cp1 = (await admin.post('/api/v1/checkpoints', { name: '和顺检疫点', location: '和顺大道', type: '公路卡口' })).body.id;
  cp2 = (await admin.post('/api/v1/checkpoints', { name: '里水高速出口检疫点', location: '广佛肇高速', type: '高速出口' })).body.id;
  assert.ok(cp1 && cp2);
  for (const [username, role, more] of [['kakou', 'checkpoint', { checkpoint_id: cp1 }], ['kakou2', 'checkpoint', { checkpoint_id: cp1 }],
    ['kakou3', 'checkpoint', { checkpoint_id: cp1 }], ['zhb', 'commander', {}], ['ld', 'viewer', {}]]) {
    const r = await admin.post('/api/v1/users', { username, name: `${username}姓名`, password: PW, role, ...more });
    assert.equal(r.status, 201, r.text);
    U[username] = r.body.id;
  }
  for (const name of ['admin', 'kakou', 'kakou2', 'kakou3', 'zhb', 'ld']) {
    const t = cli(['user', 'token', name, '--db', server.dbPath, '--days', '366']);
    assert.equal(t.code, 0, t.stderr);
    TOK[name] = t.stdout.trim();
  }
});
after(async () => {
  for (const s of extra) await s.stop();
  await server.stop();
});

test('shifts: the office plans them with staff; bad times, unknown checkpoints and other roles are refused', async () => {
  const zhb = onA('zhb');
  const d = await zhb.post('/api/v1/shifts', {
    checkpoint_id: cp1, starts_at: '2020-02-10 08:00', ends_at: '2020-02-10 20:00', note: '白班',
    staff: [{ user_id: U.kakou }, { user_id: U.kakou2 }, { name: '民兵张三' }],
  });
  assert.equal(d.status, 201, d.text);
  dayShift = d.body.id;
  assert.equal(d.body.starts_at, L('2020-02-10 08:00'));
  assert.equal(d.body.ends_at, L('2020-02-10 20:00'));
  assert.equal(d.body.checkpoint_name, '和顺检疫点');
  assert.equal(d.body.note, '白班');
  assert.deepEqual(d.body.staff.map((s) => s.name).sort(), ['kakou2姓名', 'kakou姓名', '民兵张三'].sort());
  assert.ok(d.body.staff.every((s) => s.signed_in_at === null));
  const nt = await zhb.post('/api/v1/shifts', {
    checkpoint_id: cp1, starts_at: L('2020-02-10 20:00'), ends_at: L('2020-02-11 08:00'), note: '夜班', staff: [{ user_id: U.kakou }],
  });
  assert.equal(nt.status, 201, nt.text);
  nightShift = nt.body.id;
  // bad input
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '2020-02-10 20:00', ends_at: '2020-02-10 08:00' }), 422, 'shift_times', 'ends_at');
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '2020-02-10 08:00', ends_at: '2020-02-11 08:01' }), 422, 'shift_times', 'ends_at');
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '2020-02-10 08:00', ends_at: '2020-02-10 08:00' }), 422, 'shift_times', 'ends_at');
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: 999, starts_at: '2020-02-10 08:00', ends_at: '2020-02-10 20:00' }), 422, 'checkpoint', 'checkpoint_id');
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '昨天', ends_at: '2020-02-10 20:00' }), 422, 'time', 'starts_at');
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: cp1, ends_at: '2020-02-10 20:00' }), 422, 'time', 'starts_at');
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '2020-02-10 08:00', ends_at: '2020-02-10 20:00', staff: 'kakou' }), 422, 'invalid', 'staff');
  assertError(await zhb.post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '2020-02-10 08:00', ends_at: '2020-02-10 20:00', staff: [{ user_id: 99999 }] }), 422, 'invalid', 'staff');
  assert.equal((await onA('kakou').post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '2020-02-10 08:00', ends_at: '2020-02-10 20:00' })).status, 403);
  assert.equal((await onA('ld').post('/api/v1/shifts', { checkpoint_id: cp1, starts_at: '2020-02-10 08:00', ends_at: '2020-02-10 20:00' })).status, 403);
  // nothing half-written: two shifts
  const l = await zhb.get(`/api/v1/shifts?checkpoint=${cp1}&from=${L('2020-02-09 00:00')}&to=${L('2020-02-12 00:00')}`);
  assert.equal(l.status, 200, l.text);
  assert.deepEqual(l.body.items.map((s) => s.id).sort(), [dayShift, nightShift].sort());
  // the checkpoint lists the shift now running (A is 07:50: none yet)
  const cps = (await zhb.get('/api/v1/checkpoints')).body.items;
  assert.equal(cps.find((c) => c.id === cp1).current_shift_id, null);
});

test('sign in and out in order across the day and the night; the wrong order → 409', async () => {
  const k = onA('kakou');
  // A 07:50: the day shift signs in; signing out first or twice in is refused
  assertError(await k.post(`/api/v1/shifts/${dayShift}/signout`, { handover: '' }), 409, 'shift_not_signed_in');
  assert.equal((await k.post(`/api/v1/shifts/${dayShift}/signin`)).status, 200);
  assertError(await k.post(`/api/v1/shifts/${dayShift}/signin`), 409, 'shift_signed_in');
  assert.equal((await onA('kakou2').post(`/api/v1/shifts/${dayShift}/signin`)).status, 200);
  assertError(await k.post(`/api/v1/shifts/${nightShift}/signout`, {}), 409, 'shift_not_signed_in');
  assertError(await k.post('/api/v1/shifts/99999/signin'), 404, 'not_found');
  // another checkpoint's shift does not exist for a checkpoint user (no stand-in there)
  const other = await onA('zhb').post('/api/v1/shifts', { checkpoint_id: cp2, starts_at: '2020-02-12 08:00', ends_at: '2020-02-12 20:00', staff: [{ user_id: U.kakou }] });
  assert.equal(other.status, 201, other.text);
  assertError(await k.post(`/api/v1/shifts/${other.body.id}/signin`), 404, 'not_found');
  assertError(await onA('kakou2').post(`/api/v1/shifts/${other.body.id}/signin`), 404, 'not_found');
  assertError(await k.post(`/api/v1/shifts/${other.body.id}/signout`, {}), 404, 'not_found');
  const still = (await onA('zhb').get(`/api/v1/shifts?checkpoint=${cp2}&from=${L('2020-02-12 00:00')}&to=${L('2020-02-13 00:00')}`)).body.items[0];
  assert.ok(still.staff.every((x) => x.signed_in_at === null) && still.staff.length === 1, JSON.stringify(still));
  // B 20:05: the day shift hands over; the night shift signs in, kakou3 stands in
  const b = await serveAt(TB);
  const kb = b.as('kakou');
  const out = await kb.post(`/api/v1/shifts/${dayShift}/signout`, { handover: '夜班注意：湖北方向车辆增多' });
  assert.equal(out.status, 200, out.text);
  assertError(await kb.post(`/api/v1/shifts/${dayShift}/signout`, {}), 409, 'shift_not_signed_in');
  assertError(await kb.post(`/api/v1/shifts/${dayShift}/signin`), 409, 'shift_signed_in');
  assert.equal((await kb.post(`/api/v1/shifts/${nightShift}/signin`)).status, 200);
  assert.equal((await b.as('kakou3').post(`/api/v1/shifts/${nightShift}/signin`)).status, 200, 'a stand-in joins');
  const cps = (await b.as('zhb').get('/api/v1/checkpoints')).body.items;
  assert.equal(cps.find((c) => c.id === cp1).current_shift_id, nightShift);
  // C 08:10 next morning: the night shift signs out; kakou2 forgot to sign out of the day shift
  const c = await serveAt(TC);
  assert.equal((await c.as('kakou').post(`/api/v1/shifts/${nightShift}/signout`, { handover: '无异常' })).status, 200);
  assert.equal((await c.as('kakou3').post(`/api/v1/shifts/${nightShift}/signout`, {})).status, 200);
  assertError(await c.as('kakou').post(`/api/v1/shifts/${nightShift}/signout`, {}), 409, 'shift_not_signed_in');
  // the shift list shows the actual times and the handover notes
  const l = (await c.as('zhb').get(`/api/v1/shifts?checkpoint=${cp1}&from=${L('2020-02-09 00:00')}&to=${L('2020-02-12 00:00')}`)).body.items;
  const day = l.find((s) => s.id === dayShift);
  const night = l.find((s) => s.id === nightShift);
  const who = (s, uid) => s.staff.find((x) => x.user_id === uid);
  assert.equal(who(day, U.kakou).signed_in_at, TA);
  assert.equal(who(day, U.kakou).signed_out_at, TB);
  assert.equal(who(day, U.kakou).handover, '夜班注意：湖北方向车辆增多');
  assert.equal(who(day, U.kakou2).signed_in_at, TA);
  assert.equal(who(day, U.kakou2).signed_out_at, null);
  assert.equal(who(night, U.kakou).signed_in_at, TB);
  assert.equal(who(night, U.kakou).signed_out_at, TC);
  assert.equal(who(night, U.kakou3).signed_in_at, TB);
  assert.equal(night.staff.length, 2);
  // a checkpoint user lists only their own checkpoint's shifts
  const mine = (await c.as('kakou').get(`/api/v1/shifts?checkpoint=${cp2}&from=${L('2020-02-09 00:00')}&to=${L('2020-02-12 00:00')}`)).body.items;
  assert.ok(mine.length === 2 && mine.every((s) => s.checkpoint_id === cp1));
});

test('hours per person per day, split at local midnight; an open sign-in counts to now; over 12 h in a day is flagged', async () => {
  const c = extra[1];
  const r = await c.as('zhb').get('/api/v1/shifts/hours?from=2020-02-10&to=2020-02-11');
  assert.equal(r.status, 200, r.text);
  const by = Object.fromEntries(r.body.items.map((p) => [p.name, p]));
  assert.deepEqual(Object.keys(by).sort(), ['kakou2姓名', 'kakou3姓名', 'kakou姓名'].sort(), 'never signed in: not listed');
  const h = (a, b) => (b - a) / 3600;
  const midnight = L('2020-02-11 00:00');
  // kakou: 07:50–20:05 and 20:05–08:10 next day
  near(by['kakou姓名'].days['2020-02-10'], h(TA, midnight), 'kakou 02-10');
  near(by['kakou姓名'].days['2020-02-11'], h(midnight, TC), 'kakou 02-11');
  near(by['kakou姓名'].total_hours, h(TA, TC), 'kakou total');
  near(by['kakou姓名'].max_day_hours, 16 + 10 / 60, 'kakou max day');
  assert.equal(by['kakou姓名'].over_limit, true);
  assert.equal(by['kakou姓名'].user_id, U.kakou);
  // kakou2 never signed out: counted up to now (C)
  near(by['kakou2姓名'].total_hours, h(TA, TC), 'kakou2 open sign-in');
  // kakou3 stood in for the night: 3 h 55 min + 8 h 10 min, neither day over 12
  near(by['kakou3姓名'].days['2020-02-10'], h(TB, midnight), 'kakou3 02-10');
  near(by['kakou3姓名'].days['2020-02-11'], h(midnight, TC), 'kakou3 02-11');
  assert.equal(by['kakou3姓名'].over_limit, false);
  // one day only: the part of the night after midnight is left out
  const one = (await c.as('zhb').get('/api/v1/shifts/hours?from=2020-02-10&to=2020-02-10')).body.items;
  const k = one.find((p) => p.user_id === U.kakou);
  assert.deepEqual(Object.keys(k.days), ['2020-02-10']);
  near(k.total_hours, h(TA, midnight), 'kakou 02-10 only');
  // bad ranges; the checkpoint user may not see everyone's hours
  assertError(await c.as('zhb').get('/api/v1/shifts/hours?from=2020-02-11&to=2020-02-10'), 400, 'date');
  assertError(await c.as('zhb').get('/api/v1/shifts/hours?from=2020-13-01'), 400, 'date');
  assert.equal((await c.as('kakou').get('/api/v1/shifts/hours')).status, 403);
});

test('counts per checkpoint, per shift, per hour and per day; the CLI agrees with the API', async () => {
  const c = extra[1];
  const k = c.as('kakou');
  assert.equal((await c.as('zhb').post('/api/v1/flagged-areas', { name: '湖北' })).status, 200);
  const entries = [
    // before the day shift: no shift
    { at: '2020-02-10 06:00', plate: '粤A10000', persons: [{ temp: 36.5 }] },
    // day shift
    { at: '2020-02-10 09:00', plate: '粤A10001', origin: '广东广州', persons: [{ temp: 36.5 }, { temp: 36.6 }] },
    { at: '2020-02-10 12:30', plate: '粤A10002', persons: [{ temp: 37.8, result: '转诊', hospital: '里水医院', name: '周某', phone: '13800000001' }] },
    { at: '2020-02-10 15:00', vehicle_type: '行人', origin: '湖北武汉', persons: [{ temp: 36.2, result: '劝返', name: '吴某', phone: '13800000002' }] },
    // night shift, before and after midnight
    { at: '2020-02-10 22:00', plate: '鄂K12345', origin: '湖北孝感', persons: [{ temp: 36.5 }, { temp: 36.4 }, { temp: 36.3 }] },
    { at: '2020-02-11 01:00', plate: '粤A10003', persons: [{ temp: 36.5 }] },
  ];
  for (const e of entries) {
    const r = await k.post('/api/v1/screenings', { client_id: cid(), vehicle_type: '小客车', ...e });
    assert.equal(r.status, 201, r.text);
  }
  // the other checkpoint, no shift there
  const o = await c.as('admin').post('/api/v1/screenings', { client_id: cid(), checkpoint_id: cp2, at: '2020-02-10 10:00', plate: '粤E55555', persons: [{ temp: 36.5 }] });
  assert.equal(o.status, 201, o.text);

  const st = await c.as('ld').get('/api/v1/checkpoint/stats?date=2020-02-10');
  assert.equal(st.status, 200, st.text);
  const s = st.body;
  assert.equal(s.date, '2020-02-10');
  const fig = (x) => [x.vehicles, x.persons, x.fevers, x.referrals, x.turned_back, x.flagged_persons];
  //                                  veh per fev ref back flagged
  assert.deepEqual(fig(s.checkpoints.find((x) => x.checkpoint_id === cp1)), [4, 8, 1, 1, 1, 4]);
  assert.deepEqual(fig(s.checkpoints.find((x) => x.checkpoint_id === cp2)), [1, 1, 0, 0, 0, 0]);
  assert.deepEqual(fig(s.total), [5, 9, 1, 1, 1, 4]);
  const shift = (id) => s.shifts.find((x) => x.shift_id === id);
  assert.deepEqual(fig(shift(dayShift)), [2, 4, 1, 1, 1, 1]);
  assert.deepEqual(fig(shift(nightShift)), [1, 3, 0, 0, 0, 3], 'the night shift on 02-10 only');
  assert.equal(shift(dayShift).starts_at, L('2020-02-10 08:00'));
  // entries outside any shift stay with their own checkpoint
  const loose = s.shifts.filter((x) => x.shift_id === null);
  assert.deepEqual(loose.map((x) => [x.checkpoint_name, ...fig(x)]).sort(),
    [['和顺检疫点', 1, 1, 0, 0, 0, 0], ['里水高速出口检疫点', 1, 1, 0, 0, 0, 0]].sort());
  // per hour (local)
  const hour = Object.fromEntries(s.hours.map((x) => [x.hour, x.persons]));
  assert.deepEqual(hour, { 6: 1, 9: 2, 10: 1, 12: 1, 15: 1, 22: 3 });
  // the next day holds the rest of the night
  const s2 = (await c.as('ld').get('/api/v1/checkpoint/stats?date=2020-02-11')).body;
  assert.deepEqual(fig(s2.total), [1, 1, 0, 0, 0, 0]);
  assert.deepEqual(fig(s2.shifts.find((x) => x.shift_id === nightShift)), [1, 1, 0, 0, 0, 0]);
  // the shift list counts all its screenings
  const l = (await c.as('zhb').get(`/api/v1/shifts?checkpoint=${cp1}&from=${L('2020-02-09 00:00')}&to=${L('2020-02-12 00:00')}`)).body.items;
  assert.equal(l.find((x) => x.id === nightShift).screenings, 2);
  assert.equal(l.find((x) => x.id === dayShift).screenings, 3);

  // the CLI: the same JSON; the text table has the same totals
  for (const date of ['2020-02-10', '2020-02-11']) {
    const api = (await c.as('ld').get(`/api/v1/checkpoint/stats?date=${date}`)).body;
    const r = cli(['checkpoint', 'stats', '--date', date, '--json', '--db', server.dbPath]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), api, date);
  }
  const t = cli(['checkpoint', 'stats', '--date', '2020-02-10', '--db', server.dbPath]);
  assert.equal(t.code, 0, t.stderr);
  assert.match(t.stdout, /2020-02-10 检疫点统计/);
  assert.match(t.stdout, /合计\s+5\s+9\s+1\s+1\s+1\s+4/);
  assert.match(t.stdout, /和顺检疫点\s+4\s+8\s+1\s+1\s+1\s+4/);
  assert.match(t.stdout, /和顺检疫点 08:00–20:00：车辆 2，人数 4，发热 1，劝返 1/);
  const bad = cli(['checkpoint', 'stats', '--date', '2020-02-30', '--db', server.dbPath]);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /YYYY-MM-DD/);
  // the checkpoint user gets the counts too; a village worker does not
  assert.equal((await k.get('/api/v1/checkpoint/stats?date=2020-02-10')).status, 200);
  assertError(await k.get('/api/v1/checkpoint/stats?date=02/10'), 400, 'date');
});
