// The daily report, the command dashboard and the wall display in the
// browser (issue 7).  The commander sends yesterday's report, a late
// screening changes a figure, the correction needs a reason (the server's
// message under the field without one), the versions list shows both and
// version 1 reads as it was sent, with what changed; a date outside the
// records shows the server's message; the summary is copied and the xlsx
// downloaded.  The admin edits the export layout (order, label, per-village
// table; an unknown field is refused with its name).  The dashboard is the
// commander's page after login: its charts render, a tile and a day of the
// trend click through; the viewer's tiles lead only where a viewer may go;
// the wall display refreshes on its own.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, login, logout, PHONE, DESKTOP, toast, box, waitCount } from './browser.mjs';

let server, browser;
const shanghai = (ms) => new Date(ms + 8 * 3600e3).toISOString().slice(0, 10);
const today = shanghai(Date.now());
const yesterday = shanghai(Date.now() - 86400e3);

before(async () => {
  server = await startServer({ persons: 300 });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('the daily report: send, correct with a reason, versions, an old version with its changes', async () => {
  const page = await openPage(browser, server.url, { viewport: DESKTOP });
  page.expectStatus(422, 'POST', /^\/api\/v1\/reports\/daily\/correct$/);
  page.expectStatus(422, 'GET', /^\/api\/v1\/reports\/daily$/);
  await login(page, 'zhihui');
  await page.locator('.side-menu [data-menu="/report"]').click();
  await page.locator('[data-test=town]').waitFor();
  await page.goto(`/#/report?date=${yesterday}`);
  // today's figures stay on screen until yesterday's have arrived: wait for them
  await page.locator(`[data-test=figures][data-date="${yesterday}"]`).waitFor();
  await page.locator('[data-test=status]', { hasText: '尚未上报' }).waitFor();
  const persons = () => page.locator('[data-test=town] [data-key=cp_persons] .n').innerText().then(Number);
  const before = await persons();
  assert.equal(await page.locator('[data-test=reconciliation].ok').count(), 1);
  assert.match(await page.locator('[data-test=summary]').innerText(), /累计追踪医学观察\d+人/);
  assert.ok(await page.locator('[data-test=villages] .el-table__body tr').count() > 10);

  // 上报 freezes the day as version 1
  await page.locator('[data-test=send]').click();
  await page.locator('.el-message-box__btns .el-button--primary').click();
  await toast(page, '已上报');
  await page.locator('[data-test=status]', { hasText: '已上报（第 1 版' }).waitFor();
  // the versions table is new on the page: its rows may come a tick after the status
  await waitCount(page.locator('[data-test=versions] .el-table__body tr'), 1, 'one version');
  assert.equal(await page.locator('[data-test=send]').count(), 0);

  // a screening of yesterday entered late changes a figure
  const kakou = await server.login('kakou1');
  const at = Math.floor(Date.parse(`${yesterday}T12:00:00+08:00`) / 1000);
  const s = await kakou.post('/api/v1/screenings', { client_id: `late-${Date.now()}`, at, plate: '粤E12345', persons: [{ temp: 36.4 }, { temp: 36.6 }] });
  assert.equal(s.status, 201, s.text);
  await page.reload();
  await page.locator('[data-test=pending]').waitFor();
  assert.equal(await persons(), before + 2);

  // 更正 without a reason: the server's message under the field
  await page.locator('[data-test=correct]').click();
  await page.locator('.el-dialog .report-changes', { hasText: '检疫点检测人次' }).waitFor();
  await page.locator('[data-test=confirm-correct]').click();
  await page.locator('[data-field=reason] .el-form-item__error', { hasText: '更正须写明原因' }).waitFor();
  await page.shot('report-correct-no-reason');
  await page.locator('textarea[name=reason]').fill('补录 和顺检疫点 当日检测 2 人次');
  await page.locator('[data-test=confirm-correct]').click();
  await toast(page, '已提交更正（第 2 版）');
  const rows = page.locator('[data-test=versions] .el-table__body tr');
  await page.locator('[data-test=status]', { hasText: '第 2 版' }).waitFor();
  await waitCount(rows, 2, 'two versions');
  assert.match(await rows.nth(1).innerText(), /补录 和顺检疫点[\s\S]*检疫点检测人次 \d+→\d+/);
  await page.shot('report-desktop');

  // version 1, as it was sent
  await rows.nth(0).locator('[data-test=view-version]').click();
  await page.waitForURL(/version=1/);
  await page.locator('[data-test=viewing-version]', { hasText: '第 1 版' }).waitFor();
  assert.equal(await persons(), before);
  assert.equal(await page.locator('[data-test=correct]').count(), 0, 'a frozen version is not corrected');
  await rows.nth(1).locator('[data-test=view-version]').click();
  await page.locator('[data-test=version-changes]', { hasText: '检疫点检测人次' }).waitFor();
  assert.equal(await persons(), before + 2);
  await page.locator('[data-test=back-current]').click();
  await page.waitForURL((u) => !/version=/.test(u.hash));

  // the summary to paste, the xlsx
  await page.locator('[data-test=copy-summary]').click();
  await toast(page, '已复制');
  const dl = page.waitForEvent('download');
  await page.locator('[data-test=xlsx]').click();
  const file = await dl;
  assert.match(file.suggestedFilename(), /\.xlsx$/);

  // a date before the first record and one in the future: the server's message
  await page.goto('/#/report?date=2001-01-01');
  await page.locator('[data-test=report-error]', { hasText: '之前没有任何记录' }).waitFor();
  await page.shot('report-before-first');
  await page.goto('/#/report?date=2099-01-01');
  await page.locator('[data-test=report-error]', { hasText: '未来' }).waitFor();
  page.assertClean();
  await page.context().close();
});

test('the export layout: reorder, rename, per-village off; an unknown field is refused by name', async () => {
  const page = await openPage(browser, server.url, { viewport: DESKTOP });
  page.expectStatus(422, 'PUT', /^\/api\/v1\/reports\/layout$/);
  await login(page, 'admin');
  await page.goto('/#/report');
  await page.locator('[data-test=to-layout]').click();
  const row = (i) => page.locator('[data-test=layout-fields] .layout-row').nth(i);
  await row(0).waitFor();
  assert.equal(await row(0).getAttribute('data-key'), 'screened_total');
  await row(0).locator('[data-test=down]').click();
  assert.equal(await row(0).getAttribute('data-key'), 'screened_day');
  await page.locator('.layout-row[data-key=home_current] input').fill('居家观察（人）');
  await page.locator('[data-test=per-village]').click();
  await page.locator('[data-test=save-layout]').click();
  await toast(page, '已保存');
  const admin = await server.login('admin');
  let l = (await admin.get('/api/v1/reports/layout')).body;
  assert.deepEqual(l.fields.slice(0, 2).map((f) => f.key), ['screened_day', 'screened_total']);
  assert.equal(l.fields.find((f) => f.key === 'home_current').label, '居家观察（人）');
  assert.equal(l.per_village, false);

  await page.locator('[data-test=extra-key]').fill('no_such_field');
  await page.locator('[data-test=add-key]').click();
  await page.locator('[data-test=save-layout]').click();
  await page.locator('[data-test=layout-error]', { hasText: 'no_such_field' }).waitFor();
  await page.locator('.layout-row.bad[data-key=no_such_field]').waitFor();
  await page.shot('report-layout-unknown');
  await page.locator('.layout-row[data-key=no_such_field] [data-test=remove]').click();
  await page.locator('[data-test=defaults]').click();
  await page.locator('[data-test=save-layout]').click();
  await page.locator('[data-test=layout-error]').waitFor({ state: 'detached' });
  l = (await admin.get('/api/v1/reports/layout')).body;
  assert.equal(l.fields[0].key, 'screened_total');
  assert.equal(l.per_village, true);
  page.assertClean();
  await page.context().close();
});

test('the dashboard after login: charts render, a tile and a day of the trend click through; the viewer stays in scope', async () => {
  const page = await openPage(browser, server.url, { viewport: DESKTOP });
  await login(page, 'zhihui');
  await page.locator('[data-test=dashboard] [data-test=tiles]').waitFor();
  for (const c of ['chart-trend', 'chart-hours', 'chart-verify']) await page.locator(`[data-test=${c}] canvas`).first().waitFor();
  const d = (await (await server.login('zhihui')).get('/api/v1/dashboard')).body;
  assert.equal(await page.locator('[data-tile=home] .n').innerText(), String(d.tiles.home));
  await page.locator('[data-test=days] .el-radio-button', { hasText: '14' }).click();
  await page.waitForTimeout(300);
  await page.shot('dashboard-desktop');
  // a day of the trend → that day's report (below the checkpoint fevers the demo has open)
  await page.locator('[data-test=chart-trend]').scrollIntoViewIfNeeded();
  const trend = await box(page.locator('[data-test=chart-trend] canvas').first());
  await page.mouse.click(trend.x + trend.width * 0.6, trend.y + trend.height * 0.6);
  await page.waitForURL(/#\/report\?date=\d{4}-\d{2}-\d{2}/);
  await page.locator('[data-test=town]').waitFor();
  // a tile → the records behind it
  await page.goBack();
  await page.locator('[data-tile=screened_today]').click();
  await page.waitForURL(/#\/cp\/screenings\?date=/);
  await page.locator('[data-test=screenings] .el-table__body tr').first().waitFor();
  // the due tile: the API's count, the window it is about, → the due list filtered to who is due now
  await page.goto('/#/dashboard');
  assert.equal(await page.locator('[data-tile=due_now] .n').innerText(), String(d.tiles.due_now));
  assert.match(await page.locator('[data-tile=due_now] [data-test=tile-hint]').innerText(), d.due_window.open ? /(早间|晚间)时段$/ : /不在测温时段/);
  await page.locator('[data-tile=due_now]').click();
  await page.waitForURL(/#\/obs\?f=due$/);
  await page.locator('[data-test=due-filter] .el-radio-button.is-active', { hasText: '本时段未测' }).waitFor();
  if (d.tiles.due_now) await page.locator('[data-test=due-row]').first().waitFor();
  assert.equal(await page.locator('[data-test=due-row]').count(), Math.min(d.tiles.due_now, 50), 'the first page of the due list');
  // the sortable village table
  await page.goto('/#/dashboard');
  const th = page.locator('[data-test=village-table] th', { hasText: '失联人数' });
  await th.click();
  page.assertClean();
  await logout(page);

  // the viewer: the same dashboard, its tiles lead only to pages a viewer may open
  await login(page, 'lingdao', undefined, { stay: true });
  await page.locator('[data-test=dashboard] [data-tile=home]').waitFor();
  assert.match(await page.locator('[data-tile=home]').getAttribute('href'), /^#\/report/);
  await page.locator('[data-tile=home]').click();
  await page.waitForURL(/#\/report/);
  await page.locator('[data-test=town]').waitFor();
  assert.equal(await page.locator('[data-test=send]').count(), 0, 'the viewer does not send');
  page.assertClean();
  await page.context().close();
});

test('the wall display: dark, the whole window, refreshes on its own', async () => {
  const page = await openPage(browser, server.url, { viewport: { width: 1920, height: 1080 } });
  await login(page, 'zhihui');
  await page.goto('/#/wall?refresh=2');
  await page.locator('[data-test=wall] canvas').nth(2).waitFor();
  await page.waitForFunction(() => Number(document.querySelector('[data-test=wall-updated]').dataset.refreshes) >= 2, null, { timeout: 10000 });
  const wall = await box(page.locator('[data-test=wall]'));
  assert.ok(wall.width >= 1919 && wall.height >= 1079);
  const bg = await page.locator('[data-test=wall]').evaluate((e) => getComputedStyle(e).backgroundImage);
  assert.match(bg, /gradient/);
  assert.ok(Number.parseFloat(await page.locator('.wall-fig .n').first().evaluate((e) => getComputedStyle(e).fontSize)) >= 60, 'large type');
  // checks due in the current window, as on the dashboard, leading to the due list
  const d = (await (await server.login('zhihui')).get('/api/v1/dashboard')).body;
  assert.equal(await page.locator('[data-test=wall-due_now] .n').innerText(), String(d.tiles.due_now));
  assert.equal(await page.locator('[data-test=wall-due_now]').getAttribute('href'), '#/obs?f=due');
  await page.shot('wall-1080p');
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(300);
  await page.shot('wall-desktop');
  await page.locator('[data-test=wall-close]').click();
  await page.waitForURL(/#\/$/);
  page.assertClean();
  await page.context().close();
});

test('on a phone: the dashboard and the report in one column', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'zhihui');
  await page.locator('[data-test=chart-trend] canvas').first().waitFor();
  const w = () => page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(await w() <= PHONE.width, 'no sideways scrolling');
  await page.shot('dashboard-phone');
  await page.goto('/#/report');
  await page.locator('[data-test=summary]').waitFor();
  assert.ok(await w() <= PHONE.width, 'no sideways scrolling');
  await page.shot('report-phone');
  await page.goto('/#/wall');
  await page.locator('[data-test=wall] canvas').first().waitFor();
  await page.shot('wall-phone');
  page.assertClean();
  await page.context().close();
});

test('a village worker reads their own village\'s figures only', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'cun_shayong');
  await page.goto('/#/report');
  await page.locator('[data-test=town] .report-cell').first().waitFor();
  const mine = (await (await server.login('cun_shayong')).get('/api/v1/reports/daily')).body.town;
  assert.equal(await page.locator('[data-test=town] [data-key=home_current] .n').innerText(), String(mine.home_current));
  assert.equal(await page.locator('[data-test=town] [data-key=cp_persons]').count(), 0, 'no town-wide figures');
  for (const t of ['reconciliation', 'summary', 'villages', 'versions', 'xlsx', 'send', 'to-dashboard']) {
    assert.equal(await page.locator(`[data-test=${t}]`).count(), 0, t);
  }
  await page.shot('report-village-phone');
  page.assertClean();
  await page.context().close();
});
