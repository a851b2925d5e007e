// The Node peer of fangkong's people-registry reads, for the benchmark:
// what a town's IT contractor would write instead — fastify + better-sqlite3
// on the same database file, the same endpoints, JSON shape, masking and
// session check (sha256 of the bearer token looked up in `sessions`).
// Written the way the fastify community recommends: prepared statements
// compiled once, response schemas (fast-json-stringify), one worker per core
// with node:cluster.
//
// POST /api/v1/screenings (issue 6, the checkpoint's screening entry) is
// written the way better-sqlite3's documentation shows: one db.transaction()
// per request — look up the client id (a retry answers the stored record,
// 200; other content 409), insert the screening and its person (matched to
// the town by ID number or phone; a sighting when the person should be at
// home) — on a connection with synchronous=FULL, so that like fangkong's
// every 201 is on disk (fsync'd) before it is sent.
//
//   node bench/peers/node/server.mjs --db F [--port 0] [--workers N]
// prints "peer listening on http://127.0.0.1:PORT/" once every worker listens.
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import Database from 'better-sqlite3';
import Fastify from 'fastify';

const { values: args } = parseArgs({
  options: {
    db: { type: 'string' },
    port: { type: 'string', default: '0' },
    host: { type: 'string', default: '127.0.0.1' },
    workers: { type: 'string', default: String(os.availableParallelism()) },
  },
});
if (!args.db) {
  console.error('usage: server.mjs --db F [--port P] [--workers N]');
  process.exit(2);
}

// ---- roles (src/core/role.h) ----
const ROLE_BITS = {
  admin: 1, commander: 2, verifier: 4, observer: 8, village: 16,
  checkpoint: 32, site: 64, finance: 128, viewer: 256,
};
const ROLE_PERSON_READ = 1 | 2 | 4 | 8 | 16 | 64;
const TOKEN_LEN = 43;

// ---- masking (src/core/mask.c) ----
const allDigits = (s) => /^[0-9]*$/.test(s);
function maskGeneric(s) {
  const chars = [...s];
  const n = chars.length;
  if (!n) return '';
  const keep = n >= 8 ? 2 : n >= 5 ? 1 : 0;
  const stars = n - 2 * keep > 3 ? n - 2 * keep : 3;
  return chars.slice(0, keep).join('') + '*'.repeat(stars) + chars.slice(n - keep).join('');
}
function maskDoc(s) {
  if (s.length === 18 && allDigits(s.slice(0, 17)) && /[0-9Xx]/.test(s[17]))
    return s.slice(0, 6) + '********' + s.slice(14);
  if (s.length === 15 && allDigits(s)) return s.slice(0, 6) + '******' + s.slice(12);
  return maskGeneric(s);
}
function maskPhone(s) {
  if (s.length === 11 && s[0] === '1' && allDigits(s)) return s.slice(0, 3) + '****' + s.slice(7);
  const m = /^(0[0-9]{2,3})-([0-9]{7,8})(?:-([0-9]+))?$/.exec(s);
  if (m) {
    const local = m[2];
    let out = `${m[1]}-${'*'.repeat(local.length - 2)}${local.slice(-2)}`;
    if (m[3]) out += '-' + '*'.repeat(m[3].length);
    return out;
  }
  return maskGeneric(s);
}
const DOC_LABEL = {
  id_card: '居民身份证', passport: '护照', hk_macao_permit: '港澳通行证',
  taiwan_permit: '台湾通行证', hk_macao_residence: '港澳居住证',
  taiwan_residence: '台湾居住证', other: '其他',
};
function maskPerson(p) {
  if (p.doc_number !== null) p.doc_number = maskDoc(p.doc_number);
  if (p.phone !== null) p.phone = maskPhone(p.phone);
  p.masked = true;
  p.doc_type_label = DOC_LABEL[p.doc_type] ?? '';
  return p;
}

