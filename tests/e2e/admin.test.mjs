// The admin pages, each clicked through with real actions: villages
// (create with aliases, edit, a refused code), users (create with a village
// binding and a generated password shown once, change role, disable and
// enable, reset password, end sessions), the new user's own password change
// and lockout, and the audit log's filters (user, action, text, dates,
// pages).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, login, logout, pick, toast, settle, waitCount, PHONE } from './browser.mjs';

let server, browser, admin;
const VNAME = '测试新村';
const VCODE = '440605126987';
const USER = 'e2e_cun';
let password = '';

before(async () => {
  server = await startServer({ persons: 300 });
  browser = await launch();
  admin = await openPage(browser, server.url);
  await login(admin, 'admin');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

const dialog = (page, name) => page.locator(`.el-dialog[data-test=${name}]`);
async function confirmBox(page) {
  await page.locator('.el-message-box__btns .el-button--primary').click();
}

test('villages: create with aliases, a refused code, edit', async () => {
  const page = admin;
  page.expectStatus(422, 'POST', /^\/api\/v1\/villages$/);
  await page.locator('.side-menu [data-menu="/villages"]').click();
  const rows = page.locator('[data-test=village-table] .el-table__body-wrapper tr.el-table__row');
  await rows.first().waitFor();
  const count = (await (await server.login('admin')).get('/api/v1/villages')).body.total;
  assert.equal(await rows.count(), count);
  await page.locator('input[data-test=village-search]').fill('沙涌');
  await waitCount(rows, 1, 'the search leaves one village'); // the whole list may still be shown
  assert.match(await rows.first().innerText(), /沙涌村委会/);
  await page.locator('input[data-test=village-search]').fill('');

  await page.locator('[data-test=new-village]').click();
  const dlg = dialog(page, 'village-dialog');
  await dlg.locator('input[name=vname]').fill(VNAME);
  await dlg.locator('input[name=vcode]').fill('4406');
  await dlg.locator('.el-radio', { hasText: '村' }).first().click();
  const tags = dlg.locator('[data-test=aliases]');
  await tags.fill('测试村委会');
  await tags.press('Enter');
  await tags.fill('测试');
  await tags.press('Enter');
  await dlg.locator('[data-test=save-village]').click();
  await dlg.locator('.el-form-item__error', { hasText: '12 位' }).waitFor();
  await page.shot('village-dialog-error');
  await dlg.locator('input[name=vcode]').fill(VCODE);
  await dlg.locator('[data-test=save-village]').click();
  await toast(page, `已新增村居“${VNAME}”`);
  await dlg.waitFor({ state: 'hidden' });
  const row = rows.filter({ hasText: VNAME });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`${VCODE}[\\s\\S]*测试村委会[\\s\\S]*测试`));
  assert.equal(await rows.count(), count + 1);

  await row.locator('[data-test=edit-village]').click();
  await dlg.locator('input[name=vname]').waitFor();
  assert.equal(await dlg.locator('input[name=vcode]').inputValue(), VCODE);
  await dlg.locator('[data-test=aliases]').fill('测试居委会');
  await dlg.locator('[data-test=aliases]').press('Enter');
  await dlg.locator('[data-test=save-village]').click();
  await toast(page, `已保存村居“${VNAME}”`);
  await row.filter({ hasText: '测试居委会' }).waitFor();
  await page.shot('villages');
  const v = (await (await server.login('admin')).get('/api/v1/villages')).body.items.find((x) => x.name === VNAME);
  assert.deepEqual(v.aliases, ['测试村委会', '测试', '测试居委会']);
  page.assertClean();
});

