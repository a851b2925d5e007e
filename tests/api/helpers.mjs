// Shared helpers for the API tests (not a test file itself: the runner
// picks up *.test.mjs only).
import http from 'node:http';
import assert from 'node:assert/strict';

export { DEMO_PASSWORD, startServer, serve, bearer, clientId, cli, client, binary } from '../lib/server.mjs';

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];

// GB 11643 check character for 17 digits.
export function checkChar(first17) {
  let s = 0;
  for (let i = 0; i < 17; i++) s += Number(first17[i]) * W[i];
  return '10X98765432'[s % 11];
}

// A valid 18-character ID: region (6), birth YYYYMMDD, 3-digit sequence
// (odd last digit = male).
export function makeId(region, birth, seq) {
  const first = `${region}${birth}${String(seq).padStart(3, '0')}`;
  return first + checkChar(first);
}

// A different (wrong) check character for the same 17 digits.
export function wrongCheck(id) {
  const good = id[17];
  const bad = good === '1' ? '2' : '1';
  return id.slice(0, 17) + bad;
}

// A 17-digit unique-ish sequence so parallel test files never collide.
let seqCounter = 0;
export function uniqueId(region = '440605', sexOdd = true) {
  seqCounter++;
  const n = (process.pid * 7 + seqCounter * 13 + Date.now()) % 500;
  const seq = n * 2 + (sexOdd ? 1 : 0);
  const year = 1950 + (seqCounter % 50);
  const month = String(1 + (seqCounter % 12)).padStart(2, '0');
  const day = String(1 + ((process.pid + seqCounter) % 28)).padStart(2, '0');
  return makeId(region, `${year}${month}${day}`, seq);
}

// Assert the DESIGN.md error shape and return the error object.
export function assertError(r, status, code, field) {
  assert.equal(r.status, status, `expected ${status}, got ${r.status}: ${r.text}`);
  assert.ok(r.body && r.body.error, `error body expected: ${r.text}`);
  assert.equal(r.body.error.code, code, r.text);
  assert.equal(typeof r.body.error.message, 'string');
  assert.ok(r.body.error.message.length > 0);
  if (field !== undefined) assert.equal(r.body.error.field, field, r.text);
  return r.body.error;
}

export const hasHan = (s) => /[\u4e00-\u9fff]/.test(s);

// A raw HTTP request through node:http (for what fetch cannot do: oversized
// or odd headers, chunked bodies, a chosen local address).
export function rawRequest(url, { method = 'GET', path = '/', headers = {}, body, chunks,
  localAddress } = {}) {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({
      host: u.hostname, port: u.port, method, path, headers, localAddress,
      agent: false, maxHeaderSize: 65536,
    }, (res) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', (d) => { data += d; });
      res.on('end', () => {
        let json = null;
        try { json = JSON.parse(data); } catch { /* not JSON */ }
        resolve({ status: res.statusCode, headers: res.headers, text: data, body: json });
      });
    });
    req.on('error', reject);
    if (chunks) {
      for (const c of chunks) req.write(c);
      req.end();
    } else {
      req.end(body);
    }
  });
}

// healthz must still answer 200 (the server stays up after bad input).
export async function assertAlive(server) {
  const r = await fetch(server.url + '/healthz');
  assert.equal(r.status, 200);
  const j = await r.json();
  assert.equal(j.status, 'ok');
}

// Log in and return the client plus the user object of the login answer.
export async function loginAs(server, username, password) {
  const c = server.client();
  const r = await c.post('/api/v1/login', { username, password });
  return { c, r };
}
