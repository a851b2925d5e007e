// A village worker (沙涌社区) on a 390×844 phone: drawer menu with only what
// the role may use, persons as cards of their own village only, one-column
// form; the language switch (English persists across reloads and applies to
// the server's messages too); and the read-only roles (commander, viewer).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, login, logout, PHONE, DESKTOP, idNumber, toast, fieldError, box } from './browser.mjs';

let server, browser;
const VILLAGE = '沙涌社区';

before(async () => {
  server = await startServer({ persons: 300 });
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

test('village worker on a phone: drawer menu shows only the allowed pages', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await page.goto('/');
  await page.shot('phone-login');
  await noSideScroll(page);
  await login(page, 'cun_shayong');
  assert.equal(await page.locator('.app-aside').count(), 0, 'no side bar on a phone');
  await noSideScroll(page);
  await page.shot('phone-home');
  await page.locator('.hamburger').click();
  const drawer = page.locator('.menu-drawer');
  await drawer.locator('.side-menu').waitFor();
  assert.match(await drawer.locator('.drawer-role').innerText(), new RegExp(VILLAGE));
  const entries = await drawer.locator('.side-menu [data-menu]').evaluateAll((els) => els.map((e) => e.dataset.menu));
  // later modules add entries; these must be there, and the office's pages must not
  for (const p of ['/', '/persons', '/password']) assert.ok(entries.includes(p), p + ' in ' + entries);
  for (const p of ['/villages', '/users', '/audit']) assert.ok(!entries.includes(p), p + ' not in ' + entries);
  await page.waitForTimeout(400); // the drawer slides in
  await page.shot('phone-menu');
  await drawer.locator('[data-menu="/persons"]').click();
  await drawer.waitFor({ state: 'hidden' });
  await page.waitForURL(/#\/persons/);
  // an admin page typed into the address bar is refused by the app
  await page.goto('/#/users');
  await page.locator('.el-result', { hasText: '无权访问' }).waitFor();
  page.assertClean();
  await page.context().close();
});

test('village worker sees only persons of their village, as cards', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'cun_shayong');
  await page.goto('/#/persons');
  const cards = page.locator('[data-test=person-cards] [data-test=person-row]');
  await cards.first().waitFor();
  assert.equal(await page.locator('[data-test=village-filter]').count(), 0, 'no village filter for a village user');
  assert.match(await page.locator('[data-test=scope-tag]').innerText(), new RegExp(VILLAGE));
  const villages = await page.locator('[data-test=person-cards] .pc-village').allInnerTexts();
  assert.ok(villages.length > 0);
  assert.deepEqual([...new Set(villages)], [VILLAGE]);
  // every masked number, nothing in full
  for (const d of await page.locator('[data-test=person-cards] [data-test=doc]').allInnerTexts()) assert.match(d, /\*{8}/);
  await noSideScroll(page);
  await page.shot('phone-persons');
  // the total matches the server's count for this village
  const total = Number((await page.locator('.pager .el-pagination__total').innerText()).match(/\d+/)[0]);
  const api = await server.login('cun_shayong');
  const r = await api.get('/api/v1/persons?per_page=1');
  assert.equal(total, r.body.total);
  const all = await (await server.login('admin')).get('/api/v1/persons?per_page=1');
  assert.ok(total < all.body.total, 'fewer than the whole town');

  // register a person on the phone: one column, village fixed to their own
  page.expectStatus(422, 'POST', /^\/api\/v1\/persons\/check$/);
  await page.locator('[data-test=new-person]').click();
  await page.locator('input[name=name]').fill('何嘉怡');
  const col = await box(page.locator('[data-field=name]'));
  const col2 = await box(page.locator('[data-field=doc_type]'));
  assert.ok(col2.y > col.y + col.height - 1, 'fields stacked in one column');
  assert.ok(col.height >= 40, 'big inputs');
  assert.match(await page.locator('[data-test=village-select]').innerText(), new RegExp(VILLAGE));
  const doc = page.locator('input[name=doc_number]');
  await doc.fill('4406051990');
  await doc.blur();
  await fieldError(page, 'doc_number').waitFor();
  assert.match(await fieldError(page, 'doc_number').innerText(), /18 位|18/);
  // a wrong phone too: 保存 shows both messages at once and sends nothing
  const phone = page.locator('input[name=phone]');
  await phone.fill('12345');
  await phone.blur();
  await fieldError(page, 'phone').waitFor();
  let posted = 0;
  const onReq = (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/persons')) posted++; };
  page.on('request', onReq);
  await page.locator('[data-test=save]').click();
  await page.waitForTimeout(300);
  assert.match(await fieldError(page, 'doc_number').innerText(), /18/);
  assert.match(await fieldError(page, 'phone').innerText(), /电话号码格式错误/);
  assert.equal(posted, 0);
  page.off('request', onReq);
  await page.shot('phone-person-form-errors');
  await doc.fill(idNumber('440605', '1992-07-21', 246));
  await doc.blur();
  await page.locator('[data-test=doc-hint]').waitFor();
  await page.locator('input[name=phone]').fill('13912345678');
  await noSideScroll(page);
  await page.shot('phone-person-form');
  await page.locator('[data-test=save]').click();
  await page.waitForURL(/#\/persons\/\d+$/);
  await toast(page, '已登记人员');
  assert.match(await page.locator('.person-desc').innerText(), new RegExp(VILLAGE));
  await page.locator('[data-test=reveal]').click();
  await page.locator('[data-test=hide]').waitFor();
  assert.equal(await page.locator('[data-test=phone]').innerText(), '13912345678');
  await noSideScroll(page);
  await page.shot('phone-person-detail');

  // a person of another village is "not found" for them
  const other = (await (await server.login('admin')).get('/api/v1/persons?village=2&per_page=1')).body.items[0];
  page.expectStatus(404, 'GET', new RegExp(`^/api/v1/persons/${other.id}$`));
  await page.goto(`/#/persons/${other.id}`);
  await page.locator('.el-alert', { hasText: '未找到' }).waitFor();
  page.assertClean();
  await page.context().close();
});

test('the language switch turns the app and the server messages to English, and persists', async () => {
  const page = await openPage(browser, server.url, { viewport: DESKTOP });
  page.expectStatus(401, 'POST', /^\/api\/v1\/login$/);
  await page.goto('/');
  await page.locator('[data-test=lang-switch]').click();
  await page.locator('.login-card h2', { hasText: 'Log in' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'en');
  await page.locator('input[name=username]').fill('admin');
  await page.locator('input[name=password]').fill('nope-nope-1');
  await page.locator('.login-submit').click();
  await page.locator('[data-test=login-error]', { hasText: 'Wrong user name or password' }).waitFor();
  await page.shot('login-english');
  await login(page, 'admin');
  await page.locator('.side-menu [data-menu="/persons"]', { hasText: 'Persons' }).waitFor();
  await page.reload();
  await page.locator('.side-menu [data-menu="/persons"]', { hasText: 'Persons' }).waitFor();
  assert.match(await page.locator('.app-header').innerText(), /Administrator/);
  await page.shot('home-english');
  await page.locator('.side-menu [data-menu="/persons"]').click();
  await page.locator('[data-test=person-table] th', { hasText: 'Document number' }).waitFor();
  // Element Plus speaks English too (pagination)
  assert.match(await page.locator('.pager').innerText(), /Total/);
  // a server validation message in English
  page.expectStatus(422, 'POST', /^\/api\/v1\/persons\/check$/);
  await page.goto('/#/persons/new');
  await page.locator('input[name=doc_number]').fill('1234');
  await page.locator('input[name=doc_number]').blur();
  await fieldError(page, 'doc_number').waitFor();
  assert.match(await fieldError(page, 'doc_number').innerText(), /ID number must have 18 characters/);
  await page.shot('person-form-english');
  // and back to Chinese
  await page.locator('[data-test=lang-switch]').click();
  await page.locator('.side-menu [data-menu="/persons"]', { hasText: '人员登记' }).waitFor();
  assert.equal(await page.evaluate(() => localStorage.getItem('fk.lang')), 'zh');
  page.assertClean();
  await page.context().close();
});

test('read-only roles: the commander reads persons without editing; the viewer has no persons at all', async () => {
  const page = await openPage(browser, server.url, { viewport: DESKTOP });
  await login(page, 'zhihui');
  const menu = () => page.locator('.side-menu [data-menu]').evaluateAll((els) => els.map((e) => e.dataset.menu));
  let entries = await menu();
  for (const p of ['/', '/persons', '/villages', '/password']) assert.ok(entries.includes(p), p + ' in ' + entries);
  for (const p of ['/users', '/audit']) assert.ok(!entries.includes(p), p + ' not in ' + entries);
  await page.locator('.side-menu [data-menu="/persons"]').click();
  await page.locator('[data-test=person-table] .el-table__row').first().waitFor();
  assert.equal(await page.locator('[data-test=new-person]').count(), 0);
  await page.locator('[data-test=person-table] a[data-test=person-row]').first().click();
  await page.locator('[data-test=reveal]').waitFor();
  assert.equal(await page.locator('[data-test=edit-person]').count(), 0);
  await page.goto('/#/persons/new');
  await page.locator('.el-result', { hasText: '无权访问' }).waitFor();
  await logout(page);

  await login(page, 'lingdao');
  entries = await menu();
  for (const p of ['/', '/villages', '/password']) assert.ok(entries.includes(p), p + ' in ' + entries);
  for (const p of ['/persons', '/users', '/audit']) assert.ok(!entries.includes(p), p + ' not in ' + entries);
  await page.locator('.side-menu [data-menu="/villages"]').click();
  await page.locator('[data-test=village-table] .el-table__row').first().waitFor();
  assert.equal(await page.locator('[data-test=new-village]').count(), 0);
  assert.equal(await page.locator('[data-test=edit-village]').count(), 0);
  await page.goto('/#/persons');
  await page.locator('.el-result', { hasText: '无权访问' }).waitFor();
  await page.shot('viewer-forbidden');
  page.assertClean();
  await page.context().close();
});

test('a site worker whose account has no site is told so instead of seeing zeros', async () => {
  const admin = await server.login('admin');
  const sites = (await admin.get('/api/v1/sites')).body.items;
  const u = await admin.post('/api/v1/users', { username: 'e2e_lg_free', name: '未绑定留观员', password: 'Free2020pass', role: 'site', site_id: sites[0].id });
  assert.equal(u.status, 201, u.text);
  // an account left unbound from before the binding was required
  execFileSync('sqlite3', ['-cmd', '.timeout 5000', server.dbPath, `UPDATE users SET site_id=NULL WHERE id=${u.body.id}`]);
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'e2e_lg_free', 'Free2020pass');
  await page.locator('[data-test=unbound]', { hasText: '账号未绑定观察点，请联系管理员' }).waitFor();
  assert.equal(await page.locator('.home-page .stats').count(), 0, 'no counts of 0');
  await noSideScroll(page);
  await page.shot('phone-site-unbound');
  // the page before stays until the new one's code has loaded, with its
  // own notice: wait for the notice in the new page
  await page.goto('/#/obs/sites');
  await page.locator('.site-list-page [data-test=unbound]').waitFor();
  assert.equal(await page.locator('.el-empty').count(), 0);
  // every observation page says it once, under the tab strip
  for (const [tab, path, cls] of [['due', '/obs', 'obs-due-page'], ['list', '/obs/list', 'obs-list-page'],
    ['alerts', '/obs/alerts', 'obs-alerts-page'], ['sites', '/obs/sites', 'site-list-page']]) {
    await page.locator(`[data-test=obs-nav] [data-tab=${tab}]`).click();
    await page.waitForFunction((p) => location.hash === '#' + p, path);
    await page.locator(`.${cls} [data-test=unbound]`, { hasText: '账号未绑定观察点' }).waitFor();
    assert.equal(await page.locator('[data-test=unbound]').count(), 1, path);
  }
  page.assertClean();
  await page.context().close();
});
