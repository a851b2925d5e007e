// Formatting of times, dates and labels.  Times from the API are UTC
// seconds; the town's calendar is Asia/Shanghai (UTC+8, no DST), which is
// also what the date filters send.
import { t, has } from './i18n.js';

const TZ_OFFSET = 8 * 3600;

function pad(n) { return String(n).padStart(2, '0'); }

export function fmtTime(sec) {
  if (!sec) return '';
  const d = new Date((sec + TZ_OFFSET) * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}

export function fmtTimeSec(sec) {
  if (!sec) return '';
  const d = new Date((sec + TZ_OFFSET) * 1000);
  return fmtTime(sec) + ':' + pad(d.getUTCSeconds());
}

// "2020-02-01" → UTC seconds of that day's 00:00 in Shanghai
export function dayStart(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  return Date.UTC(y, m - 1, d) / 1000 - TZ_OFFSET;
}

export function today() {
  const d = new Date(Date.now() + TZ_OFFSET * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

export function age(birth) {
  if (!birth) return null;
  const [y, m, d] = birth.split('-').map(Number);
  const [ty, tm, td] = today().split('-').map(Number);
  let a = ty - y;
  if (tm < m || (tm === m && td < d)) a--;
  return a >= 0 ? a : null;
}

// the user's role in the chosen language (the server's role_label is in the language of the login)
export const roleLabel = (u) => (u && has('role.' + u.role) ? t('role.' + u.role) : (u && u.role_label) || '');
export const sexLabel = (s) => (s == null ? '' : t('sex.' + s));
export const docLabel = (d) => (d ? t('doc.' + d) : '');
export const sourceLabel = (s) => (s ? t('source.' + s) : '');
export const vtypeLabel = (s) => (s ? t('vtype.' + s) : '');
export const actionLabel = (a) => {
  const k = 'audit.a.' + String(a).replace(/\./g, '_');
  return has(k) ? t(k) : a;
};
// A family of actions in the audit filter ("person": every person.*): its
// own label where the family is also an action ("login" is a sign-in).
export const familyLabel = (f) => (has('audit.f.' + f) ? t('audit.f.' + f) : actionLabel(f));

export const DOC_TYPES = ['id_card', 'passport', 'hk_macao_permit', 'taiwan_permit', 'hk_macao_residence', 'taiwan_residence', 'other'];
export const SEXES = [1, 2, 0, 9];
export const SOURCES = ['自排发现', '上级下发'];
export const VILLAGE_TYPES = ['社区', '村', '其他'];
