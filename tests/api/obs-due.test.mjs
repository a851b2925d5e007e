// The due list (who lacks a check in the current window, missed windows
// 1 / 2 / 3+) and a person's grid, at fixed hours of the day.  The
// observations are started by a server pinned at 2020-02-10 07:00 (UTC+8);
// the later hours are read by further servers on the same database, each
// with its own FANGKONG_NOW, and by the CLI `fangkong observation due`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { startServer, assertError, makeId, cli, client, binary, DEMO_PASSWORD } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const T0 = L('2020-02-10 07:00');
const PW = 'Fangkong#2020';

let server;
let admin; let cunA;
const v = {}; // village key → id
const obs = {}; // key → observation id
let seq = 501;

// Another server on the same database, its clock pinned at `now`; logged in
// as admin.
async function serveAt(now) {
  const proc = spawn(binary, ['serve', '--db', server.dbPath, '--listen', '127.0.0.1:0', '--threads', '2'], {
    env: {
      ...process.env, FANGKONG_NOW: String(now),
      ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:exitcode=86', UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)\//);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(t); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const c = client(url);
  const r = await c.post('/api/v1/login', { username: 'admin', password: DEMO_PASSWORD });
  assert.equal(r.status, 200, r.text);
  c.stop = async () => {
    proc.removeAllListeners('exit');
    const exited = new Promise((res) => proc.on('exit', (code) => res(code)));
    proc.kill('SIGTERM');
    const code = await exited;
    if (code !== 0) throw new Error(`server exit ${code}:\n${stderr}`);
  };
  c.login = async (username, password) => {
    const u = client(url);
    const lr = await u.post('/api/v1/login', { username, password });
    assert.equal(lr.status, 200, lr.text);
    return u;
  };
  return c;
}

// The due list at `now` (a server started for it, or the main one at T0).
async function dueAt(now, q = '') {
  const c = await serveAt(now);
  try {
    const r = await c.get('/api/v1/obs/due' + q);
    assert.equal(r.status, 200, r.text);
    return r.body;
  } finally { await c.stop(); }
}

const byKey = (d) => {
  const out = {};
  for (const [k, id] of Object.entries(obs)) {
    const it = d.items.find((x) => x.id === id);
    if (it) out[k] = it;
  }
  return out;
};
const missed = (d) => Object.fromEntries(Object.entries(byKey(d)).map(([k, it]) => [k, it.missed_windows]));
const dueNow = (d) => Object.keys(byKey(d)).filter((k) => byKey(d)[k].due_now).sort();

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(T0) } });
  admin = await server.login();
  for (const [k, name, code] of [['A', '沙涌社区', '440605126001'], ['B', '草场社区', '440605126002'], ['C', '大冲村', '440605126003']]) {
    const r = await admin.post('/api/v1/villages', { name, code });
    assert.equal(r.status, 201, r.text);
    v[k] = r.body.id;
  }
  const u = await admin.post('/api/v1/users', { username: 'cun_a', name: '沙涌村干', password: PW, role: 'village', village_id: v.A });
  assert.equal(u.status, 201, u.text);
  cunA = await server.login('cun_a', PW);
  for (const [key, village] of [['a1', 'A'], ['a2', 'A'], ['b1', 'B'], ['g', 'C'], ['lost', 'A']]) {
    const s = seq; seq += 2;
    const p = await admin.post('/api/v1/persons', {
      name: `应测${key}`, sex: 1, doc_number: makeId('440605', '19900315', s), village_id: v[village],
      phone: '13700001111', address: `${village}村${s}号`,
    });
    assert.equal(p.status, 201, p.text);
    const o = await admin.post('/api/v1/observations', { person_id: p.body.id, kind: 'home', reason: '协查名单', exposure_date: '2020-02-08' });
    assert.equal(o.status, 201, o.text);
    obs[key] = o.body.id;
  }
  const l = await admin.post(`/api/v1/observations/${obs.lost}/transitions`, { action: 'lost', reason: '外出未归' });
  assert.equal(l.status, 200, l.text);
});
after(async () => { await server.stop(); });

