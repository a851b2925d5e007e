// 协查名单 in the browser, end to end.  The verifier uploads an XLSX made
// here (a merged title row above Chinese headers, and a 居住小区 column the
// importer does not recognise), maps that column to 现住址 in the preview,
// sees the rejected and doubtful rows, commits the valid rows, assigns the
// unassigned one and merges a same-person candidate.  The 沙涌社区 worker,
// on a 390-px phone, records results (居家医学观察 starts an observation;
// 不在本地 needs a whereabouts) and registers a person found locally.  The
// verifier then downloads the feedback file, masked and in full, and
// openpyxl reads the results back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, login, pick, idNumber, badCheck, toast, settle, waitCount, PHONE, SHOTS } from './browser.mjs';

let server, browser, page, admin, dir, listId;
const VILLAGE = '沙涌社区';
const seq = 100 + Math.floor(Math.random() * 800);
// the people on the list: A and B in 沙涌社区; C only by the 居住小区
// address (so only after the mapping is corrected); D nowhere (unassigned);
// E shares name and birth date with a registered person; F a broken ID;
// G a ten-digit phone (doubtful, still imported, the cell shown to the
// village); B arrives next year (doubtful); H is A again (a duplicate the
// preview already shows)
const P = {
  A: { name: '司马晓岚', id: idNumber('110105', '1990-03-07', seq), phone: '13912340001', addr: '沙涌社区建设路8号', village: VILLAGE },
  B: { name: '诸葛明轩', id: idNumber('110105', '1985-11-21', seq + 1), phone: '13912340002', addr: '沙涌社区建设路10号', village: VILLAGE },
  C: { name: '上官雨桐', id: idNumber('110105', '1979-06-02', seq + 2), phone: '13912340003', addr: '里水镇沙涌社区和顺大道12号', village: '' },
  D: { name: '端木子涵', id: idNumber('110105', '2001-01-15', seq + 3), phone: '13912340004', addr: '某某工业园员工宿舍3栋', village: '' },
  F: { name: '皇甫思远', id: badCheck(idNumber('110105', '1968-08-08', seq + 4)), phone: '13912340006', addr: '沙涌社区', village: VILLAGE },
  G: { name: '慕容雪', id: idNumber('110105', '1995-12-12', seq + 5), phone: '1391234000', addr: '沙涌社区建设路12号', village: VILLAGE },
};
const SELF = { name: '东方永康', id: idNumber('440605', '1970-07-07', seq) };
let E; // built from a registered person
const masked = (id) => id.slice(0, 6) + '********' + id.slice(14);

// the whole page, also on a desktop (the preview is long)
const fullShot = (p, name) => p.screenshot({ path: join(SHOTS, name + '.png'), fullPage: true });

function py(code, ...args) {
  return execFileSync('/usr/bin/python3', ['-c', code, ...args], { encoding: 'utf8' });
}

