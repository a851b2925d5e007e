// The audit log: rows for changes and reveals, the admin list with filters,
// and the hash chain checked by `fangkong audit verify` — intact after real
// changes, broken (exit 3, first bad row id) after tampering.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { startServer, cli, assertError, uniqueId } from './helpers.mjs';

const SQLITE3 = ['/usr/bin/sqlite3', '/usr/local/bin/sqlite3'].find((p) => existsSync(p));

let server;
let admin;
let personId;
before(async () => {
  server = await startServer({ persons: 40 });
  admin = await server.login();
  // some audited changes
  const p = await admin.post('/api/v1/persons', { name: '审计对象', doc_number: uniqueId(), phone: '13500000001' });
  assert.equal(p.status, 201, p.text);
  personId = p.body.id;
  assert.equal((await admin.patch(`/api/v1/persons/${personId}`, { notes: '改过' })).status, 200);
  assert.equal((await admin.post(`/api/v1/persons/${personId}/reveal`)).status, 200);
  const u = await admin.post('/api/v1/users', { username: 'audit_u', role: 'viewer' });
  assert.equal(u.status, 201);
  assert.equal((await admin.patch(`/api/v1/users/${u.body.id}`, { role: 'observer' })).status, 200);
});
after(async () => { await server.stop(); });