// ---- response schemas: fast-json-stringify, keys in fangkong's order ----
const nstr = { type: ['string', 'null'] };
const nint = { type: ['integer', 'null'] };
const personSchema = {
  type: 'object',
  properties: {
    id: { type: 'integer' }, name: { type: 'string' }, name_py: { type: 'string' }, sex: { type: 'integer' },
    doc_type: { type: 'string' }, doc_number: nstr, birth_date: nstr, phone: nstr,
    address: { type: 'string' }, village_id: nint, village_name: nstr,
    hukou: { type: 'string' }, notes: { type: 'string' }, source: { type: 'string' },
    created_at: { type: 'integer' }, updated_at: { type: 'integer' },
    masked: { type: 'boolean' }, doc_type_label: { type: 'string' },
  },
};
const errorSchema = {
  type: 'object',
  properties: {
    error: {
      type: 'object',
      properties: { code: { type: 'string' }, message: { type: 'string' }, field: { type: 'string' } },
    },
  },
};

const COLS =
  'p.id,p.name,p.name_py,p.sex,p.doc_type,p.doc_number,p.birth_date,p.phone,p.address,' +
  'p.village_id,v.name AS village_name,p.hukou,p.notes,p.source,p.created_at,p.updated_at';
const WHERE =
  ' FROM persons p LEFT JOIN villages v ON v.id=p.village_id' +
  ' WHERE p.merged_into IS NULL AND (@village IS NULL OR p.village_id=@village)' +
  " AND (@like IS NULL OR p.name LIKE @like ESCAPE '\\' OR p.name_py LIKE @py" +
  " OR p.address LIKE @like ESCAPE '\\')" +
  " AND (@num IS NULL OR p.doc_number LIKE @num ESCAPE '\\' OR p.phone LIKE @num ESCAPE '\\')";

function startWorker(port) {
  const db = new Database(args.db, { fileMustExist: true });
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 10000');
  db.pragma('foreign_keys = ON');
  db.pragma('cache_size = -32000');
  const stSession = db.prepare(
    'SELECT s.kind,s.expires_at,s.last_seen,u.id,u.role,coalesce(u.village_id,0) AS village_id,' +
      'coalesce(u.checkpoint_id,0) AS checkpoint_id,u.disabled FROM sessions s JOIN users u ON u.id=s.user_id WHERE s.token_hash=?');
  const stTouch = db.prepare('UPDATE sessions SET last_seen=unixepoch() WHERE token_hash=?');
  const stGet = db.prepare(
    `SELECT ${COLS} FROM persons p LEFT JOIN villages v ON v.id=p.village_id ` +
      'WHERE p.id=@id AND p.merged_into IS NULL AND (@scope IS NULL OR p.village_id=@scope)');
  const stCount = db.prepare(`SELECT count(*) AS n${WHERE}`).pluck();
  const stList = db.prepare(`SELECT ${COLS}${WHERE} ORDER BY p.id DESC LIMIT @limit OFFSET @offset`);

  const err = (reply, status, code, message, field) =>
    reply.code(status).send({ error: field ? { code, message, field } : { code, message } });

  // The session check of src/http/server.c: bearer token → sha256 → sessions.
  function authenticate(req, reply, allowed = ROLE_PERSON_READ) {
    const a = req.headers.authorization;
    if (!a || a.slice(0, 7).toLowerCase() !== 'bearer ' || a.length - 7 !== TOKEN_LEN) {
      err(reply, 401, 'unauthorized', '请先登录');
      return null;
    }
    const th = createHash('sha256').update(a.slice(7)).digest('hex');
    const s = stSession.get(th);
    const now = Math.floor(Date.now() / 1000);
    if (!s || s.kind !== 'token' || s.expires_at <= now || s.disabled) {
      err(reply, 401, 'unauthorized', '请先登录');
      return null;
    }
    if (now - s.last_seen >= 60) stTouch.run(th);
    const role = ROLE_BITS[s.role] ?? 0;
    if (!(role & allowed)) {
      err(reply, 403, 'forbidden', '没有权限');
      return null;
    }
    return { scope: role === ROLE_BITS.village ? s.village_id || -1 : 0, id: s.id, role, checkpoint: s.checkpoint_id };
  }

  const app = Fastify({ logger: false });
  app.get('/healthz', async () => ({ status: 'ok' }));

  app.get('/api/v1/persons/:id', {
    schema: { response: { 200: personSchema, '4xx': errorSchema } },
  }, (req, reply) => {
    const u = authenticate(req, reply);
    if (!u) return;
    const id = Number(req.params.id);
    if (!Number.isInteger(id) || id < 1) return err(reply, 404, 'not_found', '未找到');
    const p = stGet.get({ id, scope: u.scope || null });
    if (!p) return err(reply, 404, 'not_found', '未找到');
    reply.header('cache-control', 'no-store').send(maskPerson(p));
  });

  app.get('/api/v1/persons', {
    schema: {
      response: {
        200: { type: 'object', properties: { items: { type: 'array', items: personSchema }, total: { type: 'integer' } } },
        '4xx': errorSchema,
      },
    },
  }, (req, reply) => {
    const u = authenticate(req, reply);
    if (!u) return;
    const qs = req.query;
    const int = (v, lo, hi, d) => {
      if (v === undefined || v === '') return d;
      const n = Number(v);
      return Number.isInteger(n) && n >= lo && n <= hi ? n : NaN;
    };
    const page = int(qs.page, 1, 1e6, 1), perPage = int(qs.per_page, 1, 500, 20);
    const vil = int(qs.village, 1, Number.MAX_SAFE_INTEGER, 0);
    if ([page, perPage, vil].some(Number.isNaN)) return err(reply, 400, 'bad_query', '查询参数无效');
    const q = qs.q || null;
    if (q && q.length > 100) return err(reply, 400, 'bad_query', '查询参数无效', 'q');
    let village = u.scope || vil || null;
    if (u.scope && vil && vil !== u.scope) village = -1;
    let like = null, py = null, num = null;
    if (q) {
      const pat = '%' + q.replace(/[%_\\]/g, (c) => '\\' + c) + '%';
      if (q.length >= 3 && /^[0-9]+[Xx]?$/.test(q)) num = pat;
      else {
        like = pat;
        py = /^[A-Za-z]{2,16}$/.test(q) ? `%${q.toLowerCase()}%` : '\x01';
      }
    }
    const params = { village, like, py, num };
    const total = stCount.get(params);
    const items = stList.all({ ...params, limit: perPage, offset: (page - 1) * perPage }).map(maskPerson);
    reply.header('cache-control', 'no-store').send({ items, total });
  });

  screeningRoutes(app, db, authenticate, err);

  app.listen({ port, host: args.host }).then(
    () => process.send?.('listening'),
    (e) => {
      console.error(e);
      process.exit(1);
    });
}

