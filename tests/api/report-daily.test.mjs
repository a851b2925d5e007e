// The daily report (issue 7) through the API and the CLI, over four pinned
// days: observations started (home / centralized), a fever check and its
// referral, a transfer to hospital, lost and found, a change of kind,
// releases at 23:59 and at 00:00, an observation that starts and ends the
// same day, a key-person list and its tasks, checkpoint screenings at known
// times.  Each day's figures are checked field by field; the report of an
// earlier date does not change after later events (computed from the
// records' own times); reconciliation; sending upward freezes version 1,
// corrections need a reason and list what changed; dates in the future or
// before the first record are refused; the export layout (unknown fields
// refused) and the xlsx read back with openpyxl; `fangkong report daily`
// equals the API; the dashboard's shape and numbers.
// Every step runs on a server whose clock is pinned (FANGKONG_NOW) to the
// moment it happens; all servers share one database.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, serve, bearer, clientId, assertError, makeId, cli } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const PW = 'Fangkong#2020';
const D1 = '2020-02-01'; const D2 = '2020-02-02'; const D3 = '2020-02-03'; const D4 = '2020-02-04';
const tmp = mkdtempSync(join(tmpdir(), 'fk-report-'));

let server;
let cp1; let site; let villageA; let villageB;
const TOK = {};
const P = {}; // person key → id
const O = {}; // person key → observation id
const DOCS = {}; // person key → ID number
const SNAP = {}; // date → report figures computed on that day
let defaultTitle = '';
let sent1; // version 1 of D1 as sent
const cid = () => clientId('r');

// A server on the shared database with its clock pinned at local time `when`.
async function at(when, fn) {
  const srv = await serve(server.dbPath, { env: { FANGKONG_NOW: String(L(when)) }, threads: 2 });
  try {
    return await fn((name) => bearer(srv.url, TOK[name]));
  } finally {
    await srv.stop();
  }
}

const ok = (r, status = 200) => { assert.equal(r.status, status, r.text); return r.body; };
const report = async (as, date) => ok(await as('lingdao').get(`/api/v1/reports/daily?date=${date}`));
const figures = (r) => ({ date: r.date, town: r.town, villages: r.villages, reconciliation: r.reconciliation, summary: r.summary });
const vil = (r, id) => r.villages.find((v) => v.village_id === id);

const ZERO = {
  screened_total: 0, screened_day: 0, screened_pushed: 0, screened_found: 0, arrivals_day: 0, arrivals_total: 0,
  contacts_day: 0, contacts_total: 0, abnormal_day: 0, home_new: 0, home_current: 0, central_new: 0, central_current: 0,
  observed_total: 0, released_day: 0, released_total: 0, hospital_day: 0, hospital_total: 0, lost_current: 0,
  referrals_day: 0, cp_vehicles: 0, cp_persons: 0, cp_fevers: 0, cp_turned_back: 0, lists_day: 0, tasks_verified: 0,
  tasks_overdue: 0,
};
const WANT = {
  [D1]: { ...ZERO, contacts_day: 1, contacts_total: 1, abnormal_day: 2, home_new: 2, home_current: 2, central_new: 1,
    central_current: 1, observed_total: 3, referrals_day: 2, cp_vehicles: 1, cp_persons: 2, cp_fevers: 1 },
  [D2]: { ...ZERO, screened_total: 2, screened_day: 2, screened_pushed: 2, arrivals_day: 1, arrivals_total: 2,
    contacts_day: 1, contacts_total: 2, home_new: 1, home_current: 2, central_new: 1, central_current: 1,
    observed_total: 5, hospital_day: 1, hospital_total: 1, lost_current: 1, cp_vehicles: 1, cp_persons: 3,
    cp_turned_back: 1, lists_day: 1 },
  [D3]: { ...ZERO, screened_total: 2, screened_pushed: 2, arrivals_total: 2, contacts_total: 2, home_new: 1,
    home_current: 1, central_current: 1, observed_total: 6, released_day: 3, released_total: 3, hospital_total: 1,
    tasks_verified: 1, tasks_overdue: 1 },
  [D4]: { ...ZERO, screened_total: 2, screened_pushed: 2, arrivals_total: 2, contacts_total: 2, home_current: 1,
    observed_total: 6, released_day: 1, released_total: 4, hospital_total: 1, cp_persons: 1, tasks_verified: 1,
    tasks_overdue: 1 },
};

// Per-village figures add up to the town's (abnormal_day: the town's also
// counts checkpoint fevers, which belong to no village).
function assertVillagesAddUp(r) {
  for (const f of r.fields.filter((x) => x.per_village && x.key !== 'abnormal_day')) {
    const sum = r.villages.reduce((s, v) => s + v[f.key], 0);
    assert.equal(sum, r.town[f.key], `${r.date} ${f.key}: villages ${sum} vs town ${r.town[f.key]}`);
  }
}

