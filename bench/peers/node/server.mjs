// The Node peer of fangkong's people-registry reads, for the benchmark:
// what a town's IT contractor would write instead — fastify + better-sqlite3
// on the same database file, the same endpoints, JSON shape, masking and
// session check (sha256 of the bearer token looked up in `sessions`).
// Written the way the fastify community recommends: prepared statements
// compiled once, response schemas (fast-json-stringify), one worker per core
// with node:cluster.
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
      'u.disabled FROM sessions s JOIN users u ON u.id=s.user_id WHERE s.token_hash=?');
  const stTouch = db.prepare('UPDATE sessions SET last_seen=unixepoch() WHERE token_hash=?');
  const stGet = db.prepare(
    `SELECT ${COLS} FROM persons p LEFT JOIN villages v ON v.id=p.village_id ` +
      'WHERE p.id=@id AND p.merged_into IS NULL AND (@scope IS NULL OR p.village_id=@scope)');
  const stCount = db.prepare(`SELECT count(*) AS n${WHERE}`).pluck();
  const stList = db.prepare(`SELECT ${COLS}${WHERE} ORDER BY p.id DESC LIMIT @limit OFFSET @offset`);

  const err = (reply, status, code, message, field) =>
    reply.code(status).send({ error: field ? { code, message, field } : { code, message } });

  // The session check of src/http/server.c: bearer token → sha256 → sessions.
  function authenticate(req, reply) {
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
    if (!(role & ROLE_PERSON_READ)) {
      err(reply, 403, 'forbidden', '没有权限');
      return null;
    }
    return { scope: role === ROLE_BITS.village ? s.village_id || -1 : 0 };
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

  app.listen({ port, host: args.host }).then(
    () => process.send?.('listening'),
    (e) => {
      console.error(e);
      process.exit(1);
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
