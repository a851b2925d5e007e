// Release (解除医学观察) through the API: the rules that block a release
// (before the planned end, an open alert, the last day's checks missing),
// the release queue for today and tomorrow with qualifies/blocked_by, batch
// release, the release notice number YYYY-NNNN and its audit, and the CLI
// `fangkong observation release-due`.
// FANGKONG_NOW = 2020-02-10 20:00 (UTC+8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, makeId, cli } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 20:00');
const PW = 'Fangkong#2020';

let server;
let admin; let observer; let cunA;
let villageA; let villageB; let villageC;
const obs = {}; // key → observation id
let seq = 301;

// A person and an observation with the given exposure date (14 days, day 0 =
// exposure: 2020-01-27 ends on 2020-02-10, today).
async function place(key, village, exposure) {
  const s = seq; seq += 2;
  const p = await admin.post('/api/v1/persons', {
    name: `解除${key}`, sex: 1, doc_number: makeId('440605', '19750505', s), village_id: village,
    phone: '13912345678',
  });
  assert.equal(p.status, 201, p.text);
  const o = await observer.post('/api/v1/observations', {
    person_id: p.body.id, kind: 'home', reason: '疫区返回', reason_detail: '湖北省武汉市', exposure_date: exposure,
  });
  assert.equal(o.status, 201, o.text);
  obs[key] = o.body.id;
  return o.body;
}

async function checks(key, ...list) {
  for (const [at, temp] of list) {
    const r = await observer.post(`/api/v1/observations/${obs[key]}/checks`, temp === null ? { at, visit: 'absent' } : { at, temp });
    assert.equal(r.status, 201, r.text);
  }
}

const release = (c, key, body = {}) => c.post(`/api/v1/observations/${obs[key]}/transitions`, { action: 'release', ...body });
const status = async (key) => (await admin.get(`/api/v1/observations/${obs[key]}`)).body.status;
const queue = async (c, q = '') => {
  const r = await c.get('/api/v1/obs/release-queue' + q);
  assert.equal(r.status, 200, r.text);
  return r.body;
};

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login();
  villageA = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  villageB = (await admin.post('/api/v1/villages', { name: '草场社区', code: '440605126002' })).body.id;
  villageC = (await admin.post('/api/v1/villages', { name: '水头村', code: '440605126201' })).body.id;
  for (const [username, role, extra] of [['yxgc', 'observer', {}], ['cun_a', 'village', { village_id: villageA }]]) {
    const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...extra });
    assert.equal(r.status, 201, r.text);
  }
  observer = await server.login('yxgc', PW);
  cunA = await server.login('cun_a', PW);
  const put = await admin.put('/api/v1/settings', { office_name: '里水镇新冠肺炎防控指挥部医学观察组' });
  assert.equal(put.status, 200, put.text);

  await place('done', villageA, '2020-01-27'); // ends today, both checks → qualifies
  await checks('done', ['2020-02-10 07:30', 36.5], ['2020-02-10 18:00', 36.6]);
  await place('overdue', villageA, '2020-01-26'); // ended yesterday, both checks then
  await checks('overdue', ['2020-02-09 08:00', 36.4], ['2020-02-09 17:00', 36.5]);
  await place('morningOnly', villageA, '2020-01-27'); // evening: not seen (no temperature)
  await checks('morningOnly', ['2020-02-10 07:40', 36.5], ['2020-02-10 18:10', null]);
  await place('alert', villageA, '2020-01-27'); // both checks but a fever alert open
  await checks('alert', ['2020-02-10 07:50', 36.5], ['2020-02-10 18:20', 37.8]);
  await place('tomorrow', villageB, '2020-01-28'); // ends tomorrow
  await checks('tomorrow', ['2020-02-10 07:55', 36.5], ['2020-02-10 18:30', 36.5]);
  await place('later', villageB, '2020-02-01'); // ends 2020-02-15
  await checks('later', ['2020-02-10 08:00', 36.5], ['2020-02-10 18:40', 36.5]);
  await place('madeGood', villageB, '2020-01-26'); // last day 02-09 short, made good by 02-10
  await checks('madeGood', ['2020-02-09 08:10', 36.5], ['2020-02-10 07:10', 36.4], ['2020-02-10 17:10', 36.6]);
  await place('cliDone', villageB, '2020-01-27'); // for the CLI
  await checks('cliDone', ['2020-02-10 08:05', 36.5], ['2020-02-10 18:50', 36.5]);
});
after(async () => { await server.stop(); });