const py = (code, args = []) => execFileSync('/usr/bin/python3', ['-c', code, ...args]).toString();
function readXlsx(path) {
  return JSON.parse(py(`
import json, sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb.worksheets[0]
print(json.dumps({'sheets': wb.sheetnames, 'rows': [[{'v': c.value, 't': c.data_type} for c in r] for r in ws.iter_rows()]}, ensure_ascii=False, default=str))
`, [path]));
}
const cells = (x) => x.rows.map((r) => {
  const v = r.map((c) => (c.v === null ? '' : c.v));
  while (v.length && v[v.length - 1] === '') v.pop();
  return v;
});

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(L(`${D1} 08:00`)) } });
  const admin = await server.login();
  villageA = ok(await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' }), 201).id;
  villageB = ok(await admin.post('/api/v1/villages', { name: '草场社区', code: '440605126002' }), 201).id;
  cp1 = ok(await admin.post('/api/v1/checkpoints', { name: '和顺检疫点', location: '和顺大道', type: '公路卡口' }), 201).id;
  site = ok(await admin.post('/api/v1/sites', { name: '第一观察点', address: '里水大道1号', capacity: 10 }), 201).id;
  ok(await admin.post(`/api/v1/sites/${site}/rooms`, { number: '101', beds: 4 }), 201);
  for (const [username, role, more] of [['guancha', 'observer', {}], ['zhihui', 'commander', {}], ['lingdao', 'viewer', {}],
    ['hecha', 'verifier', {}], ['kakou', 'checkpoint', { checkpoint_id: cp1 }], ['cun_a', 'village', { village_id: villageA }]]) {
    ok(await admin.post('/api/v1/users', { username, name: `${username}姓名`, password: PW, role, ...more }), 201);
  }
  for (const name of ['admin', 'guancha', 'zhihui', 'lingdao', 'hecha', 'kakou', 'cun_a']) {
    const t = cli(['user', 'token', name, '--db', server.dbPath, '--days', '366']);
    assert.equal(t.code, 0, t.stderr);
    TOK[name] = t.stdout.trim();
  }
  let seq = 1;
  for (const [key, village] of [['p1', villageA], ['p2', villageA], ['p3', villageA], ['p5', villageB], ['p6', villageB], ['p7', villageB]]) {
    DOCS[key] = makeId('440605', '19800101', (seq += 2));
    P[key] = ok(await admin.post('/api/v1/persons', {
      name: `人员${key}`, sex: 1, doc_number: DOCS[key], phone: `1390000000${seq % 10}`,
      village_id: village, address: `测试路${seq}号`,
    }), 201).id;
  }
});
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await server.stop();
});

const start = async (as, key, body) => {
  const o = ok(await as('guancha').post('/api/v1/observations', { person_id: P[key], kind: 'home', reason: '协查名单', exposure_date: '2020-01-28', ...body }), 201);
  O[key] = o.id;
  return o;
};
const act = async (as, key, body) => ok(await as('guancha').post(`/api/v1/observations/${O[key]}/transitions`, body));

