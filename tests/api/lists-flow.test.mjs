// Key-person lists (issue 4), from rows to verified people and back upward:
// matching (same ID; same name + phone; same name + birth date offered as
// candidates and merged on one click), the village from the village column
// (name or alias) or the address, the unassigned queue and bulk assignment,
// 已在管控 flags, a village worker's own tasks and results (居家 starts an
// observation), progress per list and village, overdue tasks seen by a
// second server whose clock is two hours on, and the feedback and
// problem-row exports read back cell by cell with openpyxl — from the API
// and from `fangkong export`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer, assertError, makeId, cli, client, binary, hasHan, DEMO_PASSWORD } from './helpers.mjs';

let server;
let admin; let hecha; let cun; let zhihui;
const V = {}; // village name → id
const P = {}; // key → existing person id
let obsZhao; // 赵丁's observation, started before the list arrives
let list1; let list2;
const T = {}; // name → task of list 1
const tmp = mkdtempSync(join(tmpdir(), 'fk-lists-flow-'));

let seq = 1;
const newId = (birth, male = true) => makeId('110105', birth, seq++ * 2 + (male ? 1 : 0));

const py = (code, args = []) => execFileSync('/usr/bin/python3', ['-c', code, ...args], { maxBuffer: 1 << 26 });
// Every sheet of an xlsx: name, frozen cell, column widths, and each cell's
// value and openpyxl data type ('s' text, 'n' number, 'f' formula).
function readXlsx(path) {
  return JSON.parse(py(`
import json, sys, openpyxl
from openpyxl.utils import get_column_letter
wb = openpyxl.load_workbook(sys.argv[1])
out = []
for ws in wb.worksheets:
    rows = [[{'v': c.value, 't': c.data_type} for c in r] for r in ws.iter_rows()]
    widths = {k: v.width for k, v in ws.column_dimensions.items()}
    out.append({'name': ws.title, 'freeze': ws.freeze_panes, 'rows': rows, 'widths': widths})
print(json.dumps(out, ensure_ascii=False, default=str))
`, [path]).toString());
}
const values = (sheet) => sheet.rows.map((r) => {
  const v = r.map((c) => (c.v === null ? '' : c.v));
  while (v.length && v[v.length - 1] === '') v.pop();
  return v;
});

const csv = (rows) => '\ufeff' + rows.map((r) => r.join(',')).join('\r\n') + '\r\n';
const upload = (c, body, q = {}) => c.post('/api/v1/lists/uploads?' + new URLSearchParams(q), Buffer.from(body),
  { 'content-type': 'application/octet-stream' });
async function importList(c, file, filename, body = {}) {
  const u = await upload(c, file, { filename });
  assert.equal(u.status, 200, u.text);
  const r = await c.post('/api/v1/lists', { upload_id: u.body.upload_id, source: '南海区疫情防控办（测试）', ...body });
  assert.equal(r.status, 201, r.text);
  return r.body;
}
async function download(c, path) {
  const res = await fetch(server.url + path, { headers: { cookie: c.cookie } });
  return { status: res.status, headers: res.headers, buf: Buffer.from(await res.arrayBuffer()) };
}
const tasksOf = async (c, q) => {
  const r = await c.get('/api/v1/tasks?per_page=200&' + q);
  assert.equal(r.status, 200, r.text);
  return r.body;
};
const localDate = (t) => new Date(t * 1000 + 8 * 3600e3).toISOString().slice(0, 10);

// Another server on the same database, its clock pinned at `now`.
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
  const login = async (username) => {
    const u = client(url);
    const lr = await u.post('/api/v1/login', { username, password: DEMO_PASSWORD });
    assert.equal(lr.status, 200, lr.text);
    return u;
  };
  return {
    login,
    async stop() {
      proc.removeAllListeners('exit');
      const exited = new Promise((res) => proc.on('exit', (code) => res(code)));
      proc.kill('SIGTERM');
      const code = await exited;
      if (code !== 0) throw new Error(`server exit ${code}:\n${stderr}`);
    },
  };
}