test('release before the planned end → 409 release_too_early', async () => {
  assertError(await release(observer, 'later'), 409, 'release_too_early');
  assertError(await release(observer, 'tomorrow'), 409, 'release_too_early');
  assert.equal(await status('later'), 'active');
  assert.equal(await status('tomorrow'), 'active');
});

test('release with an open alert → 409 release_open_alert', async () => {
  assertError(await release(observer, 'alert'), 409, 'release_open_alert');
  assert.equal(await status('alert'), 'active');
});

test('release without both checks of the last day → 409 release_checks_missing', async () => {
  assertError(await release(observer, 'morningOnly'), 409, 'release_checks_missing');
  assert.equal(await status('morningOnly'), 'active');
  // a reason does not get round it either; only the early release with reason does
  assertError(await release(observer, 'morningOnly', { reason: '应该没事' }), 409, 'release_checks_missing');
});

test('village workers cannot release', async () => {
  assertError(await release(cunA, 'done'), 403, 'forbidden');
  assertError(await cunA.post('/api/v1/obs/release-batch', { ids: [obs.done] }), 403, 'forbidden');
  assert.equal(await status('done'), 'active');
});

test('the release queue for today: who qualifies and what blocks the others', async () => {
  const q = await queue(observer);
  assert.equal(q.date, '2020-02-10');
  // planned end, then village, then id: the overdue first
  assert.deepEqual(q.items.map((x) => x.id), [obs.overdue, obs.madeGood, obs.done, obs.morningOnly, obs.alert, obs.cliDone]);
  const byId = Object.fromEntries(q.items.map((x) => [x.id, x]));
  assert.equal(byId[obs.done].qualifies, true);
  assert.equal(byId[obs.done].blocked_by ?? null, null);
  assert.equal(byId[obs.done].last_day_checks, 2);
  assert.equal(byId[obs.overdue].qualifies, true);
  assert.equal(byId[obs.overdue].planned_end, '2020-02-09');
  assert.equal(byId[obs.morningOnly].qualifies, false);
  assert.equal(byId[obs.morningOnly].blocked_by, 'release_checks_missing');
  assert.equal(byId[obs.morningOnly].last_day_checks, 1);
  assert.equal(byId[obs.alert].qualifies, false);
  assert.equal(byId[obs.alert].blocked_by, 'release_open_alert');
  assert.equal(byId[obs.alert].open_alerts, 1);
  // a last day without both checks is made good by a later day with both
  assert.equal(byId[obs.madeGood].qualifies, true);
  assert.equal(byId[obs.madeGood].last_day_checks, 2);
  assert.equal(q.items.filter((x) => x.qualifies).length, 4);
  assert.equal(q.total, 6);
  assert.equal(q.page, 1);
  assert.equal(q.per_page, 20);
  // the summary of the whole queue: ending today vs overdue, per village
  assert.deepEqual(q.summary, {
    total: 6, due: 4, overdue: 2, sites: [],
    villages: [
      { village_id: villageA, village_name: '沙涌社区', total: 4, due: 3, overdue: 1 },
      { village_id: villageB, village_name: '草场社区', total: 2, due: 1, overdue: 1 },
    ],
  });
  // the same with ?date=today and the explicit date
  assert.deepEqual((await queue(observer, '?date=today')).items, q.items);
  assert.deepEqual((await queue(observer, '?date=2020-02-10')).items, q.items);
  assertError(await observer.get('/api/v1/obs/release-queue?date=2020-02-30'), 400, 'date');
  // a village worker sees their village's part only, in the list and the summary
  const v = await queue(cunA);
  assert.deepEqual(v.items.map((x) => x.id), [obs.overdue, obs.done, obs.morningOnly, obs.alert]);
  assert.ok(v.items.every((x) => x.village_name === '沙涌社区'));
  assert.equal(v.total, 4);
  assert.deepEqual(v.summary.villages.map((x) => x.village_id), [villageA]);
  assert.equal(v.summary.total, 4);
});

