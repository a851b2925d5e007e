// Bad input: the dispatcher's answers to malformed, oversized or misdirected
// requests.  The server must answer each with a 4xx JSON error, stay up
// (healthz after each test) and exit cleanly (after(): stop() fails on a
// non-zero exit, e.g. a sanitizer report).
import { test, before, after, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, assertAlive, hasHan, rawRequest } from './helpers.mjs';

let server;
let admin;
before(async () => {
  server = await startServer({ persons: 20 });
  admin = await server.login();
});
afterEach(async () => { await assertAlive(server); });
after(async () => { await server.stop(); });

test('malformed JSON is 400 bad_json with the position in the message', async () => {
  let r = await admin.post('/api/v1/persons', '{"name": "张三",\n "sex": 1,\n "phone": }');
  let e = assertError(r, 400, 'bad_json');
  assert.match(e.message, /第 3 行第 11 列/);
  assert.ok(hasHan(e.message));
  r = await admin.post('/api/v1/persons', '{"name": "x",\n "sex": 1,\n "phone": }', { 'accept-language': 'en' });
  e = assertError(r, 400, 'bad_json');
  assert.match(e.message, /^Invalid JSON at line 3, column 11 \(byte \d+\)/);
  r = await admin.post('/api/v1/persons', '{"name": "x"');
  assert.match(assertError(r, 400, 'bad_json').message, /第 1 行第 \d+ 列/);
  for (const body of ['{"name":"x",}', 'null', '"str"', '{name: "x"}', '{"a":1}{', '{"name":"a","name":"b"}',
    '{"name":"a\\u0000b"}', '[' .repeat(10000), '{"sex": 1e400}', '{"sex": 99999999999999999999999}']) {
    assertError(await admin.post('/api/v1/persons', body), 400, 'bad_json');
  }
  // invalid UTF-8 inside a string
  r = await admin.post('/api/v1/persons', Buffer.from('{"name":"\xff\xfe"}', 'latin1'));
  assertError(r, 400, 'bad_json');
  // valid JSON that is not an object
  assertError(await admin.post('/api/v1/persons', '[1,2]'), 400, 'not_json_object');
  // login takes the same path (no session needed)
  const c = server.client();
  assertError(await c.post('/api/v1/login', '{"username":'), 400, 'bad_json');
});

test('unknown fields are 400 naming them', async () => {
  const before = (await admin.get('/api/v1/persons?per_page=1')).body.total;
  let r = await admin.post('/api/v1/persons', { name: '多余字段', id_number: '1', is_admin: true });
  const e = assertError(r, 400, 'unknown_field');
  assert.match(e.message, /id_number/);
  assert.match(e.message, /is_admin/);
  assert.equal(e.field, 'id_number, is_admin');
  r = await admin.patch('/api/v1/users/2', { role: 'viewer', password: 'Sneaky2020' }, { 'accept-language': 'en' });
  assert.equal(assertError(r, 400, 'unknown_field', 'password').message, 'Unknown fields: password');
  // a route that takes no fields
  r = await admin.post('/api/v1/persons/1/reveal', { anything: 1 });
  assertError(r, 400, 'unknown_field', 'anything');
  assert.equal((await admin.get('/api/v1/persons?per_page=1')).body.total, before);
  assert.equal((await admin.get('/api/v1/users')).body.items.find((u) => u.id === 2).role, 'commander');
});

test('a body over the route limit is 413', async () => {
  // login: 4 KB
  let r = await server.client().post('/api/v1/login', { username: 'admin', password: 'x'.repeat(5000) });
  assertError(r, 413, 'body_too_large');
  // persons: 16 KB
  r = await admin.post('/api/v1/persons', { name: 'x', notes: '备'.repeat(6000) });
  assertError(r, 413, 'body_too_large');
  // just under the limit is fine
  r = await admin.post('/api/v1/persons', { name: '备注长', notes: 'n'.repeat(900) });
  assert.equal(r.status, 201, r.text);
  // routes without a body: any body is too large
  r = await rawRequest(server.url, {
    method: 'GET', path: '/api/v1/me', body: 'hello',
    headers: { cookie: admin.cookie, 'content-length': '5' },
  });
  assertError(r, 413, 'body_too_large');
  // chunked, without Content-Length: counted as it arrives
  r = await rawRequest(server.url, {
    method: 'POST', path: '/api/v1/login', headers: { 'content-type': 'application/json' },
    chunks: ['{"username":"', 'a'.repeat(3000), 'b'.repeat(3000), '"}'],
  });
  assertError(r, 413, 'body_too_large');
  // a large body (1 MB) is refused as well
  r = await admin.post('/api/v1/persons', 'x'.repeat(1 << 20));
  assertError(r, 413, 'body_too_large');
  assert.ok(hasHan(r.body.error.message));
});