const HEADER = ['序号', '姓名', '性别', '身份证号', '联系电话', '现住址', '所属村居', '来源地', '到达日期', '交通方式', '车次/航班号/车牌号', '备注'];
const ID = {
  zhang: newId('19750101'), li: newId('19760202', false), wangOld: newId('19800505'),
  wang: newId('19800505'), zhao: newId('19770303'), sun: newId('19780404'),
  zhou: newId('19790505', false), wu: newId('19810606'),
};
const ROWS = [
  ['1', '张甲', '男', ID.zhang, '13900000001', '里水镇沙涌社区3号', '沙涌社区', '湖北武汉', '2020-01-20', '铁路', 'G1234', '发热门诊已排除'],
  ['2', '李乙', '女', ID.li, '13900000002', '草场社区2号', '草场', '湖北孝感', '2020/1/21', '自驾', '粤A12345', ''],
  ['3', '王丙', '男', ID.wang, '13900000033', '里水镇和顺大道8号', '', '湖北黄冈', '2020年1月22日', '飞机', 'CZ3456', ''],
  ['4', '赵丁', '男', ID.zhao, '13900000004', '沙涌社区4号', '沙涌社区', '湖北武汉', '1月23日', '铁路', 'G1235', ''],
  ['5', '孙戊', '男', ID.sun, '13900000005', '广州市天河区体育西路1号', '', '湖北十堰', '2020.1.24', '客运', '', ''],
  ['6', '周己', '女', ID.zhou, '13900000006', '佛山市南海区里水镇体育路1号', '', '湖北荆州', '2020-01-25', '', '', ''],
  ['7', '吴庚', '男', ID.wu, '13900000007', '沙涌大街7号', '沙涌', '湖北宜昌', '20200126', '铁路', 'D7777', ''],
];

before(async () => {
  server = await startServer({ persons: 100 });
  admin = await server.login();
  hecha = await server.login('hecha1');
  cun = await server.login('cun_shayong');
  zhihui = await server.login('zhihui');
  for (const v of (await admin.get('/api/v1/villages?per_page=100')).body.items) V[v.name] = v.id;
  assert.ok(V['沙涌社区'] && V['草场社区'] && V['和顺社区'] && V['里水社区']);
  const person = async (key, body) => {
    const r = await admin.post('/api/v1/persons', body);
    assert.equal(r.status, 201, r.text);
    P[key] = r.body.id;
  };
  await person('zhang', { name: '张甲', doc_number: ID.zhang, phone: '13911111111', village_id: V['沙涌社区'], address: '沙涌社区3号' });
  await person('li', { name: '李乙', phone: '13900000002', village_id: V['草场社区'], address: '草场社区2号' });
  await person('wang', { name: '王丙', doc_number: ID.wangOld, phone: '13922222222', village_id: V['和顺社区'], address: '和顺社区' });
  await person('zhao', { name: '赵丁', doc_number: ID.zhao, phone: '13900000004', village_id: V['沙涌社区'], address: '沙涌社区4号' });
  const now = Math.floor(Date.now() / 1000);
  const o = await admin.post('/api/v1/observations', {
    person_id: P.zhao, kind: 'home', reason: '协查名单', exposure_date: localDate(now - 86400),
  });
  assert.equal(o.status, 201, o.text);
  obsZhao = o.body.id;
});
after(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await server.stop();
});

test('each row is matched: same ID, else same name + phone, else a new person with same name + birth date as candidates', async () => {
  const s = await importList(hecha, csv([HEADER, ...ROWS]), '第5批.csv', { batch: '第5批' });
  list1 = s.list_id;
  assert.deepEqual({ ...s, list_id: 0 }, {
    list_id: 0, rows: 7, accepted: 7, rejected: 0, duplicates: 0, matched_existing: 3, new_persons: 4,
    dispatched: 5, unassigned: 2, flagged: 1, candidates: 1, doubtful: 0,
  });
  const t = await tasksOf(hecha, `list=${list1}`);
  assert.equal(t.total, 7);
  for (const x of t.items) T[x.name] = x;
  assert.equal(T['张甲'].person_id, P.zhang, 'same ID');
  assert.equal(T['李乙'].person_id, P.li, 'same name and phone');
  assert.equal(T['赵丁'].person_id, P.zhao);
  assert.notEqual(T['王丙'].person_id, P.wang, 'a different ID: a new person');
  assert.deepEqual(T['王丙'].candidates, [P.wang], 'same name and birth date: a candidate');
  assert.deepEqual(T['张甲'].candidates, []);
  // masked in task lists
  assert.equal(T['张甲'].doc_number, ID.zhang.slice(0, 6) + '********' + ID.zhang.slice(14));
  assert.equal(T['吴庚'].phone, '139****0007');
  // what the row said
  assert.equal(T['张甲'].arrival_date, '2020-01-20');
  assert.equal(T['王丙'].arrival_date, '2020-01-22');
  // "1月23日": this year's, or last year's if that is still to come
  const today = localDate(Math.floor(Date.now() / 1000));
  const y = Number(today.slice(0, 4));
  assert.equal(T['赵丁'].arrival_date, today >= `${y}-01-23` ? `${y}-01-23` : `${y - 1}-01-23`);
  assert.equal(T['吴庚'].arrival_date, '2020-01-26');
  assert.equal(T['张甲'].origin, '湖北武汉');
  assert.equal(T['张甲'].source, '南海区疫情防控办（测试）');
  assert.equal(T['张甲'].batch, '第5批');
  assert.equal(T['张甲'].status, 'open');
  assert.equal(T['张甲'].task_source, '上级下发');
  // the new persons are 上级下发 and carry the row's details
  const np = await admin.get(`/api/v1/persons/${T['孙戊'].person_id}`);
  assert.equal(np.status, 200);
  assert.equal(np.body.source, '上级下发');
  assert.equal(np.body.address, '广州市天河区体育西路1号');
  // the import indexes its new persons for the text search in one go (the
  // row-by-row trigger is off during it): found by name and by address
  const byName = await admin.get('/api/v1/persons?q=' + encodeURIComponent('孙戊'));
  assert.equal(byName.status, 200, byName.text);
  assert.ok(byName.body.items.some((x) => x.id === T['孙戊'].person_id), byName.text);
  const byAddr = await admin.get('/api/v1/persons?q=' + encodeURIComponent('体育西路1号'));
  assert.ok(byAddr.body.items.some((x) => x.id === T['孙戊'].person_id), byAddr.text);
});

