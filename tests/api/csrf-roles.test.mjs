// CSRF on unsafe methods and role denials declared in the route table.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, hasHan, uniqueId } from './helpers.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ persons: 20 });
  admin = await server.login();
});
after(async () => { await server.stop(); });

// one session per user for the role tests (argon2id makes logins slow)
const sessions = new Map();
async function as(username) {
  if (!sessions.has(username)) sessions.set(username, await server.login(username));
  return sessions.get(username);
}

test('unsafe request with the cookie but without X-CSRF-Token is 403 csrf', async () => {
  const c = await server.login('hecha1');
  const csrf = c.csrf;
  c.csrf = '';
  const before = await admin.get('/api/v1/persons?per_page=1');
  let r = await c.post('/api/v1/persons', { name: '跨站测试', doc_number: uniqueId() });
  const e = assertError(r, 403, 'csrf');
  assert.ok(hasHan(e.message));
  r = await c.post('/api/v1/logout');
  assertError(r, 403, 'csrf');
  // nothing was created and the session was not ended
  const after = await admin.get('/api/v1/persons?per_page=1');
  assert.equal(after.body.total, before.body.total);
  c.csrf = csrf;
  assert.equal((await c.get('/api/v1/me')).status, 200);
});

test('a wrong or foreign X-CSRF-Token is 403 csrf; the right one passes', async () => {
  const c = await server.login('hecha2');
  const other = await server.login('hecha3');
  const good = c.csrf;
  const id = uniqueId();
  c.csrf = '0'.repeat(32);
  assertError(await c.post('/api/v1/persons', { name: '错令牌', doc_number: id }), 403, 'csrf');
  c.csrf = good.slice(0, 31);
  assertError(await c.post('/api/v1/persons', { name: '错令牌', doc_number: id }), 403, 'csrf');
  c.csrf = good + '0';
  assertError(await c.post('/api/v1/persons', { name: '错令牌', doc_number: id }), 403, 'csrf');
  c.csrf = other.csrf; // another session's token
  assertError(await c.post('/api/v1/persons', { name: '错令牌', doc_number: id }), 403, 'csrf');
  c.csrf = good;
  const r = await c.post('/api/v1/persons', { name: '对令牌', doc_number: id });
  assert.equal(r.status, 201, r.text);
  // English message
  c.csrf = 'x';
  const en = await c.post('/api/v1/logout', undefined, { 'accept-language': 'en' });
  assert.match(assertError(en, 403, 'csrf').message, /CSRF/);
  c.csrf = good;
});

test('CSRF is checked on PATCH, PUT and DELETE too; GET needs none', async () => {
  const c = await server.login();
  const good = c.csrf;
  c.csrf = '';
  assert.equal((await c.get('/api/v1/users')).status, 200);
  assertError(await c.patch('/api/v1/persons/1', { notes: 'x' }), 403, 'csrf');
  assertError(await c.put('/api/v1/users/2/password', { password: 'Abcdefg123' }), 403, 'csrf');
  assertError(await c.del('/api/v1/users/2/sessions'), 403, 'csrf');
  assertError(await c.post('/api/v1/villages', { name: '测试村', code: '440605126999', type: '村' }), 403, 'csrf');
  c.csrf = good;
});

test('viewer, checkpoint and finance get 403 on persons', async () => {
  for (const u of ['lingdao', 'kakou1', 'caiwu1']) {
    const c = await as(u);
    assertError(await c.get('/api/v1/persons'), 403, 'forbidden');
    assertError(await c.get('/api/v1/persons/1'), 403, 'forbidden');
    assertError(await c.post('/api/v1/persons/1/reveal'), 403, 'forbidden');
    assertError(await c.post('/api/v1/persons', { name: '无权', doc_number: uniqueId() }), 403, 'forbidden');
    assertError(await c.patch('/api/v1/persons/1', { notes: 'x' }), 403, 'forbidden');
    // but they are signed in
    const me = await c.get('/api/v1/me');
    assert.equal(me.status, 200);
    assert.equal(me.body.user.username, u);
  }
});

test('commander and site may read persons but not write them', async () => {
  for (const u of ['zhihui', 'liuguan1']) {
    const c = await as(u);
    assert.equal((await c.get('/api/v1/persons?per_page=1')).status, 200, u);
    assertError(await c.post('/api/v1/persons', { name: '只读', doc_number: uniqueId() }), 403, 'forbidden');
  }
});

test('non-admins get 403 on users, audit and creating villages', async () => {
  for (const u of ['zhihui', 'hecha1', 'guancha1', 'cun_shayong', 'lingdao']) {
    const c = await as(u);
    assertError(await c.get('/api/v1/users'), 403, 'forbidden');
    assertError(await c.post('/api/v1/users', { username: 'evil' + u, role: 'admin' }), 403, 'forbidden');
    assertError(await c.patch('/api/v1/users/1', { role: 'viewer' }), 403, 'forbidden');
    assertError(await c.post('/api/v1/users/1/tokens', {}), 403, 'forbidden');
    assertError(await c.get('/api/v1/audit'), 403, 'forbidden');
    assertError(await c.post('/api/v1/villages', { name: '新村' + u, code: '440605126998', type: '村' }), 403, 'forbidden');
    assertError(await c.patch('/api/v1/villages/1', { name: '改名' }), 403, 'forbidden');
    // everyone may list villages and roles
    assert.equal((await c.get('/api/v1/villages')).status, 200);
    assert.equal((await c.get('/api/v1/roles')).status, 200);
  }
  // nothing was created: no user named evil*, no village 新村*
  const users = await admin.get('/api/v1/users');
  assert.ok(!users.body.items.some((x) => x.username.startsWith('evil')));
  const v = await admin.get('/api/v1/villages');
  assert.ok(!v.body.items.some((x) => x.name.startsWith('新村')));
});

test('merge is admin/verifier only', async () => {
  for (const u of ['guancha1', 'cun_shayong', 'zhihui']) {
    const c = await as(u);
    assertError(await c.post('/api/v1/persons/merge', { into_id: 1, from_id: 2 }), 403, 'forbidden');
  }
  // persons 1 and 2 are untouched
  assert.equal((await admin.get('/api/v1/persons/2')).status, 200);
});

test('the forbidden message follows Accept-Language', async () => {
  const c = await as('lingdao');
  const zh = await c.get('/api/v1/users');
  assert.equal(assertError(zh, 403, 'forbidden').message, '无权进行此操作');
  const en = await c.get('/api/v1/users', { 'accept-language': 'en' });
  assert.equal(assertError(en, 403, 'forbidden').message, 'You are not allowed to do this');
});