test('day 1: three observations start, a fever check is referred, a checkpoint refers a fever', async () => {
  await at(`${D1} 09:00`, async (as) => {
    await start(as, 'p1', { reason: '密切接触者', reason_detail: '病例陈某的同事' });
    await start(as, 'p2', { reason: '疫区返回', reason_detail: '湖北武汉' });
    await start(as, 'p5', { kind: 'central', site_id: site });
  });
  await at(`${D1} 20:00`, async (as) => {
    ok(await as('kakou').post('/api/v1/screenings', {
      client_id: cid(), at: `${D1} 10:00`, plate: '粤A11111', persons: [
        { temp: 36.5 }, { temp: 37.6, result: '转诊', hospital: '里水医院发热门诊', name: '周某', phone: '13800000001' }],
    }), 201);
    const c = ok(await as('guancha').post(`/api/v1/observations/${O.p1}/checks`, { at: `${D1} 19:45`, temp: 38.0, method: 'axillary' }), 201);
    assert.equal(c.alert, true);
    ok(await as('guancha').post(`/api/v1/alerts/${c.alert_id}/referral`, { hospital: '里水医院发热门诊', transport: '120', departed_at: `${D1} 19:50` }));
    const r = await report(as, D1);
    assert.deepEqual(r.town, WANT[D1]);
    assert.deepEqual(vil(r, villageA), { ...vil(r, villageA), observed_total: 2, contacts_total: 1, contacts_day: 1, home_new: 2, home_current: 2, abnormal_day: 1, central_current: 0 });
    assert.deepEqual(vil(r, villageB), { ...vil(r, villageB), observed_total: 1, central_new: 1, central_current: 1, home_current: 0 });
    assert.equal(vil(r, null).observed_total, 0);
    assert.deepEqual(r.reconciliation, { placed: 3, released: 0, current: 3, lost: 0, hospital: 0, other_exits: 0, difference: 0, ok: true, records: [] });
    assert.equal(r.summary, '截至2020年2月1日24时，累计追踪医学观察3人，已解除0人，尚有3人正在接受医学观察（居家2人、集中1人），转院0人，失联0人。当日新增医学观察3人，解除0人；当日摸排0人；检疫点检测2人次，发现体温异常2人。');
    assert.equal(r.first_date, D1);
    assert.deepEqual(r.versions, []);
    assert.deepEqual(r.fields.map((f) => f.key), Object.keys(ZERO));
    assertVillagesAddUp(r);
    SNAP[D1] = figures(r);
    // sent upward in the evening: version 1
    const s = ok(await as('zhihui').post('/api/v1/reports/daily/send', { date: D1 }), 201);
    assert.equal(s.version, 1);
    assert.equal(s.sent_by_name, 'zhihui姓名');
    assert.equal(s.sent_at, L(`${D1} 20:00`));
    assert.deepEqual(s.figures, SNAP[D1]);
    assert.deepEqual(s.changes, []);
    sent1 = s;
  });
});

test('day 2: a transfer to hospital, a lost person, two new observations, a list, a 劝返 at the checkpoint, central → home', async () => {
  await at(`${D2} 10:00`, async (as) => {
    await act(as, 'p1', { action: 'hospital', hospital: '南海区人民医院' });
    await act(as, 'p2', { action: 'lost', reason: '电话不通，家中无人' });
    await start(as, 'p3', { kind: 'central', site_id: site, reason: '密切接触者', reason_detail: '病例的家属' });
    await start(as, 'p6');
    ok(await as('kakou').post('/api/v1/screenings', {
      client_id: cid(), plate: '鄂A22222', origin: '湖北武汉', persons: [
        { temp: 36.5 }, { temp: 36.6 }, { temp: 36.4, result: '劝返', name: '吴某', phone: '13800000002' }],
    }), 201);
    const csv = '\ufeff' + [
      ['序号', '姓名', '性别', '身份证号', '联系电话', '现住址', '所属村居', '来源地', '到达日期'],
      ['1', '郑名单', '男', makeId('420102', '19850303', 11), '13900000101', '沙涌社区9号', '沙涌社区', '湖北武汉', D2],
      ['2', '王名单', '男', makeId('420102', '19860404', 13), '13900000102', '沙涌社区10号', '沙涌社区', '湖北孝感', '2020-01-30'],
    ].map((x) => x.join(',')).join('\r\n') + '\r\n';
    const u = ok(await as('hecha').upload('/api/v1/lists/uploads?filename=list.csv', Buffer.from(csv)));
    ok(await as('hecha').post('/api/v1/lists', { upload_id: u.upload_id, source: '区防控办（测试）', deadline_hours: 24 }), 201);
  });
  await at(`${D2} 15:00`, async (as) => {
    await act(as, 'p5', { action: 'to_home' });
    const r = await report(as, D2);
    assert.deepEqual(r.town, WANT[D2]);
    assert.deepEqual(vil(r, villageA), { ...vil(r, villageA), observed_total: 3, central_new: 1, central_current: 1, lost_current: 1, hospital_day: 1, hospital_total: 1, contacts_total: 2, contacts_day: 1, screened_total: 2, home_current: 0 });
    assert.deepEqual(vil(r, villageB), { ...vil(r, villageB), observed_total: 2, home_new: 1, home_current: 2, central_current: 0 });
    assert.deepEqual(r.reconciliation, { placed: 5, released: 0, current: 3, lost: 1, hospital: 1, other_exits: 0, difference: 0, ok: true, records: [] });
    assertVillagesAddUp(r);
    SNAP[D2] = figures(r);
    // the day before has not moved
    assert.deepEqual(figures(await report(as, D1)), SNAP[D1]);
    ok(await as('zhihui').post('/api/v1/reports/daily/send', { date: D2 }), 201);
  });
});

