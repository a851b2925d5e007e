// Medical observation in the browser (issue 3).  The server's clock is pinned
// to 2020-02-10 09:00 (UTC+8, the morning window is open) and everything is
// made here through the API: two villages, a village worker of 沙涌社区, a
// commander, an observer, and observations — one running (day 5), one whose
// 14 days ended yesterday with both last-day checks, one in another village.
//   1. the village worker on a 390-px phone enters a morning check of 38.1 °C
//      for the person of their village: the person leaves the due list;
//   2. the commander sees the alert (menu badge, alerts page), records the
//      referral, then the outcome 排除: the person is under observation again
//      and the grid shows the fever;
//   3. the observer reads the release queue's counts and pager, releases the
//      completed person of one village (filter, select the page, release),
//      then everyone else who qualifies at once (counted, confirmed; the one
//      whose last day lacks a check stays), and opens the release notice:
//      numbered, masked, prints on one A4 page with the app's chrome hidden;
//   4. the observer starts an observation from a person's page; every page on
//      desktop and phone, English included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, login, logout, idNumber, toast, pick, fieldError, settle, waitCount, PHONE } from './browser.mjs';

const L = (s) => Date.parse(s.replace(' ', 'T') + ':00+08:00') / 1000;
const NOW = L('2020-02-10 09:00');
const PW = 'Fangkong#2020';

let server, browser, admin;
const obs = {}; // key → observation id
const persons = {}; // key → {id, name, doc}

async function user(username, name, role, extra = {}) {
  const r = await admin.post('/api/v1/users', { username, name, password: PW, role, ...extra });
  assert.equal(r.status, 201, r.text);
}

async function person(key, name, village, seq) {
  const doc = idNumber('440605', '1985-06-15', seq);
  const r = await admin.post('/api/v1/persons', {
    name, doc_number: doc, village_id: village, phone: '13800138000', address: `佛山市南海区里水镇测试路${seq}号`,
  });
  assert.equal(r.status, 201, r.text);
  persons[key] = { id: r.body.id, name, doc };
  return r.body.id;
}

async function start(key, body) {
  const r = await admin.post('/api/v1/observations', { person_id: persons[key].id, kind: 'home', ...body });
  assert.equal(r.status, 201, r.text);
  obs[key] = r.body.id;
}

async function check(key, at, temp) {
  const r = await admin.post(`/api/v1/observations/${obs[key]}/checks`, { at, temp, method: 'axillary', visit: 'ok' });
  assert.equal(r.status, 201, r.text);
}

