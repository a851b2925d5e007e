// The checkpoint's outbox: never lose a screening.  Every entry gets a
// client id and is written to localStorage *before* it is sent; it leaves
// the outbox only when the server has stored it (201, or 200 duplicate when
// an earlier attempt got through but its answer was lost).  Entries that
// could not be sent (no network, server down, session expired) stay and are
// retried when the network returns ('online'), every RETRY_MS, when the
// page becomes visible, and when the user logs in again.  An entry the
// server refuses for its content (422) is kept aside as "rejected" with the
// server's message until the user fixes or discards it.
// The outbox belongs to the signed-in user (key fk.cp.*.<user id>), so a
// second user on the same phone never sends the first one's entries.
// Loaded at start-up by mod/cp.js, so a reload sends what waits even when
// the entry page is not opened.
import { reactive, watch } from '/vendor/vue.js';
import { api, session } from '../api.js';

const RETRY_MS = 15000;
const KEEP_SENT = 20;

export const outbox = reactive({
  items: [],     // waiting to be sent, oldest first: {client_id, payload, queued_at, summary}
  rejected: [],  // refused by the server: {…, error: {message, field, code}}
  sent: [],      // the last few stored, newest first: {…, id, duplicate, sightings, sent_at}
  sending: false,
  online: navigator.onLine,
  lastError: '', // why the last attempt failed (shown while entries wait)
  storageError: false,
});

let owner = null;

function read(kind) {
  try { return JSON.parse(localStorage.getItem(`fk.cp.${kind}.${owner}`) || '[]'); } catch { return []; }
}

function save() {
  if (owner == null) return;
  try {
    localStorage.setItem(`fk.cp.outbox.${owner}`, JSON.stringify(outbox.items));
    localStorage.setItem(`fk.cp.rejected.${owner}`, JSON.stringify(outbox.rejected));
    localStorage.setItem(`fk.cp.sent.${owner}`, JSON.stringify(outbox.sent));
    outbox.storageError = false;
  } catch {
    outbox.storageError = true; // private mode or full: entries still live in memory
  }
}

function loadFor(userId) {
  owner = userId;
  outbox.items = userId == null ? [] : read('outbox');
  outbox.rejected = userId == null ? [] : read('rejected');
  outbox.sent = userId == null ? [] : read('sent');
  outbox.lastError = '';
}

// A client id even where crypto.randomUUID() is missing (plain http on a LAN
// address is not a secure context; getRandomValues works everywhere).
export function newClientId() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

// Store first, then try to send.  Returns the entry.
export function enqueue(payload, summary) {
  const entry = { client_id: payload.client_id || newClientId(), payload: null, queued_at: Date.now(), summary };
  entry.payload = { ...payload, client_id: entry.client_id };
  outbox.items.push(entry);
  save();
  flush();
  return entry;
}

// Temporary failures keep the entry queued; anything else is about the entry.
function temporary(err) {
  return err.status === 0 || err.status >= 500 || err.status === 401 || err.status === 403 ||
    err.status === 408 || err.status === 429;
}

// What the server did with the persons: observations started or linked
// (with the site once the observation group placed them), fever alerts.
function outcomeOf(r) {
  const ps = r.persons || [];
  const obs = ps.filter((p) => p.observation_id);
  return {
    obs: obs.length,
    sites: [...new Set(obs.map((p) => p.observation_site).filter(Boolean))],
    alerts: ps.filter((p) => p.alert_id).length,
  };
}

let running = null;
export function flush() {
  if (running) return running;
  if (!session.user || owner !== session.user.id || !outbox.items.length) return Promise.resolve();
  if (!navigator.onLine) { outbox.online = false; return Promise.resolve(); }
  outbox.sending = true;
  running = (async () => {
    try {
      while (outbox.items.length && session.user && owner === session.user.id) {
        const e = outbox.items[0];
        let r;
        try {
          r = await api('POST', '/screenings', e.payload);
        } catch (err) {
          if (temporary(err)) { outbox.lastError = err.message; break; }
          outbox.items.splice(outbox.items.indexOf(e), 1);
          if (err.status === 409) {
            // the same id was stored before with other content: the first one stands
            outbox.sent.unshift({ ...e, conflict: true, sent_at: Date.now() });
          } else {
            outbox.rejected.push({ ...e, error: { message: err.message, field: err.field, code: err.code } });
          }
          outbox.sent.splice(KEEP_SENT);
          save();
          continue;
        }
        const i = outbox.items.indexOf(e);
        if (i >= 0) outbox.items.splice(i, 1);
        outbox.sent.unshift({ ...e, payload: undefined, id: r.id, duplicate: !!r.duplicate, sightings: r.sightings || 0, sent_at: Date.now(), outcome: outcomeOf(r) });
        outbox.sent.splice(KEEP_SENT);
        outbox.lastError = '';
        save();
      }
    } finally {
      outbox.sending = false;
      running = null;
    }
  })();
  return running;
}

// Take a rejected entry out (to fix it in the form, or to discard it).
export function takeRejected(clientId) {
  const i = outbox.rejected.findIndex((e) => e.client_id === clientId);
  if (i < 0) return null;
  const [e] = outbox.rejected.splice(i, 1);
  save();
  return e;
}

watch(() => session.user && session.user.id, (id) => {
  loadFor(id == null ? null : id);
  if (id != null) flush();
}, { immediate: true });

window.addEventListener('online', () => { outbox.online = true; flush(); });
window.addEventListener('offline', () => { outbox.online = false; });
document.addEventListener('visibilitychange', () => { if (document.visibilityState === 'visible') flush(); });
// another tab of the same user stored or sent entries
window.addEventListener('storage', (ev) => {
  if (owner != null && ev.key && ev.key.startsWith('fk.cp.') && ev.key.endsWith('.' + owner) && !outbox.sending) loadFor(owner);
});
setInterval(() => { outbox.online = navigator.onLine; flush(); }, RETRY_MS);