test('tasks are searched by name, ID or phone; % and _ match themselves', async () => {
  assert.deepEqual((await tasksOf(hecha, `list=${list1}&q=${encodeURIComponent('张甲')}`)).items.map((x) => x.name), ['张甲']);
  assert.equal((await tasksOf(hecha, `list=${list1}&q=13900000007`)).items[0].name, '吴庚');
  assert.equal((await tasksOf(hecha, `list=${list1}&q=${ID.zhou}`)).items[0].name, '周己');
  assert.equal((await tasksOf(hecha, `list=${list1}&q=%25`)).total, 0);
  assert.equal((await tasksOf(hecha, `list=${list1}&q=_`)).total, 0);
  assert.equal((await tasksOf(hecha, `list=${list1}&q=1390000000_`)).total, 0);
});

test('village: from the village column by name or alias, else from the address, else unassigned; 已在管控 flagged', async () => {
  assert.equal(T['张甲'].village_id, V['沙涌社区'], 'name');
  assert.equal(T['吴庚'].village_id, V['沙涌社区'], 'alias 沙涌');
  assert.equal(T['李乙'].village_id, V['草场社区'], 'alias 草场');
  assert.equal(T['王丙'].village_id, V['和顺社区'], 'address 里水镇和顺大道');
  assert.equal(T['孙戊'].village_id, null, 'nothing to go by');
  assert.equal(T['周己'].village_id, null, '里水镇 is the town, not 里水社区');
  assert.equal(T['赵丁'].flag, '已在管控', 'under observation');
  assert.equal(T['张甲'].flag, '');
  const q = await tasksOf(hecha, `list=${list1}&village=-1`);
  assert.deepEqual(q.items.map((x) => x.name).sort(), ['周己', '孙戊']);
});

test('the unassigned queue is assigned in bulk by the verifier', async () => {
  const ids = [T['孙戊'].id, T['周己'].id];
  assertError(await hecha.post('/api/v1/tasks/assign', { ids, village_id: 0 }), 422, 'village', 'village_id');
  assertError(await hecha.post('/api/v1/tasks/assign', { ids: [], village_id: V['沙涌社区'] }), 422, 'invalid', 'ids');
  assert.equal((await cun.post('/api/v1/tasks/assign', { ids, village_id: V['沙涌社区'] })).status, 403);
  const r = await hecha.post('/api/v1/tasks/assign', { ids, village_id: V['沙涌社区'] });
  assert.equal(r.status, 200, r.text);
  assert.deepEqual(r.body, { assigned: 2 });
  assert.equal((await tasksOf(hecha, `list=${list1}&village=-1`)).total, 0);
  assert.equal((await hecha.get(`/api/v1/tasks/${T['孙戊'].id}`)).body.village_id, V['沙涌社区']);
  const a = await admin.get('/api/v1/audit?action=task.assign');
  assert.ok(a.body.items.some((x) => x.entity_id === V['沙涌社区']));
});

test('same person: the candidate is merged in one click', async () => {
  const t = T['王丙'];
  assertError(await hecha.post(`/api/v1/tasks/${t.id}/same-person`, { candidate_id: P.zhang }), 422, 'candidate', 'candidate_id');
  assert.equal((await hecha.post('/api/v1/tasks/999999/same-person', { candidate_id: P.wang })).status, 404);
  const r = await hecha.post(`/api/v1/tasks/${t.id}/same-person`, { candidate_id: P.wang });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.person_id, P.wang);
  assert.deepEqual(r.body.candidates, []);
  const merged = await admin.get(`/api/v1/persons/${t.person_id}`);
  assert.ok(merged.status === 404 || merged.body.merged_into === P.wang, merged.text);
});

