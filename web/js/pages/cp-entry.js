// 检测登记: the one-screen screening entry for a phone at a road checkpoint.
// Plate (province quick-pick), vehicle type, origin (quick picks: the day's
// flagged areas and the last origins used, the last one pre-filled),
// destination (a village or 过境), and per person a big temperature input,
// the result as buttons, name / ID / phone (required unless 放行).  Enter
// moves to the next field; the last one saves.  Lookup flags appear while an
// ID, phone or plate is typed (red: should be at home!).  A fever forces
// 转诊 (with a hospital) or 转集中观察; a fever that was a typo, corrected
// below the threshold, gives back 放行 unless the worker chose a result.
// A worker whose account is bound to no checkpoint is told so at once,
// and the form is not shown (nothing entered could ever be sent).
// Saving never loses an entry: it goes to the outbox (cp-queue.js), stored
// in the browser first and sent when the network allows; the page shows
// how many wait.
import { ref, reactive, computed, watch, onMounted, onBeforeUnmount, nextTick } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { ui } from '../ui.js';
import { villages, loadVillages } from '../data.js';
import { outbox, enqueue, flush, newClientId, takeRejected } from './cp-queue.js';
import { parseTemp, idCheckOk } from '../valid.js';
import { UnboundNotice } from '../unbound.js';

// the local province first, then Hubei, the neighbours and the rest
export const PROVINCES = ['粤', '鄂', '湘', '桂', '赣', '闽', '琼', '豫', '川', '渝', '贵', '云', '京', '津', '沪', '冀', '晋',
  '蒙', '辽', '吉', '黑', '苏', '浙', '皖', '鲁', '陕', '甘', '青', '宁', '新', '藏'];
export const VEHICLES = ['小客车', '货车', '客车', '摩托车', '行人', '其他'];
export const RESULTS = ['放行', '登记后放行', '劝返', '转诊', '转集中观察'];
const METHODS = ['forehead', 'axillary', 'ear', 'oral'];
const TRANSPORTS = ['120救护车', '专车转运', '自行前往'];
const FEVER_RESULTS = ['转诊', '转集中观察'];
const NO_PLATE = '无车牌';

const PLATE_RE = new RegExp('^[' + PROVINCES.join('') + '][A-Z]([A-HJ-NP-Z0-9]{5}|[A-HJ-NP-Z0-9]{4}[挂学警港澳领]|[DF][A-HJ-NP-Z0-9][0-9]{4}|[0-9]{5}[DF])$');

// "粤 a·12345" → "粤A12345"
export function normPlate(s) {
  return String(s || '').replace(/[\s·.\-]/g, '').toUpperCase();
}
export function plateOk(p) {
  return p === NO_PLATE || PLATE_RE.test(p);
}

function store(key, v) { try { localStorage.setItem(key, typeof v === 'string' ? v : JSON.stringify(v)); } catch { /* full */ } }
function recall(key, dflt) {
  try { const v = localStorage.getItem(key); return v == null ? dflt : v; } catch { return dflt; }
}
function recallJson(key, dflt) { try { return JSON.parse(recall(key, '')) || dflt; } catch { return dflt; } }

let personSeq = 0;
function blankPerson(hospital = '') {
  return reactive({
    key: ++personSeq, temp: '', method: 'forehead', result: '放行', name: '', doc_number: '', phone: '',
    hospital, transport: '', note: '', startObs: false, flags: [], known: false, errors: {},
    autoRefer: false, // 转诊 was set by the fever watch, not chosen by hand
  });
}