test('07:00, morning window open: everyone under observation lacks a check', async () => {
  const d = (await admin.get('/api/v1/obs/due')).body;
  assert.deepEqual(d.window, { date: '2020-02-10', slot: 0, open: true });
  assert.equal(d.active, 4, 'the lost person is not counted');
  assert.equal(d.due_now, 4);
  assert.deepEqual(dueNow(d), ['a1', 'a2', 'b1', 'g']);
  assert.deepEqual(missed(d), { a1: 0, a2: 0, b1: 0, g: 0 });
  const a1 = byKey(d).a1;
  assert.equal(a1.day, 2); // exposure 02-08 is day 0, 02-10 day 2
  assert.equal(a1.village_name, '沙涌社区');
  assert.match(a1.phone, /\*/, 'phones are masked');
  const va = d.villages.find((x) => x.village_id === v.A);
  assert.deepEqual(va, { village_id: v.A, village_name: '沙涌社区', active: 2, due_now: 2, missed_1: 0, missed_2: 0, missed_3plus: 0 });
});

test('after a check they leave the list; a visit without a temperature does not count', async () => {
  assert.equal((await cunA.post(`/api/v1/observations/${obs.a1}/checks`, { temp: 36.5 })).status, 201);
  assert.equal((await cunA.post(`/api/v1/observations/${obs.a2}/checks`, { visit: 'absent', note: '敲门无人应' })).status, 201);
  const d = (await admin.get('/api/v1/obs/due')).body;
  assert.equal(d.due_now, 3);
  assert.deepEqual(dueNow(d), ['a2', 'b1', 'g']);
  assert.ok(!byKey(d).a1, 'checked: gone from the list');
  assert.equal(byKey(d).a2.visit, 'absent');
  // per village, as the admin asks or as the village worker sees it
  const b = (await admin.get(`/api/v1/obs/due?village=${v.B}`)).body;
  assert.deepEqual(b.items.map((x) => x.id), [obs.b1]);
  assert.equal(b.active, 1);
  const mine = (await cunA.get('/api/v1/obs/due')).body;
  assert.deepEqual(mine.items.map((x) => x.id), [obs.a2]);
  assert.equal(mine.active, 2);
  const asked = (await cunA.get(`/api/v1/obs/due?village=${v.B}`)).body;
  assert.ok(asked.items.every((x) => x.village_id === v.A), 'a village worker cannot ask for another village');
  assertError(await admin.get('/api/v1/obs/due?village=abc'), 400, 'bad_query', 'village');
});

test('13:00, between windows: nobody is due, the missed morning counts 1', async () => {
  const d = await dueAt(L('2020-02-10 13:00'));
  assert.deepEqual(d.window, { date: '2020-02-10', slot: 0, open: false });
  assert.equal(d.due_now, 0);
  assert.deepEqual(dueNow(d), []);
  assert.deepEqual(missed(d), { a2: 1, b1: 1, g: 1 });
  assert.deepEqual(d.missed, { 1: 3, 2: 0, '3plus': 0 });
});

test('11:59 is still the morning window, 12:00 is not', async () => {
  const a = await dueAt(L('2020-02-10 11:59'));
  assert.deepEqual(a.window, { date: '2020-02-10', slot: 0, open: true });
  assert.deepEqual(dueNow(a), ['a2', 'b1', 'g']);
  assert.deepEqual(missed(a), { a2: 0, b1: 0, g: 0 });
  const b = await dueAt(L('2020-02-10 12:00'));
  assert.equal(b.window.open, false);
  assert.deepEqual(missed(b), { a2: 1, b1: 1, g: 1 });
});

