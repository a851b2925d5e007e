// User administration (admin only) and village administration.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, DEMO_PASSWORD, assertError, loginAs, cli } from './helpers.mjs';

let server;
let admin;
let villages; // name -> id
before(async () => {
  server = await startServer({ persons: 20 });
  admin = await server.login();
  const v = await admin.get('/api/v1/villages');
  villages = Object.fromEntries(v.body.items.map((x) => [x.name, x.id]));
});
after(async () => { await server.stop(); });

test('create returns a generated password once, and it logs in', async () => {
  const r = await admin.post('/api/v1/users', { username: 'new.observer', name: '新观察员', role: 'observer' });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.username, 'new.observer');
  assert.equal(r.body.name, '新观察员');
  assert.equal(r.body.role, 'observer');
  assert.equal(r.body.disabled, 0);
  assert.match(r.body.password, /^[A-Za-z2-9]{12}$/);
  assert.match(r.body.password, /[A-Za-z]/);
  assert.match(r.body.password, /[0-9]/);
  assert.equal(r.body.pw_hash, undefined);
  // shown once: not in the list, not in the audit log
  const list = await admin.get('/api/v1/users');
  const u = list.body.items.find((x) => x.id === r.body.id);
  assert.equal(u.password, undefined);
  assert.equal(u.pw_hash, undefined);
  assert.equal(u.role_label, '医学观察组');
  const au = await admin.get('/api/v1/audit?action=user.create');
  assert.ok(au.body.items.some((a) => a.entity_id === r.body.id));
  assert.ok(!JSON.stringify(au.body).includes(r.body.password));
  const l = await loginAs(server, 'new.observer', r.body.password);
  assert.equal(l.r.status, 200);
  assert.equal(l.r.body.user.role, 'observer');
  // an admin-given password is not echoed
  const p = await admin.post('/api/v1/users', { username: 'given_pw', role: 'viewer', password: 'Given2020pw' });
  assert.equal(p.status, 201);
  assert.equal(p.body.password, undefined);
  assert.equal((await loginAs(server, 'given_pw', 'Given2020pw')).r.status, 200);
});

test('create validates username, role, binding and password', async () => {
  assertError(await admin.post('/api/v1/users', { username: 'v1', role: 'village' }), 422, 'role_binding', 'village_id');
  assertError(await admin.post('/api/v1/users', { username: 'v2', role: 'village', village_id: 99999 }), 422, 'village', 'village_id');
  assertError(await admin.post('/api/v1/users', { username: 'x', role: 'viewer' }), 422, 'username', 'username');
  assertError(await admin.post('/api/v1/users', { username: 'has space', role: 'viewer' }), 422, 'username', 'username');
  assertError(await admin.post('/api/v1/users', { username: '用户', role: 'viewer' }), 422, 'username', 'username');
  assertError(await admin.post('/api/v1/users', { role: 'viewer' }), 422, 'username', 'username');
  assertError(await admin.post('/api/v1/users', { username: 'r1', role: 'superuser' }), 422, 'role', 'role');
  assertError(await admin.post('/api/v1/users', { username: 'p1', role: 'viewer', password: 'short1' }), 422, 'password_short', 'password');
  assertError(await admin.post('/api/v1/users', { username: 'p2', role: 'viewer', password: 'onlyletters' }), 422, 'password_weak', 'password');
  assertError(await admin.post('/api/v1/users', { username: 'abcd1234', role: 'viewer', password: 'abcd1234' }), 422, 'password_username', 'password');
  assertError(await admin.post('/api/v1/users', { username: 'zhihui', role: 'viewer' }), 409, 'user_exists', 'username');
  // none of them exists
  const names = (await admin.get('/api/v1/users')).body.items.map((u) => u.username);
  for (const n of ['v1', 'v2', 'r1', 'p1', 'p2', 'abcd1234']) assert.ok(!names.includes(n), n);
  // a village user with a village works
  const r = await admin.post('/api/v1/users', { username: 'cun_new', name: '新村干', role: 'village', village_id: villages['草场社区'] });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.village_id, villages['草场社区']);
  assert.equal(r.body.village_name, '草场社区');
});

