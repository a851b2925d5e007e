// Joint road checkpoints (issue 6): a checkpoint's paper or Excel log
// imported in bulk (POST /api/v1/screenings/import, CSV): every row checked
// as a screening entered by hand, bad rows reported with their row and
// column, nothing imported unless the correct rows are accepted on purpose,
// persons matched by ID number, a sighting when one under observation is in
// the log, and the same file again imports nothing twice.
// The server's clock is pinned: FANGKONG_NOW = 2020-02-10 20:00 (UTC+8).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, makeId } from './helpers.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 20:00');
const PW = 'Fangkong#2020';

let server;
let admin; let kakou; let guancha;
let cp1;
const ID = { obs: makeId('440605', '19800101', 21), town: makeId('440605', '19900909', 41) };
const P = {};

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login();
  const village = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  cp1 = (await admin.post('/api/v1/checkpoints', { name: '和顺检疫点', location: '和顺大道', type: '公路卡口' })).body.id;
  assert.ok(village && cp1);
  const user = async (username, role, extra = {}) => {
    const r = await admin.post('/api/v1/users', { username, name: username, password: PW, role, ...extra });
    assert.equal(r.status, 201, r.text);
    return server.login(username, PW);
  };
  kakou = await user('kakou', 'checkpoint', { checkpoint_id: cp1 });
  guancha = await user('guancha', 'observer');
  for (const [k, name] of [['obs', '赵观察'], ['town', '钱居民']]) {
    const r = await admin.post('/api/v1/persons', { name, sex: 1, doc_number: ID[k], village_id: village, address: '沙涌社区1号' });
    assert.equal(r.status, 201, r.text);
    P[k] = r.body.id;
  }
  const o = await guancha.post('/api/v1/observations', { person_id: P.obs, kind: 'home', reason: '协查名单', exposure_date: '2020-02-05' });
  assert.equal(o.status, 201, o.text);
});
after(async () => { await server.stop(); });

const HEAD = ['检测时间', '车牌号', '车辆类型', '来源地', '姓名', '身份证号', '联系电话', '体温', '处理结果', '转诊医院'];
const GOOD = [
  ['2020-02-10 08:00', '粤A12345', '小客车', '湖北武汉', '', '', '', '36.5', '放行', ''],
  ['2020-02-10 08:05', '粤B23456', '小客车', '广东广州', '钱居民', ID.town, '', '36.8', '登记后放行', ''],
  ['2020-02-10 08:10', '粤C34567', '小客车', '广东广州', '李四', '', '13900139000', '38.2', '转诊', '南海区人民医院'],
  ['2020-02-10 08:20', '', '行人', '广东佛山', '赵观察', ID.obs, '', '36.4', '劝返', ''],
];
const BAD = [
  ['2020-02-10 08:15', 'ABC', '小客车', '广东广州', '', '', '', '36.5', '放行', ''], // plate
  ['2020-02-10 08:16', '粤D45678', '小客车', '广东广州', '', '', '', '45.0', '放行', ''], // temperature
  ['2020-02-10 08:17', '粤E56789', '小客车', '广东广州', '王五', '', '13700137000', '38.5', '放行', ''], // fever let through
];
const csv = (rows) => Buffer.from('\ufeff' + [HEAD, ...rows].map((r) => r.join(',')).join('\r\n') + '\r\n');
const upload = (rows, q = '') => kakou.post(`/api/v1/screenings/import${q}`, csv(rows), { 'content-type': 'text/csv' });
const listed = async () => {
  const r = await admin.get('/api/v1/screenings?date=2020-02-10&per_page=100');
  assert.equal(r.status, 200, r.text);
  return r.body;
};

test('a log with bad rows: each reported with its row, nothing imported unless accepted', async () => {
  const r = await upload([...GOOD, ...BAD]);
  assert.equal(r.status, 422, r.text);
  assert.equal(r.body.error.code, 'rows_rejected');
  assert.equal(r.body.error.rows, 7);
  assert.equal(r.body.error.rejected, 3);
  assert.deepEqual(r.body.error.problems.map((p) => p.row), [6, 7, 8]);
  assert.deepEqual(r.body.error.problems.map((p) => p.code), ['plate', 'temp_range', 'fever_result']);
  assert.equal((await listed()).total, 0);
});

test('the correct rows accepted: stored with the matched persons, a fever referred, a sighting; once only', async () => {
  const r = await upload([...GOOD, ...BAD], '?accept_partial=1');
  assert.equal(r.status, 201, r.text);
  assert.deepEqual({ ...r.body, problems: r.body.problems.length },
    { rows: 7, imported: 4, already: 0, rejected: 3, problems: 3 });
  const l = await listed();
  assert.equal(l.total, 4);
  const byPlate = Object.fromEntries(l.items.map((s) => [s.plate, s]));
  assert.equal(byPlate['粤C34567'].fevers, 1);
  assert.equal(byPlate['粤C34567'].results, '转诊');
  assert.equal(byPlate['粤B23456'].results, '登记后放行');
  assert.equal(byPlate[''].vehicle_type, '行人');
  // the person under observation seen at the checkpoint: a sighting for the group
  const g = await guancha.get('/api/v1/sightings');
  assert.equal(g.status, 200, g.text);
  assert.equal(g.body.total, 1);
  // the lookup now knows the person was screened here
  const k = await kakou.get('/api/v1/checkpoint/lookup?' + new URLSearchParams({ doc: ID.town }));
  assert.ok(k.body.flags.some((f) => f.kind === 'seen' && /和顺检疫点/.test(f.message)), k.text);
  // the same file again: nothing twice
  const again = await upload([...GOOD, ...BAD], '?accept_partial=1');
  assert.equal(again.status, 201, again.text);
  assert.equal(again.body.imported, 0);
  assert.equal(again.body.already, 4);
  assert.equal((await listed()).total, 4);
  assert.equal((await guancha.get('/api/v1/sightings')).body.total, 1);
});