test('the release queue pages like the other lists; the summary stays that of the whole queue', async () => {
  const all = (await queue(observer)).items.map((x) => x.id);
  const pages = [];
  for (let page = 1; page <= 4; page++) {
    const p = await queue(observer, `?page=${page}&per_page=4`);
    assert.equal(p.total, 6);
    assert.equal(p.page, page);
    assert.equal(p.per_page, 4);
    assert.equal(p.summary.total, 6);
    pages.push(p.items.map((x) => x.id));
  }
  assert.deepEqual(pages.map((p) => p.length), [4, 2, 0, 0]);
  assert.deepEqual(pages.flat(), all);
  // filtered by village: the rows and total of that village, the same summary
  const b = await queue(observer, `?village=${villageB}&per_page=1&page=2`);
  assert.equal(b.total, 2);
  assert.deepEqual(b.items.map((x) => x.id), [obs.cliDone]);
  assert.equal(b.summary.total, 6);
  assert.equal((await queue(observer, '?site=999')).total, 0);
  // outside a village worker's scope: nothing
  const out = await queue(cunA, `?village=${villageB}`);
  assert.equal(out.total, 0);
  assert.deepEqual(out.items, []);
  assert.equal((await queue(cunA, `?village=${villageA}`)).total, 4);
  for (const bad of ['?page=0', '?per_page=0', '?per_page=501', '?village=x', '?site=-1']) {
    assertError(await observer.get('/api/v1/obs/release-queue' + bad), 400, 'bad_query');
  }
});

test('the release queue for tomorrow lists who ends then, not yet releasable', async () => {
  const q = await queue(observer, '?date=tomorrow&per_page=100');
  assert.equal(q.date, '2020-02-11');
  const t = q.items.find((x) => x.id === obs.tomorrow);
  assert.ok(t, JSON.stringify(q));
  assert.equal(t.planned_end, '2020-02-11');
  assert.equal(t.qualifies, false);
  assert.equal(t.blocked_by, 'release_too_early');
  assert.equal(q.items.at(-1).id, obs.tomorrow);
  assert.equal(q.total, 7);
  assert.equal(q.summary.due, 1);
  assert.equal(q.summary.overdue, 6);
  assert.ok(!q.items.some((x) => x.id === obs.later));
});

