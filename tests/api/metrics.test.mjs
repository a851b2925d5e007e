// /metrics (Prometheus text) and /healthz.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer } from './helpers.mjs';

let server;
before(async () => { server = await startServer({ persons: 20 }); });
after(async () => { await server.stop(); });

async function metrics() {
  const res = await fetch(server.url + '/metrics');
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type'), /^text\/plain; version=0\.0\.4/);
  return res.text();
}

function value(text, series) {
  const line = text.split('\n').find((l) => l.startsWith(series + ' '));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

test('/healthz answers 200 with status, version and schema', async () => {
  const res = await fetch(server.url + '/healthz');
  assert.equal(res.status, 200);
  const j = await res.json();
  assert.equal(j.status, 'ok');
  assert.match(j.version, /^\d+\.\d+\.\d+/);
  assert.ok(Number.isInteger(j.schema) && j.schema >= 1);
});

test('requests are counted by route and status', async () => {
  const c = server.client();
  await c.post('/api/v1/login', { username: 'admin', password: 'Wrong2020x' });
  await c.post('/api/v1/login', { username: 'admin', password: 'Wrong2020y' });
  const admin = await server.login();
  await admin.get('/api/v1/persons/424242');
  const m = await metrics();
  assert.match(m, /# TYPE fangkong_http_requests_total counter/);
  assert.equal(value(m, 'fangkong_http_requests_total{route="POST /api/v1/login",status="401"}'), 2);
  assert.equal(value(m, 'fangkong_http_requests_total{route="POST /api/v1/login",status="200"}'), 1);
  assert.equal(value(m, 'fangkong_http_requests_total{route="GET /api/v1/persons/{id}",status="404"}'), 1);
  // requests outside the API table are counted apart
  await fetch(server.url + '/no-such-page.txt');
  const m2 = await metrics();
  assert.ok(value(m2, 'fangkong_http_requests_total{route="static",status="404"}') >= 1);
});

test('the latency histogram is cumulative and matches the count', async () => {
  const m = await metrics();
  assert.match(m, /# TYPE fangkong_http_request_duration_seconds histogram/);
  const buckets = [...m.matchAll(/^fangkong_http_request_duration_seconds_bucket\{le="([^"]+)"\} (\d+)$/gm)]
    .map((x) => [x[1], Number(x[2])]);
  assert.ok(buckets.length >= 5);
  assert.equal(buckets.at(-1)[0], '+Inf');
  for (let i = 1; i < buckets.length; i++) {
    assert.ok(buckets[i][1] >= buckets[i - 1][1], 'cumulative');
    if (buckets[i][0] !== '+Inf') assert.ok(Number(buckets[i][0]) > Number(buckets[i - 1][0]), 'bounds rise');
  }
  const count = value(m, 'fangkong_http_request_duration_seconds_count');
  assert.equal(count, buckets.at(-1)[1]);
  assert.ok(count >= 5, `count ${count}`);
  assert.ok(value(m, 'fangkong_http_request_duration_seconds_sum') > 0);
});

test('open sessions follow logins and logouts', async () => {
  const before = value(await metrics(), 'fangkong_sessions_open');
  assert.ok(Number.isInteger(before));
  const a = await server.login('zhihui');
  const b = await server.login('hecha1');
  assert.equal(value(await metrics(), 'fangkong_sessions_open'), before + 2);
  await a.post('/api/v1/logout');
  assert.equal(value(await metrics(), 'fangkong_sessions_open'), before + 1);
  await b.post('/api/v1/logout');
  assert.equal(value(await metrics(), 'fangkong_sessions_open'), before);
});

test('the database size is reported in bytes', async () => {
  const m = await metrics();
  assert.match(m, /# TYPE fangkong_db_size_bytes gauge/);
  const size = value(m, 'fangkong_db_size_bytes');
  assert.ok(size >= 16 * 4096, `size ${size}`);
  assert.equal(size % 512, 0, 'whole pages');
});