before(async () => {
  server = await startServer({ demo: false, env: { FANGKONG_NOW: String(NOW) } });
  admin = await server.login('admin', 'Demo2020');
  const va = (await admin.post('/api/v1/villages', { name: '沙涌社区', code: '440605126001' })).body.id;
  const vb = (await admin.post('/api/v1/villages', { name: '草场社区', code: '440605126002' })).body.id;
  assert.ok(va && vb);
  await user('cun_a', '梁泳诗', 'village', { village_id: va });
  await user('zhb', '陈志强', 'commander');
  await user('yxgc', '麦秀英', 'observer');
  await person('fever', '何嘉怡', va, 101);
  await person('done', '欧阳晓敏', va, 103);
  await person('other', '区伟强', vb, 105);
  await person('fresh', '冼子健', va, 107);
  await start('fever', { reason: '密切接触者', reason_detail: '病例陈某的同事', exposure_date: '2020-02-05', doctor: '梁医生' });
  await start('other', { reason: '自行申报', exposure_date: '2020-02-05' });
  // 14 days from 2020-01-27 (day 1) to 2020-02-09: both checks of the last day
  await start('done', { reason: '疫区返回', reason_detail: '湖北省武汉市', exposure_date: '2020-01-26' });
  await check('done', '2020-02-08 08:10', 36.4);
  await check('done', '2020-02-09 08:05', 36.5);
  await check('done', '2020-02-09 19:40', 36.6);
  // in the other village: two who completed, one whose last evening is missing
  for (const [key, name, seq] of [['done2', '区嘉欣', 109], ['done3', '麦志明', 111], ['short', '黄宝仪', 113]]) {
    await person(key, name, vb, seq);
    await start(key, { reason: '疫区返回', reason_detail: '湖北省孝感市', exposure_date: '2020-01-26' });
    await check(key, '2020-02-09 08:00', 36.5);
    if (key !== 'short') await check(key, '2020-02-09 19:00', 36.5);
  }
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

async function noSideScroll(page) {
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= PHONE.width, `page is ${w}px wide on a ${PHONE.width}px phone`);
}

test('village worker on a phone enters a morning check of 38.1 °C; the person leaves the due list', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'cun_a', PW);
  await page.locator('.hamburger').click();
  const drawer = page.locator('.menu-drawer');
  await drawer.locator('[data-menu="/obs"]').click();
  await drawer.waitFor({ state: 'hidden' });
  await page.waitForURL(/#\/obs$/);
  const cards = page.locator('[data-test=due-cards] [data-test=due-row]');
  await cards.first().waitFor();
  // the morning window of the pinned day; only their village's person
  assert.match(await page.locator('[data-test=obs-window]').innerText(), /2020-02-10 早间（06:00–12:00）/);
  assert.deepEqual(await cards.evaluateAll((els) => els.map((e) => Number(e.dataset.obs))), [obs.fever]);
  assert.match(await cards.first().innerText(), /何嘉怡[\s\S]*第 5 天/);
  assert.equal(await page.locator('[data-test=due-now]').innerText(), '1');
  await noSideScroll(page);
  await page.shot('obs-due-phone');

  await cards.first().locator('[data-test=enter-check]').click();
  const dlg = page.locator('[data-test=check-dialog]');
  await dlg.waitFor();
  const temp = page.locator('input[data-test=temp-input]');
  assert.equal(await temp.getAttribute('inputmode'), 'decimal');
  await temp.fill('38.1');
  await page.locator('[data-test=fever-hint]').waitFor();
  assert.match(await page.locator('[data-test=fever-hint]').innerText(), /37\.3/);
  // the symptom list comes from the rules
  const boxes = await page.locator('[data-test=symptoms] .el-checkbox').allInnerTexts();
  assert.deepEqual(boxes.map((s) => s.trim()), ['发热', '咳嗽', '乏力', '气促', '腹泻', '咽痛', '嗅觉味觉减退', '其他']);
  await page.locator('[data-test=symptoms] .el-checkbox', { hasText: '发热' }).click();
  await page.waitForTimeout(300); // the full-screen dialog slides in
  await page.shot('obs-check-phone');
  const saved = page.waitForResponse((r) => r.url().endsWith(`/observations/${obs.fever}/checks`) && r.request().method() === 'POST');
  await page.locator('[data-test=save-check]').click();
  const res = await saved;
  assert.equal(res.status(), 201);
  assert.equal((await res.json()).alert, true);
  await toast(page, '已生成异常预警');
  await page.locator('[data-test=due-empty]').waitFor();
  // the person leaves the list at once; the tally follows with the reload
  assert.equal(await settle(() => page.locator('[data-test=due-now]').innerText(), (n) => n === '0'), '0');
  // the server agrees: a 38.1 axillary check in the morning window
  const d = (await admin.get(`/api/v1/observations/${obs.fever}`)).body;
  assert.equal(d.checks[0].temp, 381);
  assert.equal(d.checks[0].slot, 0);
  assert.equal(d.checks[0].fever, 1);
  assert.equal(d.open_alerts, 1);
  page.assertClean();
  await page.context().close();
});