test('day 3: found again, released early in the morning, at 23:59, and an observation that starts and ends the same day', async () => {
  await at(`${D3} 09:00`, async (as) => {
    await act(as, 'p2', { action: 'found' });
    await act(as, 'p5', { action: 'release_early', reason: '核酸检测阴性，专家组评估' });
    await start(as, 'p7');
    const t = ok(await as('hecha').get('/api/v1/tasks?per_page=10')).items.find((x) => x.name === '郑名单');
    const r = await as('hecha').post(`/api/v1/tasks/${t.id}/result`, { result: '不在本地', whereabouts: '已返回武汉', note: '电话核实' });
    assert.ok(r.status === 200 || r.status === 201, r.text);
  });
  await at(`${D3} 23:59`, async (as) => {
    await act(as, 'p6', { action: 'release_early', reason: '评估后解除' });
    await act(as, 'p7', { action: 'release_early', reason: '误报，当日解除' });
    const r = await report(as, D3);
    assert.deepEqual(r.town, WANT[D3]);
    assert.deepEqual(vil(r, villageB), { ...vil(r, villageB), observed_total: 3, home_new: 1, released_day: 3, released_total: 3, home_current: 0 });
    assert.deepEqual(r.reconciliation, { placed: 6, released: 3, current: 2, lost: 0, hospital: 1, other_exits: 0, difference: 0, ok: true, records: [] });
    assert.equal(r.summary, '截至2020年2月3日24时，累计追踪医学观察6人，已解除3人，尚有2人正在接受医学观察（居家1人、集中1人），转院1人，失联0人。当日新增医学观察1人，解除3人；当日摸排0人；检疫点检测0人次，发现体温异常0人。');
    assertVillagesAddUp(r);
    SNAP[D3] = figures(r);
    ok(await as('zhihui').post('/api/v1/reports/daily/send', { date: D3 }), 201);
  });
});

test('day 4 at 00:00: a release counts on the new day; every earlier report is unchanged and equals what was sent', async () => {
  await at(`${D4} 00:00`, async (as) => {
    await act(as, 'p3', { action: 'release_early', reason: '评估后解除' });
    const s = ok(await as('kakou').post('/api/v1/screenings', {
      client_id: cid(), vehicle_type: '行人', persons: [{ temp: 36.5, name: '人员p2', doc_number: DOCS.p2 }],
    }), 201);
    assert.equal(s.sightings, 1);
    const r = await report(as, D4);
    assert.deepEqual(r.town, WANT[D4]);
    assert.deepEqual(r.reconciliation, { placed: 6, released: 4, current: 1, lost: 0, hospital: 1, other_exits: 0, difference: 0, ok: true, records: [] });
    SNAP[D4] = figures(r);
    for (const d of [D1, D2, D3]) {
      const again = await report(as, d);
      assert.deepEqual(figures(again), SNAP[d], `${d} recomputed`);
      assert.deepEqual(again.town, WANT[d]);
      assert.equal(again.reconciliation.ok, true);
      const v = ok(await as('lingdao').get(`/api/v1/reports/daily/version?date=${d}&version=1`));
      assert.deepEqual(v.figures, SNAP[d], `${d} version 1`);
      assert.equal(again.versions.length, 1);
      assert.equal(again.versions[0].version, 1);
    }
    // the release at 23:59 stayed on day 3, the one at 00:00 is day 4's
    assert.equal((await report(as, D3)).town.released_day, 3);
  });
});

test('sending twice is refused; a correction needs a reason and lists what changed; old versions stay readable', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const z = as('zhihui');
    assertError(await z.post('/api/v1/reports/daily/send', { date: D1 }), 409, 'report_sent', 'date');
    assertError(await z.post('/api/v1/reports/daily/correct', { date: D1 }), 422, 'reason_required', 'reason');
    assertError(await z.post('/api/v1/reports/daily/correct', { date: D1, reason: '' }), 422, 'reason_required', 'reason');
    assertError(await z.post('/api/v1/reports/daily/correct', { date: D4, reason: '更正' }), 409, 'report_not_sent', 'date');
    assert.equal((await as('lingdao').post('/api/v1/reports/daily/send', { date: D4 })).status, 403);
    assert.equal((await as('guancha').post('/api/v1/reports/daily/correct', { date: D1, reason: 'x' })).status, 403);
    // a paper record of 2 Feb 21:00 entered late: a fever on day 1
    const c = ok(await as('guancha').post(`/api/v1/observations/${O.p2}/checks`, { at: `${D1} 21:00`, temp: 37.8, method: 'axillary' }), 201);
    assert.equal(c.alert, true);
    const now1 = await report(as, D1);
    assert.equal(now1.town.abnormal_day, 3);
    const v2 = ok(await z.post('/api/v1/reports/daily/correct', { date: D1, reason: '补录2月1日21时体温记录' }), 201);
    assert.equal(v2.version, 2);
    assert.equal(v2.reason, '补录2月1日21时体温记录');
    assert.equal(v2.sent_at, L(`${D4} 10:00`));
    assert.deepEqual(v2.changes, [{ field: 'abnormal_day', label: '当日身体状况异常（发热）人数', from: 2, to: 3 }]);
    assert.equal(v2.figures.town.abnormal_day, 3);
    // version 1 is still what was sent
    const v1 = ok(await as('lingdao').get(`/api/v1/reports/daily/version?date=${D1}&version=1`));
    assert.deepEqual(v1, sent1);
    const list = (await report(as, D1)).versions;
    assert.deepEqual(list.map((v) => [v.version, v.reason, v.changes.length]), [[1, '', 0], [2, '补录2月1日21时体温记录', 1]]);
    assert.ok(!('figures' in list[0]), 'the list carries no figures');
    assertError(await as('lingdao').get(`/api/v1/reports/daily/version?date=${D1}&version=3`), 404, 'not_found');
    // a correction with nothing changed is still a version, with no changes
    const v3 = ok(await z.post('/api/v1/reports/daily/correct', { date: D2, reason: '复核无误' }), 201);
    assert.equal(v3.version, 2);
    assert.deepEqual(v3.changes, []);
  });
});

