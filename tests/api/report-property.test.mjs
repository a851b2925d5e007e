// Property test of the daily report (issue 7): a seeded random sequence
// over 12 days of observation starts (home / centralized, three reasons),
// checks with and without fever, alerts referred and closed (a confirmed
// case ends in hospital), transfers to hospital, home ↔ centralized, early
// releases, lost and found, and checkpoint screenings — every step on a
// server whose clock is pinned to its moment, all on one database.
//   - every evening the report reconciles, its town figures equal a model
//     kept by the test, the villages add up to the town, and it is sent;
//   - after the whole run, recomputing each past day gives exactly the
//     figures of the snapshot sent on that day.
// The seed is fixed (FK_SEED overrides it) and printed on failure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, serve, bearer, clientId, makeId, cli } from './helpers.mjs';

const SEED = Number(process.env.FK_SEED || 20200201);
const DAYS = 12;
const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const dateOf = (i) => new Date(Date.UTC(2020, 1, 1 + i)).toISOString().slice(0, 10); // day 0 = 2020-02-01
const PW = 'Fangkong#2020';

// mulberry32: small, fast, good enough for choosing test steps.
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = prng(SEED);
const int = (lo, hi) => lo + Math.floor(rnd() * (hi - lo + 1));
const pick = (a) => a[Math.floor(rnd() * a.length)];
const chance = (p) => rnd() < p;
const pad = (x) => String(x).padStart(2, '0');

let server;
let site;
const TOK = {};
const villages = []; // ids; null = no village
const persons = []; // { id, village, doc, busy }
const obs = []; // model: { id, person, kind, status, reason, alerts: [{ id, status, referred }] }
const sent = {}; // date → figures of version 1
let day; // the model's counters for the current day

const ZERO = {
  screened_total: 0, screened_day: 0, screened_pushed: 0, screened_found: 0, arrivals_day: 0, arrivals_total: 0,
  contacts_day: 0, contacts_total: 0, abnormal_day: 0, home_new: 0, home_current: 0, central_new: 0, central_current: 0,
  observed_total: 0, released_day: 0, released_total: 0, hospital_day: 0, hospital_total: 0, lost_current: 0,
  referrals_day: 0, cp_vehicles: 0, cp_persons: 0, cp_fevers: 0, cp_turned_back: 0, lists_day: 0, tasks_verified: 0,
  tasks_overdue: 0,
};

function newDay() {
  day = {
    home_new: 0, central_new: 0, contacts_day: 0, released_day: 0, hospital_day: 0, fever: new Set(), referrals: 0,
    cp_vehicles: 0, cp_persons: 0, cp_fevers: 0, cp_turned_back: 0,
  };
}

// The town figures the model expects at the end of the day.
function expected() {
  const count = (f) => obs.filter(f).length;
  return {
    ...ZERO,
    contacts_day: day.contacts_day,
    contacts_total: count((o) => o.reason === '密切接触者'),
    abnormal_day: day.fever.size + day.cp_fevers,
    home_new: day.home_new,
    home_current: count((o) => o.status === 'active' && o.kind === 'home'),
    central_new: day.central_new,
    central_current: count((o) => o.status === 'active' && o.kind === 'central'),
    observed_total: obs.length,
    released_day: day.released_day,
    released_total: count((o) => o.status === 'released'),
    hospital_day: day.hospital_day,
    hospital_total: count((o) => o.status === 'hospital'),
    lost_current: count((o) => o.status === 'lost'),
    referrals_day: day.referrals,
    cp_vehicles: day.cp_vehicles,
    cp_persons: day.cp_persons,
    cp_fevers: day.cp_fevers,
    cp_turned_back: day.cp_turned_back,
  };
}

const stopping = []; // servers shutting down in the background

// Run fn on a server over the shared database, its clock pinned at `when`.
// The server is stopped in the background; its exit is checked at the end.
async function at(when, fn) {
  const srv = await serve(server.dbPath, { env: { FANGKONG_NOW: String(L(when)) }, threads: 2 });
  try {
    return await fn((name) => bearer(srv.url, TOK[name]));
  } finally {
    const done = srv.stop();
    done.catch(() => {}); // reported when awaited at the end
    stopping.push(done);
  }
}