function sqlite(db, sql, opts = []) {
  return execFileSync(SQLITE3, [...opts, db, sql], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

// A consistent copy of the live database (WAL included) to tamper with.
function copyDb(name) {
  const copy = join(server.dir, name);
  sqlite(server.dbPath, `.backup '${copy}'`);
  return copy;
}

test('changes and reveals write audit rows with who, role, address and action', async () => {
  const r = await admin.get(`/api/v1/audit?q=${personId}&per_page=50`);
  assert.equal(r.status, 200);
  const mine = r.body.items.filter((a) => a.entity === 'person' && a.entity_id === personId);
  assert.deepEqual(mine.map((a) => a.action), ['person.reveal', 'person.update', 'person.create']);
  for (const a of mine) {
    assert.equal(a.username, 'admin');
    assert.equal(a.role, 'admin');
    assert.equal(a.user_id, 1);
    assert.equal(a.addr, '127.0.0.1');
    assert.ok(Math.abs(a.at - Date.now() / 1000) < 300, 'at is now (UTC seconds)');
  }
  assert.deepEqual(mine[1].detail.fields, ['notes']);
  assert.ok(!JSON.stringify(r.body).includes('13500000001'), 'no personal values in the log');
  const users = await admin.get('/api/v1/audit?action=user');
  const actions = users.body.items.map((a) => a.action);
  assert.ok(actions.includes('user.create'));
  assert.ok(actions.includes('user.update'));
  for (const a of actions) assert.match(a, /^user\./);
});

test('the audit list filters by action, user and time, and pages', async () => {
  const all = await admin.get('/api/v1/audit?per_page=5');
  assert.equal(all.body.items.length, 5);
  assert.ok(all.body.total > 40, 'demo persons are audited too');
  const ids = all.body.items.map((a) => a.id);
  assert.deepEqual(ids, [...ids].sort((a, b) => b - a), 'newest first');
  const p2 = await admin.get('/api/v1/audit?per_page=5&page=2');
  assert.equal(p2.body.items[0].id, ids[4] - 1);
  const byUser = await admin.get('/api/v1/audit?user_id=1&per_page=100');
  assert.ok(byUser.body.total >= 5);
  for (const a of byUser.body.items) assert.equal(a.user_id, 1);
  const exact = await admin.get('/api/v1/audit?action=person.reveal');
  assert.equal(exact.body.total, 1);
  const future = await admin.get(`/api/v1/audit?from=${Math.floor(Date.now() / 1000) + 3600}`);
  assert.equal(future.body.total, 0);
  const past = await admin.get('/api/v1/audit?to=1000');
  assert.equal(past.body.total, 0);
  assertError(await admin.get('/api/v1/audit?user_id=x'), 400, 'bad_query', 'user_id');
});

test('concurrent audited writes from several clients keep one chain', async () => {
  const v = await server.login('hecha1'); // the login itself is audited
  const before = (await admin.get('/api/v1/audit?per_page=1')).body.total;
  const jobs = [];
  for (let i = 0; i < 20; i++) {
    jobs.push(admin.post(`/api/v1/persons/${1 + (i % 10)}/reveal`));
    jobs.push(v.post('/api/v1/persons', { name: '并发' + i, doc_number: uniqueId() }));
  }
  const res = await Promise.all(jobs);
  for (const r of res) assert.ok(r.status === 200 || r.status === 201, `${r.status} ${r.text}`);
  const total = (await admin.get('/api/v1/audit?per_page=1')).body.total;
  assert.equal(total, before + 40);
  const r = cli(['audit', 'verify', '--db', server.dbPath]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
});

test('`fangkong audit verify` reports an intact chain while the server runs', async () => {
  const total = (await admin.get('/api/v1/audit?per_page=1')).body.total;
  const r = cli(['audit', 'verify', '--db', server.dbPath]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`审计日志完整：${total} 条记录`));
});

test('the audit table refuses UPDATE and DELETE (append-only)', { skip: !SQLITE3 && 'sqlite3 CLI not installed' }, async () => {
  const copy = copyDb('appendonly.db');
  assert.throws(() => sqlite(copy, "UPDATE audit SET detail='{}' WHERE id=3"), /append-only/);
  assert.throws(() => sqlite(copy, 'DELETE FROM audit WHERE id=3'), /append-only/);
});

test('a modified row breaks the chain: verify exits 3 naming that row', { skip: !SQLITE3 && 'sqlite3 CLI not installed' }, async () => {
  const rows = await admin.get('/api/v1/audit?action=person.update');
  const target = rows.body.items[0].id;
  const copy = copyDb('tampered.db');
  sqlite(copy, `DROP TRIGGER audit_no_update; UPDATE audit SET detail='{"fields":["name"]}' WHERE id=${target};`);
  const r = cli(['audit', 'verify', '--db', copy]);
  assert.equal(r.code, 3, r.stdout + r.stderr);
  assert.match(r.stdout, new RegExp(`第 ${target} 条记录处断裂`));
  // the live database is unaffected
  assert.equal(cli(['audit', 'verify', '--db', server.dbPath]).code, 0);
});

test('a deleted row breaks the chain at the next row', { skip: !SQLITE3 && 'sqlite3 CLI not installed' }, async () => {
  const copy = copyDb('deleted.db');
  sqlite(copy, 'DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE id=10;');
  const r = cli(['audit', 'verify', '--db', copy]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /第 11 条记录处断裂/);
});

test('a row rewritten with a recomputed own hash still breaks the link to the next', { skip: !SQLITE3 && 'sqlite3 CLI not installed' }, async () => {
  // the forger changes who did it and recomputes that row's hash the way the
  // server does; the next row's prev_hash then no longer matches
  const copy = copyDb('rewritten.db');
  const [row] = JSON.parse(sqlite(copy, 'SELECT * FROM audit WHERE id=5;', ['-json']));
  const canon = (r) => [r.prev_hash, r.at, r.user_id ?? 0, r.username, r.role, r.addr, r.action,
    r.entity, r.entity_id ?? 0, r.detail, r.trace].join('\x1f');
  const sha = (t) => createHash('sha256').update(t, 'utf8').digest('hex');
  assert.equal(sha(canon(row)), row.hash, 'the test computes hashes as the server does');
  const forged = { ...row, username: 'someone' };
  sqlite(copy, `DROP TRIGGER audit_no_update; UPDATE audit SET username='someone', hash='${sha(canon(forged))}' WHERE id=5;`);
  const r = cli(['audit', 'verify', '--db', copy]);
  assert.equal(r.code, 3);
  assert.match(r.stdout, /第 6 条记录处断裂/);
  // a plain edit without the new hash is caught at the row itself
  const copy2 = copyDb('edited.db');
  sqlite(copy2, "DROP TRIGGER audit_no_update; UPDATE audit SET username='someone' WHERE id=5;");
  assert.match(cli(['audit', 'verify', '--db', copy2]).stdout, /第 5 条记录处断裂/);
});

test('the demo records nothing later than its "now", even when made before 09:00', { skip: !SQLITE3 && 'sqlite3 CLI not installed' }, () => {
  // 2020-02-10 07:30 China time: observations whose period ended yesterday
  // are released "the morning after" — which has not come yet
  const now = Date.UTC(2020, 1, 9, 23, 30) / 1000;
  const db = join(server.dir, 'demo-early.db');
  const r = cli(['demo', '--db', db, '--persons', '400'], { env: { FANGKONG_NOW: String(now) } });
  assert.equal(r.code, 0, r.stderr);
  const released = Number(sqlite(db, "SELECT count(*) FROM audit WHERE action='observation.release'").trim());
  assert.ok(released > 0, 'the demo releases some');
  assert.equal(sqlite(db, `SELECT count(*) FROM audit WHERE at > ${now}`).trim(), '0');
});