test('sending the same day from several places at once: one version 1, the others 409', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const rs = await Promise.all(Array.from({ length: 8 }, (_, i) => as(i % 2 ? 'zhihui' : 'admin').post('/api/v1/reports/daily/send', { date: D4 })));
    assert.deepEqual(rs.map((r) => r.status).sort(), [201, 409, 409, 409, 409, 409, 409, 409], rs.map((r) => r.text).join('\n'));
    for (const r of rs.filter((x) => x.status === 409)) assertError(r, 409, 'report_sent', 'date');
    const v = (await report(as, D4)).versions;
    assert.deepEqual(v.map((x) => [x.version, x.reason]), [[1, '']]);
  });
});

test('dates in the future or before the first record are refused with a clear message', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const l = as('lingdao');
    const f = assertError(await l.get('/api/v1/reports/daily?date=2020-02-05'), 422, 'report_future', 'date');
    assert.match(f.message, /未来/);
    const b = assertError(await l.get('/api/v1/reports/daily?date=2020-01-31'), 422, 'report_before_first', 'date');
    assert.match(b.message, /2020-02-01/);
    assertError(await l.get('/api/v1/reports/daily?date=2020-02-30'), 422, 'date', 'date');
    assertError(await l.get('/api/v1/reports/daily?date=yesterday'), 422, 'date', 'date');
    assertError(await as('zhihui').post('/api/v1/reports/daily/send', { date: '2020-02-05' }), 422, 'report_future', 'date');
    assertError(await as('zhihui').post('/api/v1/reports/daily/send', { date: '2020-01-20' }), 422, 'report_before_first', 'date');
    assertError(await l.get('/api/v1/reports/daily.xlsx?date=2020-02-05'), 422, 'report_future', 'date');
    // no date: today's
    assert.equal(ok(await l.get('/api/v1/reports/daily')).date, D4);
    // the CLI says the same
    const c1 = cli(['report', 'daily', '--date', '2020-01-31', '--db', server.dbPath]);
    assert.equal(c1.code, 2);
    assert.match(c1.stderr, /2020-02-01 之前没有任何记录/);
    const c2 = cli(['report', 'daily', '--date', '2020-02-05', '--db', server.dbPath], { env: { FANGKONG_NOW: String(L(`${D4} 10:00`)) } });
    assert.equal(c2.code, 2);
    assert.match(c2.stderr, /未来/);
    const c3 = cli(['report', 'daily', '--date', '2020-02-30', '--db', server.dbPath]);
    assert.equal(c3.code, 2);
    assert.match(c3.stderr, /YYYY-MM-DD/);
  });
});