test('batch release: those who qualify are released, the others answered with the rule', async () => {
  const r = await observer.post('/api/v1/obs/release-batch', { ids: [obs.done, obs.overdue, obs.madeGood, obs.morningOnly, obs.tomorrow, 999999] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body.released.sort((a, b) => a - b), [obs.done, obs.overdue, obs.madeGood].sort((a, b) => a - b));
  const failed = Object.fromEntries(r.body.failed.map((f) => [f.id, f.code]));
  assert.deepEqual(failed, { [obs.morningOnly]: 'release_checks_missing', [obs.tomorrow]: 'release_too_early', 999999: 'not_found' });
  assert.ok(r.body.failed.every((f) => typeof f.message === 'string' && f.message.length > 0));
  for (const k of ['done', 'overdue', 'madeGood']) {
    const d = (await admin.get(`/api/v1/observations/${obs[k]}`)).body;
    assert.equal(d.status, 'released');
    assert.equal(d.end_reason, 'release');
    assert.equal(d.ended_at, NOW);
    assert.equal(d.events.at(-1).username, 'yxgc');
  }
  assert.equal(await status('morningOnly'), 'active');
  assert.equal(await status('tomorrow'), 'active');
  // they leave the queue; releasing again is refused
  const q = await queue(observer);
  assert.ok(!q.items.some((x) => x.id === obs.done || x.id === obs.overdue));
  const again = await observer.post('/api/v1/obs/release-batch', { ids: [obs.done] });
  assert.deepEqual(again.body.failed.map((f) => f.code), ['obs_not_active']);
  assertError(await observer.post('/api/v1/obs/release-batch', { ids: [] }), 422, 'invalid', 'ids');
  assertError(await observer.post('/api/v1/obs/release-batch', { ids: 'all' }), 422, 'invalid', 'ids');
  const counts = (await observer.get('/api/v1/obs/counts')).body;
  assert.equal(counts.released_today, 3);
  assert.equal(counts.released_total, 3);
  assert.equal(counts.ending_today, 3); // done and overdue left; alert, morningOnly, cliDone remain
  const au = await admin.get('/api/v1/audit?action=observation.release');
  assert.equal(au.body.total, 3);
});

test('release everyone in the queue who qualifies: a dry run counts, then one release each', async () => {
  await place('c1', villageC, '2020-01-27');
  await checks('c1', ['2020-02-10 07:30', 36.5], ['2020-02-10 18:00', 36.6]);
  await place('c2', villageC, '2020-01-26');
  await checks('c2', ['2020-02-09 07:30', 36.5], ['2020-02-09 18:00', 36.6]);
  await place('cShort', villageC, '2020-01-27');
  await checks('cShort', ['2020-02-10 07:30', 36.5]);
  const body = { all: true, date: 'today', village_id: villageC };
  const dry = await observer.post('/api/v1/obs/release-batch', { ...body, dry_run: true });
  assert.equal(dry.status, 200, dry.text);
  assert.equal(dry.body.dry_run, true);
  assert.equal(dry.body.date, '2020-02-10');
  assert.equal(dry.body.total, 3);
  assert.equal(dry.body.qualifying, 2);
  assert.deepEqual(dry.body.released, []);
  assert.deepEqual(dry.body.blocked, { release_checks_missing: 1 });
  for (const k of ['c1', 'c2', 'cShort']) assert.equal(await status(k), 'active');

  assertError(await cunA.post('/api/v1/obs/release-batch', body), 403, 'forbidden');
  assertError(await observer.post('/api/v1/obs/release-batch', { ...body, ids: [obs.c1] }), 422, 'invalid', 'all');
  assertError(await observer.post('/api/v1/obs/release-batch', { ...body, all: 'yes' }), 422, 'invalid', 'all');
  assertError(await observer.post('/api/v1/obs/release-batch', { ...body, date: '2020-13-01' }), 422, 'date', 'date');
  assertError(await observer.post('/api/v1/obs/release-batch', { ...body, dry_run: 1 }), 422, 'invalid', 'dry_run');
  assertError(await observer.post('/api/v1/obs/release-batch', { ...body, village_id: -2 }), 422, 'invalid', 'village_id');
  assertError(await observer.post('/api/v1/obs/release-batch', { ...body, what: 1 }), 400, 'unknown_field');
  const before = (await admin.get('/api/v1/audit?action=observation.release')).body.total;

  const r = await observer.post('/api/v1/obs/release-batch', body);
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.dry_run, false);
  assert.deepEqual(r.body.released, [obs.c2, obs.c1], 'in the queue order: the overdue first');
  assert.deepEqual(r.body.released_rows, [
    { id: obs.c2, name: '解除c2', village_name: '水头村' },
    { id: obs.c1, name: '解除c1', village_name: '水头村' },
  ]);
  assert.deepEqual(r.body.failed, []);
  assert.deepEqual(r.body.blocked, { release_checks_missing: 1 });
  assert.equal(await status('c1'), 'released');
  assert.equal(await status('c2'), 'released');
  assert.equal(await status('cShort'), 'active');
  assert.equal((await admin.get('/api/v1/audit?action=observation.release')).body.total, before + 2);
  // the others of the town were not touched; the village's queue keeps the one blocked
  assert.equal(await status('morningOnly'), 'active');
  assert.equal(await status('cliDone'), 'active');
  const left = await queue(observer, `?village=${villageC}`);
  assert.deepEqual(left.items.map((x) => x.id), [obs.cShort]);
  // nobody left who qualifies: nothing happens
  const again = await observer.post('/api/v1/obs/release-batch', body);
  assert.equal(again.status, 200, again.text);
  assert.equal(again.body.qualifying, 0);
  assert.deepEqual(again.body.released, []);
  // (the CLI test below expects the rest of the town as it was)
  const early = await observer.post(`/api/v1/observations/${obs.cShort}/transitions`, { action: 'release_early', reason: '指示病例已排除' });
  assert.equal(early.status, 200, early.text);
});

test('closing the alert (excluded) lets that person be released', async () => {
  const d = (await admin.get(`/api/v1/observations/${obs.alert}`)).body;
  const out = await observer.post(`/api/v1/alerts/${d.alerts[0].id}/outcome`, { outcome: 'excluded' });
  assert.equal(out.status, 200, out.text);
  const item = (await queue(observer)).items.find((x) => x.id === obs.alert);
  assert.equal(item.qualifies, true);
  const r = await release(observer, 'alert');
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.status, 'released');
});