// ---- screenings at checkpoints (src/api/checkpoints.c, src/core/screen.c) ----
const RESULTS = new Set(['放行', '登记后放行', '劝返', '转诊', '转集中观察']);
const FEVER = { axillary: 373, forehead: 373, ear: 375, oral: 375 };
const PLATE = /^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z][A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳领]$|^[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Z]([DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$/;
const ID_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function idOk(s) {
  if (!/^[0-9]{17}[0-9X]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += (s.charCodeAt(i) - 48) * ID_W[i];
  return '10X98765432'[sum % 11] === s[17];
}
const SCREEN_ROLES = ROLE_BITS.admin | ROLE_BITS.commander | ROLE_BITS.checkpoint;

function screeningRoutes(app, db, authenticate, err) {
  db.pragma('synchronous = FULL'); // every commit fsync'd, as fangkong's group commit
  const stExisting = db.prepare('SELECT * FROM screenings WHERE client_id=?');
  const stExistingPersons = db.prepare('SELECT temp,result,doc_number,phone FROM screened WHERE screening_id=? ORDER BY id');
  const stCheckpoint = db.prepare('SELECT id,name FROM checkpoints WHERE id=?');
  const stInsert = db.prepare(
    'INSERT INTO screenings(client_id,checkpoint_id,shift_id,at,plate,vehicle_type,origin,flagged,' +
      'destination,village_id,persons,fevers,recorded_by,created_at) VALUES(@client_id,@checkpoint_id,' +
      '(SELECT id FROM shifts WHERE checkpoint_id=@checkpoint_id AND starts_at<=@at AND ends_at>@at' +
      ' ORDER BY starts_at DESC LIMIT 1),@at,@plate,@vehicle_type,@origin,EXISTS(SELECT 1 FROM' +
      ' flagged_areas f WHERE f.active=1 AND instr(@origin,f.name)>0),@destination,@village_id,1,' +
      '@fevers,@recorded_by,@created_at)');
  const stByDoc = db.prepare('SELECT id FROM persons WHERE doc_number=? AND merged_into IS NULL LIMIT 1').pluck();
  const stByPhone = db.prepare('SELECT id FROM persons WHERE phone=? AND merged_into IS NULL LIMIT 1').pluck();
  const stObs = db.prepare("SELECT id FROM observations WHERE person_id=? AND status IN ('active','lost')").pluck();
  const stPerson = db.prepare(
    'INSERT INTO screened(screening_id,temp,method,fever,name,doc_number,phone,result,note,person_id,' +
      'hospital,transport,observation_id) VALUES(?,?,?,?,?,?,?,?,?,?,?,?,NULL)');
  const stSighting = db.prepare('INSERT INTO sightings(observation_id,screening_id,at) VALUES(?,?,?)');
  // the audit log is a hash chain (src/store/audit.c): each row hashes the previous one
  const stAuditLast = db.prepare('SELECT hash FROM audit ORDER BY id DESC LIMIT 1').pluck();
  const stAuditAdd = db.prepare(
    "INSERT INTO audit(at,user_id,username,role,addr,action,entity,entity_id,detail,trace,prev_hash,hash)" +
      " VALUES(?,?,?,?,'peer',?,?,?,?,'',?,?)");
  const stAudit = { run(at, user, action, entity, id, detail) {
    const prev = stAuditLast.get() ?? '0'.repeat(64);
    const hash = createHash('sha256').update([prev, at, user, action, entity, id, detail].join('\n')).digest('hex');
    stAuditAdd.run(at, user, 'kakou', 'checkpoint', action, entity, id, detail, prev, hash);
  } };

  const save = db.transaction((s, p) => {
    const old = stExisting.get(s.client_id);
    if (old) return { old };
    const id = Number(stInsert.run(s).lastInsertRowid);
    const person = (p.doc_number && stByDoc.get(p.doc_number)) || (p.phone && stByPhone.get(p.phone)) || null;
    const obs = person ? stObs.get(person) : undefined;
    if (obs) {
      stSighting.run(obs, id, s.at);
      stAudit.run(s.created_at, s.recorded_by, 'observation.sighted', 'observation', obs,
        JSON.stringify({ screening_id: id }));
    }
    stPerson.run(id, p.temp, p.method, p.fever, p.name, p.doc_number, p.phone, p.result, p.note,
      person, p.hospital, p.transport);
    if (p.fever || obs)
      stAudit.run(s.created_at, s.recorded_by, 'screening.alert', 'screening', id,
        JSON.stringify({ fevers: p.fever, sightings: obs ? 1 : 0 }));
    return { id, sightings: obs ? 1 : 0 };
  });

  app.post('/api/v1/screenings', { bodyLimit: 32768 }, (req, reply) => {
    const u = authenticate(req, reply, SCREEN_ROLES);
    if (!u) return;
    const b = req.body;
    const bad = (code, field, message) => err(reply, 422, code, message, field);
    if (!b || typeof b !== 'object') return bad('invalid', undefined, '请求格式错误');
    if (typeof b.client_id !== 'string' || !/^[A-Za-z0-9_-]{8,64}$/.test(b.client_id))
      return bad('client_id', 'client_id', '缺少有效的记录编号（client_id）');
    let cp = Number(b.checkpoint_id) || 0;
    if (u.role === ROLE_BITS.checkpoint) cp = u.checkpoint;
    const c = cp ? stCheckpoint.get(cp) : undefined;
    if (!c) return bad('checkpoint', 'checkpoint_id', '检疫点不存在');
    const now = Number(process.env.FANGKONG_NOW) || Math.floor(Date.now() / 1000); // the town's clock
    const at = b.at === undefined ? now : Number(b.at);
    if (!Number.isInteger(at) || at > now + 300) return bad('check_future', 'at', '时间不能晚于现在');
    if (at < now - 7 * 86400) return bad('screening_too_old', 'at', '只能补录 7 天内的检测记录');
    const vtype = b.vehicle_type ?? '小客车';
    let plate = String(b.plate ?? '').replace(/[\s·•.-]/g, '').toUpperCase();
    if (vtype === '行人') plate = plate || '';
    else if (plate !== '无车牌' && !PLATE.test(plate))
      return bad('plate', 'plate', '车牌号格式错误（省份简称 + 字母 + 5 位，新能源 6 位；或填“无车牌”）');
    const persons = b.persons;
    if (!Array.isArray(persons) || persons.length !== 1) return bad('persons', 'persons', '至少登记一人的体温');
    const j = persons[0];
    const temp = Math.round(Number(j.temp) * 10);
    if (!Number.isFinite(temp) || temp < 340 || temp > 430) return bad('temp_range', 'temp', '体温超出范围');
    const method = j.method ?? 'forehead';
    if (!(method in FEVER)) return bad('method', 'method', '测温方式无效');
    const fever = temp >= FEVER[method] ? 1 : 0;
    const result = j.result || (fever ? '转诊' : '放行');
    if (!RESULTS.has(result)) return bad('screen_result', 'result', '处理结果无效');
    const doc = j.doc_number ? String(j.doc_number).replace(/\s/g, '').toUpperCase() : null;
    if (doc && doc.length === 18 && !idOk(doc)) return bad('idcard_checksum', 'doc_number', '身份证号校验位错误');
    const phone = j.phone ? String(j.phone).replace(/[\s-]/g, '') : null;
    if (phone && !/^1[3-9][0-9]{9}$/.test(phone)) return bad('phone', 'phone', '手机号码格式错误');
    if (fever && result !== '转诊' && result !== '转集中观察')
      return bad('fever_result', 'result', '发热者须转诊或转集中观察');
    if (result !== '放行' && (!j.name || (!doc && !phone)))
      return bad('identity_required', 'name', '非放行须登记姓名和证件号或电话');
    if (result === '转诊' && !j.hospital) return bad('hospital_required', 'hospital', '转诊须填写医院');
    const s = {
      client_id: b.client_id, checkpoint_id: cp, at, plate, vehicle_type: vtype,
      origin: b.origin ?? '', destination: b.destination ?? '', village_id: b.village_id ?? null,
      fevers: fever, recorded_by: u.id, created_at: now,
    };
    const p = {
      temp, method, fever, name: j.name ?? '', doc_number: doc, phone, result, note: j.note ?? '',
      hospital: j.hospital ?? null, transport: j.transport ?? null,
    };
    const r = save.immediate(s, p); // BEGIN IMMEDIATE: two workers write, no upgrade deadlock
    if (r.old) { // a retry: the same content answers the stored record
      const o = r.old;
      const q = stExistingPersons.all(o.id);
      const same = o.checkpoint_id === cp && o.plate === plate && o.vehicle_type === vtype &&
        q.length === 1 && q[0].temp === temp && q[0].result === result &&
        (q[0].doc_number ?? null) === doc && (q[0].phone ?? null) === phone;
      if (!same) return err(reply, 409, 'client_id_reused', '该记录编号已用于另一条不同的检测记录，原记录保留', 'client_id');
      return reply.code(200).send({ ...o, checkpoint_name: c.name, persons: q, duplicate: true, sightings: 0 });
    }
    reply.code(201).send({
      id: r.id, ...s, checkpoint_name: c.name, flagged: 0, persons: [{ ...p, observation_id: null }],
      duplicate: false, sightings: r.sightings,
    });
  });
}

if (cluster.isPrimary) {
  // The primary binds the port (port 0: pick one), workers share it.
  const n = Math.max(1, Number(args.workers));
  const net = await import('node:net');
  let port = Number(args.port);
  if (port === 0) {
    port = await new Promise((res) => {
      const s = net.createServer().listen(0, args.host, () => {
        const p = s.address().port;
        s.close(() => res(p));
      });
    });
  }
  let up = 0;
  for (let i = 0; i < n; i++) {
    const w = cluster.fork({ PEER_PORT: String(port) });
    w.on('message', (m) => {
      if (m === 'listening' && ++up === n) console.log(`peer listening on http://${args.host}:${port}/`);
    });
  }
  cluster.on('exit', (w, code) => {
    if (code) console.error(`worker ${w.process.pid} exited with ${code}`);
    if (Object.keys(cluster.workers).length === 0) process.exit(code || 0);
  });
  const stop = () => {
    for (const id in cluster.workers) cluster.workers[id].kill();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
} else {
  startWorker(Number(process.env.PEER_PORT));
}