test('oversized headers are 431', async () => {
  let r = await rawRequest(server.url, { path: '/api/v1/me', headers: { 'x-big': 'a'.repeat(20 * 1024), cookie: admin.cookie } });
  assertError(r, 431, 'headers_too_large');
  const many = {};
  for (let i = 0; i < 300; i++) many['x-h' + i] = 'v'.repeat(50);
  r = await rawRequest(server.url, { path: '/healthz', headers: many });
  assertError(r, 431, 'headers_too_large');
  // beyond the connection's memory: answered by libmicrohttpd itself
  r = await rawRequest(server.url, { path: '/healthz', headers: { 'x-big': 'a'.repeat(100 * 1024) } });
  assert.equal(r.status, 431);
  // a URL beyond the connection's memory: 414 from libmicrohttpd
  r = await rawRequest(server.url, { path: '/api/v1/persons?q=' + 'a'.repeat(70 * 1024), headers: { cookie: admin.cookie } });
  assert.equal(r.status, 414);
  // a long URL within it reaches the handler, which refuses the long search
  r = await rawRequest(server.url, { path: '/api/v1/persons?q=' + 'a'.repeat(30 * 1024), headers: { cookie: admin.cookie } });
  assertError(r, 400, 'bad_query', 'q');
  // a normal request right after works
  r = await rawRequest(server.url, { path: '/api/v1/me', headers: { cookie: admin.cookie } });
  assert.equal(r.status, 200);
});

test('a wrong method is 405 with an Allow header', async () => {
  let r = await admin.del('/api/v1/persons');
  assertError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET, POST');
  r = await admin.put('/api/v1/persons/1', { name: 'x' });
  assertError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'GET, PATCH');
  r = await admin.get('/api/v1/login');
  assertError(r, 405, 'method_not_allowed');
  assert.equal(r.headers.get('allow'), 'POST');
  r = await rawRequest(server.url, { method: 'TRACE', path: '/api/v1/persons/1/reveal' });
  assert.equal(r.status, 405);
  assert.equal(r.headers.allow, 'POST');
  assert.equal(r.body.error.code, 'method_not_allowed');
  r = await server.client().raw('POST', '/healthz', '{}', { 'accept-language': 'en' });
  assert.equal(assertError(r, 405, 'method_not_allowed').message, 'Method not allowed');
});

test('an unknown /api route is 404 JSON', async () => {
  for (const p of ['/api/v1/nothing', '/api/v2/persons', '/api/', '/api/v1/persons/1/nothing', '/api/v1/persons/']) {
    const r = await admin.get(p);
    assertError(r, 404, 'not_found');
    assert.match(r.headers.get('content-type'), /^application\/json/);
  }
  // without a session too: 404, not 401 (the route does not exist)
  const r = await server.client().get('/api/v1/nothing');
  assertError(r, 404, 'not_found');
});

test('a non-integer or out-of-range path id is 404', async () => {
  for (const id of ['abc', '1.5', '-1', '0', '1e3', '0x10', '99999999999999999999', '%31%00', '1;drop']) {
    const r = await admin.get('/api/v1/persons/' + id);
    assertError(r, 404, 'not_found');
  }
  // an encoded NUL must not cut the path short (…/1%00/reveal is not …/1)
  assertError(await admin.get('/api/v1/persons/1%00/reveal'), 404, 'not_found');
  assertError(await admin.post('/api/v1/persons/1%00'), 404, 'not_found');
  assert.equal((await fetch(server.url + '/healthz%00x')).status, 404);
  assertError(await admin.patch('/api/v1/users/abc', { name: 'x' }), 404, 'not_found');
  assertError(await admin.get('/api/v1/persons/9223372036854775807'), 404, 'not_found');
});