before(async () => {
  server = await startServer({ persons: 300 });
  admin = await server.login('admin');
  const r = await admin.get('/api/v1/persons?per_page=100');
  const twin = r.body.items.find((p) => p.birth_date && p.doc_type === 'id_card' && p.name.length >= 2);
  E = { name: twin.name, id: idNumber('110105', twin.birth_date, seq + 6), phone: '13912340005', addr: '草场社区文化路1号', village: '草场社区', twin: twin.id };
  P.E = E;
  dir = mkdtempSync(join(tmpdir(), 'fk-lists-'));
  const rows = ['A', 'B', 'C', 'D', 'E', 'F', 'G'].map((k, i) => [String(i + 1), P[k].name, P[k].id, P[k].phone, P[k].addr, P[k].village, '湖北省武汉市', '2020年1月2' + i + '日']);
  rows[1][7] = `${new Date().getFullYear() + 1}年3月1日`;
  rows.push(['8', ...rows[0].slice(1)]);
  py(`
import json, sys, openpyxl
wb = openpyxl.Workbook(); ws = wb.active; ws.title = '名单'
ws.append(['里水镇重点人员协查名单（第9批）'])
ws.merge_cells('A1:H1')
ws.append(['序号', '姓名', '身份证号码', '联系电话', '居住小区', '所属村居', '来源地', '返回日期'])
for r in json.loads(sys.argv[2]): ws.append(r)
wb.save(sys.argv[1])`, join(dir, '协查名单第9批.xlsx'), JSON.stringify(rows));
  browser = await launch();
  page = await openPage(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the verifier uploads a list, corrects the unrecognised column and commits the valid rows', async () => {
  await login(page, 'hecha1');
  await page.locator('.side-menu [data-menu="/lists"]').click();
  await page.locator('[data-test=list-table]').waitFor();
  await page.locator('[data-test=import-list]').click();
  await page.locator('input[name=source]').fill('里水镇疫情防控指挥部');
  await page.locator('input[name=batch]').fill(`测试〔2020〕${seq}号`);
  const uploaded = page.waitForResponse((r) => r.url().includes('/api/v1/lists/uploads'));
  await page.locator('[data-test=list-file] input[type=file]').setInputFiles(join(dir, '协查名单第9批.xlsx'));
  assert.equal((await uploaded).status(), 200);
  await page.locator('[data-test=preview]').waitFor();
  assert.match(await page.locator('[data-test=header-row]').innerText(), /表头在第 2 行/);
  // the duplicate (row 10 = row 3) is counted before the import: 6 rows become tasks
  assert.match(await page.locator('[data-test=counts]').innerText(), /行数 8.*有效行 6.*错误行 1.*存疑行 2.*重复行 1/s);

  // 居住小区 is not recognised: map it to 现住址, the preview follows
  const col = page.locator('[data-test=mapping-table] tr', { hasText: '居住小区' });
  assert.match(await col.innerText(), /未识别/);
  const again = page.waitForResponse((r) => r.url().endsWith('/api/v1/lists/preview'));
  await pick(page, col.locator('.mapping-select'), '现住址');
  const body = JSON.parse((await again).request().postData());
  assert.deepEqual(body.mapping, { 4: 'address' });
  await col.locator('.el-tag', { hasText: '手工修改' }).waitFor();
  // the sample table's header is another table: it may follow a tick later
  await page.locator('[data-test=sample-table] thead', { hasText: /居住小区\s*现住址/ }).waitFor();
  assert.match(await page.locator('[data-test=sample-table] thead').innerText(), /居住小区\s*现住址/);

  // the broken ID: its row number, column and reason; the short phone is only doubtful
  const problems = page.locator('[data-test=problem-table] .el-table__body tr');
  const bad = problems.filter({ hasText: '校验位' });
  assert.match(await bad.innerText(), /^8\s+C · 身份证号码\s+错误/);
  const doubtful = problems.filter({ has: page.locator('[data-level=warning]') });
  assert.match(await doubtful.filter({ hasText: '联系电话' }).innerText(), /^9\s+D · 联系电话\s+存疑\s+电话号码位数不对（10 位/);
  // an arrival next year is doubtful too
  assert.match(await doubtful.filter({ hasText: '返回日期' }).innerText(), /^4\s+H · 返回日期\s+存疑\s+到达日期晚于今天/);
  const dup = problems.filter({ has: page.locator('[data-level=duplicate]') });
  assert.match(await dup.innerText(), /^10\s+重复\s+与第 3 行重复/);
  await page.locator('[data-test=sample-table] [data-test=sample-dup]').first().waitFor();
  await fullShot(page, 'list-import-preview-desktop');

  // all or nothing: the commit waits for "import only the valid rows"
  const commit = page.locator('[data-test=commit]');
  assert.ok(await commit.isDisabled());
  assert.match(await page.locator('[data-test=blocker]').innerText(), /1 行错误/);
  await page.locator('[data-test=accept-partial]').click();
  assert.ok(await settle(() => commit.isEnabled(), Boolean), 'the commit button is enabled');
  assert.match(await commit.innerText(), /确认导入 6 行/);
  const created = page.waitForResponse((r) => r.url().endsWith('/api/v1/lists') && r.request().method() === 'POST');
  await commit.click();
  const sum = await (await created).json();
  assert.equal(sum.accepted, 6);
  assert.equal(sum.unassigned, 1, 'only D: C was placed by the corrected address column');
  assert.equal(sum.candidates, 1);
  await page.waitForURL(/#\/lists\/\d+$/);
  listId = sum.list_id;
  await toast(page, '已导入 6 行');
  page.assertClean();
});

test('the list overview shows progress per village; the unassigned task is assigned in bulk', async () => {
  const rows = page.locator('[data-test=village-row]');
  await rows.first().waitFor();
  const sy = rows.filter({ hasText: VILLAGE });
  assert.match(await sy.innerText(), /0\/4/); // A, B, C, G
  assert.match(await rows.first().innerText(), /未分配[\s\S]*0\/1/);
  assert.match(await page.locator('[data-test=stat-unassigned]').innerText(), /1/);
  await fullShot(page, 'list-detail-desktop');

  // the problem report: rejected, duplicate and doubtful rows, and its xlsx
  assert.match(await page.locator('[data-test=stat-doubtful]').innerText(), /存疑行 2/);
  assert.match(await page.locator('[data-test=problems-link]').innerText(), /问题行报告 \(4\)/);
  await page.locator('[data-test=problems-link]').click();
  await page.waitForURL(new RegExp(`#/lists/${listId}/problems$`));
  const prows = page.locator('[data-test=problem-rows] .el-table__body-wrapper tr');
  await prows.first().waitFor();
  assert.equal(await prows.count(), 4);
  await page.locator('.list-problems-page [data-kind=rejected]').click();
  await waitCount(prows, 1, 'the rejected row alone'); // the four rows may still be shown
  const row = prows.first();
  assert.match(await row.innerText(), /^8\s+错误[\s\S]*校验位/);
  assert.ok((await row.innerText()).includes(P.F.id), 'the faulty cell is shown as received');
  // the rows imported with a warning are listed too, with the cell as received
  await page.locator('.list-problems-page [data-kind=accepted]').click();
  await waitCount(prows, 2, 'the two rows imported with a warning');
  const g = prows.filter({ hasText: P.G.name });
  assert.match(await g.innerText(), /^9\s+存疑[\s\S]*电话号码位数不对[\s\S]*1391234000/);
  await page.shot('list-problems-doubtful');
  const dl = page.waitForEvent('download');
  await page.locator('[data-test=problems-xlsx]').click();
  assert.match((await dl).suggestedFilename(), /\.xlsx$/);
  await page.locator('.page-head button', { hasText: '返回' }).click();

  await page.locator('[data-test=go-assign]').click();
  await page.waitForURL(/#\/tasks\?.*village=-1/);
  const queue = page.locator('[data-test=task-table] .el-table__body-wrapper tr.el-table__row');
  await queue.first().waitFor();
  assert.equal(await queue.count(), 1);
  assert.match(await queue.innerText(), new RegExp(P.D.name));
  // origin and arrival date apart, not "湖北省武汉市01-23"
  assert.equal(await queue.first().locator('[data-test=origin]').innerText(), '湖北省武汉市 · 01-23');
  await queue.first().locator('.el-checkbox').click();
  await page.locator('[data-test=bulk-bar]').waitFor();
  await pick(page, page.locator('[data-test=assign-village]'), VILLAGE);
  await page.shot('task-queue-desktop');
  await page.locator('[data-test=assign]').click();
  await toast(page, `已分派 1 条任务到${VILLAGE}`);
  await page.locator('[data-test=task-table] .el-table__empty-text').waitFor();
  page.assertClean();
});

test('a same-person candidate is merged with one click', async () => {
  await page.goto(`/#/tasks?list=${listId}&q=${encodeURIComponent(E.name)}`);
  await page.locator('[data-test=task-table] a[data-test=task-row]', { hasText: E.name }).first().click();
  const cands = page.locator('[data-test=candidates]');
  await cands.waitFor();
  assert.match(await cands.innerText(), new RegExp(`#${E.twin}`));
  await page.shot('task-candidates-desktop');
  await cands.locator('[data-test=same-person]').first().click();
  await page.locator('.el-message-box', { hasText: '同一人' }).locator('.el-button--primary').click();
  await toast(page, '已合并为同一人');
  await cands.waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-test=person-link]').getAttribute('href'), new RegExp(`#/persons/${E.twin}$`));
  page.assertClean();
});

test('the village worker records results on a phone and registers a person found locally', async () => {
  const ph = await openPage(browser, server.url, { viewport: PHONE });
  await login(ph, 'cun_shayong');
  await ph.locator('.hamburger').click();
  await ph.locator('.menu-drawer [data-menu="/tasks"]').click();
  const cards = ph.locator('[data-test=task-cards] [data-test=task-row]');
  await cards.first().waitFor();
  const a = cards.filter({ hasText: P.A.name });
  assert.match(await a.locator('[data-test=countdown]').innerText(), /^剩 2[34] 小时/);
  assert.match(await a.innerText(), new RegExp(masked(P.A.id).replace(/\*/g, '\\*')));
  assert.equal(await cards.filter({ hasText: P.D.name }).count(), 1, 'the assigned task arrived');
  const w = await ph.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= PHONE.width, `page is ${w}px wide`);
  await ph.shot('tasks-phone');

  // A: 已落实-居家医学观察 → the observation starts
  await a.click();
  await ph.locator('[data-test=result-form]').waitFor();
  await ph.locator('[data-result="已落实-居家医学观察"]').click();
  await ph.locator('textarea[name=note]').fill('已电话联系，居家');
  await ph.evaluate(() => window.scrollTo(0, 0));
  await ph.shot('task-result-phone');
  const saved = ph.waitForResponse((r) => /\/api\/v1\/tasks\/\d+\/result$/.test(r.url()));
  await ph.locator('[data-test=submit-result]').click();
  const ta = await (await saved).json();
  assert.equal(ta.result, '已落实-居家医学观察');
  assert.ok(ta.observation_id > 0);
  const obs = await admin.get('/api/v1/observations/' + ta.observation_id);
  assert.equal(obs.status, 200);
  assert.equal(obs.body.person_id, ta.person_id);
  assert.equal(obs.body.kind, 'home');
  await ph.waitForURL(/#\/tasks$/);
  await toast(ph, '已录入核查结果');
  await cards.filter({ hasText: P.A.name }).waitFor({ state: 'detached' });

  // B: 不在本地 wants a whereabouts
  await cards.filter({ hasText: P.B.name }).click();
  await ph.locator('[data-result="不在本地"]').click();
  await ph.locator('[data-test=submit-result]').click();
  await ph.locator('[data-field=whereabouts] .el-form-item__error', { hasText: '去向' }).waitFor();
  await ph.locator('input[name=whereabouts]').fill('仍在湖北武汉，已电话联系');
  await ph.locator('[data-test=submit-result]').click();
  await ph.waitForURL(/#\/tasks$/);
  await cards.filter({ hasText: P.B.name }).waitFor({ state: 'detached' });

  // G: the import left the ten-digit phone empty; the task shows what the list said
  const gc = cards.filter({ hasText: P.G.name });
  assert.match(await gc.innerText(), /电话\s*—/);
  await gc.click();
  const raw = ph.locator('[data-test=raw-phone]');
  await raw.waitFor();
  assert.match(await raw.innerText(), /^原表：1391234000\s+电话号码位数不对（10 位/);
  await ph.shot('task-raw-phone');
  await ph.locator('.page-head button', { hasText: '返回' }).click();
  await ph.waitForURL(/#\/tasks$/);

  // 自排发现: the person form, then the new task opens for its result
  await ph.locator('[data-test=self-found]').click();
  await ph.waitForURL(/#\/persons\/new\?next=/);
  await ph.locator('input[name=name]').fill(SELF.name);
  await ph.locator('input[name=doc_number]').fill(SELF.id);
  await ph.locator('input[name=address]').fill('里水镇沙涌社区建设路20号');
  await ph.locator('[data-test=save]').click();
  await ph.waitForURL(/#\/tasks\/\d+$/);
  await toast(ph, '已登记为自排发现');
  assert.match(await ph.locator('.task-desc').innerText(), /自排发现/);
  await ph.locator('[data-result="已落实-健康监测"]').click();
  await ph.locator('[data-test=submit-result]').click();
  await ph.waitForURL(/#\/tasks$/);
  await ph.locator('[data-test=task-status] label', { hasText: '已核查' }).click();
  await cards.filter({ hasText: SELF.name }).locator('[data-test=task-result]', { hasText: '已落实-健康监测' }).waitFor();
  ph.assertClean();
  await ph.context().close();
});

test('the verifier downloads the feedback, masked and (after confirming) in full', async () => {
  await page.goto(`/#/lists/${listId}`);
  await page.locator('[data-test=village-row]').first().waitFor();
  assert.match(await page.locator('[data-test=overall-progress]').innerText(), /2\s*\/6/);
  let dl = page.waitForEvent('download');
  await page.locator('[data-test=feedback] .el-button').first().click();
  const masked1 = join(dir, 'feedback.xlsx');
  const got = await dl;
  assert.equal(got.suggestedFilename(), '核查结果-协查名单第9批.xlsx', 'the received extension dropped');
  await got.saveAs(masked1);

  await page.locator('[data-test=feedback] .el-dropdown__caret-button').click();
  await page.locator('[data-test=feedback-full]:visible').click();
  const box = page.locator('.el-message-box', { hasText: '审计' });
  await box.waitFor();
  await page.shot('feedback-full-confirm');
  dl = page.waitForEvent('download');
  await box.locator('.el-button--primary').click();
  const full = join(dir, 'feedback-full.xlsx');
  await (await dl).saveAs(full);

  const read = (f) => JSON.parse(py(`
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
print(json.dumps([[c if c is not None else '' for c in r] for r in ws.iter_rows(values_only=True)], ensure_ascii=False))`, f));
  const m = read(masked1);
  const h = m[0];
  for (const c of ['姓名', '身份证号码', '居住小区', '核查结果', '管控措施', '核查人', '核查时间', '核查备注']) assert.ok(h.includes(c), c);
  const at = (rows, name) => rows.find((r) => r[h.indexOf('姓名')] === name);
  const ra = at(m, P.A.name);
  assert.equal(ra[h.indexOf('核查结果')], '已落实-居家医学观察');
  assert.equal(ra[h.indexOf('管控措施')], '居家医学观察');
  assert.equal(ra[h.indexOf('身份证号码')], masked(P.A.id));
  const rb = at(m, P.B.name);
  assert.equal(rb[h.indexOf('核查结果')], '不在本地');
  assert.match(rb[h.indexOf('核查备注')], /仍在湖北武汉/);
  assert.equal(at(m, P.C.name)[h.indexOf('核查结果')], '未核查');
  assert.ok(!m.some((r) => r[h.indexOf('姓名')] === P.F.name), 'the rejected row is not fed back');
  const f = read(full);
  assert.equal(at(f, P.A.name)[h.indexOf('身份证号码')], P.A.id);
  assert.equal(at(f, P.A.name)[h.indexOf('核查结果')], '已落实-居家医学观察');
  page.assertClean();
});
