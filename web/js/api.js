// The JSON API client: same-origin fetch with the session cookie, the CSRF
// token on unsafe methods and Accept-Language from the chosen language.
// Non-2xx answers throw ApiError carrying the server's {code, message, field}.
import { reactive } from '/vendor/vue.js';
import { lang, t } from './i18n.js';

// The signed-in user (null = not signed in) and the CSRF token.
// expired: the server refused the session (ended elsewhere, timed out).  The
// user stays set and the pages stay mounted under the login page, so what
// was typed survives; logging in again as the same user continues there,
// as someone else starts afresh (epoch: the layout is built anew).
export const session = reactive({ ready: false, user: null, csrf: '', town: '', expired: false, epoch: 0 });

const HINT = 'fk.session'; // set while we believe a session cookie exists

export class ApiError extends Error {
  constructor(status, body) {
    const e = (body && body.error) || {};
    super(e.message || t('err.network'));
    this.status = status;
    this.code = e.code || (status ? 'http_' + status : 'network');
    this.field = e.field || null;
    this.existingId = e.existing_id || null;
    this.detail = e; // the whole error object (e.g. problems of a rejected import)
  }
}

let onExpired = () => {};
export function whenExpired(fn) { onExpired = fn; }

export async function api(method, path, body) {
  const headers = {
    Accept: 'application/json',
    'Accept-Language': lang.value === 'en' ? 'en' : 'zh-CN',
  };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let res;
  try {
    res = await fetch('/api/v1' + path, {
      method, headers, credentials: 'same-origin', cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, null);
  }
  let json = null;
  const text = await res.text();
  try { json = text ? JSON.parse(text) : null; } catch { /* not JSON */ }
  if (!res.ok) {
    const err = new ApiError(res.status, json);
    if (res.status === 401 && path !== '/login' && session.user) {
      // a write refused this way is kept on its page: say so
      if (method !== 'GET') err.message = t('err.expiredKept');
      if (!session.expired) {
        session.expired = true;
        session.csrf = '';
        try { localStorage.removeItem(HINT); } catch { /* ignore */ }
        onExpired(method);
      }
    }
    throw err;
  }
  if (json && typeof json.csrf_token === 'string' && json.csrf_token) session.csrf = json.csrf_token;
  return json;
}

export const get = (p, query) => api('GET', query ? p + '?' + qs(query) : p);
export const post = (p, b = {}) => api('POST', p, b);
export const put = (p, b = {}) => api('PUT', p, b);
export const patch = (p, b = {}) => api('PATCH', p, b);
export const del = (p) => api('DELETE', p);

// {q: 'x', page: 2, empty: ''} → "q=x&page=2" (empty values dropped)
export function qs(o) {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(o)) if (v !== '' && v != null) u.set(k, String(v));
  return u.toString();
}

function setUser(data) {
  if (session.expired && session.user && data.user && session.user.username !== data.user.username) session.epoch++;
  session.expired = false;
  session.user = data.user;
  session.csrf = data.csrf_token || session.csrf;
  session.town = data.town || (data.user && data.user.town) || session.town || '';
}

function clearSession() {
  session.user = null;
  session.expired = false;
  session.csrf = '';
  try { localStorage.removeItem(HINT); } catch { /* ignore */ }
}

// On page load: restore the session with GET /me, but only when we logged in
// before (the cookie is HttpOnly), so a fresh visit causes no 401.
export async function restore() {
  let hint = null;
  try { hint = localStorage.getItem(HINT); } catch { /* ignore */ }
  if (hint) {
    try {
      setUser(await api('GET', '/me'));
    } catch {
      clearSession();
    }
  }
  session.ready = true;
}

export async function login(username, password) {
  const data = await api('POST', '/login', { username, password });
  setUser(data);
  try { localStorage.setItem(HINT, '1'); } catch { /* ignore */ }
  return data.user;
}

export async function logout() {
  try { await api('POST', '/logout'); } finally { clearSession(); }
}