test('wrong JSON types are 400 naming the field', async () => {
  assertError(await admin.post('/api/v1/persons', { name: 123 }), 400, 'type_string', 'name');
  assertError(await admin.post('/api/v1/persons', { name: ['x'] }), 400, 'type_string', 'name');
  assertError(await admin.post('/api/v1/persons', { name: 'x', sex: 'male' }), 400, 'type_integer', 'sex');
  assertError(await admin.post('/api/v1/persons', { name: 'x', sex: true }), 400, 'type_integer', 'sex');
  assertError(await admin.post('/api/v1/persons', { name: 'x', village_id: 1.5 }), 400, 'type_integer', 'village_id');
  assertError(await admin.post('/api/v1/persons', { name: 'x', phone: 13812345678 }), 400, 'type_string', 'phone');
  assertError(await admin.post('/api/v1/persons/merge', { into_id: '1', from_id: 2 }), 400, 'type_integer', 'into_id');
  assertError(await admin.patch('/api/v1/users/2', { disabled: 'yes' }), 400, 'invalid', 'disabled');
  assertError(await admin.post('/api/v1/villages', { name: '类型村', code: '440605126991', type: '村', aliases: 'abc' }), 400, 'invalid', 'aliases');
  assertError(await admin.post('/api/v1/villages', { name: '类型村', code: '440605126991', type: '村', aliases: [1] }), 400, 'type_string', 'aliases');
  assertError(await server.client().post('/api/v1/login', { username: 'admin', password: 2020 }), 400, 'type_string', 'password');
  assertError(await admin.put('/api/v1/me/password', { old_password: 1, new_password: 'x' }), 400, 'type_string', 'old_password');
  assertError(await admin.post('/api/v1/users/2/tokens', { days: '7' }), 400, 'type_integer', 'days');
  // none of those created anything
  const v = await admin.get('/api/v1/villages');
  assert.ok(!v.body.items.some((x) => x.name === '类型村'));
});

test('bad query parameters are 400; odd search text is harmless', async () => {
  assertError(await admin.get('/api/v1/persons?per_page=0'), 400, 'bad_query', 'per_page');
  assertError(await admin.get('/api/v1/persons?per_page=99999999999999999999999'), 400, 'bad_query', 'per_page');
  assertError(await admin.get('/api/v1/audit?from=yesterday'), 400, 'bad_query', 'from');
  assertError(await admin.get('/api/v1/persons?q=' + encodeURIComponent('陈'.repeat(40))), 400, 'bad_query', 'q');
  for (const q of ['%FF%FE', encodeURIComponent("'; DROP TABLE persons; --"), encodeURIComponent('"\\'), '%E9%99']) {
    const r = await admin.get('/api/v1/persons?q=' + q);
    assert.equal(r.status, 200, q);
    assert.equal(r.body.total, 0, q);
  }
  assert.ok((await admin.get('/api/v1/persons')).body.total >= 20);
});

test('login without fields is 400 naming the missing one', async () => {
  const c = server.client();
  assertError(await c.post('/api/v1/login', {}), 400, 'bad_credentials', 'username');
  assertError(await c.post('/api/v1/login', { username: 'admin' }), 400, 'bad_credentials', 'password');
  assertError(await c.post('/api/v1/login', ''), 400, 'bad_credentials', 'username');
});

test('non-API paths that do not exist are 404', async () => {
  const r = await fetch(server.url + '/no/such/file.js');
  assert.equal(r.status, 404);
  const root = await fetch(server.url + '/');
  assert.equal(root.status, 200);
  assert.match(root.headers.get('content-type'), /text\/html/);
});

test('every answer carries the security headers and a trace id', async () => {
  const r = await admin.get('/api/v1/persons/abc');
  assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
  assert.equal(r.headers.get('x-frame-options'), 'DENY');
  assert.match(r.headers.get('content-security-policy'), /frame-ancestors 'none'/);
  assert.match(r.headers.get('x-trace-id'), /^[0-9a-f]{16}$/);
  assert.equal(r.headers.get('cache-control'), 'no-store');
});