test('users: create a village user, the generated password is shown once', async () => {
  const page = admin;
  page.expectStatus(422, 'POST', /^\/api\/v1\/users$/);
  await page.locator('.side-menu [data-menu="/users"]').click();
  await page.locator('[data-test=user-table] .el-table__row').first().waitFor();
  await page.locator('[data-test=new-user]').click();
  const dlg = dialog(page, 'user-dialog');
  await dlg.locator('input[name=username]').fill('坏 名字');
  await dlg.locator('input[name=name]').fill('测试村干部');
  await pick(page, dlg.locator('[data-test=role-select]'), '村居工作人员');
  // a village user without a village is refused in the form
  await dlg.locator('[data-test=save-user]').click();
  await dlg.locator('.el-form-item__error', { hasText: '绑定' }).waitFor();
  await pick(page, dlg.locator('[data-test=user-village]'), VNAME);
  await dlg.locator('[data-test=save-user]').click();
  // the server refuses the user name: message under it
  await dlg.locator('.el-form-item__error', { hasText: '用户名须为' }).waitFor();
  await dlg.locator('input[name=username]').fill(USER);
  await dlg.locator('[data-test=save-user]').click();
  const shown = dialog(page, 'shown-password');
  await shown.locator('[data-test=generated-password]').waitFor();
  password = (await shown.locator('[data-test=generated-password]').innerText()).trim();
  assert.match(password, /^(?=.*[A-Za-z])(?=.*\d).{8,}$/);
  await page.shot('user-created-password');
  await shown.locator('.el-dialog__footer .el-button--primary').click();
  await shown.waitFor({ state: 'hidden' });
  await page.locator('input[data-test=user-search]').fill(USER);
  const row = page.locator('[data-test=user-table] .el-table__body-wrapper tr.el-table__row', { hasText: USER });
  await row.waitFor();
  assert.match(await row.innerText(), new RegExp(`测试村干部[\\s\\S]*村居工作人员[\\s\\S]*${VNAME}[\\s\\S]*正常`));
  // the password works
  const c = await server.login(USER, password);
  assert.equal((await c.get('/api/v1/me')).body.user.village_name, VNAME);
  page.assertClean();
});

test('users: change role, disable and enable, reset password, end sessions', async () => {
  const page = admin;
  const row = page.locator('[data-test=user-table] .el-table__body-wrapper tr.el-table__row', { hasText: USER });
  await row.locator('[data-test=edit-user]').click();
  const dlg = dialog(page, 'user-dialog');
  await dlg.locator('input[name=name]').waitFor();
  await pick(page, dlg.locator('[data-test=role-select]'), '医学观察组');
  await dlg.locator('[data-test=save-user]').click();
  await toast(page, '已保存用户');
  await row.filter({ hasText: '医学观察组' }).waitFor();

  await row.locator('[data-test=toggle-user]').click();
  await confirmBox(page);
  await row.locator('[data-test=status]', { hasText: '已停用' }).waitFor();
  const denied = await server.client().post('/api/v1/login', { username: USER, password });
  assert.equal(denied.status, 403);
  await row.locator('[data-test=toggle-user]', { hasText: '启用' }).click();
  await confirmBox(page);
  await row.locator('[data-test=status]', { hasText: '正常' }).waitFor();

  // a live session of the user, then "end sessions"
  await server.login(USER, password);
  await page.locator('input[data-test=user-search]').fill(USER); // refresh view
  await row.locator('[data-test=end-sessions]').click();
  await confirmBox(page);
  await toast(page, /已结束 [1-9]\d* 个会话/);

  await row.locator('[data-test=reset-password]').click();
  const pw = dialog(page, 'password-dialog');
  const input = pw.locator('input');
  await input.waitFor();
  const generated = await input.inputValue();
  assert.match(generated, /^(?=.*[A-Za-z])(?=.*\d).{12}$/);
  await input.fill('short1');
  page.expectStatus(422, 'PUT', /^\/api\/v1\/users\/\d+\/password$/);
  await pw.locator('[data-test=save-password]').click();
  await pw.locator('.el-form-item__error', { hasText: '至少 8 位' }).waitFor();
  await input.fill('Chongzhi2020');
  await pw.locator('[data-test=save-password]').click();
  const shown = dialog(page, 'shown-password');
  await shown.locator('[data-test=generated-password]', { hasText: 'Chongzhi2020' }).waitFor();
  await shown.locator('.el-dialog__footer .el-button--primary').click();
  password = 'Chongzhi2020';
  await page.shot('users');
  page.assertClean();
});