const expect = (r, status, what) => {
  assert.equal(r.status, status, `seed ${SEED}: ${what}: ${r.text}`);
  return r.body;
};

// ---- the random steps; each keeps the model in step with the server ----

async function start(as, today) {
  const free = persons.filter((p) => !p.busy);
  if (!free.length) return;
  const p = pick(free);
  const kind = chance(0.3) ? 'central' : 'home';
  const reason = pick(['密切接触者', '疫区返回', '协查名单']);
  const body = { person_id: p.id, kind, reason, exposure_date: dateOf(today - int(0, 5)) };
  if (reason !== '协查名单') body.reason_detail = '随机测试';
  if (kind === 'central') body.site_id = site;
  const o = expect(await as('guancha').post('/api/v1/observations', body), 201, `start ${JSON.stringify(body)}`);
  p.busy = true;
  obs.push({ id: o.id, person: p, kind, status: 'active', reason, alerts: [] });
  day[kind === 'central' ? 'central_new' : 'home_new']++;
  if (reason === '密切接触者') day.contacts_day++;
}

// the observation a checkpoint started is left alone by the random steps
const active = () => obs.filter((o) => o.status === 'active' && !o.cp);
const openAlerts = (o) => o.alerts.filter((a) => a.status !== 'closed');

async function check(as, when) {
  if (!active().length) return;
  const o = pick(active());
  const fever = chance(0.25);
  const temp = fever ? 37.3 + int(0, 15) / 10 : 36.0 + int(0, 9) / 10;
  const c = expect(await as('guancha').post(`/api/v1/observations/${o.id}/checks`, { at: when, temp, method: 'axillary' }), 201, 'check');
  assert.equal(c.alert, fever, `seed ${SEED}: a ${temp} check opens an alert: ${fever}`);
  if (fever) {
    day.fever.add(o.id);
    o.alerts.push({ id: c.alert_id, status: 'open', referred: false });
  }
}

function end(o, status) {
  o.status = status;
  o.person.busy = false;
  day[status === 'released' ? 'released_day' : 'hospital_day']++;
}

async function alertStep(as, when) {
  const withAlerts = obs.filter((o) => openAlerts(o).length);
  if (!withAlerts.length) return;
  const o = pick(withAlerts);
  const a = pick(openAlerts(o));
  if (!a.referred && chance(0.6)) {
    expect(await as('guancha').post(`/api/v1/alerts/${a.id}/referral`, { hospital: '里水医院发热门诊', transport: '120', departed_at: when }), 200, 'referral');
    a.referred = true;
    a.status = 'referred';
    day.referrals++;
    return;
  }
  const outcome = chance(0.75) ? 'excluded' : pick(['suspected', 'confirmed']);
  expect(await as('zhihui').post(`/api/v1/alerts/${a.id}/outcome`, { outcome, note: '随机' }), 200, `outcome ${outcome}`);
  a.status = 'closed';
  if (outcome !== 'excluded' && (o.status === 'active' || o.status === 'lost')) end(o, 'hospital');
}

async function transition(as) {
  const candidates = obs.filter((o) => (o.status === 'active' || o.status === 'lost') && !o.cp);
  if (!candidates.length) return;
  const o = pick(candidates);
  let action;
  if (o.status === 'lost') action = pick(['found', 'found', 'hospital']);
  else action = pick(['release_early', 'release_early', 'hospital', 'lost', o.kind === 'home' ? 'to_central' : 'to_home']);
  if (action === 'release_early' && openAlerts(o).length) action = 'lost';
  const body = { action };
  if (action === 'release_early' || action === 'lost') body.reason = '随机测试';
  if (action === 'hospital') body.hospital = '南海区人民医院';
  if (action === 'to_central') body.site_id = site;
  const r = expect(await as('guancha').post(`/api/v1/observations/${o.id}/transitions`, body), 200, `${action} (${o.status}, ${o.kind})`);
  if (action === 'release_early') end(o, 'released');
  else if (action === 'hospital') end(o, 'hospital');
  else if (action === 'lost') o.status = 'lost';
  else if (action === 'found') o.status = 'active';
  else o.kind = action === 'to_central' ? 'central' : 'home';
  assert.equal(r.status, o.status, `seed ${SEED}: status after ${action}`);
  assert.equal(r.kind, o.kind, `seed ${SEED}: kind after ${action}`);
}