test('updating the role takes effect on existing sessions', async () => {
  const created = await admin.post('/api/v1/users', { username: 'promote_me', role: 'viewer' });
  const { c } = await loginAs(server, 'promote_me', created.body.password);
  assertError(await c.get('/api/v1/persons'), 403, 'forbidden');
  let r = await admin.patch(`/api/v1/users/${created.body.id}`, { role: 'verifier', name: '升级者' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.role, 'verifier');
  assert.equal(r.body.name, '升级者');
  assert.equal((await c.get('/api/v1/persons?per_page=1')).status, 200);
  assert.equal((await c.get('/api/v1/me')).body.user.role, 'verifier');
  // to village: needs a village; then back to commander drops the binding
  assertError(await admin.patch(`/api/v1/users/${created.body.id}`, { role: 'village' }), 422, 'role_binding', 'village_id');
  r = await admin.patch(`/api/v1/users/${created.body.id}`, { role: 'village', village_id: villages['沙涌社区'] });
  assert.equal(r.status, 200);
  assert.equal(r.body.village_name, '沙涌社区');
  const scoped = await c.get('/api/v1/persons?per_page=100');
  for (const p of scoped.body.items) assert.equal(p.village_id, villages['沙涌社区']);
  r = await admin.patch(`/api/v1/users/${created.body.id}`, { role: 'commander' });
  assert.equal(r.status, 200);
  assert.equal(r.body.village_id, null);
  assertError(await admin.patch(`/api/v1/users/${created.body.id}`, { role: 'nobody' }), 422, 'role', 'role');
  assertError(await admin.patch('/api/v1/users/99999', { role: 'viewer' }), 404, 'not_found');
  const au = await admin.get(`/api/v1/audit?action=user.update&q=${created.body.id}`);
  assert.ok(au.body.items.some((a) => a.entity_id === created.body.id && a.detail.fields.includes('role')));
});

test('an admin cannot disable or demote themselves', async () => {
  assertError(await admin.patch('/api/v1/users/1', { disabled: true }), 409, 'self_lockout');
  assertError(await admin.patch('/api/v1/users/1', { role: 'viewer' }), 409, 'self_lockout');
  const me = await admin.get('/api/v1/me');
  assert.equal(me.status, 200);
  assert.equal(me.body.user.role, 'admin');
});

test('disable ends sessions and is audited', async () => {
  const { c } = await loginAs(server, 'kakou2', DEMO_PASSWORD);
  const id = (await c.get('/api/v1/me')).body.user.id;
  const r = await admin.patch(`/api/v1/users/${id}`, { disabled: true });
  assert.equal(r.status, 200);
  assert.equal(r.body.disabled, 1);
  assert.equal(r.body.sessions, 0);
  assert.equal((await c.get('/api/v1/me')).status, 401);
  const au = await admin.get('/api/v1/audit?action=user.disable');
  assert.equal(au.body.items[0].entity_id, id);
  // a token issued to a disabled user does not work either
  const t = await admin.post(`/api/v1/users/${id}/tokens`, {});
  if (t.status === 201) {
    const res = await fetch(server.url + '/api/v1/me', { headers: { authorization: 'Bearer ' + t.body.token } });
    assert.equal(res.status, 401);
  } else {
    assert.equal(t.status, 409);
  }
});

test('reset password: rules, old sessions end, new password works', async () => {
  const { c } = await loginAs(server, 'kakou3', DEMO_PASSWORD);
  const id = (await c.get('/api/v1/me')).body.user.id;
  assertError(await admin.put(`/api/v1/users/${id}/password`, { password: 'abc' }), 422, 'password_short', 'password');
  assertError(await admin.put(`/api/v1/users/${id}/password`, { password: '1234567890' }), 422, 'password_weak', 'password');
  assertError(await admin.put(`/api/v1/users/${id}/password`, {}), 422, 'password_short', 'password');
  assertError(await admin.put('/api/v1/users/99999/password', { password: 'Reset2020x' }), 404, 'not_found');
  assert.equal((await c.get('/api/v1/me')).status, 200, 'failed resets change nothing');
  const r = await admin.put(`/api/v1/users/${id}/password`, { password: 'Reset2020x' });
  assert.equal(r.status, 200);
  assert.equal(r.body.ok, true);
  assert.equal((await c.get('/api/v1/me')).status, 401);
  assertError((await loginAs(server, 'kakou3', DEMO_PASSWORD)).r, 401, 'bad_credentials');
  assert.equal((await loginAs(server, 'kakou3', 'Reset2020x')).r.status, 200);
  const au = await admin.get('/api/v1/audit?action=user.password');
  assert.equal(au.body.items[0].entity_id, id);
  assert.ok(!JSON.stringify(au.body).includes('Reset2020x'));
});

test('the users list shows every demo role with labels in the request language', async () => {
  const zh = await admin.get('/api/v1/users');
  assert.equal(zh.body.total, zh.body.items.length);
  const roles = new Set(zh.body.items.map((u) => u.role));
  for (const r of ['admin', 'commander', 'verifier', 'observer', 'village', 'checkpoint', 'site', 'finance', 'viewer'])
    assert.ok(roles.has(r), r);
  const admin0 = zh.body.items.find((u) => u.username === 'admin');
  assert.equal(admin0.role_label, '系统管理员');
  const en = await admin.get('/api/v1/users', { 'accept-language': 'en' });
  assert.doesNotMatch(en.body.items.find((u) => u.username === 'admin').role_label, /[\u4e00-\u9fff]/);
  const roleList = await admin.get('/api/v1/roles');
  assert.equal(roleList.body.items.length, 9);
});

test('villages: create, duplicates, validation, update', async () => {
  let r = await admin.post('/api/v1/villages', { name: '新建测试村', code: '440605126301', type: '村', aliases: ['新建', '新建村委会'] });
  assert.equal(r.status, 201, r.text);
  const id = r.body.id;
  assert.ok(id > 39, `a real id, got ${id}`);
  assert.equal(r.body.name, '新建测试村');
  assert.deepEqual(r.body.aliases, ['新建', '新建村委会']);
  const list = await admin.get('/api/v1/villages');
  const v = list.body.items.find((x) => x.id === id);
  assert.deepEqual(v.aliases, ['新建', '新建村委会']);
  assert.equal(v.persons, 0);
  assertError(await admin.post('/api/v1/villages', { name: '新建测试村', code: '440605126302', type: '村' }), 409, 'village_exists');
  assertError(await admin.post('/api/v1/villages', { name: '另一村', code: '440605126301', type: '村' }), 409, 'village_exists');
  assertError(await admin.post('/api/v1/villages', { name: '另一村', code: '12345', type: '村' }), 422, 'village_code', 'code');
  assertError(await admin.post('/api/v1/villages', { name: '另一村', code: '44060512630a', type: '村' }), 422, 'village_code', 'code');
  assertError(await admin.post('/api/v1/villages', { name: '另一村', code: '440605126303', type: '镇' }), 422, 'village_type', 'type');
  assertError(await admin.post('/api/v1/villages', { name: '  ', code: '440605126303', type: '村' }), 422, 'name_required', 'name');
  r = await admin.patch(`/api/v1/villages/${id}`, { name: '改名测试社区', type: '社区', aliases: ['a\\b', 'x"y'] });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.id, id);
  assert.equal(r.body.name, '改名测试社区');
  assert.equal(r.body.code, '440605126301');
  assert.deepEqual(r.body.aliases, ['a\\b', 'x"y']);
  const again = (await admin.get('/api/v1/villages')).body.items.find((x) => x.id === id);
  assert.deepEqual(again.aliases, ['a\\b', 'x"y'], 'aliases with quotes and backslashes survive the list');
  assertError(await admin.patch(`/api/v1/villages/${id}`, { name: '沙涌社区' }), 409, 'village_exists');
  assertError(await admin.patch('/api/v1/villages/99999', { name: '无' }), 404, 'not_found');
  const au = await admin.get('/api/v1/audit?action=village');
  assert.ok(au.body.items.some((a) => a.entity_id === id));
});