test('the commander sees the alert, records the referral, and 排除 returns the person to observation', async () => {
  const page = await openPage(browser, server.url);
  await login(page, 'zhb', PW);
  const badge = page.locator('.side-menu [data-menu="/obs"] [data-test=menu-badge]');
  await badge.waitFor();
  assert.equal(await badge.innerText(), '1');
  await page.locator('.side-menu [data-menu="/obs"]').click();
  await page.locator('[data-test=obs-nav] [data-tab=alerts]').click();
  const row = page.locator('[data-test=alert-table] .el-table__body tr', { hasText: '何嘉怡' });
  await row.waitFor();
  assert.match(await row.innerText(), /38\.1 °C[\s\S]*发热[\s\S]*待处置/);
  await page.shot('obs-alerts-desktop');

  await row.locator('[data-test=refer]').click();
  const rd = page.locator('[data-test=referral-dialog]');
  await rd.waitFor();
  await page.locator('input[name=hospital]').fill('南海区第四人民医院发热门诊');
  const dep = page.locator('[data-test=referral-dialog] [data-field=departed_at] input');
  await dep.fill('2020-02-10 08:50');
  await dep.press('Enter');
  await page.shot('obs-referral-desktop');
  await page.locator('[data-test=save-referral]').click();
  await toast(page, '已记录转诊');
  await row.locator('[data-test=alert-status-tag]', { hasText: '已转诊' }).waitFor();
  assert.match(await row.innerText(), /南海区第四人民医院发热门诊 · 120 负压救护车 · 2020-02-10 08:50/);

  await row.locator('[data-test=outcome-btn]').click();
  await page.locator('[data-test=outcome-dialog]').waitFor();
  await page.locator('[data-test=outcome] .el-radio-button', { hasText: '排除' }).click();
  await page.locator('[data-test=outcome-dialog] textarea[name=note]').fill('血常规正常，核酸阴性');
  await page.locator('[data-test=save-outcome]').click();
  await toast(page, '已记录转诊结果');
  await page.locator('[data-test=alert-table] .el-table__body tr', { hasText: '何嘉怡' }).waitFor({ state: 'detached' });
  await badge.waitFor({ state: 'detached' });

  // closed alerts: 已关闭 · 排除, the person still 观察中
  await page.locator('[data-test=alert-status] .el-radio-button', { hasText: '已关闭' }).click();
  const closed = page.locator('[data-test=alert-table] .el-table__body tr', { hasText: '何嘉怡' });
  await closed.waitFor();
  assert.match(await closed.locator('[data-test=alert-status-tag]').innerText(), /已关闭 · 排除/);
  assert.equal(await closed.locator('[data-test=obs-status]').innerText(), '观察中');

  // the observation: active, the fever in the grid on day 5 morning, the history
  await closed.locator('[data-test=alert-row]').click();
  await page.waitForURL(new RegExp(`#/obs/${obs.fever}$`));
  await page.locator('[data-test=obs-grid]').waitFor();
  assert.equal(await page.locator('[data-test=obs-status]').innerText(), '观察中');
  const cell = page.locator('.og-cell[data-date="2020-02-10"][data-slot="0"]');
  assert.equal(await cell.getAttribute('data-state'), 'fever');
  assert.match(await cell.innerText(), /38\.1/);
  assert.equal(await page.locator('.og-cell[data-date="2020-02-10"][data-slot="1"]').getAttribute('data-state'), 'future');
  // before the observation started: no check was owed
  assert.equal(await page.locator('.og-cell[data-date="2020-02-09"][data-slot="1"]').getAttribute('data-state'), 'none');
  const events = await page.locator('[data-test=obs-events]').innerText();
  assert.match(events, /开始观察[\s\S]*转诊发热门诊[\s\S]*转诊结果[\s\S]*排除/);
  assert.match(await page.locator('[data-test=doc]').innerText(), /^440605\*{8}\d{3}[\dX]$/);
  // the commander takes decisions but does not record checks
  assert.equal(await page.locator('[data-test=detail-check]').count(), 0);
  assert.equal(await page.locator('[data-act=release_early]').count(), 1);
  await page.shot('obs-detail-desktop');
  page.assertClean();
  await page.context().close();
});