test('users: a checkpoint worker is bound to a checkpoint, a site worker to a site', async () => {
  const page = admin;
  const api = await server.login('admin');
  const cp = (await api.get('/api/v1/checkpoints')).body.items.find((x) => x.active);
  const site = (await api.get('/api/v1/sites')).body.items.find((x) => x.active);
  await page.locator('input[data-test=user-search]').fill('');
  await page.locator('[data-test=new-user]').click();
  const dlg = dialog(page, 'user-dialog');
  await dlg.locator('input[name=username]').fill('e2e_kakou');
  await dlg.locator('input[name=name]').fill('测试检疫员');
  await pick(page, dlg.locator('[data-test=role-select]'), '检疫点工作人员');
  // no checkpoint chosen: refused in the form, nothing is sent
  await dlg.locator('[data-test=save-user]').click();
  await dlg.locator('.el-form-item__error', { hasText: '须绑定所在检疫点' }).waitFor();
  await pick(page, dlg.locator('[data-test=user-checkpoint]'), cp.name);
  await dlg.locator('[data-test=save-user]').click();
  const shown = dialog(page, 'shown-password');
  await shown.locator('[data-test=generated-password]').waitFor();
  const kpw = (await shown.locator('[data-test=generated-password]').innerText()).trim();
  await shown.locator('.el-dialog__footer .el-button--primary').click();
  await shown.waitFor({ state: 'hidden' });
  await page.locator('input[data-test=user-search]').fill('e2e_kakou');
  const row = page.locator('[data-test=user-table] .el-table__body-wrapper tr.el-table__row', { hasText: 'e2e_kakou' });
  await row.locator('[data-test=user-binding]', { hasText: cp.name }).waitFor();
  const k = await server.login('e2e_kakou', kpw);
  assert.equal((await k.get('/api/v1/me')).body.user.checkpoint_id, cp.id);
  // edited into a site worker: the site is asked for and shown
  await row.locator('[data-test=edit-user]').click();
  await dlg.locator('input[name=name]').waitFor();
  await pick(page, dlg.locator('[data-test=role-select]'), '留观点工作人员');
  await dlg.locator('[data-test=save-user]').click();
  await dlg.locator('.el-form-item__error', { hasText: '须绑定所在集中观察点' }).waitFor();
  await pick(page, dlg.locator('[data-test=user-site]'), site.name);
  await dlg.locator('[data-test=save-user]').click();
  await toast(page, '已保存用户');
  await row.locator('[data-test=user-binding]', { hasText: site.name }).waitFor();
  await page.shot('users-bound');
  const u = (await api.get('/api/v1/users')).body.items.find((x) => x.username === 'e2e_kakou');
  assert.equal(u.site_id, site.id);
  assert.equal(u.checkpoint_id, null);
  page.assertClean();
});

test('the new user changes their own password; five wrong logins lock the account', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, USER, password);
  await page.locator('.hamburger').click();
  await page.locator('.menu-drawer [data-menu="/password"]').click();
  await page.locator('input[name=old_password]').fill('wrong-Old-1');
  await page.locator('input[name=new_password]').fill('Xinmima2020');
  await page.locator('input[name=new_password2]').fill('Xinmima2021');
  await page.locator('[data-test=change-password]').click();
  await page.locator('.el-form-item__error', { hasText: '不一致' }).waitFor();
  await page.locator('input[name=new_password2]').fill('Xinmima2020');
  page.expectStatus(422, 'PUT', /^\/api\/v1\/me\/password$/);
  await page.locator('[data-test=change-password]').click();
  await page.locator('.el-form-item__error', { hasText: '原密码错误' }).waitFor();
  await page.locator('input[name=old_password]').fill(password);
  await page.locator('[data-test=change-password]').click();
  await page.locator('[data-test=password-done]').waitFor();
  await page.shot('phone-password-changed');
  // the session goes on with the new token: a page that calls the API still works
  await page.goto('/#/persons');
  await page.locator('[data-test=person-cards]').waitFor();
  await logout(page);
  await login(page, USER, 'Xinmima2020');
  await logout(page);

  page.expectStatus(401, 'POST', /^\/api\/v1\/login$/);
  page.expectStatus(423, 'POST', /^\/api\/v1\/login$/);
  for (let i = 0; i < 5; i++) {
    await page.locator('input[name=username]').fill(USER);
    await page.locator('input[name=password]').fill('wrong-' + i + 'x');
    const r = page.waitForResponse((x) => x.url().endsWith('/api/v1/login'));
    await page.locator('.login-submit').click();
    await r;
  }
  const err = page.locator('[data-test=login-error][data-code=account_locked]');
  await err.waitFor();
  assert.match(await err.innerText(), /账号已锁定[\s\S]*15 分钟/);
  await page.shot('phone-login-locked');
  page.assertClean();
  await page.context().close();

  // the admin sees the lock
  await admin.reload();
  await admin.locator('input[data-test=user-search]').fill(USER);
  const row = admin.locator('[data-test=user-table] .el-table__body-wrapper tr.el-table__row', { hasText: USER });
  await row.locator('[data-test=status]', { hasText: '已锁定' }).waitFor();
  admin.assertClean();
});