test('16:30, evening window: all due again; a check takes them off', async () => {
  const c = await serveAt(L('2020-02-10 16:30'));
  try {
    let d = (await c.get('/api/v1/obs/due')).body;
    assert.deepEqual(d.window, { date: '2020-02-10', slot: 1, open: true });
    assert.deepEqual(dueNow(d), ['a1', 'a2', 'b1', 'g']);
    assert.deepEqual(missed(d), { a1: 0, a2: 1, b1: 1, g: 1 });
    const r = await c.post(`/api/v1/observations/${obs.b1}/checks`, { temp: 36.8 });
    assert.equal(r.status, 201, r.text);
    d = (await c.get('/api/v1/obs/due')).body;
    assert.deepEqual(dueNow(d), ['a1', 'a2', 'g']);
    assert.ok(!byKey(d).b1);
    assert.equal(d.due_now, 3);
  } finally { await c.stop(); }
});

test('22:00, the evening closed: missed 1 and 2 windows', async () => {
  const d = await dueAt(L('2020-02-10 22:00'));
  assert.deepEqual(d.window, { date: '2020-02-10', slot: 1, open: false });
  assert.equal(d.due_now, 0);
  assert.deepEqual(missed(d), { a1: 1, a2: 2, g: 2 });
  assert.deepEqual(d.missed, { 1: 1, 2: 2, '3plus': 0 });
  const a = await dueAt(L('2020-02-10 21:59'));
  assert.deepEqual(a.window, { date: '2020-02-10', slot: 1, open: true });
  assert.deepEqual(missed(a), { a1: 0, a2: 1, g: 1 }); // b1 checked at 16:30
  assert.deepEqual(dueNow(a), ['a1', 'a2', 'g']);
});

test('next day: 3 and more windows without a check', async () => {
  const d = await dueAt(L('2020-02-11 12:00'));
  assert.deepEqual(d.window, { date: '2020-02-11', slot: 0, open: false });
  assert.deepEqual(missed(d), { a1: 2, a2: 3, b1: 1, g: 3 });
  assert.deepEqual(d.missed, { 1: 1, 2: 1, '3plus': 2 });
  const va = d.villages.find((x) => x.village_id === v.A);
  assert.deepEqual([va.missed_1, va.missed_2, va.missed_3plus], [0, 1, 1]);
  const e = await dueAt(L('2020-02-12 13:00'));
  assert.deepEqual(missed(e), { a1: 4, a2: 5, b1: 3, g: 5 });
  assert.deepEqual(e.missed, { 1: 0, 2: 0, '3plus': 4 });
  assert.equal(byKey(e).a2.day, 4);
  // 06:00 the next morning the window is open again
  const m = await dueAt(L('2020-02-11 06:00'));
  assert.deepEqual(m.window, { date: '2020-02-11', slot: 0, open: true });
  assert.deepEqual(dueNow(m), ['a1', 'a2', 'b1', 'g']);
  const early = await dueAt(L('2020-02-11 05:59'));
  assert.deepEqual(early.window, { date: '2020-02-10', slot: 1, open: false });
  assert.equal(early.due_now, 0);
});

test('CLI: observation due at fixed hours, per village, as JSON and as a printed list', async () => {
  const at = (s) => ({ env: { FANGKONG_NOW: String(L(s)) } });
  const j = cli(['observation', 'due', '--json', '--db', server.dbPath], at('2020-02-10 22:00'));
  assert.equal(j.code, 0, j.stderr);
  const d = JSON.parse(j.stdout);
  assert.deepEqual(d.window, { date: '2020-02-10', slot: 1, open: false });
  assert.deepEqual(missed(d), { a1: 1, a2: 2, g: 2 });
  assert.match(byKey(d).a1.phone, /^137\*{4}1111$/);
  const byName = JSON.parse(cli(['observation', 'due', '--village', '沙涌社区', '--json', '--db', server.dbPath], at('2020-02-10 22:00')).stdout);
  assert.deepEqual(byName.items.map((x) => x.id).sort(), [obs.a1, obs.a2].sort());
  const byCode = JSON.parse(cli(['observation', 'due', '--village', '440605126002', '--json', '--db', server.dbPath], at('2020-02-11 12:00')).stdout);
  assert.deepEqual(byCode.items.map((x) => [x.id, x.missed_windows]), [[obs.b1, 1]]);
  const text = cli(['observation', 'due', '--village', '沙涌社区', '--db', server.dbPath], at('2020-02-11 07:00'));
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /2020-02-11 早测温时段（进行中）沙涌社区：在观 2 人，本时段未测 2 人/);
  assert.match(text.stdout, /应测a1/);
  assert.match(text.stdout, /应测a2/);
  assert.doesNotMatch(text.stdout, /应测b1|应测g/);
  const bad = cli(['observation', 'due', '--village', '不存在村', '--db', server.dbPath], at('2020-02-11 07:00'));
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /不存在村/);
});