test('roles: the office and the viewer read the town; a village worker gets only their village; the checkpoint user nothing', async () => {
  await at(`${D4} 10:00`, async (as) => {
    for (const u of ['lingdao', 'guancha', 'hecha', 'zhihui', 'admin']) {
      const r = await as(u).get(`/api/v1/reports/daily?date=${D2}`);
      assert.equal(r.status, 200, u);
      assert.deepEqual(r.body.town, WANT[D2], u);
    }
    // the village worker of 沙涌社区: that village's figures as "town", nothing town-wide
    const c = ok(await as('cun_a').get(`/api/v1/reports/daily?date=${D2}`));
    assert.deepEqual(c.town, SNAP[D2].villages.find((v) => v.village_id === villageA));
    assert.equal(c.town.observed_total, 3);
    assert.deepEqual(c.villages, []);
    assert.equal(c.reconciliation, undefined);
    assert.equal(c.summary, undefined);
    assert.deepEqual(c.versions, []);
    assert.ok(!JSON.stringify(c).includes('草场社区'), 'no other village');
    for (const path of [`/api/v1/reports/daily/version?date=${D1}&version=1`, `/api/v1/reports/daily.xlsx?date=${D2}`, '/api/v1/dashboard']) {
      assert.equal((await as('cun_a').get(path)).status, 403, path);
    }
    assert.equal((await as('cun_a').post('/api/v1/reports/daily/send', { date: D4 })).status, 403);
    for (const path of [`/api/v1/reports/daily?date=${D2}`, '/api/v1/dashboard', '/api/v1/reports/layout']) {
      assert.equal((await as('kakou').get(path)).status, 403, path);
    }
  });
});

test('the export layout: unknown fields are refused and named; only the admin edits it', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const a = as('admin');
    const def = ok(await a.get('/api/v1/reports/layout'));
    assert.equal(def.per_village, true);
    assert.deepEqual(def.fields.map((f) => f.key), Object.keys(ZERO));
    assert.match(def.title, /日报/);
    defaultTitle = def.title;
    let e = assertError(await a.put('/api/v1/reports/layout', { title: '日报', fields: [{ key: 'observed_total' }, { key: 'cases_confirmed', label: '确诊' }] }), 422, 'layout_field', 'cases_confirmed');
    assert.match(e.message, /cases_confirmed/);
    e = assertError(await a.put('/api/v1/reports/layout', { title: '日报', fields: [{ label: '无键' }] }), 422, 'layout_field', 'layout');
    assertError(await a.put('/api/v1/reports/layout', { fields: [{ key: 'observed_total' }] }), 422, 'layout_field', 'layout');
    assertError(await a.put('/api/v1/reports/layout', { title: '日报', fields: [] }), 422, 'layout_field', 'layout');
    assertError(await a.put('/api/v1/reports/layout', { title: '日报', fields: [{ key: 'observed_total', label: 5 }] }), 422, 'layout_field', 'observed_total');
    assertError(await a.put('/api/v1/reports/layout', { title: '日报', fields: [{ key: 'observed_total' }], colour: 'red' }), 400, 'unknown_field', 'colour');
    assert.equal((await as('zhihui').put('/api/v1/reports/layout', { title: '日报', fields: [{ key: 'observed_total' }] })).status, 403);
    assert.deepEqual(ok(await a.get('/api/v1/reports/layout')), def, 'nothing was saved');
  });
});

test('xlsx export: title, labels in the layout\'s order, numbers as numbers, the per-village table on and off, a sent version', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const a = as('admin');
    const layout = {
      title: '里水镇疫情防控日报', per_village: false, fields: [
        { key: 'observed_total', label: '累计医学观察' }, { key: 'cp_persons', label: '卡口检测人次' },
        { key: 'released_total' }, { key: 'abnormal_day', label: '发热人数' }, { key: 'home_current', label: '居家观察' },
      ],
    };
    const saved = ok(await a.put('/api/v1/reports/layout', layout));
    assert.deepEqual(saved, layout);
    const get = async (q, file) => {
      const r = await as('lingdao').get(`/api/v1/reports/daily.xlsx?${q}`);
      assert.equal(r.status, 200, r.text);
      assert.match(r.headers.get('content-type'), /spreadsheetml/);
      const p = join(tmp, file);
      writeFileSync(p, r.buf);
      return readXlsx(p);
    };
    const x = await get(`date=${D1}`, 'd1.xlsx');
    const rows = cells(x);
    assert.deepEqual(rows.slice(0, 7), [
      ['里水镇疫情防控日报（2020-02-01）'],
      ['累计医学观察', 3], ['卡口检测人次', 2], ['累计解除医学观察', 0], ['发热人数', 3], ['居家观察', 2],
      ['文字摘要', SNAP[D1].summary.replace('发现体温异常2人', '发现体温异常3人')],
    ]);
    assert.equal(rows.length, 7, 'no per-village table');
    for (let i = 1; i <= 5; i++) assert.equal(x.rows[i][1].t, 'n', `row ${i} is a number`);
    // the version as sent upward
    const v1 = cells(await get(`date=${D1}&version=1`, 'd1v1.xlsx'));
    assert.deepEqual(v1[4], ['发热人数', 2]);
    assert.equal((await as('lingdao').get(`/api/v1/reports/daily.xlsx?date=${D3}&version=2`)).status, 404);
    // per-village on: a header of the per-village fields in the layout's order, one row per village
    ok(await a.put('/api/v1/reports/layout', { ...layout, per_village: true }));
    const y = await get(`date=${D2}`, 'd2.xlsx');
    const r2 = cells(y);
    assert.deepEqual(r2.slice(1, 6).map((r) => r[1]), [5, 3, 0, 0, 2]);
    const head = r2.findIndex((r) => r[0] === '村居');
    assert.ok(head > 6, JSON.stringify(r2));
    assert.deepEqual(r2[head], ['村居', '累计医学观察', '累计解除医学观察', '发热人数', '居家观察']);
    const body = r2.slice(head + 1);
    assert.deepEqual(body.map((r) => r[0]), ['沙涌社区', '草场社区', '（未分配村居）']);
    assert.deepEqual(body[0].slice(1), [3, 0, 0, 0]);
    assert.deepEqual(body[1].slice(1), [2, 0, 0, 2]);
    assert.equal(y.rows[head + 1][1].t, 'n');
    assert.ok(y.sheets.length >= 1);
    // back to the default
    ok(await a.put('/api/v1/reports/layout', { title: defaultTitle, fields: Object.keys(ZERO).map((key) => ({ key })), per_village: true }));
  });
});
test('a layout larger than 8 KB is kept whole', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const a = as('admin');
    const fields = Object.keys(ZERO).map((key, i) => ({ key, label: `${'很长的标签'.repeat(20)}${i}` }));
    const layout = { title: '长版式日报', per_village: false, fields };
    const bytes = Buffer.byteLength(JSON.stringify(layout));
    assert.ok(bytes > 8192 && bytes < 16 * 1024, String(bytes));
    ok(await a.put('/api/v1/reports/layout', layout));
    const got = ok(await a.get('/api/v1/reports/layout'));
    assert.equal(got.title, '长版式日报');
    assert.deepEqual(got, layout);
    ok(await a.put('/api/v1/reports/layout', { title: '日报', fields: Object.keys(ZERO).map((key) => ({ key })), per_village: true }));
  });
});