test('audit log: filter by user, action family, text and date; page through', async () => {
  const page = admin;
  await page.locator('.side-menu [data-menu="/audit"]').click();
  const rows = page.locator('[data-test=audit-table] .el-table__body-wrapper tr.el-table__row');
  await rows.first().waitFor();
  // whole action family "user" by the admin
  let resp = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=user'));
  await pick(page, page.locator('[data-test=audit-action]'), '用户（全部）');
  await resp;
  resp = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('user_id=1'));
  await pick(page, page.locator('[data-test=audit-user]'), '(admin)');
  await resp;
  await rows.first().waitFor();
  // the rows of an earlier answer may still be shown: read until the family's are
  const want = ['user.create', 'user.update', 'user.disable', 'user.password'];
  const actions = await settle(() => page.locator('[data-test=audit-table] [data-action]').evaluateAll((els) => els.map((e) => e.dataset.action)),
    (as) => want.every((a) => as.includes(a)) && as.every((a) => a.startsWith('user.')));
  for (const a of want) assert.ok(actions.includes(a), a + ' in ' + actions);
  assert.ok(actions.every((a) => a.startsWith('user.')));
  // today only (Shanghai calendar): from/to sent, rows still there
  await page.locator('[data-test=audit-range] .el-date-editor').click();
  const today = page.locator('.el-picker-panel:visible td.today').first();
  await today.click();
  resp = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && /from=\d+.*to=\d+/.test(r.url()));
  await today.click();
  const body = await (await resp).json();
  assert.ok(body.total >= 4);
  await page.locator('.audit-page h2').click(); // close the picker
  // free text: the failed logins of the locked user
  await page.locator('.filter-form button', { hasText: '重置' }).click();
  await page.locator('input[data-test=audit-q]').fill(USER);
  resp = page.waitForResponse((r) => r.url().includes('q=' + USER));
  await page.locator('[data-test=audit-search]').click();
  await resp;
  await page.locator('[data-test=audit-table] [data-action="login.locked"], [data-test=audit-table] [data-action="login.failed"]').first().waitFor();
  await page.shot('audit-filtered');
  // pages: the person family has hundreds of rows (the demo's 300 persons)
  await page.locator('.filter-form button', { hasText: '重置' }).click();
  resp = page.waitForResponse((r) => r.url().includes('action=person'));
  await pick(page, page.locator('[data-test=audit-action]'), '人员（全部）');
  await resp;
  const total = Number((await page.locator('.pager .el-pagination__total').innerText()).match(/\d+/)[0]);
  assert.ok(total >= 300, `person audit rows: ${total}`);
  resp = page.waitForResponse((r) => r.url().includes('page=2'));
  await page.locator('.pager .btn-next').click();
  await resp;
  await page.locator('.pager .el-pager li.is-active', { hasText: '2' }).waitFor();
  page.assertClean();
});