test('checkpoint and site workers are bound when created and edited; unbound ones are refused', async () => {
  assert.equal((await admin.post('/api/v1/checkpoints', { name: '绑定测试检疫点' })).status, 201);
  assert.equal((await admin.post('/api/v1/sites', { name: '绑定测试观察点', capacity: 5 })).status, 201);
  const cps = (await admin.get('/api/v1/checkpoints')).body.items;
  const sites = (await admin.get('/api/v1/sites')).body.items;
  assert.ok(cps.length >= 2 && sites.length >= 2, JSON.stringify([cps.length, sites.length]));
  assertError(await admin.post('/api/v1/users', { username: 'kk_none', role: 'checkpoint' }), 422, 'role_binding', 'checkpoint_id');
  assertError(await admin.post('/api/v1/users', { username: 'kk_bad', role: 'checkpoint', checkpoint_id: 99999 }), 422, 'checkpoint', 'checkpoint_id');
  assertError(await admin.post('/api/v1/users', { username: 'lg_none', role: 'site' }), 422, 'role_binding', 'site_id');
  assertError(await admin.post('/api/v1/users', { username: 'lg_bad', role: 'site', site_id: 99999 }), 422, 'site', 'site_id');
  const none = await admin.post('/api/v1/users', { username: 'kk_none', role: 'checkpoint' });
  assert.match(none.body.error.message, /检疫点/);
  const names = (await admin.get('/api/v1/users')).body.items.map((u) => u.username);
  for (const n of ['kk_none', 'kk_bad', 'lg_none', 'lg_bad']) assert.ok(!names.includes(n), n);

  let r = await admin.post('/api/v1/users', { username: 'kk_new', name: '新检疫员', role: 'checkpoint', checkpoint_id: cps[0].id });
  assert.equal(r.status, 201, r.text);
  assert.equal(r.body.checkpoint_id, cps[0].id);
  assert.equal(r.body.checkpoint_name, cps[0].name);
  const { c } = await loginAs(server, 'kk_new', r.body.password);
  assert.equal((await c.get('/api/v1/me')).body.user.checkpoint_id, cps[0].id);
  // moved to another checkpoint by an edit; the list shows the binding
  const id = r.body.id;
  r = await admin.patch(`/api/v1/users/${id}`, { checkpoint_id: cps[1].id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.checkpoint_name, cps[1].name);
  assert.equal((await admin.get('/api/v1/users')).body.items.find((u) => u.id === id).checkpoint_name, cps[1].name);
  // to the site role: needs a site, and then the checkpoint binding goes
  assertError(await admin.patch(`/api/v1/users/${id}`, { role: 'site' }), 422, 'role_binding', 'site_id');
  r = await admin.patch(`/api/v1/users/${id}`, { role: 'site', site_id: sites[0].id });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.site_name, sites[0].name);
  assert.equal(r.body.checkpoint_id, null);
  r = await admin.patch(`/api/v1/users/${id}`, { role: 'viewer' });
  assert.equal(r.status, 200, r.text);
  assert.equal(r.body.site_id, null);
});