test('a long title (120 characters) makes a valid workbook with the whole title', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const a = as('admin');
    const title = '里水镇新冠肺炎疫情防控工作日报'.repeat(8);
    ok(await a.put('/api/v1/reports/layout', { title, fields: [{ key: 'observed_total' }], per_village: false }));
    const r = await as('lingdao').get(`/api/v1/reports/daily.xlsx?date=${D2}`);
    assert.equal(r.status, 200, r.text);
    const p = join(tmp, 'long.xlsx');
    writeFileSync(p, r.buf);
    assert.deepEqual(cells(readXlsx(p)).slice(0, 2), [[`${title}（${D2}）`], ['累计医学观察人数', 5]]);
    ok(await a.put('/api/v1/reports/layout', { title: '日报', fields: Object.keys(ZERO).map((key) => ({ key })), per_village: true }));
  });
});

test('`fangkong report daily --json` equals the API\'s figures; -o writes the xlsx; the text has the reconciliation', async () => {
  await at(`${D4} 10:00`, async (as) => {
    for (const d of [D1, D2, D3, D4]) {
      const api = figures(await report(as, d));
      const r = cli(['report', 'daily', '--date', d, '--json', '--db', server.dbPath]);
      assert.equal(r.code, 0, r.stderr);
      assert.deepEqual(JSON.parse(r.stdout), api, d);
    }
    const out = join(tmp, 'cli.xlsx');
    const r = cli(['report', 'daily', '--date', D3, '-o', out, '--db', server.dbPath]);
    assert.equal(r.code, 0, r.stderr);
    const rows = cells(readXlsx(out));
    assert.match(rows[0][0], /（2020-02-03）$/);
    assert.deepEqual(rows.find((x) => x[0] === '累计医学观察人数'), ['累计医学观察人数', 6]);
    assert.deepEqual(rows.find((x) => x[0] === '当日解除医学观察'), ['当日解除医学观察', 3]);
    const t = cli(['report', 'daily', '--date', D3, '--db', server.dbPath]);
    assert.equal(t.code, 0, t.stderr);
    assert.match(t.stdout, /2020-02-03 日报/);
    assert.match(t.stdout, /核对：一致（累计 6 = 解除 3 \+ 在观 2 \+ 失联 0 \+ 转院 1 \+ 其他 0，差 0）/);
    assert.ok(t.stdout.includes(SNAP[D3].summary));
  });
});