async function screening(as, when) {
  const pedestrian = chance(0.15);
  const people = [];
  for (let i = 0, k = pedestrian ? 1 : int(1, 4); i < k; i++) {
    const fever = chance(0.1);
    const p = { temp: fever ? 37.3 + int(0, 12) / 10 : 36.0 + int(0, 9) / 10, method: 'forehead' };
    if (fever) {
      Object.assign(p, { name: '随机', phone: '13800000000' }, chance(0.7) ? { result: '转诊', hospital: '里水医院' } : { result: '转集中观察' });
    } else if (chance(0.15)) {
      Object.assign(p, { result: '劝返', name: '随机', phone: '13800000001' });
    } else if (chance(0.1) && persons.length) {
      Object.assign(p, { result: '登记后放行', name: '随机', doc_number: pick(persons).doc });
    }
    people.push(p);
  }
  const body = {
    client_id: clientId(`p-${SEED}`), at: when, persons: people,
    vehicle_type: pedestrian ? '行人' : '小客车', plate: pedestrian ? undefined : `粤A${10000 + int(0, 89999)}`,
  };
  expect(await as('kakou').post('/api/v1/screenings', body), 201, 'screening');
  if (!pedestrian) day.cp_vehicles++;
  day.cp_persons += people.length;
  for (const p of people) {
    if (p.temp >= 37.3) day.cp_fevers++;
    if (p.result === '转诊') day.referrals++;
    if (p.result === '劝返') day.cp_turned_back++;
    // 转集中观察 starts a centralized observation of the person (matched by
    // phone, else registered), or links the one they are already under
    if (p.result === '转集中观察' && !obs.some((o) => o.cp && o.status === 'active')) {
      obs.push({ id: null, person: null, kind: 'central', status: 'active', reason: '检疫点转来', alerts: [], cp: true });
      day.central_new++;
    }
  }
}

async function steps(as, when, today, n) {
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.25) await start(as, today);
    else if (r < 0.45) await check(as, when);
    else if (r < 0.55) await alertStep(as, when);
    else if (r < 0.75) await transition(as);
    else await screening(as, when);
  }
}

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(L('2020-02-01 00:00')) } });
  const admin = await server.login();
  for (let i = 0; i < 3; i++) {
    const v = await admin.post('/api/v1/villages', { name: `第${i + 1}村`, code: `44060512600${i + 1}` });
    assert.equal(v.status, 201, v.text);
    villages.push(v.body.id);
  }
  villages.push(null);
  const s = await admin.post('/api/v1/sites', { name: '观察点', address: '里水大道1号', capacity: 200 });
  assert.equal(s.status, 201, s.text);
  site = s.body.id;
  for (let i = 1; i <= 10; i++) assert.equal((await admin.post(`/api/v1/sites/${site}/rooms`, { number: String(100 + i), beds: 20 })).status, 201);
  const cp = await admin.post('/api/v1/checkpoints', { name: '和顺检疫点', location: '和顺大道', type: '公路卡口' });
  for (const [username, role, more] of [['guancha', 'observer', {}], ['zhihui', 'commander', {}], ['kakou', 'checkpoint', { checkpoint_id: cp.body.id }]]) {
    const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...more });
    assert.equal(r.status, 201, r.text);
  }
  for (const name of ['guancha', 'zhihui', 'kakou']) {
    const t = cli(['user', 'token', name, '--db', server.dbPath, '--days', '366']);
    assert.equal(t.code, 0, t.stderr);
    TOK[name] = t.stdout.trim();
  }
  const made = await Promise.all(Array.from({ length: 36 }, (_, i) => {
    const doc = makeId('440605', `19${60 + (i % 40)}0101`, 2 * i + 1);
    const village = villages[i % villages.length];
    return admin.post('/api/v1/persons', { name: `随机${i}`, sex: 1, doc_number: doc, phone: `139${String(i).padStart(8, '0')}`, address: `测试路${i}号`, ...(village ? { village_id: village } : {}) })
      .then((r) => { assert.equal(r.status, 201, r.text); return { id: r.body.id, village, doc, busy: false }; });
  }));
  persons.push(...made);
});
after(async () => {
  await Promise.allSettled(stopping);
  await server.stop();
});