test('the release queue releases the completed person; the notice shows and prints on one A4 page', async () => {
  const page = await openPage(browser, server.url);
  await login(page, 'yxgc', PW);
  await page.goto('/#/obs/release');
  const row = page.locator('[data-test=release-table] .el-table__body tr', { hasText: '欧阳晓敏' });
  await row.waitFor();
  assert.match(await row.innerText(), /2020-02-09[\s\S]*2 \/ 2[\s\S]*可解除/);
  // the running observation does not end today; tomorrow's tab says why not
  assert.equal(await page.locator('[data-test=release-table] .el-table__body tr', { hasText: '何嘉怡' }).count(), 0);
  // the whole queue's counts and the pager
  assert.match(await page.locator('[data-test=release-summary]').innerText(), /共 4 人[\s\S]*2020-02-10 期满 0 人[\s\S]*已过期满日 4 人/);
  assert.match(await page.locator('[data-test=release-pager]').innerText(), /共 4 条/);
  await page.shot('obs-release-desktop');
  // one village's part of the queue
  await pick(page, page.locator('[data-test=release-village]'), '沙涌社区（1）');
  await page.waitForURL(/village=/);
  await page.locator('[data-test=release-table] .el-table__body tr', { hasText: '区嘉欣' }).waitFor({ state: 'detached' });
  assert.match(await page.locator('[data-test=release-pager]').innerText(), /共 1 条/);
  await page.locator('[data-test=select-all]').click();
  assert.match(await page.locator('[data-test=batch-release]').innerText(), /批量解除（1）/);
  await page.locator('[data-test=batch-release]').click();
  await page.locator('.el-message-box').waitFor();
  await page.locator('.el-message-box .el-button--primary').click();
  await toast(page, '已解除 1 人');
  const link = page.locator(`[data-test=released] [data-test=notice-link][data-obs="${obs.done}"]`);
  await link.waitFor();
  // the link comes with the server's answer, the queue with the reload after it
  await waitCount(row, 0, 'released: no longer in the queue');
  const d = (await admin.get(`/api/v1/observations/${obs.done}`)).body;
  assert.equal(d.status, 'released');

  // everyone else in the town's queue who qualifies, at once
  await page.goto('/#/obs/release');
  await page.locator('[data-test=release-table] .el-table__body tr', { hasText: '黄宝仪' }).waitFor();
  await page.locator('[data-test=release-all]').click();
  const box = page.locator('.el-message-box');
  await box.waitFor();
  assert.match(await box.innerText(), /全镇：2020-02-10 及以前期满的 3 人中，2 人符合解除条件[\s\S]*其余 1 人不能解除[\s\S]*期满日测温不全 1/);
  await page.shot('obs-release-all-confirm');
  await box.locator('.el-button--primary').click();
  await toast(page, '已解除 2 人');
  await page.locator('[data-test=release-table] .el-table__body tr', { hasText: '区嘉欣' }).waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-test=release-table] .el-table__body tr').count(), 1, 'only 黄宝仪 stays');
  assert.match(await page.locator('[data-test=released]').innerText(), /本次已解除（3）[\s\S]*区嘉欣[\s\S]*麦志明[\s\S]*欧阳晓敏/);
  for (const k of ['done2', 'done3']) assert.equal((await admin.get(`/api/v1/observations/${obs[k]}`)).body.status, 'released');
  assert.equal((await admin.get(`/api/v1/observations/${obs.short}`)).body.status, 'active');
  await page.shot('obs-release-done-desktop');

  await page.locator('[data-test=release-when] .el-radio-button', { hasText: '明日期满' }).click();
  await page.locator('[data-test=release-summary]', { hasText: '2020-02-11' }).waitFor();

  await page.evaluate(() => { window.printed = 0; window.print = () => { window.printed++; }; });
  await link.click();
  await page.waitForURL(new RegExp(`#/obs/${obs.done}/notice$`));
  const notice = page.locator('[data-test=notice]');
  await notice.waitFor();
  assert.equal(await page.locator('[data-test=notice-no]').innerText(), '编号：2020-0001');
  const text = await notice.innerText();
  assert.match(text, /解除医学观察告知书/);
  assert.match(text, /欧阳晓敏/);
  assert.match(text, /2020 年 1 月 27 日 起接受居家观察，观察期至 2020 年 2 月 9 日/);
  assert.match(text, /自 2020 年 2 月 10 日 起解除医学观察/);
  assert.match(text, /医学观察负责人（签名）/);
  assert.match(text, /被观察人（签名）/);
  const masked = persons.done.doc.slice(0, 6) + '********' + persons.done.doc.slice(14);
  assert.equal(await page.locator('[data-test=notice-doc]').innerText(), masked);
  assert.ok(!text.includes(persons.done.doc), 'the full ID number is not printed');
  assert.match(await page.locator('[data-test=notice-office]').innerText(), /指挥部/);
  await page.shot('obs-notice-desktop');
  await page.locator('[data-test=print]').click();
  assert.equal(await page.evaluate(() => window.printed), 1);

  // on paper: no header, menu or buttons; the sheet alone, one A4 page
  await page.emulateMedia({ media: 'print' });
  assert.equal(await page.locator('.app-header').isVisible(), false);
  assert.equal(await page.locator('.app-aside').isVisible(), false);
  assert.equal(await page.locator('[data-test=print]').isVisible(), false);
  assert.equal(await notice.isVisible(), true);
  await page.shot('obs-notice-print');
  const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: true });
  const pages = (pdf.toString('latin1').match(/\/Type\s*\/Page[^s]/g) || []).length;
  assert.equal(pages, 1, 'the notice prints on one page');
  await page.emulateMedia({ media: 'screen' });

  // issued once: the audit log has the notice, opening it again is a reprint with the same number
  const again = await admin.post(`/api/v1/observations/${obs.done}/notice`);
  assert.equal(again.body.notice_no, '2020-0001');
  page.assertClean();
  await page.context().close();
});

