// A session that ends while a village worker is filling in a form (ended by
// the admin, or timed out): the submit is refused, the login page says what
// happened with the user name filled in, and after logging in again the
// page and what was typed are still there to submit once more.  Logging in
// as someone else instead starts afresh: nothing of the other user's page
// is left over.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from '../lib/server.mjs';
import { launch, openPage, login, toast, PHONE } from './browser.mjs';

let server, browser, admin, worker;

before(async () => {
  server = await startServer({ persons: 300 });
  browser = await launch();
  admin = await server.login('admin');
});
after(async () => {
  await browser?.close();
  await server?.stop();
});

// an open task of the village worker's village, and the worker's user id
async function openTask() {
  worker = await server.login('cun_shayong');
  const me = (await worker.get('/api/v1/me')).body.user;
  const tasks = (await worker.get('/api/v1/tasks?status=open&per_page=5')).body.items;
  assert.ok(tasks.length >= 2, 'the demo gives 沙涌社区 open tasks');
  return { me, tasks };
}

async function endSessions(userId) {
  const r = await admin.del(`/api/v1/users/${userId}/sessions`);
  assert.equal(r.status, 200, r.text);
  assert.ok(r.body.ended >= 1);
}

// The village worker's phone on task number k, 不在本地 with `where` and
// `note` typed; then the admin ends the worker's sessions and the worker
// presses 提交.  The page, and the task.
async function typeThenExpire(k, where, note) {
  const { me, tasks } = await openTask();
  const page = await openPage(browser, server.url, { viewport: PHONE });
  page.expectStatus(401, 'POST', /^\/api\/v1\/tasks\/\d+\/result$/);
  page.expectStatus(401, 'GET', /^\/api\/v1\//);
  await login(page, 'cun_shayong');
  await page.goto(`/#/tasks/${tasks[k].id}`);
  await page.locator('[data-test=result-options] [data-result=不在本地]').click();
  await page.locator('input[name=whereabouts]').fill(where);
  await page.locator('textarea[name=note]').fill(note);
  await endSessions(me.id);
  await page.locator('[data-test=submit-result]').click();
  return { page, task: tasks[k] };
}

test('the session ends while a task result is typed: log in again, the form is still filled, submit once more', async () => {
  const { page, task } = await typeThenExpire(0, '已返回湖北孝感', '电话联系本人确认，2 月 3 日离开');
  await toast(page, '已填写的内容仍保留');
  await page.locator('[data-test=login-expired]').waitFor();
  assert.equal(await page.locator('input[name=username]').inputValue(), 'cun_shayong');
  await page.shot('session-expired-login');
  await page.locator('input[name=password]').fill('Demo2020');
  await page.locator('.login-submit').click();
  await page.locator('.app-header').waitFor();
  // the same page with what was typed
  assert.match(page.url(), new RegExp(`#/tasks/${task.id}$`));
  assert.equal(await page.locator('input[name=whereabouts]').inputValue(), '已返回湖北孝感');
  assert.equal(await page.locator('textarea[name=note]').inputValue(), '电话联系本人确认，2 月 3 日离开');
  const saved = page.waitForResponse((r) => r.url().includes(`/api/v1/tasks/${task.id}/result`) && r.status() === 200);
  await page.locator('[data-test=submit-result]').click();
  await saved;
  const t = (await admin.get(`/api/v1/tasks/${task.id}`)).body;
  assert.equal(t.status, 'done');
  assert.equal(t.result, '不在本地');
  assert.equal(t.whereabouts, '已返回湖北孝感');
  page.assertClean();
  await page.context().close();
});

test('after an expired session someone else logs in: a fresh page, nothing typed by the other user', async () => {
  const { page, task } = await typeThenExpire(1, '去向甲', '只给本村看的备注');
  await page.locator('[data-test=login-expired]').waitFor();
  // the kept page is under the login page, with the text in it…
  assert.equal(await page.locator('textarea[name=note]').inputValue(), '只给本村看的备注');
  await page.locator('input[name=username]').fill('hecha1');
  await page.locator('input[name=password]').fill('Demo2020');
  await page.locator('.login-submit').click();
  await page.locator('.app-header').waitFor();
  // …and is built anew for hecha1, on the same address: no field holds cun_shayong's text
  assert.match(page.url(), new RegExp(`#/tasks/${task.id}$`));
  await page.locator('[data-test=countdown], [data-test=task-status]').first().waitFor();
  const typed = await page.locator('input, textarea').evaluateAll((els) => els.map((e) => e.value).filter(Boolean));
  assert.ok(!typed.some((v) => v.includes('去向甲') || v.includes('只给本村看的备注')), JSON.stringify(typed));
  assert.equal(await page.locator('[data-test=login-expired]').count(), 0);
  assert.equal((await admin.get(`/api/v1/tasks/${task.id}`)).body.status, 'open');
  page.assertClean();
  await page.context().close();
});