test('a village worker sees only their village\'s tasks and records results; 居家 starts an observation', async () => {
  const mine = await tasksOf(cun, '');
  assert.ok(mine.total >= 5);
  for (const x of mine.items) assert.equal(x.village_id, V['沙涌社区'], JSON.stringify(x));
  assert.deepEqual(mine.items.filter((x) => x.list_id === list1).map((x) => x.name).sort(),
    ['吴庚', '周己', '孙戊', '张甲', '赵丁'].sort());
  assert.equal(mine.total, (await tasksOf(hecha, `village=${V['沙涌社区']}`)).total);
  assert.equal((await tasksOf(cun, `village=${V['草场社区']}`)).total, 0);
  assert.equal((await cun.get(`/api/v1/tasks/${T['李乙'].id}`)).status, 404);
  assert.equal((await cun.post(`/api/v1/tasks/${T['李乙'].id}/result`, { result: '查无此人' })).status, 404);
  for (const x of mine.items) assert.match(x.doc_number || '', /^$|\*/, 'masked');
  // results
  assertError(await cun.post(`/api/v1/tasks/${T['张甲'].id}/result`, { result: '已核查' }), 422, 'task_result', 'result');
  const home = await cun.post(`/api/v1/tasks/${T['张甲'].id}/result`, { result: '已落实-居家医学观察', note: '已上门告知' });
  assert.equal(home.status, 200, home.text);
  assert.equal(home.body.status, 'done');
  assert.equal(home.body.result, '已落实-居家医学观察');
  assert.ok(home.body.observation_id > 0);
  const o = await cun.get(`/api/v1/observations/${home.body.observation_id}`);
  assert.equal(o.status, 200, o.text);
  assert.equal(o.body.person_id, P.zhang);
  assert.equal(o.body.kind, 'home');
  assert.equal(o.body.status, 'active');
  assertError(await cun.post(`/api/v1/tasks/${T['张甲'].id}/result`, { result: '查无此人' }), 409, 'task_done');
  // already under observation: linked, not started twice
  const zhao = await cun.post(`/api/v1/tasks/${T['赵丁'].id}/result`, { result: '已落实-居家医学观察' });
  assert.equal(zhao.status, 200, zhao.text);
  assert.equal(zhao.body.observation_id, obsZhao);
  // 不在本地 needs the whereabouts
  assertError(await cun.post(`/api/v1/tasks/${T['吴庚'].id}/result`, { result: '不在本地' }), 422, 'whereabouts', 'whereabouts');
  assertError(await cun.post(`/api/v1/tasks/${T['吴庚'].id}/result`, { result: '不在本地', whereabouts: ' ' }), 422, 'whereabouts', 'whereabouts');
  assert.equal((await cun.get(`/api/v1/tasks/${T['吴庚'].id}`)).body.status, 'open');
  const away = await cun.post(`/api/v1/tasks/${T['吴庚'].id}/result`, { result: '不在本地', whereabouts: '已返回湖北宜昌', note: '电话核实' });
  assert.equal(away.status, 200, away.text);
  assert.equal(away.body.whereabouts, '已返回湖北宜昌');
  assert.equal(away.body.observation_id, null);
  const none = await cun.post(`/api/v1/tasks/${T['孙戊'].id}/result`, { result: '查无此人' });
  assert.equal(none.status, 200, none.text);
  // the office records for 草场
  const li = await hecha.post(`/api/v1/tasks/${T['李乙'].id}/result`, { result: '已落实-健康监测' });
  assert.equal(li.status, 200, li.text);
  assert.equal(li.body.observation_id, null);
  const open = await tasksOf(cun, 'status=open');
  assert.ok(open.items.every((x) => x.status === 'open'));
  assert.ok(!open.items.some((x) => x.id === T['张甲'].id));
});