test('an observation starts from the person page; every page on desktop and phone, in English too', async () => {
  const page = await openPage(browser, server.url);
  await login(page, 'yxgc', PW);
  await page.goto(`/#/persons/${persons.fresh.id}`);
  await page.locator('[data-test=start-obs]').click();
  await page.waitForURL(/#\/obs\/new\?person=/);
  await page.locator('.obs-form [data-field=person_id] .el-select__selected-item', { hasText: '冼子健' }).waitFor();
  await page.locator('[data-test=reason]').click();
  await page.locator('.el-select-dropdown__item:visible', { hasText: '疫区返回' }).click();
  await page.locator('input[name=reason_detail]').fill('湖北省武汉市');
  const exp = page.locator('.obs-form [data-field=exposure_date] input');
  await exp.fill('2020-02-08');
  await exp.press('Enter');
  await page.locator('[data-test=planned]', { hasText: '2020-02-09' }).waitFor();
  assert.match(await page.locator('[data-test=planned]').innerText(), /2020-02-22 期满（共 14 天）/);
  await page.shot('obs-form-desktop');
  await page.locator('[data-test=start-save]').click();
  await page.waitForURL(/#\/obs\/\d+$/);
  await page.locator('[data-test=obs-grid]').waitFor();
  assert.equal(await page.locator('[data-test=period]').innerText(), '2020-02-09 ~ 2020-02-22');
  // a second one for the same person is refused with a link to the first
  const first = Number(page.url().match(/#\/obs\/(\d+)$/)[1]);
  page.expectStatus(409, 'POST', /^\/api\/v1\/observations$/);
  await page.goto(`/#/obs/new?person=${persons.fresh.id}`);
  await page.locator('.obs-form [data-field=person_id] .el-select__selected-item', { hasText: '冼子健' }).waitFor();
  await page.locator('input[name=reason_detail]').fill('病例陈某的同事');
  await exp.fill('2020-02-08');
  await exp.press('Enter');
  await page.locator('[data-test=start-save]').click();
  await page.locator(`[data-test=existing-link][href="#/obs/${first}"]`).waitFor();
  assert.match(await page.locator('[data-field=person_id] .el-form-item__error').innerText(), /此人已有进行中的医学观察/);

  for (const [path, name, sel] of [
    ['/obs', 'obs-due-desktop', '[data-test=obs-counts]'],
    ['/obs/list', 'obs-list-desktop', '[data-test=obs-row]'],
    ['/obs/sites', 'obs-sites-desktop', '.site-list-page'],
    ['/obs/rules', 'obs-rules-desktop', '[data-test=rules-history]'],
  ]) {
    await page.goto('/#' + path);
    await page.locator(sel).first().waitFor();
    await page.shot(name);
  }
  // English
  await page.goto('/#/obs');
  await page.locator('[data-test=lang-switch]').click();
  await page.locator('.obs-due-page h2', { hasText: 'Due now' }).waitFor();
  assert.match(await page.locator('[data-test=obs-nav]').innerText(), /Release queue[\s\S]*Alerts/);
  await page.shot('obs-due-desktop-en');
  await page.locator('[data-test=lang-switch]').click();
  await page.locator('.obs-due-page h2', { hasText: '今日待测' }).waitFor();
  page.assertClean();
  await logout(page);
  await page.context().close();

  const phone = await openPage(browser, server.url, { viewport: PHONE });
  await login(phone, 'yxgc', PW);
  for (const [path, name, sel] of [
    ['/obs/alerts', 'obs-alerts-phone', '.obs-alerts-page'],
    ['/obs/release', 'obs-release-phone', '[data-test=release-summary]'],
    ['/obs/list', 'obs-list-phone', '[data-test=obs-row]'],
    [`/obs/${obs.fever}`, 'obs-detail-phone', '[data-test=obs-grid]'],
    [`/obs/${obs.done}/notice`, 'obs-notice-phone', '[data-test=notice]'],
    ['/obs/new', 'obs-form-phone', '.obs-form'],
  ]) {
    await phone.goto('/#' + path);
    await phone.locator(sel).first().waitFor();
    await noSideScroll(phone);
    await phone.shot(name);
  }
  phone.assertClean();
  await phone.context().close();
});

test('the check dialog reads temperatures as the checkpoint form does: 365 is 36.5, 36.55 is stored as 36.6', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'yxgc', PW);
  const dlg = page.locator('[data-test=check-dialog]');
  const temp = page.locator('input[data-test=temp-input]');
  const save = async () => {
    const sent = page.waitForResponse((r) => r.url().endsWith(`/observations/${obs.other}/checks`) && r.request().method() === 'POST');
    await page.locator('[data-test=save-check]').click();
    const res = await sent;
    assert.equal(res.status(), 201, await res.text());
    await dlg.waitFor({ state: 'detached' });
  };
  await page.goto(`/#/obs/${obs.other}`);
  await page.locator('[data-test=detail-check]').click();
  await dlg.waitFor();
  // what is wrong, said plainly; nothing is sent
  await temp.fill('abc');
  await page.locator('[data-test=save-check]').click();
  await fieldError(page, 'temp').filter({ hasText: '体温须为数字' }).waitFor();
  await temp.fill('3655');
  await page.locator('[data-test=save-check]').click();
  await fieldError(page, 'temp').filter({ hasText: '3655.0 °C 不在 34.0–43.0 °C 之间' }).waitFor();
  // the first message may still be fading out beside the new one
  await waitCount(fieldError(page, 'temp'), 1);
  assert.equal(await page.locator('[data-test=fever-hint]').count(), 0, 'not a fever: not a temperature');
  await page.shot('obs-check-bad-phone');
  await temp.fill('365');
  await fieldError(page, 'temp').waitFor({ state: 'detached' });
  await save();
  await toast(page, '已保存 区伟强 的体温 36.5 °C');
  await page.locator('[data-test=detail-check]').click();
  await dlg.waitFor();
  await temp.fill('36.55');
  await save();
  await toast(page, '已保存 区伟强 的体温 36.6 °C');
  const d = (await admin.get(`/api/v1/observations/${obs.other}`)).body;
  assert.deepEqual(d.checks.slice(0, 2).map((c) => c.temp).sort(), [365, 366]);
  page.assertClean();
  await page.context().close();
});

test('on a phone the tab strip shows the open page\'s tab', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'yxgc', PW);
  for (const [path, tab, sel] of [['/obs/rules', 'rules', '[data-test=rules-history]'], ['/obs/sites', 'sites', '.site-list-page'], ['/obs', 'due', '.obs-due-page']]) {
    await page.goto('/#' + path);
    await page.locator(sel).first().waitFor();
    const a = page.locator(`[data-test=obs-nav] a[data-tab=${tab}]`);
    assert.match(await a.getAttribute('class'), /active/);
    await page.waitForFunction((t) => {
      const el = document.querySelector(`[data-test=obs-nav] a[data-tab=${t}]`).getBoundingClientRect();
      const nav = document.querySelector('[data-test=obs-nav]').getBoundingClientRect();
      return el.left >= nav.left - 1 && el.right <= nav.right + 1;
    }, tab);
    await page.shot('obs-nav-' + tab + '-phone');
  }
  page.assertClean();
  await page.context().close();
});

