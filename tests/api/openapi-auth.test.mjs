// Walks /api/openapi.json: every route that is not explicitly public must
// refuse a request without a session, so a new route cannot forget auth.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, assertAlive } from './helpers.mjs';

let server;
let doc;
before(async () => {
  server = await startServer({ persons: 20 });
  const r = await fetch(server.url + '/api/openapi.json');
  assert.equal(r.status, 200);
  doc = await r.json();
});
after(async () => { await server.stop(); });

function operations() {
  const ops = [];
  for (const [path, item] of Object.entries(doc.paths))
    for (const [method, op] of Object.entries(item)) ops.push({ path, method: method.toUpperCase(), op });
  return ops;
}

test('openapi.json describes the API with paths and operations', () => {
  assert.equal(doc.openapi, '3.0.3');
  assert.ok(Object.keys(doc.paths).length >= 15, 'expected at least 15 paths');
  assert.ok(doc.paths['/api/v1/persons'].get, 'GET /api/v1/persons is described');
  assert.ok(doc.paths['/api/v1/persons'].post.requestBody, 'POST persons has a body schema');
  assert.equal(doc.paths['/api/v1/persons/{id}'].get.parameters[0].name, 'id');
});

test('the public routes are exactly login, healthz, metrics and openapi', () => {
  const pub = operations().filter(({ op }) => Array.isArray(op.security) && op.security.length === 0)
    .map(({ method, path }) => `${method} ${path}`).sort();
  assert.deepEqual(pub, [
    'GET /api/openapi.json', 'GET /healthz', 'GET /metrics', 'POST /api/v1/login',
  ]);
});

test('every other route answers 401 without a session', async () => {
  const ops = operations().filter(({ op }) => !(Array.isArray(op.security) && op.security.length === 0));
  assert.ok(ops.length >= 20, `expected at least 20 protected operations, got ${ops.length}`);
  for (const { method, path } of ops) {
    const url = server.url + path.replace(/\{[^}]+\}/g, '1');
    const init = { method, headers: {} };
    if (method !== 'GET' && method !== 'DELETE') {
      init.headers['content-type'] = 'application/json';
      init.body = '{}';
    }
    const res = await fetch(url, init);
    const body = await res.json().catch(() => null);
    assert.equal(res.status, 401, `${method} ${path} without a session: ${res.status}`);
    assert.equal(body?.error?.code, 'unauthorized', `${method} ${path}`);
  }
});

test('a garbage session cookie or bearer token is 401 too', async () => {
  let res = await fetch(server.url + '/api/v1/me', { headers: { cookie: 'fk_session=' + 'A'.repeat(43) } });
  assert.equal(res.status, 401);
  res = await fetch(server.url + '/api/v1/me', { headers: { authorization: 'Bearer ' + 'B'.repeat(43) } });
  assert.equal(res.status, 401);
  res = await fetch(server.url + '/api/v1/me', { headers: { authorization: 'Bearer ' } });
  assert.equal(res.status, 401);
  const r = await fetch(server.url + '/api/v1/persons', { headers: { cookie: 'fk_session=x' } });
  assertError({ status: r.status, body: await r.json(), text: '' }, 401, 'unauthorized');
});

test('the public routes answer without a session', async () => {
  for (const p of ['/healthz', '/metrics', '/api/openapi.json']) {
    const res = await fetch(server.url + p);
    assert.equal(res.status, 200, p);
  }
  await assertAlive(server);
});