test('progress per list and per village', async () => {
  const l = await hecha.get(`/api/v1/lists/${list1}`);
  assert.equal(l.status, 200, l.text);
  assert.equal(l.body.tasks, 7);
  assert.equal(l.body.verified, 5);
  assert.equal(l.body.unassigned, 0);
  assert.equal(l.body.overdue, 0);
  assert.equal(l.body.flagged, 1);
  const v = Object.fromEntries(l.body.villages.map((x) => [x.village_name, x]));
  assert.deepEqual(Object.keys(v).sort(), ['和顺社区', '草场社区', '沙涌社区'].sort());
  assert.equal(v['沙涌社区'].total, 5);
  assert.equal(v['沙涌社区'].verified, 4);
  assert.equal(v['沙涌社区'].flagged, 1);
  assert.equal(v['草场社区'].total, 1);
  assert.equal(v['草场社区'].verified, 1);
  assert.equal(v['和顺社区'].verified, 0);
  // by result, per village
  assert.deepEqual(v['沙涌社区'].results, { '已落实-居家医学观察': 2, 不在本地: 1, 查无此人: 1, 未核查: 1 });
  assert.deepEqual(v['草场社区'].results, { '已落实-健康监测': 1 });
  assert.deepEqual(v['和顺社区'].results, { 未核查: 1 });
  const res = Object.fromEntries(l.body.results.map((x) => [x.result, x.n]));
  assert.deepEqual(res, { '已落实-居家医学观察': 2, 不在本地: 1, 查无此人: 1, '已落实-健康监测': 1, 未核查: 2 });
  const all = await hecha.get('/api/v1/lists');
  const item = all.body.items.find((x) => x.id === list1);
  assert.equal(item.verified, 5);
  assert.equal(item.tasks, 7);
  assert.equal((await cun.get(`/api/v1/lists/${list1}`)).status, 403);
  assert.equal((await hecha.get('/api/v1/lists/999999')).status, 404);
});

test('overdue: a 1-hour list seen two hours later by a second server over the same database', async () => {
  const rows = [
    ['1', '李乙', '女', ID.li, '13900000002', '草场社区2号', '草场', '湖北孝感', '2020-02-01', '', '', ''],
    ['2', '冯辛', '男', newId('19820707'), '13900000008', '沙涌社区8号', '沙涌社区', '湖北武汉', '2020-02-01', '', '', ''],
    ['3', '冯辛', '男', newId('19820707'), '13900000009', '沙涌社区9号', '沙涌社区', '', '', '', '', ''],
    ['4', '杨壬', '男', ID.zhang.slice(0, 17) + (ID.zhang[17] === '1' ? '2' : '1'), '', '', '沙涌社区', '', '', '', '', ''],
    ['5', '冯辛', '男', '', '13900000008', '', '', '', '', '', '', ''],
  ];
  rows[2][3] = rows[1][3]; // the same person twice
  const t0 = Math.floor(Date.now() / 1000);
  const s = await importList(hecha, csv([HEADER, ...rows]), '第6批.csv', { deadline_hours: 1, accept_partial: true });
  list2 = s.list_id;
  assert.equal(s.rejected, 1);
  assert.equal(s.duplicates, 1);
  assert.equal(s.flagged, 1, '李乙 was verified (已落实) in the first list');
  const t = await tasksOf(hecha, `list=${list2}`);
  assert.equal(t.items.find((x) => x.name === '李乙').flag, '已在管控');
  assert.equal((await hecha.get(`/api/v1/lists/${list2}`)).body.overdue, 0, 'not yet');
  const later = await serveAt(t0 + 2 * 3600 + 60);
  try {
    const h = await later.login('hecha1');
    const l = await h.get(`/api/v1/lists/${list2}`);
    assert.equal(l.body.overdue, l.body.tasks);
    assert.ok(l.body.tasks >= 3);
    const l1 = await h.get(`/api/v1/lists/${list1}`);
    assert.equal(l1.body.overdue, 0, 'a 24-hour list is not overdue after two hours');
    const od = await h.get(`/api/v1/tasks?status=overdue&list=${list2}`);
    assert.equal(od.body.total, l.body.tasks);
    assert.ok(od.body.items.every((x) => x.overdue === 1 || x.overdue === true));
    const per = await h.get('/api/v1/tasks/overdue');
    assert.equal(per.status, 200);
    const sy = per.body.items.find((x) => x.village_id === V['沙涌社区']);
    assert.ok(sy && sy.overdue >= 1, per.text);
    const c = await later.login('cun_shayong');
    const mine = await c.get(`/api/v1/tasks?list=${list2}`);
    assert.ok(mine.body.items.length >= 1);
    assert.ok(mine.body.items.every((x) => x.overdue));
    // the commander sees the overdue figures too
    const z = await later.login('zhihui');
    assert.equal((await z.get('/api/v1/tasks/overdue')).status, 200);
  } finally { await later.stop(); }
  assert.equal((await tasksOf(hecha, `status=overdue&list=${list2}`)).total, 0, 'the first server still lives in the present');
});

