// Login, sessions, lockout, logout, disabling, password changes and bearer
// tokens.  Fewer than 30 failed logins in this file: the per-address limit
// has its own file (all tests come from 127.0.0.1).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { startServer, cli, DEMO_PASSWORD, assertError, hasHan, loginAs, uniqueId } from './helpers.mjs';

const SQLITE3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => existsSync(p));

let server;
let admin;
let users; // username -> id
before(async () => {
  server = await startServer({ persons: 30 });
  admin = await server.login();
  const r = await admin.get('/api/v1/users');
  users = Object.fromEntries(r.body.items.map((u) => [u.username, u.id]));
});
after(async () => { await server.stop(); });

test('login sets an HttpOnly SameSite=Strict cookie and returns a CSRF token', async () => {
  const res = await fetch(server.url + '/api/v1/login', {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zhihui', password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200);
  const sc = res.headers.get('set-cookie');
  assert.match(sc, /^fk_session=[A-Za-z0-9_-]{43};/);
  assert.match(sc, /;\s*HttpOnly/i);
  assert.match(sc, /;\s*SameSite=Strict/i);
  assert.match(sc, /;\s*Path=\//);
  const body = await res.json();
  assert.match(body.csrf_token, /^[0-9a-f]{32}$/);
  assert.equal(body.user.username, 'zhihui');
  assert.equal(body.user.role, 'commander');
  assert.equal(body.user.name, '梁志强');
  assert.equal(body.password, undefined);
  // the cookie is a working session
  const cookie = sc.split(';')[0];
  const me = await fetch(server.url + '/api/v1/me', { headers: { cookie } });
  assert.equal(me.status, 200);
  const mj = await me.json();
  assert.equal(mj.user.username, 'zhihui');
  assert.equal(mj.csrf_token, body.csrf_token);
});

test('wrong password is 401 with a Chinese message; Accept-Language: en gives English', async () => {
  const c = server.client();
  let r = await c.post('/api/v1/login', { username: 'zhihui2', password: 'Wrong2020' });
  const e = assertError(r, 401, 'bad_credentials');
  assert.ok(hasHan(e.message), `Chinese message expected: ${e.message}`);
  assert.equal(e.message, '用户名或密码错误');
  assert.equal(r.headers.get('set-cookie'), null);
  r = await c.post('/api/v1/login', { username: 'zhihui2', password: 'Wrong2020' }, { 'accept-language': 'en-US,en;q=0.9' });
  const e2 = assertError(r, 401, 'bad_credentials');
  assert.equal(e2.message, 'Wrong user name or password');
  // an unknown user gets the same answer as a wrong password
  r = await c.post('/api/v1/login', { username: 'nobody-here', password: 'Wrong2020' });
  assert.equal(assertError(r, 401, 'bad_credentials').message, '用户名或密码错误');
  // Chinese first even when English is listed second
  r = await c.post('/api/v1/login', { username: 'x' }, { 'accept-language': 'zh-CN,en;q=0.5' });
  assert.ok(hasHan(assertError(r, 400, 'bad_credentials', 'password').message));
  // the right password still works (two failures do not lock)
  r = await c.post('/api/v1/login', { username: 'zhihui2', password: DEMO_PASSWORD });
  assert.equal(r.status, 200);
});

test('five failures lock the account (423), even for the right password', async () => {
  const c = server.client();
  for (let i = 1; i <= 4; i++) {
    const r = await c.post('/api/v1/login', { username: 'hecha4', password: 'Wrong' + i + 'x' });
    assertError(r, 401, 'bad_credentials');
  }
  let r = await c.post('/api/v1/login', { username: 'hecha4', password: 'Wrong5x' });
  assertError(r, 423, 'account_locked');
  r = await c.post('/api/v1/login', { username: 'hecha4', password: DEMO_PASSWORD });
  const e = assertError(r, 423, 'account_locked');
  assert.ok(hasHan(e.message));
  assert.equal(r.headers.get('set-cookie'), null);
  // the lock shows in the users list and in the audit log
  const list = await admin.get('/api/v1/users');
  const u = list.body.items.find((x) => x.username === 'hecha4');
  assert.ok(u.locked_until > Math.floor(Date.now() / 1000) + 14 * 60, 'locked ~15 minutes');
  const au = await admin.get('/api/v1/audit?action=login.locked');
  assert.equal(au.status, 200);
  assert.ok(au.body.items.some((a) => a.entity_id === users.hecha4), 'login.locked audited');
  // an admin password reset unlocks
  r = await admin.put(`/api/v1/users/${users.hecha4}/password`, { password: 'Unlock2020' });
  assert.equal(r.status, 200);
  r = await c.post('/api/v1/login', { username: 'hecha4', password: 'Unlock2020' });
  assert.equal(r.status, 200);
});

test('after a lock expires, one more mistake does not lock again at once', { skip: !SQLITE3 && 'sqlite3 CLI not installed' }, async () => {
  const c = server.client();
  for (let i = 1; i <= 5; i++) await c.post('/api/v1/login', { username: 'guancha4', password: 'Wrong' + i + 'y' });
  assertError(await c.post('/api/v1/login', { username: 'guancha4', password: DEMO_PASSWORD }), 423, 'account_locked');
  // let the 15 minutes pass
  execFileSync(SQLITE3, [server.dbPath, "UPDATE users SET locked_until=unixepoch()-1 WHERE username='guancha4'"]);
  assertError(await c.post('/api/v1/login', { username: 'guancha4', password: 'Typo2020z' }), 401, 'bad_credentials');
  const r = await c.post('/api/v1/login', { username: 'guancha4', password: DEMO_PASSWORD });
  assert.equal(r.status, 200, r.text);
});

test('logout ends the session and clears the cookie', async () => {
  const c = await server.login('guancha1');
  assert.equal((await c.get('/api/v1/me')).status, 200);
  const cookie = c.cookie;
  const r = await c.post('/api/v1/logout');
  assert.equal(r.status, 200);
  assert.match(r.headers.get('set-cookie'), /fk_session=;.*Max-Age=0/);
  // the old cookie no longer works, even if a client keeps it
  const res = await fetch(server.url + '/api/v1/me', { headers: { cookie } });
  assert.equal(res.status, 401);
});

test('a disabled user cannot log in and their sessions end', async () => {
  const c = await server.login('guancha2');
  assert.equal((await c.get('/api/v1/persons?per_page=1')).status, 200);
  let r = await admin.patch(`/api/v1/users/${users.guancha2}`, { disabled: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.disabled, 1);
  assert.equal((await c.get('/api/v1/me')).status, 401);
  const l = await loginAs(server, 'guancha2', DEMO_PASSWORD);
  assertError(l.r, 403, 'account_disabled');
  assert.equal(l.r.headers.get('set-cookie'), null);
  // enabling again lets them in
  r = await admin.patch(`/api/v1/users/${users.guancha2}`, { disabled: false });
  assert.equal(r.status, 200);
  assert.equal((await loginAs(server, 'guancha2', DEMO_PASSWORD)).r.status, 200);
});

test('an admin can end all sessions of a user', async () => {
  const c1 = await server.login('guancha3');
  const c2 = await server.login('guancha3');
  let r = await admin.del(`/api/v1/users/${users.guancha3}/sessions`);
  assert.equal(r.status, 200);
  assert.equal(r.body.ended, 2);
  assert.equal((await c1.get('/api/v1/me')).status, 401);
  assert.equal((await c2.get('/api/v1/me')).status, 401);
  r = await admin.del('/api/v1/users/999999/sessions');
  assertError(r, 404, 'not_found');
  // the user can log in again
  assert.equal((await loginAs(server, 'guancha3', DEMO_PASSWORD)).r.status, 200);
});

test('password change: rules, wrong old password, success ends other sessions', async () => {
  const c = await server.login('hecha3');
  const other = await server.login('hecha3');
  let r = await c.put('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: 'ab1' });
  assertError(r, 422, 'password_short', 'new_password');
  r = await c.put('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: 'abcdefghij' });
  assertError(r, 422, 'password_weak', 'new_password');
  r = await c.put('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: '1234567890' });
  assertError(r, 422, 'password_weak', 'new_password');
  r = await c.put('/api/v1/me/password', { old_password: 'NotMine99', new_password: 'Better2021' });
  assertError(r, 422, 'password_wrong', 'old_password');
  r = await c.put('/api/v1/me/password', { old_password: DEMO_PASSWORD, new_password: 'Better2021' },
    { 'accept-language': 'en' });
  assert.equal(r.status, 200, r.text);
  assert.match(r.body.csrf_token, /^[0-9a-f]{32}$/);
  assert.match(r.headers.get('set-cookie'), /^fk_session=[A-Za-z0-9_-]{43};/);
  // this client got a new session; the other one ended
  assert.equal((await c.get('/api/v1/me')).status, 200);
  assert.equal((await other.get('/api/v1/me')).status, 401);
  assertError((await loginAs(server, 'hecha3', DEMO_PASSWORD)).r, 401, 'bad_credentials');
  assert.equal((await loginAs(server, 'hecha3', 'Better2021')).r.status, 200);
});

test('bearer tokens from the API work without CSRF; a session cookie is not a bearer token', async () => {
  let r = await admin.post(`/api/v1/users/${users.hecha1}/tokens`, { label: 'script', days: 2 });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.days, 2);
  const token = r.body.token;
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const auth = { authorization: 'Bearer ' + token };
  let res = await fetch(server.url + '/api/v1/me', { headers: auth });
  assert.equal(res.status, 200);
  assert.equal((await res.json()).user.username, 'hecha1');
  // unsafe method, no X-CSRF-Token: allowed for a bearer token
  res = await fetch(server.url + '/api/v1/persons', {
    method: 'POST', headers: { ...auth, 'content-type': 'application/json' },
    body: JSON.stringify({ name: '令牌测试', doc_number: uniqueId() }),
  });
  assert.equal(res.status, 201, await res.text());
  // role checks still apply to tokens (verifier is not admin)
  res = await fetch(server.url + '/api/v1/users', { headers: auth });
  assert.equal(res.status, 403);
  // a browser session token sent as a bearer token is refused
  const sessionToken = admin.cookie.replace('fk_session=', '');
  res = await fetch(server.url + '/api/v1/me', { headers: { authorization: 'Bearer ' + sessionToken } });
  assert.equal(res.status, 401);
  r = await admin.post('/api/v1/users/999999/tokens', {});
  assertError(r, 404, 'not_found');
});

test('bearer tokens from the CLI `user token` work while the server runs', async () => {
  const out = cli(['user', 'token', 'hecha2', '--db', server.dbPath, '--label', 'cli-test', '--days', '3']);
  assert.equal(out.code, 0, out.stderr);
  const token = out.stdout.trim();
  assert.match(token, /^[A-Za-z0-9_-]{43}$/);
  const res = await fetch(server.url + '/api/v1/persons?per_page=1', { headers: { authorization: 'bearer ' + token } });
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.items.length, 1);
  const del = await fetch(server.url + '/api/v1/logout', { method: 'POST', headers: { authorization: 'Bearer ' + token } });
  assert.equal(del.status, 200);
  const again = await fetch(server.url + '/api/v1/me', { headers: { authorization: 'Bearer ' + token } });
  assert.equal(again.status, 401);
  const bad = cli(['user', 'token', 'no-such-user', '--db', server.dbPath]);
  assert.notEqual(bad.code, 0);
});