test('规则设置: an unchanged form cannot be saved; a changed one makes a new version', async () => {
  const page = await openPage(browser, server.url);
  await login(page, 'admin', 'Demo2020');
  await page.goto('/#/obs/rules');
  await page.locator('[data-test=new-rules]').click();
  const dlg = page.locator('[data-test=rules-dialog]');
  await dlg.waitFor();
  const save = page.locator('[data-test=save-rules]');
  assert.equal(await save.isDisabled(), true);
  assert.match(await save.innerText(), /未修改/);
  assert.match(await page.locator('[data-test=rules-unchanged]').innerText(), /与该日期执行的版本相同/);
  await page.shot('obs-rules-unchanged');
  const period = page.locator('[data-test=period] input');
  await period.fill('21');
  await period.blur();
  await page.locator('[data-test=rules-unchanged]').waitFor({ state: 'detached' });
  assert.equal(await save.isDisabled(), false);
  assert.equal((await save.innerText()).trim(), '保存');
  // back to what is in force: nothing to save again
  await period.fill('14');
  await period.blur();
  await page.locator('[data-test=rules-unchanged]').waitFor();
  assert.equal(await save.isDisabled(), true);
  await period.fill('21');
  await period.blur();
  await save.click();
  await toast(page, '已新增第 2 版规则');
  const r = (await admin.get('/api/v1/obs/rules')).body;
  assert.equal(r.items.length, 2);
  assert.equal(r.items.find((x) => x.version === 2).rules.period_days, 21);
  page.assertClean();
  await page.context().close();
});