test('the release notice: number YYYY-NNNN, increasing, reprints keep it, every issue audited', async () => {
  assertError(await observer.post(`/api/v1/observations/${obs.morningOnly}/notice`), 409, 'notice_not_released');
  assertError(await cunA.post(`/api/v1/observations/${obs.done}/notice`), 403, 'forbidden');
  const a = await observer.post(`/api/v1/observations/${obs.done}/notice`);
  assert.equal(a.status, 200, a.text);
  assert.equal(a.body.notice_no, '2020-0001');
  assert.equal(a.body.issued_at, NOW);
  assert.equal(a.body.office_name, '里水镇新冠肺炎防控指挥部医学观察组');
  assert.equal(a.body.name, '解除done');
  assert.match(a.body.doc_number, /^440605\*+\d{4}$/, 'masked by default');
  assert.equal(a.body.exposure_date, '2020-01-27');
  assert.equal(a.body.day1, '2020-01-28');
  assert.equal(a.body.planned_end, '2020-02-10');
  assert.equal(a.body.ended_at, NOW);
  assert.equal(a.body.end_reason, 'release');
  const b = await observer.post(`/api/v1/observations/${obs.overdue}/notice`);
  assert.equal(b.body.notice_no, '2020-0002');
  const c = await observer.post(`/api/v1/observations/${obs.alert}/notice`);
  assert.equal(c.body.notice_no, '2020-0003');
  // printing again keeps the number and the issue time
  const again = await admin.post(`/api/v1/observations/${obs.done}/notice`);
  assert.equal(again.body.notice_no, '2020-0001');
  assert.equal(again.body.issued_at, NOW);
  assert.equal((await admin.get(`/api/v1/observations/${obs.done}`)).body.notice_no, '2020-0001');
  const issued = await admin.get('/api/v1/audit?action=observation.notice');
  assert.deepEqual(issued.body.items.map((x) => x.detail.notice_no).sort(), ['2020-0001', '2020-0002', '2020-0003']);
  const reprint = await admin.get('/api/v1/audit?action=observation.notice_reprint');
  assert.equal(reprint.body.total, 1);
  assert.equal(reprint.body.items[0].entity_id, obs.done);
  assert.equal(reprint.body.items[0].username, 'admin');
  // the full number only when the settings say so
  assert.equal((await admin.put('/api/v1/settings', { notice_mask: 'full' })).status, 200);
  const full = await observer.post(`/api/v1/observations/${obs.done}/notice`);
  assert.match(full.body.doc_number, /^440605\d{11}[\dX]$/);
  assertError(await admin.put('/api/v1/settings', { notice_mask: 'half' }), 422, 'invalid', 'notice_mask');
  assert.equal((await admin.put('/api/v1/settings', { notice_mask: 'masked' })).status, 200);
});

test('notices printed at the same time get distinct, consecutive numbers', async () => {
  const keys = [];
  for (let i = 0; i < 4; i++) {
    const k = `race${i}`;
    await place(k, villageA, '2020-02-05');
    const r = await observer.post(`/api/v1/observations/${obs[k]}/transitions`, { action: 'release_early', reason: '指示病例已排除' });
    assert.equal(r.status, 200, r.text);
    keys.push(k);
  }
  const res = await Promise.all(keys.map((k) => observer.post(`/api/v1/observations/${obs[k]}/notice`)));
  for (const r of res) assert.equal(r.status, 200, r.text);
  assert.deepEqual(res.map((r) => r.body.notice_no).sort(), ['2020-0004', '2020-0005', '2020-0006', '2020-0007']);
});

test('CLI: observation release-due --dry-run changes nothing, then releases who qualifies', async () => {
  const env = { FANGKONG_NOW: String(NOW) };
  const dry = cli(['observation', 'release-due', '--dry-run', '--json', '--db', server.dbPath], { env });
  assert.equal(dry.code, 0, dry.stderr);
  const d = JSON.parse(dry.stdout);
  assert.equal(d.dry_run, true);
  assert.deepEqual(d.released.map((x) => x.id), [obs.cliDone]);
  assert.deepEqual(d.blocked.map((x) => [x.id, x.blocked_by]), [[obs.morningOnly, 'release_checks_missing']]);
  assert.equal(await status('cliDone'), 'active');
  const text = cli(['observation', 'release-due', '--dry-run', '--db', server.dbPath], { env });
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /试运行/);
  assert.match(text.stdout, /解除morningOnly/);
  assert.equal(await status('cliDone'), 'active');

  const real = cli(['observation', 'release-due', '--json', '--db', server.dbPath], { env });
  assert.equal(real.code, 0, real.stderr);
  const j = JSON.parse(real.stdout);
  assert.equal(j.dry_run, false);
  assert.deepEqual(j.released.map((x) => x.id), [obs.cliDone]);
  assert.equal(await status('cliDone'), 'released');
  assert.equal(await status('morningOnly'), 'active');
  // nothing left to do; a second run releases nobody
  const second = JSON.parse(cli(['observation', 'release-due', '--json', '--db', server.dbPath], { env }).stdout);
  assert.deepEqual(second.released, []);
  const au = await admin.get('/api/v1/audit?action=observation.release');
  assert.ok(au.body.items.some((x) => x.entity_id === obs.cliDone));
});