export default {
  components: { UnboundNotice },
  setup() {
    const role = session.user.role;
    const isStaff = role === 'checkpoint';
    const unbound = isStaff && !session.user.checkpoint_id;
    const checkpoints = ref([]);
    const checkpointId = ref(isStaff ? session.user.checkpoint_id : Number(recall('fk.cp.checkpoint', 0)) || null);
    const flagged = ref([]);
    const thresholds = ref({ forehead: 37.3, axillary: 37.3, ear: 37.5, oral: 37.5 });
    const shift = ref(null);
    const recentOrigins = ref(recallJson('fk.cp.origins', []));
    const v = reactive({
      province: recall('fk.cp.province', '粤'), plateRest: '', noPlate: false, vehicle: '小客车',
      origin: recall('fk.cp.origin', ''), dest: '', flags: [], errors: {},
    });
    const persons = ref([blankPerson(recall('fk.cp.hospital', ''))]);
    const showProvinces = ref(false);
    const editing = ref(null); // a rejected entry being fixed: its client id
    const root = ref(null);

    const cpName = computed(() => {
      const c = checkpoints.value.find((x) => x.id === checkpointId.value);
      return c ? c.name : '';
    });
    const pedestrian = computed(() => v.vehicle === '行人');
    const plate = computed(() => (v.noPlate ? NO_PLATE : normPlate(v.province + v.plateRest)));
    const waiting = computed(() => outbox.items.length);
    const flaggedNames = computed(() => flagged.value.filter((f) => f.active).map((f) => f.name));
    const originPicks = computed(() => {
      const seen = new Set(flaggedNames.value);
      return [...flaggedNames.value.map((n) => ({ name: n, flagged: true })),
        ...recentOrigins.value.filter((n) => !seen.has(n)).slice(0, 4).map((n) => ({ name: n, flagged: false }))];
    });
    const originFlagged = computed(() => flaggedNames.value.some((n) => v.origin && v.origin.includes(n)));

    function tempOf(p) { return parseTemp(p.temp); }
    function isFever(p) {
      const x = tempOf(p);
      return x != null && !Number.isNaN(x) && x >= (thresholds.value[p.method] ?? 37.3);
    }
    // a fever allows only 转诊 / 转集中观察: switch to 转诊 the moment it is
    // typed; corrected below the threshold (38 for 36.8), back to 放行 if
    // 转诊 came from here and the worker has not chosen a result since
    watch(() => persons.value.map((p) => isFever(p)), (fev) => {
      fev.forEach((f, i) => {
        const p = persons.value[i];
        if (f && !FEVER_RESULTS.includes(p.result)) {
          p.result = '转诊';
          p.autoRefer = true;
        } else if (!f && p.autoRefer) {
          if (p.result === '转诊') {
            p.result = '放行';
            p.errors = {};
          }
          p.autoRefer = false;
        }
      });
    });
    function needsIdentity(p) { return p.result !== '放行'; }
    function resultDisabled(p, r) { return isFever(p) && !FEVER_RESULTS.includes(r); }

    // ---- lookup flags while typing (debounced; only when online) ----
    const timers = new Map();
    let lookupSeq = 0;
    // A lookup that fails (a weak signal at the roadside) is tried again
    // twice, a second apart: it is a help, not a requirement, but the red
    // flag for a person under observation should not be lost to one
    // dropped packet.
    function lookupLater(key, query, apply, tries = 3, wait = 300) {
      clearTimeout(timers.get(key));
      if (!query) { apply({ flags: [], known_person: false }); return; }
      timers.set(key, setTimeout(async () => {
        if (!navigator.onLine) return;
        const my = ++lookupSeq;
        timers.set(key + ':seq', my);
        try {
          const r = await get('/checkpoint/lookup', query);
          if (timers.get(key + ':seq') !== my) return;
          apply(r);
          if (r.flags.some((f) => f.level === 'danger') && navigator.vibrate) navigator.vibrate([200, 100, 200]);
        } catch (e) {
          if (timers.get(key + ':seq') === my && tries > 1 && !(e.status >= 400 && e.status < 500)) lookupLater(key, query, apply, tries - 1, 1000);
        }
      }, wait));
    }
    function personLookup(p) {
      const doc = p.doc_number.replace(/\s/g, '').toUpperCase();
      const phone = p.phone.replace(/\D/g, '');
      const q = {};
      if (doc.length >= 6) q.doc = doc;
      if (phone.length >= 7) q.phone = phone;
      lookupLater('p' + p.key, Object.keys(q).length ? q : null, (r) => { p.flags = r.flags; p.known = r.known_person; });
    }
    function plateLookup() {
      const pl = plate.value;
      lookupLater('plate', !pedestrian.value && pl !== NO_PLATE && plateOk(pl) ? { plate: pl } : null, (r) => { v.flags = r.flags; });
    }
    watch(plate, () => { v.errors.plate = ''; plateLookup(); });

    function pickProvince(p) {
      v.province = p;
      showProvinces.value = false;
      store('fk.cp.province', p);
      nextTick(() => focusName('plate'));
    }
    function onPlateInput(s) {
      // a whole plate typed or pasted, province included
      const n = normPlate(s);
      if (n && PROVINCES.includes(n[0])) {
        v.province = n[0];
        v.plateRest = n.slice(1);
      } else {
        v.plateRest = n;
      }
    }
    function pickOrigin(name) {
      v.origin = name;
      v.errors.origin = '';
      nextTick(() => focusName('temp-0'));
    }

    function addPerson() {
      persons.value.push(blankPerson(recall('fk.cp.hospital', '')));
      nextTick(() => focusName('temp-' + (persons.value.length - 1)));
    }
    function removePerson(i) { persons.value.splice(i, 1); }
    function setResult(p, r) {
      if (resultDisabled(p, r)) return;
      p.result = r;
      p.autoRefer = false;
      p.errors = {};
    }

    // ---- Enter moves on; on the last field it saves ----
    function fields() {
      return Array.from(root.value.querySelectorAll('input[data-enter]')).filter((el) => !el.disabled && el.offsetParent !== null);
    }
    function focusName(name) {
      const el = root.value && root.value.querySelector(`input[data-enter="${name}"]`);
      if (el) el.focus();
    }
    function onEnter(e) {
      if (e.isComposing || e.keyCode === 229) return;
      const el = e.target;
      if (!el || el.tagName !== 'INPUT' || !el.dataset.enter) return;
      e.preventDefault();
      const list = fields();
      const i = list.indexOf(el);
      if (i >= 0 && i < list.length - 1) list[i + 1].focus();
      else save();
    }

    // ---- checks before an entry goes to the outbox ----
    function check() {
      let ok = true;
      v.errors = {};
      if (!cpName.value && !isStaff) { v.errors.checkpoint = t('cp.e.checkpoint'); ok = false; }
      if (!pedestrian.value) {
        if (!v.noPlate && !v.plateRest) { v.errors.plate = t('cp.e.plateRequired'); ok = false; }
        else if (!plateOk(plate.value)) { v.errors.plate = t('cp.e.plate'); ok = false; }
      }
      for (const p of persons.value) {
        const e = {};
        const x = tempOf(p);
        if (x == null) e.temp = t('cp.e.tempRequired');
        else if (Number.isNaN(x) || x < 34 || x > 43) e.temp = t('cp.e.tempRange');
        if (isFever(p) && !FEVER_RESULTS.includes(p.result)) e.result = t('cp.e.fever');
        if (needsIdentity(p)) {
          if (!p.name.trim()) e.name = t('cp.e.nameRequired');
          if (!p.doc_number.trim() && !p.phone.trim()) e.doc_number = t('cp.e.idOrPhone');
        }
        const doc = p.doc_number.replace(/\s/g, '').toUpperCase();
        if (doc && !idCheckOk(doc)) e.doc_number = t('cp.e.idCheck');
        const ph = p.phone.replace(/[\s-]/g, '');
        if (ph && !/^(\+?86)?(1\d{10}|0\d{9,11}|\d{7,8})$/.test(ph)) e.phone = t('cp.e.phone');
        if (p.result === '转诊' && !p.hospital.trim()) e.hospital = t('cp.e.hospital');
        p.errors = e;
        if (Object.keys(e).length) ok = false;
      }
      return ok;
    }

    function payload() {
      const vill = villages.value.find((x) => x.id === v.dest);
      const b = {
        at: Math.floor(Date.now() / 1000),
        plate: pedestrian.value ? '' : plate.value,
        vehicle_type: v.vehicle,
        origin: v.origin.trim(),
        destination: v.dest === 'transit' ? '过境' : vill ? vill.name : '',
        persons: persons.value.map((p) => {
          const o = { temp: tempOf(p), method: p.method, result: p.result };
          for (const k of ['name', 'doc_number', 'phone', 'note']) if (p[k].trim()) o[k] = p[k].trim();
          if (p.result === '转诊') {
            o.hospital = p.hospital.trim();
            if (p.transport) o.transport = p.transport;
            if (p.startObs) o.start_observation = true;
          }
          return o;
        }),
      };
      if (vill) b.village_id = vill.id;
      if (!isStaff) b.checkpoint_id = checkpointId.value;
      return b;
    }

    function reset() {
      v.plateRest = '';
      v.noPlate = false;
      v.vehicle = '小客车';
      v.dest = '';
      v.flags = [];
      v.errors = {};
      persons.value = [blankPerson(recall('fk.cp.hospital', ''))];
      editing.value = null;
    }

    function save() {
      if (unbound) return;
      for (const p of persons.value) { const x = tempOf(p); if (x != null && !Number.isNaN(x)) p.temp = String(x); }
      if (!check()) {
        nextTick(() => {
          const bad = root.value.querySelector('.is-error input, .cp-err');
          if (bad && bad.scrollIntoView) bad.scrollIntoView({ block: 'center' });
        });
        return;
      }
      const b = payload();
      if (editing.value) b.client_id = editing.value;
      const fevers = persons.value.filter(isFever).length;
      enqueue(b, {
        plate: b.plate || t('cp.pedestrian'), vehicle: b.vehicle_type, n: b.persons.length, fevers,
        results: [...new Set(b.persons.map((p) => p.result))].join('、'), at: b.at, origin: b.origin,
      });
      // remember what the next vehicle probably shares
      if (b.origin) {
        store('fk.cp.origin', b.origin);
        recentOrigins.value = [b.origin, ...recentOrigins.value.filter((o) => o !== b.origin)].slice(0, 6);
        store('fk.cp.origins', recentOrigins.value);
      }
      const hosp = b.persons.find((p) => p.hospital);
      if (hosp) store('fk.cp.hospital', hosp.hospital);
      ElMessage({ type: 'success', message: navigator.onLine ? t('cp.saved') : t('cp.savedOffline'), duration: 1500, grouping: true });
      reset();
      nextTick(() => focusName(pedestrian.value ? 'temp-0' : 'plate'));
    }

    // fix a rejected entry: back into the form with the server's message
    function fix(entry) {
      const e = takeRejected(entry.client_id);
      if (!e) return;
      const b = e.payload;
      editing.value = e.client_id;
      v.vehicle = b.vehicle_type || '小客车';
      v.noPlate = b.plate === NO_PLATE;
      if (b.plate && b.plate !== NO_PLATE) onPlateInput(b.plate);
      v.origin = b.origin || '';
      v.dest = b.destination === '过境' ? 'transit' : b.village_id || '';
      if (b.checkpoint_id) checkpointId.value = b.checkpoint_id;
      persons.value = b.persons.map((p) => Object.assign(blankPerson(), {
        temp: String(p.temp), method: p.method || 'forehead', result: p.result || '放行', name: p.name || '',
        doc_number: p.doc_number || '', phone: p.phone || '', hospital: p.hospital || '', transport: p.transport || '', note: p.note || '',
        startObs: !!p.start_observation,
      }));
      const err = e.error || {};
      const m = /^persons\.(\d+)\.(\w+)$/.exec(err.field || '');
      if (['plate', 'origin', 'checkpoint_id'].includes(err.field)) v.errors[err.field === 'checkpoint_id' ? 'checkpoint' : err.field] = err.message;
      else if (m && persons.value[Number(m[1])]) persons.value[Number(m[1])].errors = { [m[2]]: err.message };
      else if (persons.value.length === 1 && err.field) persons.value[0].errors = { [err.field]: err.message };
      else ElMessage.error(err.message || t('cp.rejected'));
      window.scrollTo(0, 0);
    }
    function discard(entry) { takeRejected(entry.client_id); }

    // ---- the checkpoint, its current shift, the flagged areas, the fever thresholds ----
    async function loadShift() {
      shift.value = null;
      const c = checkpoints.value.find((x) => x.id === checkpointId.value);
      if (!isStaff || !c || !c.current_shift_id) return;
      try {
        const now = Math.floor(Date.now() / 1000);
        const r = await get('/shifts', { from: now - 86400, to: now + 86400 });
        const s = r.items.find((x) => x.id === c.current_shift_id);
        if (s) shift.value = { ...s, me: s.staff.find((m) => m.user_id === session.user.id) || null };
      } catch { /* shown on the shifts page */ }
    }
    async function signIn() {
      try {
        await post(`/shifts/${shift.value.id}/signin`);
        ElMessage.success(t('cp.signedIn'));
        loadShift();
      } catch (e) { ElMessage.error(e.message); }
    }
    function onCheckpoint(id) {
      store('fk.cp.checkpoint', String(id));
      v.errors.checkpoint = '';
    }
    onMounted(async () => {
      loadVillages().catch(() => {});
      const jobs = [
        get('/checkpoints').then((r) => {
          checkpoints.value = r.items;
          if (!isStaff && !r.items.some((c) => c.id === checkpointId.value)) {
            const first = r.items.find((c) => c.active);
            checkpointId.value = first ? first.id : null;
          }
          return loadShift();
        }),
        get('/flagged-areas').then((r) => { flagged.value = r.items; }),
        get('/obs/rules').then((r) => { if (r.current && r.current.thresholds) thresholds.value = r.current.thresholds; }),
      ];
      await Promise.allSettled(jobs);
      flush();
      nextTick(() => { if (!ui.mobile) focusName('plate'); });
    });
    onBeforeUnmount(() => { for (const x of timers.values()) clearTimeout(x); });

    const fmtClock = (ms) => {
      const d = new Date(ms);
      return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0');
    };
    const hm = (sec) => fmtClock(sec * 1000);
    return {
      isStaff, unbound, checkpoints, checkpointId, cpName, shift, v, persons, showProvinces, editing, root, outbox, waiting,
      originPicks, originFlagged, pedestrian, villages, ui, Icons, PROVINCES, VEHICLES, RESULTS, METHODS, TRANSPORTS,
      thresholds, isFever, needsIdentity, resultDisabled, pickProvince, onPlateInput, pickOrigin, addPerson,
      removePerson, setResult, onEnter, save, fix, discard, personLookup, signIn, onCheckpoint, flush, fmtClock, hm,
      newClientId,
    };
  },
  template: `
<div class="page cp-entry" ref="root" @keydown.enter="onEnter">
  <div class="cp-bar">
    <div class="cp-where">
      <el-icon><icon-location/></el-icon>
      <span v-if="isStaff" class="cp-name" data-test="cp-name">{{ unbound ? $t('cp.noCheckpoint') : cpName }}</span>
      <el-select v-else v-model="checkpointId" class="cp-select" :placeholder="$t('cp.pickCheckpoint')" @change="onCheckpoint" data-test="cp-select">
        <el-option v-for="c in checkpoints" :key="c.id" :label="c.name" :value="c.id" :disabled="!c.active"/>
      </el-select>
    </div>
    <span class="cp-net" :class="outbox.online ? 'on' : 'off'" data-test="net">{{ outbox.online ? $t('cp.online') : $t('cp.offline') }}</span>
    <button v-if="waiting" type="button" class="cp-waiting" @click="flush" data-test="queue-count" :title="outbox.lastError">
      {{ $t('cp.waiting', { n: waiting }) }}<el-icon v-if="outbox.sending" class="is-loading"><icon-loading/></el-icon>
    </button>
    <span v-else class="cp-allsent" data-test="queue-empty"><el-icon><icon-circle-check/></el-icon>{{ $t('cp.allSent') }}</span>
  </div>
  <unbound-notice/>
  <div v-if="v.errors.checkpoint" class="cp-err">{{ v.errors.checkpoint }}</div>
  <div v-if="shift" class="cp-shift" data-test="shift">
    {{ $t('cp.shiftNow', { from: hm(shift.starts_at), to: hm(shift.ends_at) }) }}
    <template v-if="shift.me">
      <el-tag v-if="shift.me.signed_in_at && !shift.me.signed_out_at" type="success" size="small">{{ $t('cp.signedInAt', { t: hm(shift.me.signed_in_at) }) }}</el-tag>
      <el-button v-else-if="!shift.me.signed_in_at" size="small" type="primary" @click="signIn" data-test="signin">{{ $t('cp.signIn') }}</el-button>
    </template>
  </div>
  <div v-if="isStaff && !unbound" class="cp-mylinks" data-test="my-links">
    <a class="link" href="#/cp/mine" data-test="my-screenings"><el-icon><icon-list/></el-icon>{{ $t('cp.mine') }}</a>
    <a class="link" href="#/cp/shifts" data-test="my-shifts"><el-icon><icon-calendar/></el-icon>{{ $t('cp.myShifts') }}</a>
  </div>
  <el-alert v-if="outbox.storageError" type="warning" :closable="false" show-icon :title="$t('cp.storageError')" class="mb"/>

  <div v-if="outbox.rejected.length" class="cp-rejected" data-test="rejected">
    <div class="cp-rej-title"><el-icon><icon-warning-filled/></el-icon>{{ $t('cp.rejectedTitle', { n: outbox.rejected.length }) }}</div>
    <div v-for="e in outbox.rejected" :key="e.client_id" class="cp-rej">
      <div><b>{{ e.summary.plate }}</b> · {{ fmtClock(e.queued_at) }} — {{ e.error.message }}</div>
      <div class="cp-rej-actions">
        <el-button size="small" type="primary" @click="fix(e)">{{ $t('cp.fix') }}</el-button>
        <el-button size="small" @click="discard(e)">{{ $t('cp.discard') }}</el-button>
      </div>
    </div>
  </div>
  <el-alert v-if="editing" type="info" :closable="false" :title="$t('cp.fixing')" class="mb"/>

  <template v-if="!unbound">
  <section class="cp-card">
    <div class="cp-row">
      <label class="cp-label">{{ $t('cp.vehicle') }}</label>
      <div class="cp-chips vehicles" data-test="vehicle">
        <button v-for="x in VEHICLES" :key="x" type="button" class="cp-chip" :class="{ on: v.vehicle === x }" @click="v.vehicle = x">{{ $t('cp.vt.' + x) }}</button>
      </div>
    </div>
    <div v-if="!pedestrian" class="cp-row">
      <label class="cp-label">{{ $t('cp.plate') }}</label>
      <div class="cp-plate" :class="{ 'is-error': v.errors.plate }">
        <button type="button" class="cp-prov" :disabled="v.noPlate" @click="showProvinces = !showProvinces" data-test="province">{{ v.province }}<el-icon><icon-arrow-down/></el-icon></button>
        <el-input :model-value="v.noPlate ? '' : v.plateRest" @update:model-value="onPlateInput" :disabled="v.noPlate" class="cp-plate-input"
          data-enter="plate" name="plate" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="10" :placeholder="$t('cp.platePh')"/>
        <el-checkbox v-model="v.noPlate" border class="cp-noplate" data-test="no-plate">{{ $t('cp.noPlate') }}</el-checkbox>
      </div>
      <div v-if="showProvinces" class="cp-provinces" data-test="provinces">
        <button v-for="p in PROVINCES" :key="p" type="button" :class="{ on: p === v.province }" @click="pickProvince(p)">{{ p }}</button>
      </div>
      <div v-if="v.errors.plate" class="cp-err" data-test="plate-error">{{ v.errors.plate }}</div>
      <div v-for="(f, i) in v.flags" :key="'pf' + i" class="cp-flag" :class="f.level" data-test="flag">{{ f.message }}</div>
    </div>
    <div class="cp-row">
      <label class="cp-label">{{ $t('cp.origin') }}</label>
      <el-input v-model="v.origin" data-enter="origin" name="origin" maxlength="60" clearable :placeholder="$t('cp.originPh')">
        <template v-if="originFlagged" #suffix><el-tag type="danger" size="small" effect="dark">{{ $t('cp.flaggedArea') }}</el-tag></template>
      </el-input>
      <div class="cp-chips origins" data-test="origin-picks">
        <button v-for="o in originPicks" :key="o.name" type="button" class="cp-chip small" :class="{ on: v.origin === o.name, flagged: o.flagged }" @click="pickOrigin(o.name)">{{ o.name }}</button>
      </div>
    </div>
    <div class="cp-row">
      <label class="cp-label">{{ $t('cp.dest') }}</label>
      <el-select v-model="v.dest" filterable clearable :placeholder="$t('cp.destPh')" class="full" data-test="dest">
        <el-option :label="$t('cp.transit')" value="transit"/>
        <el-option v-for="x in villages" :key="x.id" :label="x.name" :value="x.id"/>
      </el-select>
    </div>
  </section>

  <section v-for="(p, i) in persons" :key="p.key" class="cp-card cp-person" :class="{ fever: isFever(p) }" data-test="person">
    <div class="cp-person-head">
      <span class="cp-person-no">{{ $t('cp.personNo', { n: i + 1 }) }}</span>
      <el-tag v-if="isFever(p)" type="danger" effect="dark" data-test="fever">{{ $t('cp.fever') }}</el-tag>
      <el-tag v-if="p.known" type="info" size="small">{{ $t('cp.known') }}</el-tag>
      <el-button v-if="persons.length > 1" class="cp-remove" link type="danger" :icon="Icons.Close" @click="removePerson(i)">{{ $t('cp.remove') }}</el-button>
    </div>
    <div class="cp-temp-row">
      <div class="cp-temp" :class="{ 'is-error': p.errors.temp }">
        <input v-model="p.temp" class="cp-temp-input" type="text" inputmode="decimal" autocomplete="off" :data-enter="'temp-' + i" :name="'temp-' + i"
          :placeholder="$t('cp.tempPh')" maxlength="5" :aria-label="$t('cp.temp')">
        <span class="cp-unit">°C</span>
      </div>
      <el-select v-model="p.method" class="cp-method" :aria-label="$t('cp.method')" data-test="method">
        <el-option v-for="m in METHODS" :key="m" :value="m" :label="$t('cp.m.' + m)"/>
      </el-select>
    </div>
    <div v-if="p.errors.temp" class="cp-err">{{ p.errors.temp }}</div>
    <div class="cp-results" data-test="results">
      <button v-for="r in RESULTS" :key="r" type="button" class="cp-res" :class="['r-' + RESULTS.indexOf(r), { on: p.result === r }]"
        :disabled="resultDisabled(p, r)" @click="setResult(p, r)">{{ $t('cp.r.' + r) }}</button>
    </div>
    <div v-if="p.errors.result" class="cp-err">{{ p.errors.result }}</div>
    <div v-if="isFever(p)" class="cp-fever-note">{{ $t('cp.feverNote', { t: thresholds[p.method] }) }}</div>
    <div class="cp-ident" :class="{ required: needsIdentity(p) }">
      <div class="cp-field">
        <el-input v-model="p.name" :data-enter="'name-' + i" :name="'name-' + i" maxlength="40" :placeholder="needsIdentity(p) ? $t('cp.nameReq') : $t('cp.nameOpt')"
          :class="{ 'is-error': p.errors.name }" @input="p.errors.name = ''"/>
        <div v-if="p.errors.name" class="cp-err">{{ p.errors.name }}</div>
      </div>
      <div class="cp-field">
        <el-input v-model="p.phone" :data-enter="'phone-' + i" :name="'phone-' + i" type="tel" inputmode="tel" maxlength="20" :placeholder="$t('cp.phonePh')"
          :class="{ 'is-error': p.errors.phone }" @input="p.errors.phone = ''; personLookup(p)"/>
        <div v-if="p.errors.phone" class="cp-err">{{ p.errors.phone }}</div>
      </div>
      <div class="cp-field wide">
        <el-input v-model="p.doc_number" :data-enter="'doc-' + i" :name="'doc-' + i" maxlength="30" autocapitalize="characters" spellcheck="false"
          :placeholder="needsIdentity(p) ? $t('cp.docReq') : $t('cp.docOpt')" class="mono-input" :class="{ 'is-error': p.errors.doc_number }"
          @input="p.errors.doc_number = ''; personLookup(p)"/>
        <div v-if="p.errors.doc_number" class="cp-err">{{ p.errors.doc_number }}</div>
      </div>
    </div>
    <div v-for="(f, k) in p.flags" :key="k" class="cp-flag" :class="f.level" data-test="flag">
      <el-icon v-if="f.level === 'danger'"><icon-warning-filled/></el-icon>{{ f.message }}</div>
    <template v-if="p.result === '转诊'">
      <div class="cp-ident required">
        <div class="cp-field wide">
          <el-input v-model="p.hospital" :data-enter="'hospital-' + i" :name="'hospital-' + i" maxlength="60" :placeholder="$t('cp.hospitalPh')"
            :class="{ 'is-error': p.errors.hospital }" @input="p.errors.hospital = ''"/>
          <div v-if="p.errors.hospital" class="cp-err">{{ p.errors.hospital }}</div>
        </div>
      </div>
      <div class="cp-chips">
        <button v-for="x in TRANSPORTS" :key="x" type="button" class="cp-chip small" :class="{ on: p.transport === x }" @click="p.transport = p.transport === x ? '' : x">{{ $t('cp.tr.' + x) }}</button>
      </div>
      <el-checkbox v-model="p.startObs" border class="cp-start-obs" data-test="start-obs">{{ $t('cp.startObs') }}</el-checkbox>
    </template>
    <div v-if="p.result === '转集中观察' || (p.result === '转诊' && p.startObs)" class="cp-obs-note" data-test="obs-note">{{ $t('cp.obsNote') }}</div>
    <el-input v-model="p.note" :data-enter="'note-' + i" :name="'note-' + i" maxlength="200" :placeholder="$t('cp.notePh')" class="cp-note"/>
  </section>

  <div class="cp-actions">
    <el-button size="large" :icon="Icons.Plus" @click="addPerson" data-test="add-person">{{ $t('cp.addPerson') }}</el-button>
    <el-button size="large" type="primary" class="cp-save" @click="save" data-test="save">{{ $t('cp.save') }}</el-button>
  </div>
  </template>

  <section v-if="outbox.items.length || outbox.sent.length" class="cp-recent" data-test="recent">
    <h3>{{ $t('cp.recent') }}</h3>
    <div v-for="e in outbox.items" :key="e.client_id" class="cp-rec waiting" data-test="rec-waiting">
      <el-icon><icon-clock/></el-icon><span class="t">{{ fmtClock(e.queued_at) }}</span><b>{{ e.summary.plate }}</b>
      <span>{{ $t('cp.nPersons', { n: e.summary.n }) }}</span><span class="res">{{ e.summary.results }}</span>
      <span class="st">{{ $t('cp.stWaiting') }}</span>
    </div>
    <div v-for="e in outbox.sent.slice(0, 8)" :key="e.client_id" class="cp-rec" :class="{ fever: e.summary.fevers }" data-test="rec-sent">
      <el-icon><icon-circle-check/></el-icon><span class="t">{{ fmtClock(e.queued_at) }}</span><b>{{ e.summary.plate }}</b>
      <span>{{ $t('cp.nPersons', { n: e.summary.n }) }}</span><span class="res">{{ e.summary.results }}</span>
      <span class="st">{{ e.sightings ? $t('cp.stSighted') : $t('cp.stSent') }}</span>
      <div v-if="e.outcome && (e.outcome.obs || e.outcome.alerts)" class="cp-outcome" data-test="rec-outcome">
        <el-tag v-if="e.outcome.obs" type="warning" effect="dark" size="small" data-test="rec-obs">{{ e.outcome.sites.length ? $t('cp.stObsSite', { site: e.outcome.sites.join('、') }) : $t('cp.stObs') }}</el-tag>
        <el-tag v-if="e.outcome.alerts" type="danger" effect="dark" size="small" data-test="rec-fever">{{ $t('cp.stFever') }}</el-tag>
      </div>
    </div>
    <div v-if="outbox.lastError && waiting" class="muted">{{ $t('cp.lastError', { m: outbox.lastError }) }}</div>
  </section>
</div>`,
};