test('a person\'s grid: none before the first window, missed, fever, normal, due, future', async () => {
  const c = await serveAt(L('2020-02-11 16:30'));
  try {
    // late paper records for yesterday evening and this morning
    assert.equal((await c.post(`/api/v1/observations/${obs.g}/checks`, { temp: 38.1, at: '2020-02-10 17:00' })).body.alert, true);
    assert.equal((await c.post(`/api/v1/observations/${obs.g}/checks`, { temp: 36.6, at: '2020-02-11 08:00' })).status, 201);
    const r = await c.get(`/api/v1/observations/${obs.g}/grid`);
    assert.equal(r.status, 200, r.text);
    const g = r.body;
    assert.equal(g.day1, '2020-02-09');
    assert.equal(g.planned_end, '2020-02-22');
    assert.equal(g.status, 'active');
    const cells = Object.fromEntries(g.days.map((x) => [x.date, x.slots.map((s) => s.state)]));
    assert.equal(g.days[0].date, '2020-02-08');
    assert.equal(g.days[0].day, 0);
    assert.equal(g.days.at(-1).date, '2020-02-22');
    assert.equal(g.days.at(-1).day, 14);
    assert.equal(g.days.length, 15);
    assert.deepEqual(cells['2020-02-08'], ['none', 'none']);
    assert.deepEqual(cells['2020-02-09'], ['none', 'none']); // started 02-10 07:00
    assert.deepEqual(cells['2020-02-10'], ['missed', 'fever']);
    assert.deepEqual(cells['2020-02-11'], ['normal', 'due']);
    assert.deepEqual(cells['2020-02-12'], ['future', 'future']);
    assert.deepEqual(cells['2020-02-22'], ['future', 'future']);
    const feb10 = g.days.find((x) => x.date === '2020-02-10').slots;
    assert.equal(feb10[1].temp, 381);
    assert.equal(feb10[1].checks, 1);
    assert.equal(g.days.find((x) => x.date === '2020-02-11').slots[0].temp, 366);
    // symptoms without fever
    assert.equal((await c.post(`/api/v1/observations/${obs.a1}/checks`, { temp: 36.9, symptoms: ['咳嗽', '乏力'], at: '2020-02-11 08:30' })).body.alert, true);
    const a1 = (await c.get(`/api/v1/observations/${obs.a1}/grid`)).body;
    const a1cells = Object.fromEntries(a1.days.map((x) => [x.date, x.slots]));
    assert.deepEqual(a1cells['2020-02-10'].map((x) => x.state), ['normal', 'missed']);
    assert.equal(a1cells['2020-02-11'][0].state, 'symptom');
    assert.equal(a1cells['2020-02-11'][0].symptoms, '咳嗽,乏力');
    // a visit without a temperature, and a window that closed unchecked
    const a2 = (await c.get(`/api/v1/observations/${obs.a2}/grid`)).body;
    const a2cells = Object.fromEntries(a2.days.map((x) => [x.date, x.slots.map((s) => s.state)]));
    assert.deepEqual(a2cells['2020-02-10'], ['absent', 'missed']);
    assert.deepEqual(a2cells['2020-02-11'], ['missed', 'due']);
    // a village worker sees their village's grids only
    const cun = await c.login('cun_a', PW);
    assert.equal((await cun.get(`/api/v1/observations/${obs.a1}/grid`)).status, 200);
    assertError(await cun.get(`/api/v1/observations/${obs.g}/grid`), 404, 'not_found');
    assertError(await c.get('/api/v1/observations/987654/grid'), 404, 'not_found');
  } finally { await c.stop(); }
});
