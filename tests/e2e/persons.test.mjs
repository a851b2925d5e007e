// The registry flow in a desktop browser, as an admin: log in, register a
// person with a wrong ID number and see the message under the field, fix it,
// save, find the person by pinyin initials, see the masked number, reveal
// it, and find the reveal in the audit log.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, login, logout, pick, fieldError, idNumber, badCheck, toast, settle } from './browser.mjs';

let server, browser, page;
const seq = 100 + Math.floor(Math.random() * 800);
const ID = idNumber('440605', '1988-03-15', seq);
const NAME = '欧阳晓敏';
const masked = ID.slice(0, 6) + '********' + ID.slice(14);
let personId;

before(async () => {
  server = await startServer({ persons: 300 });
  browser = await launch();
  page = await openPage(browser, server.url);
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

test('login page shows the server message for a wrong password, then logs in', async () => {
  page.expectStatus(401, 'POST', /^\/api\/v1\/login$/);
  await page.goto('/');
  await page.locator('input[name=username]').fill('admin');
  await page.locator('input[name=password]').fill('wrong-password-1');
  await page.locator('.login-submit').click();
  const err = page.locator('[data-test=login-error]');
  await err.waitFor();
  assert.match(await err.innerText(), /用户名或密码错误/);
  await page.shot('login-error-desktop');
  await login(page, 'admin');
  assert.match(await page.locator('.app-header').innerText(), /系统管理员/);
  // the admin sees every menu entry
  for (const p of ['/', '/persons', '/villages', '/users', '/audit', '/password']) {
    assert.equal(await page.locator(`.side-menu [data-menu="${p}"]`).count(), 1, p);
  }
  page.assertClean();
});

test('an invalid ID number is reported under the field; the fixed one fills sex and birth date', async () => {
  page.expectStatus(422, 'POST', /^\/api\/v1\/persons(\/check)?$/);
  await page.locator('.side-menu [data-menu="/persons"]').click();
  await page.locator('[data-test=new-person]').click();
  await page.locator('input[name=name]').fill(NAME);
  const doc = page.locator('input[name=doc_number]');
  await doc.fill(badCheck(ID));
  await doc.blur();
  await assert.doesNotReject(fieldError(page, 'doc_number').waitFor());
  assert.match(await fieldError(page, 'doc_number').innerText(), /校验位/);
  // saving anyway: the form refuses before sending, the message stays under the field
  let posted = 0;
  const onReq = (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/persons')) posted++; };
  page.on('request', onReq);
  await page.locator('[data-test=save]').click();
  await page.locator('.person-form .is-error').first().waitFor();
  assert.match(await fieldError(page, 'doc_number').innerText(), /校验位/);
  // every wrong field at once: a phone and a birth date in the future join the ID's message
  const phone0 = page.locator('input[name=phone]');
  await phone0.fill('12345');
  await phone0.blur();
  await fieldError(page, 'phone').waitFor();
  const bd = page.locator('[data-field=birth_date] input');
  await bd.fill('2030-05-05');
  await bd.press('Enter');
  await page.locator('input[name=address]').click();
  // the typed date is kept, with the reason, not dropped
  assert.equal(await bd.inputValue(), '2030-05-05');
  assert.equal(await fieldError(page, 'birth_date').innerText(), '出生日期不能晚于今天');
  await page.locator('[data-test=save]').click();
  await page.waitForTimeout(300);
  assert.match(await fieldError(page, 'doc_number').innerText(), /校验位/);
  assert.match(await fieldError(page, 'phone').innerText(), /电话号码格式错误/);
  assert.equal(await fieldError(page, 'birth_date').innerText(), '出生日期不能晚于今天');
  assert.equal(posted, 0, 'nothing was sent');
  page.off('request', onReq);
  await page.shot('person-form-invalid-id');
  await bd.fill('');
  await bd.press('Enter');
  await fieldError(page, 'birth_date').waitFor({ state: 'detached' });

  await doc.fill(ID);
  await doc.blur();
  await page.locator('[data-test=doc-hint]').waitFor();
  await fieldError(page, 'doc_number').waitFor({ state: 'detached' });
  assert.equal(await page.locator('[data-field=birth_date] input').inputValue(), '1988-03-15');
  const sex = seq % 2 ? '男' : '女';
  assert.equal(await page.locator('[data-field=sex] .el-radio.is-checked').innerText(), sex);
  // a wrong phone is reported when leaving the field
  const phone = page.locator('input[name=phone]');
  await phone.fill('12345');
  await phone.blur();
  await fieldError(page, 'phone').waitFor();
  assert.match(await fieldError(page, 'phone').innerText(), /电话号码格式错误/);
  await phone.fill('13800138000');
  await phone.blur();
  await fieldError(page, 'phone').waitFor({ state: 'detached' });
  await pick(page, page.locator('[data-test=village-select]'), '沙涌社区');
  await page.locator('input[name=address]').fill('佛山市南海区里水镇沙涌社区建设路8号');
  await page.locator('input[name=hukou]').fill('广东省佛山市南海区');
  await page.shot('person-form-valid');
  await page.locator('[data-test=save]').click();
  await page.waitForURL(/#\/persons\/\d+$/);
  personId = Number(page.url().match(/persons\/(\d+)$/)[1]);
  await toast(page, '已登记人员');
  assert.equal(await page.locator('[data-test=doc-number]').innerText(), masked);
  page.assertClean();
});

test('a server message for one field leaves the other fields\' messages in place', async () => {
  page.expectStatus(422, 'POST', /^\/api\/v1\/persons$/);
  await page.goto('/#/persons/new');
  await page.locator('input[name=name]').fill('核对人员');
  const doc = page.locator('input[name=doc_number]');
  const female = idNumber('440605', '1990-04-01', 2 * (seq % 400) + 2);
  await doc.fill(female);
  await doc.blur();
  await page.locator('[data-test=doc-hint]').waitFor();
  // the sex does not agree with the number: only the server knows
  await page.locator('[data-field=sex] .el-radio', { hasText: '男' }).click();
  let refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/persons') && r.status() === 422);
  await page.locator('[data-test=save]').click();
  await refused;
  await fieldError(page, 'sex').waitFor();
  assert.match(await fieldError(page, 'sex').innerText(), /性别与身份证号不符/);
  // then the birth date: the server names that field; the sex message stays
  const bd = page.locator('[data-field=birth_date] input');
  await bd.fill('1990-04-02');
  await bd.press('Enter');
  refused = page.waitForResponse((r) => r.url().endsWith('/api/v1/persons') && r.status() === 422);
  await page.locator('[data-test=save]').click();
  await refused;
  await fieldError(page, 'birth_date').waitFor();
  assert.match(await fieldError(page, 'birth_date').innerText(), /出生日期与身份证号不符/);
  assert.match(await fieldError(page, 'sex').innerText(), /性别与身份证号不符/);
  await page.shot('person-form-two-server-errors');
  await page.goto('/#/persons'); // leave the form: the next test starts a fresh one
  await page.locator('[data-test=new-person]').waitFor();
  page.assertClean();
});

test('registering the same ID again links to the existing person', async () => {
  page.expectStatus(409, 'POST', /^\/api\/v1\/persons$/);
  await page.goto('/#/persons/new');
  await page.locator('input[name=name]').fill('重复人员');
  await page.locator('input[name=doc_number]').fill(ID);
  // clicking 保存 straight from the field: the blur check and the save cross
  await page.locator('[data-test=save]').click();
  const link = page.locator('[data-test=dup-link]');
  await link.waitFor();
  assert.match(await fieldError(page, 'doc_number').innerText(), /已登记/);
  assert.equal(await link.getAttribute('href'), '#/persons/' + personId);
  await link.click();
  await page.waitForURL(new RegExp(`#/persons/${personId}$`));
  await page.locator('[data-test=doc-number]').waitFor();
  // registering on the way to another page (?next=): the duplicate can be taken as it is
  await page.goto('/#/persons/new?next=/persons');
  await page.locator('input[name=name]').fill('重复人员');
  await page.locator('input[name=doc_number]').fill(ID);
  await page.locator('[data-test=save]').click();
  await page.locator('[data-test=use-existing]').click();
  await page.waitForURL(new RegExp(`#/persons\\?person=${personId}$`));
  page.assertClean();
});

test('the person is found by pinyin initials, masked; reveal shows the full number', async () => {
  await page.locator('.side-menu [data-menu="/persons"]').click();
  const search = page.locator('input[data-test=person-search]');
  await search.fill('oyxm');
  await page.waitForURL(/q=oyxm/);
  const row = page.locator('.el-table__body-wrapper tr', { hasText: NAME });
  await row.first().waitFor();
  assert.equal(await row.count(), 1);
  assert.equal(await row.locator('[data-test=doc]').innerText(), masked);
  assert.match(await row.innerText(), /138\*\*\*\*8000/);
  assert.ok(!(await page.locator('[data-test=person-table]').innerText()).includes(ID), 'full ID must not be listed');
  // an ID fragment finds the person too (the answer to that search, not
  // the rows the name search left on the page)
  const frag = ID.slice(-6);
  const answered = page.waitForResponse((r) => r.url().includes('/api/v1/persons?') && new URL(r.url()).searchParams.get('q') === frag);
  await search.fill(frag);
  await page.waitForURL(new RegExp('q=' + frag));
  const found = await (await answered).json();
  assert.ok(found.items.some((p) => p.name === NAME), 'the ID fragment finds the person');
  await page.locator('.el-table__body-wrapper tr', { hasText: NAME }).first().waitFor();
  await search.fill('oyxm');
  await page.waitForURL(/q=oyxm/);
  await page.shot('persons-search-desktop');

  await page.locator('.el-table__body-wrapper a[data-test=person-row]', { hasText: NAME }).first().click();
  await page.waitForURL(new RegExp(`#/persons/${personId}$`));
  assert.match(await page.locator('.reveal-note').innerText(), /审计/);
  await page.locator('[data-test=reveal]').click();
  await page.locator('[data-test=hide]').waitFor();
  assert.equal(await page.locator('[data-test=doc-number]').innerText(), ID);
  assert.equal(await page.locator('[data-test=phone]').innerText(), '13800138000');
  await toast(page, '已记入审计日志');
  await page.shot('person-revealed');
  // Back returns to the search as it was
  await page.locator('.page-head button', { hasText: '返回' }).click();
  await page.waitForURL(/#\/persons\?q=oyxm/);
  assert.equal(await search.inputValue(), 'oyxm');
  page.assertClean();
});

test('editing keeps the masked number unless a new one is typed', async () => {
  await page.goto(`/#/persons/${personId}/edit`);
  const notes = page.locator('textarea[name=notes]');
  await notes.waitFor();
  // the form is drawn before the person arrives: wait for it to be filled in
  await page.waitForFunction((n) => document.querySelector('input[name=name]').value === n, NAME);
  assert.equal(await page.locator('input[name=doc_number]').inputValue(), '');
  assert.match(await page.locator('input[name=doc_number]').getAttribute('placeholder'), new RegExp(masked.replace(/\*/g, '\\*')));
  await notes.fill('2月1日自武汉返乡，居家观察');
  const saved = page.waitForResponse((r) => r.url().endsWith('/api/v1/persons/' + personId) && r.request().method() === 'PATCH');
  await page.locator('[data-test=save]').click();
  const body = JSON.parse((await saved).request().postData());
  assert.deepEqual(Object.keys(body), ['notes'], 'only the changed field is sent');
  await page.waitForURL(new RegExp(`#/persons/${personId}$`));
  await page.locator('.person-desc', { hasText: '居家观察' }).waitFor();
  page.assertClean();
});

test('the persons list sorts, filters by village and pages', async () => {
  await page.goto('/#/persons');
  const rows = page.locator('[data-test=person-table] .el-table__body-wrapper tr.el-table__row');
  await rows.first().waitFor();
  assert.equal(await rows.count(), 20);
  // sort by name (ascending, then descending)
  let resp = page.waitForResponse((r) => r.url().includes('/api/v1/persons?') && r.url().includes('sort=name'));
  await page.locator('[data-test=person-table] th', { hasText: '姓名' }).locator('.sort-caret.ascending').click();
  await resp;
  await page.waitForURL(/sort=name/);
  const names = await page.locator('[data-test=person-table] .el-table__body-wrapper a[data-test=person-row]').allInnerTexts();
  assert.equal(names.length, 20);
  // village filter: every row of that village
  resp = page.waitForResponse((r) => r.url().includes('/api/v1/persons?') && /village=\d+/.test(r.url()));
  await pick(page, page.locator('[data-test=village-filter]'), '大步社区');
  await resp;
  await page.waitForURL(/village=\d+/);
  // the answer has arrived, the table may still show the rows before it
  const villages = await settle(() => page.locator('[data-test=person-table] .el-table__body-wrapper td:nth-child(7)').allInnerTexts(),
    (vs) => vs.length > 0 && vs.every((v) => v.trim() === '大步社区'));
  assert.ok(villages.length > 0);
  assert.deepEqual([...new Set(villages.map((v) => v.trim()))], ['大步社区']);
  // clear the village, go to page 2: the same page reloads, and shows the
  // village's rows until the whole town's have arrived (the total tells)
  const all = (await (await server.login('admin')).get('/api/v1/persons?per_page=1')).body.total;
  await page.goto('/#/persons?sort=name');
  await page.locator('.pager .el-pagination__total', { hasText: `共 ${all} 条` }).waitFor();
  await rows.first().waitFor();
  const first1 = await rows.first().innerText();
  resp = page.waitForResponse((r) => r.url().includes('/api/v1/persons?') && r.url().includes('page=2'));
  await page.locator('.pager .btn-next').click();
  await resp;
  await page.waitForURL(/page=2/);
  await page.waitForFunction((t) => document.querySelector('[data-test=person-table] .el-table__body-wrapper tr.el-table__row').innerText !== t, first1);
  assert.match(await page.locator('.pager .el-pagination__total').innerText(), new RegExp(`共 ${all} 条`));
  page.assertClean();
});

test('the audit log lists the reveal, filtered by action', async () => {
  await page.locator('.side-menu [data-menu="/audit"]').click();
  await page.locator('[data-test=audit-table]').waitFor();
  const filtered = page.waitForResponse((r) => r.url().includes('/api/v1/audit') && r.url().includes('action=person.reveal'));
  await pick(page, page.locator('[data-test=audit-action]'), '查看完整信息');
  await filtered;
  const first = page.locator('[data-test=audit-table] .el-table__body-wrapper tr.el-table__row').first();
  await first.locator('[data-action="person.reveal"]').waitFor();
  const text = await first.innerText();
  assert.match(text, new RegExp(`人员 #${personId}`));
  assert.match(text, /admin/);
  assert.match(text, /证件号码、联系电话/);
  assert.equal(await page.locator('[data-test=audit-table] .el-table__body-wrapper tr.el-table__row').count(), 1);
  // expand the row: the detail fields
  await first.locator('.el-table__expand-icon').click();
  await page.locator('.audit-expand pre', { hasText: 'doc_number' }).waitFor();
  // the record link opens the person
  assert.equal(await first.locator('a.link').getAttribute('href'), '#/persons/' + personId);
  await page.shot('audit-reveal');
  page.assertClean();
});

test('a session ended elsewhere sends the user to the login page, then back to the same page', async () => {
  page.expectStatus(401, 'GET', /^\/api\/v1\//);
  const api = await server.login('admin');
  const me = (await api.get('/api/v1/me')).body.user;
  const r = await api.del(`/api/v1/users/${me.id}/sessions`);
  assert.ok(r.body.ended >= 2, 'the browser session and this one');
  await page.locator('.side-menu [data-menu="/villages"]').click();
  await toast(page, '登录已过期');
  await page.locator('.login-page').waitFor();
  await login(page, 'admin', undefined, { stay: true });
  assert.match(page.url(), /#\/villages$/);
  await page.locator('[data-test=village-table] .el-table__row').first().waitFor();
  page.assertClean();
});

test('logout returns to the login page and the session is gone', async () => {
  await logout(page);
  await page.reload();
  await page.locator('.login-page').waitFor();
  page.assertClean();
});