test('feedback export: the received columns in the received order + 核查结果…核查备注, masked, text cells, frozen header, watermark with the audit trace', async () => {
  const r = await download(hecha, `/api/v1/lists/${list1}/feedback.xlsx`);
  assert.equal(r.status, 200, r.buf.toString());
  assert.equal(r.headers.get('content-type'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
  assert.match(r.headers.get('content-disposition'), /attachment; .*filename\*=UTF-8''/);
  // named after the received file without its extension: not 核查结果-第5批.csv.xlsx
  const cd = r.headers.get('content-disposition');
  assert.equal(decodeURIComponent(cd.match(/filename\*=UTF-8''([^;]+)/)[1]), '核查结果-第5批.xlsx');
  const trace = r.headers.get('x-trace-id');
  assert.ok(trace);
  const path = join(tmp, 'fb.xlsx');
  writeFileSync(path, r.buf);
  const [data, info, ...rest] = readXlsx(path);
  assert.equal(rest.length, 0);
  assert.equal(data.name, '核查结果');
  assert.equal(data.freeze, 'A2');
  const v = values(data);
  // the list's own 备注 column keeps its name; the verification note is 核查备注
  assert.deepEqual(v[0], [...HEADER, '核查结果', '管控措施', '核查人', '核查时间', '核查备注']);
  assert.equal(v[0].filter((h) => h === '备注').length, 1);
  assert.equal(v.length, 1 + ROWS.length);
  for (let i = 0; i < ROWS.length; i++) {
    const row = data.rows[i + 1];
    // original cells, in order, but ID and phone masked
    for (let k = 0; k < HEADER.length; k++) {
      const want = k === 3 ? ROWS[i][3].slice(0, 6) + '********' + ROWS[i][3].slice(14)
        : k === 4 ? ROWS[i][4].slice(0, 3) + '****' + ROWS[i][4].slice(7) : ROWS[i][k];
      assert.equal(row[k].v ?? '', want, `row ${i + 2} col ${k}`);
    }
    assert.equal(row[3].t, 's', 'ID is a text cell');
    assert.equal(row[4].t, 's', 'phone is a text cell');
    assert.equal(row[0].t, 's');
  }
  const fb = Object.fromEntries(v.slice(1).map((x) => [x[1], x.slice(HEADER.length)]));
  assert.equal(fb['张甲'][0], '已落实-居家医学观察');
  assert.equal(fb['张甲'][1], '居家医学观察');
  assert.equal(fb['张甲'][2], '梁泳诗');
  assert.match(fb['张甲'][3], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  assert.match(fb['张甲'][4], /已上门告知/);
  assert.match(fb['赵丁'][4], /已在管控/);
  assert.equal(fb['吴庚'][0], '不在本地');
  assert.match(fb['吴庚'][4], /已返回湖北宜昌/);
  assert.equal(fb['李乙'][0], '已落实-健康监测');
  assert.equal(fb['李乙'][1], '健康监测');
  assert.equal(fb['李乙'][2], '黄嘉欣');
  assert.equal(fb['孙戊'][0], '查无此人');
  assert.deepEqual(fb['周己'], ['未核查']);
  assert.deepEqual(fb['王丙'], ['未核查']);
  // widths fitted: the ID column is wider than the 序号 column
  assert.ok(data.widths.D && data.widths.D >= 18, JSON.stringify(data.widths));
  // the watermark sheet
  assert.equal(info.name, '导出信息');
  const w = Object.fromEntries(values(info).map((x) => [x[0], x[1]]));
  assert.equal(w['导出人'], '黄嘉欣');
  assert.equal(w['追踪编号'], trace);
  assert.match(w['导出时间'], /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$/);
  assert.match(w['文件'], /第5批\.csv.*已脱敏/);
  assert.ok(hasHan(w['提示']));
  // audited with that trace
  const a = await admin.get('/api/v1/audit?action=list.export');
  const e = a.body.items.find((x) => x.trace === trace);
  assert.ok(e, a.text);
  assert.equal(e.entity_id, list1);
  assert.equal(e.detail.full_numbers, false);
  assert.equal(e.detail.rows, ROWS.length);
});

test('feedback export with full numbers: on request for the office, never for others', async () => {
  const r = await download(hecha, `/api/v1/lists/${list1}/feedback.xlsx?mask=none`);
  assert.equal(r.status, 200);
  const path = join(tmp, 'fb-full.xlsx');
  writeFileSync(path, r.buf);
  const [data, info] = readXlsx(path);
  const v = values(data);
  assert.deepEqual(v.slice(1).map((x) => x[3]), ROWS.map((x) => x[3]));
  assert.deepEqual(v.slice(1).map((x) => x[4]), ROWS.map((x) => x[4]));
  assert.ok(data.rows.slice(1).every((x) => x[3].t === 's'));
  assert.match(Object.fromEntries(values(info))['文件'], /完整号码/);
  const trace = r.headers.get('x-trace-id');
  const a = await admin.get('/api/v1/audit?action=list.export');
  assert.equal(a.body.items.find((x) => x.trace === trace).detail.full_numbers, true);
  // an unknown mask value is the masked file
  const odd = await download(hecha, `/api/v1/lists/${list1}/feedback.xlsx?mask=nope`);
  writeFileSync(path, odd.buf);
  assert.match(values(readXlsx(path)[0])[1][3], /\*{8}/);
  // village workers and viewers get no file at all
  assert.equal((await download(cun, `/api/v1/lists/${list1}/feedback.xlsx?mask=none`)).status, 403);
  const viewer = await server.login('lingdao2');
  assert.equal((await download(viewer, `/api/v1/lists/${list1}/feedback.xlsx?mask=none`)).status, 403);
  assert.equal((await download(hecha, '/api/v1/lists/999999/feedback.xlsx')).status, 404);
});

test('problems.xlsx: rejected and duplicate rows with their row numbers and reasons', async () => {
  const r = await download(zhihui, `/api/v1/lists/${list2}/problems.xlsx`);
  assert.equal(r.status, 200, r.buf.toString());
  const path = join(tmp, 'pr.xlsx');
  writeFileSync(path, r.buf);
  const [data, info] = readXlsx(path);
  assert.equal(data.name, '问题行');
  assert.equal(data.freeze, 'A2');
  const v = values(data);
  assert.deepEqual(v[0], ['原文件行号', '问题', '处理', ...HEADER]);
  assert.equal(v.length, 3);
  const byRow = Object.fromEntries(v.slice(1).map((x) => [String(x[0]), x]));
  assert.equal(byRow['4'][2], '已合并');
  assert.match(byRow['4'][1], /重复/);
  assert.equal(byRow['5'][2], '未导入');
  assert.match(byRow['5'][1], /校验/);
  assert.equal(byRow['5'][4], '杨壬');
  assert.equal(Object.fromEntries(values(info))['导出人'], '梁志强');
  const a = await admin.get('/api/v1/audit?action=list.export_problems');
  assert.ok(a.body.items.some((x) => x.trace === r.headers.get('x-trace-id') && x.entity_id === list2));
});

test('fangkong export list-feedback writes the same file as the API', async () => {
  const api = join(tmp, 'api.xlsx');
  writeFileSync(api, (await download(hecha, `/api/v1/lists/${list1}/feedback.xlsx`)).buf);
  const out = join(tmp, 'cli.xlsx');
  const r = cli(['export', 'list-feedback', String(list1), '-o', out, '--db', server.dbPath]);
  assert.equal(r.code, 0, r.stderr);
  const m = r.stdout.match(/追踪编号 ([0-9a-f]+)/);
  assert.ok(m, r.stdout);
  const [a] = readXlsx(api);
  const [c, ci] = readXlsx(out);
  assert.deepEqual(c.rows, a.rows, 'the same cells, cell by cell');
  assert.equal(c.freeze, 'A2');
  assert.equal(Object.fromEntries(values(ci))['追踪编号'], m[1]);
  const au = await admin.get('/api/v1/audit?action=list.export');
  assert.ok(au.body.items.some((x) => x.trace === m[1]), 'the CLI export is audited');
  const full = cli(['export', 'list-feedback', String(list1), '-o', out, '--full', '--db', server.dbPath]);
  assert.equal(full.code, 0, full.stderr);
  assert.deepEqual(values(readXlsx(out)[0]).slice(1).map((x) => x[3]), ROWS.map((x) => x[3]));
  const pr = cli(['export', 'list-problems', String(list2), '-o', out, '--db', server.dbPath]);
  assert.equal(pr.code, 0, pr.stderr);
  assert.equal(values(readXlsx(out)[0]).length, 3);
  const missing = cli(['export', 'list-feedback', '999999', '-o', out, '--db', server.dbPath]);
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /999999/);
  const usage = cli(['export', 'list-feedback', String(list1), '--db', server.dbPath]);
  assert.equal(usage.code, 2);
});

test('the masked feedback masks every ID and phone column, not only the mapped ones', async () => {
  const mate = newId('19880808');
  const header = ['姓名', '身份证号', '联系电话', '紧急联系人电话', '同行人员身份证号', '常住地址'];
  const row = ['陈癸', newId('19830808'), '13900000010', '13700000011', mate, '湖北省武汉市'];
  const s = await importList(hecha, csv([header, row]), '两个电话.csv');
  const path = join(tmp, 'two.xlsx');
  writeFileSync(path, (await download(hecha, `/api/v1/lists/${s.list_id}/feedback.xlsx`)).buf);
  const v = values(readXlsx(path)[0]);
  assert.deepEqual(v[0].slice(0, 6), header);
  assert.deepEqual(v[1].slice(0, 6), ['陈癸', row[1].slice(0, 6) + '********' + row[1].slice(14),
    '139****0010', '137****0011', mate.slice(0, 6) + '********' + mate.slice(14), '湖北省武汉市']);
  writeFileSync(path, (await download(hecha, `/api/v1/lists/${s.list_id}/feedback.xlsx?mask=none`)).buf);
  assert.deepEqual(values(readXlsx(path)[0])[1].slice(0, 6), row);
});

test('已落实-集中医学观察 needs an observation site; with one, a central observation starts', async () => {
  const t = T['王丙'];
  const none = await hecha.post(`/api/v1/tasks/${t.id}/result`, { result: '已落实-集中医学观察' });
  assertError(none, 409, 'site', 'site_id');
  assert.equal((await hecha.get(`/api/v1/tasks/${t.id}`)).body.status, 'open', 'nothing recorded');
  assertError(await hecha.post(`/api/v1/tasks/${t.id}/result`, { result: '已落实-集中医学观察', site_id: 999999 }), 409, 'site', 'site_id');
  const site = (await admin.get('/api/v1/sites')).body.items.find((x) => x.active);
  assert.ok(site, 'the demo has a site');
  const r = await hecha.post(`/api/v1/tasks/${t.id}/result`, { result: '已落实-集中医学观察', site_id: site.id });
  assert.equal(r.status, 200, r.text);
  const o = await admin.get(`/api/v1/observations/${r.body.observation_id}`);
  assert.equal(o.body.kind, 'central');
  assert.equal(o.body.site_id, site.id);
  assert.equal(o.body.person_id, P.wang, 'the merged person');
});

test('a village adds a person it found itself (自排发现)', async () => {
  const p = await cun.post('/api/v1/persons', { name: '自排甲', doc_number: newId('19890909'), phone: '13900000020', address: '沙涌社区20号' });
  assert.equal(p.status, 201, p.text);
  const r = await cun.post('/api/v1/tasks/self-found', { person_id: p.body.id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.task_source, '自排发现');
  assert.equal(r.body.list_id, null);
  assert.equal(r.body.village_id, V['沙涌社区']);
  assert.equal(r.body.status, 'open');
  // not for another village's person
  const other = (await admin.get(`/api/v1/persons?village=${V['草场社区']}&per_page=1`)).body.items[0];
  assert.ok(other);
  assert.equal(other.village_id, V['草场社区']);
  assertError(await cun.post('/api/v1/tasks/self-found', { person_id: other.id }), 422, 'person', 'person_id');
  const mine = await tasksOf(cun, 'status=open');
  assert.ok(mine.items.some((x) => x.id === r.body.id));
});

test('a name + phone row above the ID row of the same person: one person, who keeps the ID; the tasks keep the list\'s order', async () => {
  // the import matches the rows sorted by ID number (those without one
  // last), and dispatches the tasks in the file's order
  const qian = newId('19700505');
  const rows = [
    ['1', '钱无证', '男', '', '13700000071', '', '', '湖北省武汉市', '2020-01-25', '', '', ''],
    ['2', '钱无证', '男', qian, '13700000071', '', '', '湖北省武汉市', '2020-01-25', '', '', ''],
    ['3', '孙后来', '男', newId('19710101'), '13700000072', '', '', '湖北省孝感市', '2020-01-26', '', '', ''],
    ['4', '孙在前', '男', newId('19690101'), '13700000073', '', '', '湖北省黄冈市', '2020-01-27', '', '', ''],
  ];
  const s = await importList(hecha, csv([HEADER, ...rows]), '排序测试.csv');
  assert.equal(s.new_persons, 3);
  assert.equal(s.matched_existing, 1);
  const t = await tasksOf(hecha, `list=${s.list_id}`);
  assert.deepEqual(t.items.map((x) => x.name), ['钱无证', '钱无证', '孙后来', '孙在前']);
  assert.deepEqual(t.items.map((x) => x.arrival_date), ['2020-01-25', '2020-01-25', '2020-01-26', '2020-01-27']);
  assert.equal(t.items[0].person_id, t.items[1].person_id, 'the name + phone row is the person of the ID row');
  const p = await admin.get(`/api/v1/persons/${t.items[0].person_id}`);
  assert.equal(p.status, 200, p.text);
  assert.equal(p.body.doc_number.slice(0, 6), qian.slice(0, 6), 'the person has the ID number of row 2');
  assert.equal(p.body.doc_number.slice(-4), qian.slice(-4));
});
