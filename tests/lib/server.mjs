// Starts a real fangkong server for black-box tests: a fresh temporary
// database (demo data unless told otherwise), 127.0.0.1 on a free port
// chosen by the kernel (--listen 127.0.0.1:0), the sanitizer build when it
// exists.  Returns { url, dbPath, stop(), login(user, pw) }.
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const binary = process.env.FANGKONG_BIN ||
  (existsSync(join(root, 'build/fangkong-san')) ? join(root, 'build/fangkong-san') : join(root, 'fangkong'));
export const DEMO_PASSWORD = 'Demo2020';

const sanEnv = {
  ASAN_OPTIONS: 'detect_leaks=1:abort_on_error=0:exitcode=86',
  UBSAN_OPTIONS: 'print_stacktrace=1:halt_on_error=1',
};

// Run the CLI; returns { code, stdout, stderr }.
export function cli(args, opts = {}) {
  try {
    const stdout = execFileSync(binary, args, {
      encoding: 'utf8', env: { ...process.env, ...sanEnv, ...(opts.env || {}) },
      stdio: ['ignore', 'pipe', 'pipe'], input: opts.input,
    });
    return { code: 0, stdout, stderr: '' };
  } catch (e) {
    return { code: e.status, stdout: e.stdout || '', stderr: e.stderr || '' };
  }
}

export async function startServer({ demo = true, persons = 300, env = {} } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'fk-test-'));
  const dbPath = join(dir, 'test.db');
  if (demo) {
    const r = cli(['demo', '--db', dbPath, '--persons', String(persons)]);
    if (r.code !== 0) throw new Error('demo failed: ' + r.stderr);
  } else {
    const r = cli(['init', '--db', dbPath, '--password', DEMO_PASSWORD]);
    if (r.code !== 0) throw new Error('init failed: ' + r.stderr);
  }
  const srv = await serve(dbPath, { env });
  const server = {
    url: srv.url, dbPath, dir, proc: srv.proc,
    get stderr() { return srv.stderr; },
    async stop() {
      try {
        await srv.stop();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
    // Log in; returns a client that keeps the cookie and CSRF token.
    async login(username = 'admin', password = DEMO_PASSWORD) {
      const c = client(srv.url);
      const r = await c.post('/api/v1/login', { username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    client: () => client(srv.url),
  };
  return server;
}

// `fangkong serve` on an existing database (several servers may share one,
// e.g. with their clocks pinned by FANGKONG_NOW in env), on a free port.
// Resolves { url, proc, stderr, stop() } once it listens; stop() rejects if
// the server did not exit cleanly (a sanitizer report, say).
export async function serve(dbPath, { env = {}, threads = 4 } = {}) {
  const proc = spawn(binary, ['serve', '--db', dbPath, '--listen', '127.0.0.1:0', '--threads', String(threads)], {
    env: { ...process.env, ...sanEnv, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  proc.stderr.on('data', (d) => { stderr += d; });
  const url = await new Promise((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('server did not start: ' + stderr)), 15000);
    proc.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[0-9.:]+)\//);
      if (m) { clearTimeout(t); resolve(m[1]); }
    });
    proc.on('exit', (code) => { clearTimeout(t); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  return { url, proc, get stderr() { return stderr; }, stop: () => stopProc(proc, () => stderr) };
}

// SIGTERM, repeated every 2 s while the server has not exited (it can miss
// the first one: the signal may land on a worker thread while the main thread
// sleeps in pause()).  Resolves when it exited cleanly.
function stopProc(proc, stderr) {
  return new Promise((resolve, reject) => {
    proc.removeAllListeners('exit');
    let tries = 0;
    const again = setInterval(() => proc.kill(++tries > 5 ? 'SIGKILL' : 'SIGTERM'), 2000);
    proc.on('exit', (code) => {
      clearInterval(again);
      if (code === 0) resolve();
      else reject(new Error(`server exit ${code} (sanitizer report?):\n${stderr()}`));
    });
    proc.kill('SIGTERM');
  });
}

// A client that sends a bearer token: no cookie, no CSRF, so one token works
// against every server over the same database.  upload() posts raw bytes.
export function bearer(url, token) {
  async function req(method, path, body, raw) {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers['content-type'] = raw ? 'application/octet-stream' : 'application/json';
    const payload = body === undefined ? undefined : raw ? body : JSON.stringify(body);
    const res = await fetch(url + path, { method, headers, body: payload });
    const buf = Buffer.from(await res.arrayBuffer());
    let json = null;
    try { json = JSON.parse(buf.toString('utf8')); } catch { /* not JSON */ }
    return { status: res.status, body: json, text: buf.toString('utf8'), buf, headers: res.headers };
  }
  return {
    get: (p) => req('GET', p), post: (p, b = {}) => req('POST', p, b), put: (p, b) => req('PUT', p, b),
    patch: (p, b) => req('PATCH', p, b), upload: (p, buf) => req('POST', p, buf, true),
  };
}

// A screening's client id as the phone page makes them: unique, and within
// the server's 8–64 characters of [A-Za-z0-9_-].
let nClient = 0;
export const clientId = (prefix) => `${prefix}-${process.pid}-${String(++nClient).padStart(6, '0')}`;

// A tiny HTTP client that remembers the session cookie and CSRF token.
export function client(base) {
  let cookie = '';
  let csrf = '';
  async function req(method, path, body, headers = {}) {
    const h = { ...headers };
    if (cookie) h.cookie = cookie;
    if (csrf && method !== 'GET') h['x-csrf-token'] = csrf;
    let payload;
    if (body !== undefined) {
      payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
      if (!h['content-type']) h['content-type'] = 'application/json';
    }
    const res = await fetch(base + path, { method, headers: h, body: payload });
    const sc = res.headers.get('set-cookie');
    if (sc) { const m = sc.match(/fk_session=([^;]*)/); if (m) cookie = m[1] ? `fk_session=${m[1]}` : ''; }
    const text = await res.text();
    let json = null;
    try { json = JSON.parse(text); } catch { /* not JSON */ }
    if (json && json.csrf_token) csrf = json.csrf_token;
    return { status: res.status, body: json, text, headers: res.headers };
  }
  return {
    get: (p, h) => req('GET', p, undefined, h),
    post: (p, b, h) => req('POST', p, b, h),
    put: (p, b, h) => req('PUT', p, b, h),
    patch: (p, b, h) => req('PATCH', p, b, h),
    del: (p, h) => req('DELETE', p, undefined, h),
    raw: req,
    get cookie() { return cookie; },
    get csrf() { return csrf; },
    set csrf(v) { csrf = v; },
  };
}
