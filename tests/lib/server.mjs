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
  const proc = spawn(binary, ['serve', '--db', dbPath, '--listen', '127.0.0.1:0', '--threads', '4'], {
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
  const server = {
    url, dbPath, dir, proc,
    get stderr() { return stderr; },
    async stop() {
      proc.removeAllListeners('exit');
      const exited = new Promise((r) => proc.on('exit', (code, sig) => r({ code, sig })));
      proc.kill('SIGTERM');
      const { code } = await exited;
      rmSync(dir, { recursive: true, force: true });
      if (code !== 0) throw new Error(`server exit ${code} (sanitizer report?):\n${stderr}`);
    },
    // Log in; returns a client that keeps the cookie and CSRF token.
    async login(username = 'admin', password = DEMO_PASSWORD) {
      const c = client(url);
      const r = await c.post('/api/v1/login', { username, password });
      if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
      return c;
    },
    client: () => client(url),
  };
  return server;
}

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