// The audit actions and record types: what this server wrote (the demo's
// persons, observations, checks, shifts, screenings, sign-ins…) and every
// literal the C sources pass to audit_write.
function auditNames() {
  const actions = new Set(), entities = new Set();
  const rows = execFileSync('sqlite3', [server.dbPath, 'SELECT DISTINCT action, entity FROM audit'], { encoding: 'utf8' });
  for (const line of rows.split('\n').filter(Boolean)) {
    const [a, e] = line.split('|');
    actions.add(a);
    if (e) entities.add(e);
  }
  const walk = (d) => readdirSync(d, { withFileTypes: true }).flatMap((x) => (x.isDirectory() ? walk(join(d, x.name)) : [join(d, x.name)]));
  const src = new URL('../../src', import.meta.url).pathname;
  for (const f of walk(src).filter((x) => x.endsWith('.c') && !x.endsWith('audit.c'))) {
    // audit_write(db, who, ACTION, ENTITY, id, detail): the literals of the
    // third and fourth arguments (a call's arguments hold no commas)
    for (const m of readFileSync(f, 'utf8').matchAll(/audit_write\(([^;]*)\)/g)) {
      const args = m[1].split(',');
      for (const [k, set] of [[2, actions], [3, entities]]) for (const x of (args[k] || '').matchAll(/"([a-z_.]+)"/g)) set.add(x[1]);
    }
  }
  return { actions: [...actions], entities: [...entities] };
}

test('audit log: every action and record type has its label in both languages, and the filter offers every action', async () => {
  const names = auditNames();
  assert.ok(names.actions.includes('report.export') && names.actions.includes('login') && names.entities.includes('shift'),
    JSON.stringify(names));
  const bad = await admin.evaluate(async ({ actions, entities }) => {
    const i18n = await import('/js/i18n.js');
    const { actionLabel, familyLabel } = await import('/js/format.js');
    const { auditActions } = await import('/js/audit-actions.js');
    const han = /[\u4e00-\u9fff]/;
    const out = [];
    const was = i18n.lang.value;
    const offered = new Set(auditActions.flatMap((g) => [g.family, ...g.items]));
    for (const l of ['zh', 'en']) {
      i18n.setLang(l);
      for (const a of actions) {
        const s = actionLabel(a);
        if (s === a || han.test(s) !== (l === 'zh')) out.push(`${l} action ${a}: ${s}`);
        // "login" is an action (a sign-in) and the family of login.*: two labels
        if (!a.includes('.') && familyLabel(a) === s) out.push(`${l} family ${a}: ${s}`);
      }
      for (const e of entities) {
        const s = i18n.t('audit.e.' + e);
        if (!i18n.has('audit.e.' + e) || han.test(s) !== (l === 'zh')) out.push(`${l} record ${e}: ${s}`);
      }
    }
    i18n.setLang(was);
    for (const a of actions) if (!offered.has(a)) out.push(`not in the filter: ${a}`);
    return out;
  }, names);
  assert.deepEqual(bad, []);
  // and as shown: the family 登录（全部） in the filter, a sign-in in it reads 登录成功
  await admin.goto('/#/audit');
  const resp = admin.waitForResponse((r) => r.url().includes('/api/v1/audit?') && r.url().includes('action=login'));
  await pick(admin, admin.locator('[data-test=audit-action]'), '登录（全部）');
  await resp;
  const signin = admin.locator('[data-test=audit-table] [data-action=login]').first();
  await signin.waitFor();
  assert.equal((await signin.innerText()).trim(), '登录成功');
  admin.assertClean();
});

test('admin pages on a phone: tables scroll inside the page, no sideways page', async () => {
  const page = await openPage(browser, server.url, { viewport: PHONE });
  await login(page, 'admin');
  // each page's own table: the page before stays until the next one's code has loaded
  for (const [path, name, table] of [['/users', 'phone-users', 'user-table'], ['/audit', 'phone-audit', 'audit-table'], ['/villages', 'phone-villages', 'village-table']]) {
    await page.goto('/#' + path);
    await page.locator(`[data-test=${table}] .el-table__row`).first().waitFor();
    const w = await page.evaluate(() => document.documentElement.scrollWidth);
    assert.ok(w <= PHONE.width, `${path}: page is ${w}px wide`);
    await page.shot(name);
  }
  // phones get two single-date pickers instead of the wide range panel
  await page.goto('/#/audit');
  await page.locator('[data-test=audit-from] .el-date-editor').click();
  const resp = page.waitForResponse((r) => r.url().includes('/api/v1/audit?') && /from=\d+/.test(r.url()) && !r.url().includes('to='));
  await page.locator('.el-picker-panel:visible td.today').first().click();
  assert.ok((await (await resp).json()).total > 0);
  const w = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(w <= PHONE.width, `audit with the date panel: page is ${w}px wide`);
  page.assertClean();
  await page.context().close();
});
