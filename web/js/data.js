// Small shared lists loaded once per session: villages and roles.
import { ref } from '/vendor/vue.js';
import { get } from './api.js';

export const villages = ref([]);
let vPromise = null;
export function loadVillages(force = false) {
  if (force || !vPromise) {
    vPromise = get('/villages').then((r) => { villages.value = r.items; return r.items; })
      .catch((e) => { vPromise = null; throw e; });
  }
  return vPromise;
}

export const roles = ref([]);
let rPromise = null;
let rLang = '';
export function loadRoles(langNow) {
  if (!rPromise || rLang !== langNow) {
    rLang = langNow;
    rPromise = get('/roles').then((r) => { roles.value = r.items; return r.items; })
      .catch((e) => { rPromise = null; throw e; });
  }
  return rPromise;
}
