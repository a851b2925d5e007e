// A village worker sees and edits only persons of their own village; other
// villages' persons answer 404 (not 403), so their existence does not leak.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, assertError, uniqueId } from './helpers.mjs';

let server;
let admin;
let cun; // cun_shayong (village worker of 沙涌社区)
let home; // 沙涌社区's id
let otherVillage; // 草场社区's id
let foreign; // a person of another village
let own; // a person of 沙涌社区
before(async () => {
  server = await startServer({ persons: 300 });
  admin = await server.login();
  const v = await admin.get('/api/v1/villages');
  home = v.body.items.find((x) => x.name === '沙涌社区').id;
  otherVillage = v.body.items.find((x) => x.name === '草场社区').id;
  cun = await server.login('cun_shayong');
  const all = await admin.get('/api/v1/persons?per_page=500');
  foreign = all.body.items.find((p) => p.village_id && p.village_id !== home);
  own = all.body.items.find((p) => p.village_id === home);
  assert.ok(foreign && own, 'demo has persons in and outside 沙涌社区');
});
after(async () => { await server.stop(); });

test('the village worker is bound to 沙涌社区', async () => {
  const me = await cun.get('/api/v1/me');
  assert.equal(me.body.user.role, 'village');
  assert.equal(me.body.user.village_id, home);
  assert.equal(me.body.user.village_name, '沙涌社区');
});

test('the list shows only persons of their village, with the right total', async () => {
  const r = await cun.get('/api/v1/persons?per_page=500');
  assert.equal(r.status, 200);
  assert.ok(r.body.items.length > 0);
  for (const p of r.body.items) assert.equal(p.village_id, home, `person ${p.id} of village ${p.village_id}`);
  const adminView = await admin.get(`/api/v1/persons?village=${home}&per_page=500`);
  assert.equal(r.body.total, adminView.body.total);
  assert.ok(r.body.total < (await admin.get('/api/v1/persons')).body.total);
  // asking for another village gives nothing rather than that village
  const other = await cun.get(`/api/v1/persons?village=${foreign.village_id}`);
  assert.equal(other.status, 200);
  assert.equal(other.body.total, 0);
  assert.deepEqual(other.body.items, []);
  // a search cannot reach outside either
  const byName = await cun.get('/api/v1/persons?q=' + encodeURIComponent(foreign.name) + '&per_page=500');
  assert.ok(!byName.body.items.some((p) => p.id === foreign.id));
});

test('GET, PATCH and reveal of another village\'s person are 404, not 403', async () => {
  assertError(await cun.get(`/api/v1/persons/${foreign.id}`), 404, 'not_found');
  assertError(await cun.patch(`/api/v1/persons/${foreign.id}`, { notes: '越权修改' }), 404, 'not_found');
  assertError(await cun.post(`/api/v1/persons/${foreign.id}/reveal`), 404, 'not_found');
  // the same answer as for a person that does not exist
  const none = await cun.get('/api/v1/persons/987654');
  assert.deepEqual(none.body, (await cun.get(`/api/v1/persons/${foreign.id}`)).body);
  // nothing changed, nothing revealed
  const p = await admin.get(`/api/v1/persons/${foreign.id}`);
  assert.equal(p.body.notes, foreign.notes);
  const au = await admin.get('/api/v1/audit?action=person.reveal&q=cun_shayong');
  assert.equal(au.body.total, 0);
});

test('their own village\'s persons can be read, edited and revealed', async () => {
  const g = await cun.get(`/api/v1/persons/${own.id}`);
  assert.equal(g.status, 200);
  assert.equal(g.body.village_name, '沙涌社区');
  const u = await cun.patch(`/api/v1/persons/${own.id}`, { notes: '已上门核实' });
  assert.equal(u.status, 200, u.text);
  assert.equal(u.body.notes, '已上门核实');
  const rv = await cun.post(`/api/v1/persons/${own.id}/reveal`);
  assert.equal(rv.status, 200);
  assert.match(rv.body.doc_number, /^\d{17}[\dX]$/);
});

test('they cannot move a person to another village', async () => {
  const r = await cun.patch(`/api/v1/persons/${own.id}`, { village_id: otherVillage });
  assertError(r, 422, 'village', 'village_id');
  assert.equal((await admin.get(`/api/v1/persons/${own.id}`)).body.village_id, home);
});

test('they cannot take a person out of their village with a null or 0 village', async () => {
  for (const v of [null, 0]) {
    const r = await cun.patch(`/api/v1/persons/${own.id}`, { village_id: v });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.village_id, home);
    assert.equal((await cun.get(`/api/v1/persons/${own.id}`)).status, 200);
  }
  const c = await cun.post('/api/v1/persons', { name: '无村人', doc_number: uniqueId(), village_id: null });
  assert.equal(c.status, 201, c.text);
  assert.equal(c.body.village_id, home);
  // an admin may leave a person without a village
  const a = await admin.post('/api/v1/persons', { name: '镇级人员', doc_number: uniqueId(), village_id: null });
  assert.equal(a.status, 201);
  assert.equal(a.body.village_id, null);
  assertError(await cun.get(`/api/v1/persons/${a.body.id}`), 404, 'not_found');
});

test('creating a person in another village is 422; without a village it goes to theirs', async () => {
  let r = await cun.post('/api/v1/persons', { name: '外村人', doc_number: uniqueId(), village_id: otherVillage });
  assertError(r, 422, 'village', 'village_id');
  r = await cun.post('/api/v1/persons', { name: '本村人', doc_number: uniqueId() });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.village_id, home);
  r = await cun.post('/api/v1/persons', { name: '本村人二', doc_number: uniqueId(), village_id: home });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.village_id, home);
});

test('a duplicate from another village is 409 without that person\'s id', async () => {
  const rv = await admin.post(`/api/v1/persons/${foreign.id}/reveal`);
  let r = await cun.post('/api/v1/persons', { name: '重复', doc_number: rv.body.doc_number });
  assertError(r, 409, 'duplicate_doc', 'doc_number');
  assert.equal(r.body.error.existing_id, undefined, 'existing_id leaks a person of another village');
  // changing an own person's number to it: the same
  r = await cun.patch(`/api/v1/persons/${own.id}`, { doc_number: rv.body.doc_number });
  assertError(r, 409, 'duplicate_doc', 'doc_number');
  assert.equal(r.body.error.existing_id, undefined);
  // a duplicate inside their own village does give the id
  const mine = await cun.post(`/api/v1/persons/${own.id}/reveal`);
  r = await cun.post('/api/v1/persons', { name: '重复', doc_number: mine.body.doc_number });
  assertError(r, 409, 'duplicate_doc', 'doc_number');
  assert.equal(r.body.error.existing_id, own.id);
});