test(`${DAYS} random days: each evening the report reconciles and matches the model; afterwards every past day recomputes to its sent snapshot (seed ${SEED})`, async () => {
  try {
    for (let d = 0; d < DAYS; d++) {
      const date = dateOf(d);
      newDay();
      // morning steps (sometimes at 00:00), then the evening (sometimes at
      // 23:59): more steps, the report, sending it
      const morning = `${date} ${chance(0.2) ? '00:00' : `${pad(int(0, 11))}:${pad(int(0, 59))}`}`;
      const evening = `${date} ${chance(0.3) ? '23:59' : `${pad(int(12, 23))}:${pad(int(0, 58))}`}`;
      await at(morning, (as) => steps(as, morning, d, int(8, 16)));
      await at(evening, async (as) => {
        await steps(as, evening, d, int(6, 12));
        const r = expect(await as('zhihui').get(`/api/v1/reports/daily?date=${date}`), 200, `report ${date}`);
        const rec = r.reconciliation;
        assert.equal(rec.ok, true, `seed ${SEED} ${date}: ${JSON.stringify(rec)}`);
        assert.equal(rec.difference, 0);
        assert.equal(rec.placed, rec.released + rec.current + rec.hospital + rec.lost + rec.other_exits, `seed ${SEED} ${date}`);
        assert.equal(rec.placed, obs.length);
        assert.deepEqual(r.town, expected(), `seed ${SEED} ${date}: town figures vs the model`);
        for (const f of r.fields.filter((x) => x.per_village && x.key !== 'abnormal_day')) {
          const sum = r.villages.reduce((s, v) => s + v[f.key], 0);
          assert.equal(sum, r.town[f.key], `seed ${SEED} ${date} ${f.key}: villages add up`);
        }
        const v = expect(await as('zhihui').post('/api/v1/reports/daily/send', { date }), 201, `send ${date}`);
        assert.equal(v.version, 1);
        sent[date] = v.figures;
        assert.deepEqual(v.figures.town, r.town, `seed ${SEED} ${date}: the sent figures are the day's`);
      });
    }
    assert.ok(obs.length >= 20, `seed ${SEED}: the run did something (${obs.length} observations)`);
    assert.ok(obs.some((o) => o.status === 'released') && obs.some((o) => o.status === 'hospital'), `seed ${SEED}: releases and transfers happened`);
    // afterwards, on the last evening: every day recomputes to what was sent
    await at(`${dateOf(DAYS - 1)} 23:59`, async (as) => {
      for (let d = 0; d < DAYS; d++) {
        const date = dateOf(d);
        const r = expect(await as('zhihui').get(`/api/v1/reports/daily?date=${date}`), 200, `report ${date}`);
        const now = { date: r.date, town: r.town, villages: r.villages, reconciliation: r.reconciliation, summary: r.summary };
        assert.deepEqual(now, sent[date], `seed ${SEED}: ${date} recomputed differs from the snapshot sent that day`);
        assert.deepEqual(r.versions.map((x) => x.version), [1]);
      }
    });
    await Promise.all(stopping); // every server exited cleanly (no sanitizer report)
  } catch (e) {
    e.message = `[seed ${SEED}; rerun with FK_SEED=${SEED}] ${e.message}`;
    throw e;
  }
});
