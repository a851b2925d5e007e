// The per-address login limit: 30 failures within 15 minutes from one
// address refuse further attempts from it (429), even with a right password.
// Its own file and server: every test connects from 127.0.0.1.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD, assertError, hasHan, rawRequest } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ persons: 10 }); });
after(async () => { await server.stop(); });

const login = (username, password, headers = {}) =>
  fetch(server.url + '/api/v1/login', {
    method: 'POST', headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ username, password }),
  }).then(async (res) => ({ status: res.status, body: await res.json(), text: '' }));

test('30 failures from one address give 429, even for a right password', async () => {
  // unknown user names: no account gets locked, only the address counts
  for (let i = 0; i < 30; i += 5) {
    const batch = [];
    for (let k = i; k < i + 5; k++) batch.push(login(`ghost${k}`, 'Nope2020x'));
    for (const r of await Promise.all(batch)) assertError(r, 401, 'bad_credentials');
  }
  let r = await login('admin', DEMO_PASSWORD);
  const e = assertError(r, 429, 'too_many_attempts');
  assert.ok(hasHan(e.message));
  r = await login('admin', DEMO_PASSWORD, { 'accept-language': 'en' });
  assert.equal(assertError(r, 429, 'too_many_attempts').message,
    'Too many failed logins from this address, try later');
});

test('the limit is per address: another loopback address still logs in', async () => {
  const r = await rawRequest(server.url, {
    method: 'POST', path: '/api/v1/login', localAddress: '127.0.0.2',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.user.username, 'admin');
  // and the account itself was never locked by the address limit
  const cookie = r.headers['set-cookie'][0].split(';')[0];
  const users = await fetch(server.url + '/api/v1/users', { headers: { cookie } }).then((x) => x.json());
  assert.equal(users.items.find((u) => u.username === 'admin').locked_until, 0);
});

test('existing sessions from the limited address keep working', async () => {
  const r = await rawRequest(server.url, {
    method: 'POST', path: '/api/v1/login', localAddress: '127.0.0.3',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'zhihui', password: DEMO_PASSWORD }),
  });
  assert.equal(r.status, 200);
  const cookie = r.headers['set-cookie'][0].split(';')[0];
  // from 127.0.0.1 (limited for logins) the session is still accepted
  const me = await fetch(server.url + '/api/v1/me', { headers: { cookie } });
  assert.equal(me.status, 200);
  assert.equal((await me.json()).user.username, 'zhihui');
});