test('CLI: user add / role bind checkpoint and site workers by name or number', async () => {
  const db = ['--db', server.dbPath];
  const cp = (await admin.get('/api/v1/checkpoints')).body.items;
  const site = (await admin.get('/api/v1/sites')).body.items;
  let r = cli(['user', 'add', 'cli_kk', '--role', 'checkpoint', '--password', 'Cli2020pass', ...db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /检疫点角色须用 --checkpoint 绑定一个检疫点/);
  r = cli(['user', 'add', 'cli_kk', '--role', 'checkpoint', '--checkpoint', '不存在检疫点', '--password', 'Cli2020pass', ...db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /找不到检疫点：不存在检疫点/);
  r = cli(['user', 'add', 'cli_lg', '--role', 'site', '--password', 'Cli2020pass', ...db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /留观点角色须用 --site 绑定一个集中观察点/);
  r = cli(['user', 'add', 'cli_lg', '--role', 'site', '--site', '99999', '--password', 'Cli2020pass', ...db]);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /找不到集中观察点：99999/);
    r = cli(['user', 'add', 'cli_kk', '--role', 'checkpoint', '--checkpoint', cp[0].name, '--password', 'Cli2020pass', ...db]);
    assert.equal(r.code, 0, r.stderr);
    r = cli(['user', 'add', 'cli_lg', '--role', 'site', '--site', String(site[1].id), '--password', 'Cli2020pass', ...db]);
    assert.equal(r.code, 0, r.stderr);
    let users = JSON.parse(cli(['user', 'list', '--json', ...db]).stdout);
    assert.equal(users.find((u) => u.username === 'cli_kk').checkpoint_id, cp[0].id);
    assert.equal(users.find((u) => u.username === 'cli_lg').site_id, site[1].id);
    assert.match(cli(['user', 'list', ...db]).stdout, new RegExp(`cli_kk.*${cp[0].name}`));
    // role: move to another checkpoint; an unknown one changes nothing
    r = cli(['user', 'role', 'cli_kk', 'checkpoint', '--checkpoint', String(cp[1].id), ...db]);
    assert.equal(r.code, 0, r.stderr);
    r = cli(['user', 'role', 'cli_kk', '--checkpoint', '无此检疫点', ...db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /找不到检疫点/);
    r = cli(['user', 'role', 'cli_lg', 'checkpoint', ...db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /须用 --checkpoint/);
    users = JSON.parse(cli(['user', 'list', '--json', ...db]).stdout);
    assert.equal(users.find((u) => u.username === 'cli_kk').checkpoint_id, cp[1].id);
    assert.equal(users.find((u) => u.username === 'cli_lg').role, 'site');
});