test('dashboard: tiles, 30-day trend, checkpoint hours, verification progress, the village table', async () => {
  await at(`${D4} 10:00`, async (as) => {
    const d = ok(await as('lingdao').get('/api/v1/dashboard'));
    assert.deepEqual(Object.keys(d).sort(), ['checkpoint_hours', 'due_window', 'tiles', 'trend', 'verification', 'villages']);
    // p2 (home, found again on day 3) owes the morning check of day 4 and has none yet
    assert.deepEqual(d.tiles, {
      home: 1, central: 0, lost: 0, open_alerts: 2, tasks_overdue: 1, lists_overdue: 1, screened_today: 1, sightings: 1, cp_fevers: 1,
      site_occupied: 0, site_capacity: 10, due_now: 1,
    });
    assert.deepEqual(d.due_window, { date: D4, slot: 0, open: true });
    assert.equal(d.trend.length, 30);
    assert.equal(d.trend[29].date, D4);
    assert.equal(d.trend[0].date, '2020-01-06');
    const tr = Object.fromEntries(d.trend.map((x) => [x.date, x]));
    assert.deepEqual([D1, D2, D3, D4].map((x) => tr[x].new), [3, 2, 1, 0]);
    assert.deepEqual([D1, D2, D3, D4].map((x) => tr[x].released), [0, 0, 3, 1]);
    assert.deepEqual([D1, D2, D3, D4].map((x) => tr[x].current), [3, 4, 2, 1]);
    assert.deepEqual([D1, D2, D3, D4].map((x) => tr[x].fevers), [3, 0, 0, 0]);
    assert.deepEqual([D1, D2, D3, D4].map((x) => tr[x].referrals), [2, 0, 0, 0]);
    assert.equal(tr['2020-01-31'].current, 0);
    assert.deepEqual(d.checkpoint_hours, [{ hour: 0, screenings: 1, persons: 1 }]);
    const va = d.verification.find((v) => v.village_id === villageA);
    assert.deepEqual({ total: va.total, done: va.done, overdue: va.overdue }, { total: 2, done: 1, overdue: 1 });
    assert.deepEqual(d.villages, SNAP[D4].villages);
    // the tile counts what the due list counts; a check in the window settles it
    assert.equal(ok(await as('zhihui').get('/api/v1/obs/due')).due_now, 1);
    ok(await as('guancha').post(`/api/v1/observations/${O.p2}/checks`, { at: `${D4} 09:30`, temp: 36.5, method: 'axillary' }), 201);
    assert.equal(ok(await as('lingdao').get('/api/v1/dashboard')).tiles.due_now, 0);
    assert.equal(ok(await as('zhihui').get('/api/v1/obs/due')).due_now, 0);
  });
  // between windows nothing is due: the tile names the window that closed
  await at(`${D4} 13:00`, async (as) => {
    const d = ok(await as('lingdao').get('/api/v1/dashboard'));
    assert.equal(d.tiles.due_now, 0);
    assert.deepEqual(d.due_window, { date: D4, slot: 0, open: false });
  });
  // the evening window: p2 owes it again
  await at(`${D4} 17:00`, async (as) => {
    const d = ok(await as('lingdao').get('/api/v1/dashboard'));
    assert.equal(d.tiles.due_now, 1);
    assert.deepEqual(d.due_window, { date: D4, slot: 1, open: true });
  });
});

test('a person who moves to another village: past reports keep the observation in the village it started in', async () => {
  await at(`${D4} 18:00`, async (as) => {
    const before = Object.fromEntries(await Promise.all([D1, D2, D3, D4].map(async (d) => [d, figures(await report(as, d))])));
    for (const d of [D2, D3]) assert.deepEqual(before[d], SNAP[d], `${d} before the move`);
    // p2 (village A, under observation since day 1) moves to village B
    const p = ok(await as('admin').patch(`/api/v1/persons/${P.p2}`, { village_id: villageB }));
    assert.equal(p.village_id, villageB);
    for (const d of [D1, D2, D3, D4]) {
      const r = await report(as, d);
      assert.deepEqual(figures(r), before[d], `${d}: the move rewrote a past report`);
      assertVillagesAddUp(r);
    }
    assert.equal(vil(await report(as, D2), villageA).lost_current, 1, 'p2 was lost on day 2 in village A');
    // a new observation of the moved person belongs to the new village
    await act(as, 'p2', { action: 'hospital', hospital: '南海区人民医院' });
    await start(as, 'p2', { reason: '疫区返回', reason_detail: '再次返回' });
    const r = await report(as, D4);
    assert.equal(vil(r, villageB).home_new, 1);
    assert.equal(vil(r, villageA).home_new, 0);
    assert.equal(vil(r, villageA).hospital_day, 1, 'the transfer stays with the village it belonged to');
    assert.equal(vil(r, villageB).hospital_day, 0);
    ok(await as('admin').patch(`/api/v1/persons/${P.p2}`, { village_id: villageA }));
  });
});