test('安排观察点 for an observation a checkpoint started; the site card counts present and lost residents apart', async () => {
  const vb = (await admin.get('/api/v1/villages')).body.items.find((v) => v.name === '草场社区').id;
  const s = await admin.post('/api/v1/sites', { name: '和顺酒店观察点', address: '和顺大道88号', capacity: 10 });
  assert.equal(s.status, 201, s.text);
  for (const number of ['101', '102']) assert.equal((await admin.post(`/api/v1/sites/${s.body.id}/rooms`, { number, beds: 2 })).status, 201);
  const cp = (await admin.post('/api/v1/checkpoints', { name: '和顺检疫点' })).body.id;
  await user('kakou_e', '李检', 'checkpoint', { checkpoint_id: cp });
  const kakou = await server.login('kakou_e', PW);
  const sc = await kakou.post('/api/v1/screenings', {
    client_id: 'e2e-obs-place-1', plate: '粤A12345', vehicle_type: '小客车', origin: '湖北武汉', village_id: vb,
    persons: [{ temp: 36.6, result: '转集中观察', name: '周建国', doc_number: idNumber('420106', '1985-03-02', 31), phone: '13900000001' }],
  });
  assert.equal(sc.status, 201, sc.text);
  const waiting = sc.body.persons[0].observation_id;
  // one resident out of contact: their bed is kept, they are not present
  await person('gone', '梁家豪', vb, 115);
  const c = await admin.post('/api/v1/observations', { person_id: persons.gone.id, kind: 'central', site_id: s.body.id, reason: '密切接触者', reason_detail: '病例陈某的邻居', exposure_date: '2020-02-08' });
  assert.equal(c.status, 201, c.text);
  assert.equal((await admin.post(`/api/v1/observations/${c.body.id}/transitions`, { action: 'lost', reason: '电话无人接听' })).status, 200);

  const page = await openPage(browser, server.url);
  await login(page, 'yxgc', PW);
  await page.goto(`/#/obs/${waiting}`);
  await page.locator('[data-test=obs-actions] [data-act=to_central]', { hasText: '安排观察点' }).click();
  const dlg = page.locator('[data-test=act-dialog]');
  await dlg.waitFor();
  const title = await dlg.locator('.el-dialog__title').innerText();
  assert.equal(title, '安排观察点：周建国');
  await dlg.locator('[data-test=site-select]', { hasText: '和顺酒店观察点' }).waitFor();
  await page.waitForTimeout(300); // the dialog fades in
  await page.shot('obs-place-dialog');
  await page.locator('[data-test=act-save]').click();
  await toast(page, '已安排观察点');
  assert.equal(await page.locator('.el-message', { hasText: '转为集中观察' }).count(), 0);
  await page.locator('[data-test=unplaced]').waitFor({ state: 'detached' });
  const o = (await admin.get(`/api/v1/observations/${waiting}`)).body;
  assert.equal(o.site_id, s.body.id);
  // the history says so too (the event is to_central, marked placed)
  assert.equal(o.events.at(-1).action, 'to_central');
  assert.equal(o.events.at(-1).detail.placed, true);
  const hist = await page.locator('[data-test=obs-events]').innerText();
  assert.match(hist, /安排观察点/);
  assert.doesNotMatch(hist, /转为集中观察/);

  await page.goto('/#/obs/sites');
  const card = page.locator('[data-test=site-card]', { hasText: '和顺酒店观察点' });
  await card.waitFor();
  assert.match(await card.locator('[data-test=occ-present]').innerText(), /^1\s*在住/);
  assert.match(await card.locator('[data-test=occ-lost]').innerText(), /^1\s*失联（保留床位）/);
  assert.match(await card.locator('[data-test=occ-free]').innerText(), /^2\s*空床/);
  assert.equal((await card.locator('[data-test=occ-beds]').innerText()).trim(), '2 个房间 · 4 张床位 · 核定容量 10 人');
  assert.match(await card.locator('[data-test=occ-bar]').innerText(), /占用 2 \/ 4/);
  // the capacity appears once on the card
  assert.equal((await card.innerText()).match(/10/g).length, 1);
  await page.shot('obs-sites-occupancy');
  await card.locator('.sc-name a').click();
  await page.locator('[data-test=occupancy] [data-test=occ-lost]').waitFor();
  await page.shot('obs-site-detail-occupancy');
  page.assertClean();
  await page.context().close();
});
