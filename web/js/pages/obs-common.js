// Shared parts of the medical observation pages: the tab bar, labels, the
// check entry dialog (big numeric temperature input), the day × 早/晚 grid,
// the referral and outcome dialogs, and the rules loaded once.
import { ref, reactive, computed, watch, onMounted, nextTick } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import { t, has } from '../i18n.js';
import { get, post, session } from '../api.js';
import { route } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime } from '../format.js';
import { parseTemp, tempError } from '../valid.js';
import { UnboundNotice } from '../unbound.js';
import { OBS_READ, OFFICE, badge, refreshBadge } from '../mod/obs.js';

export const METHODS = ['axillary', 'forehead', 'ear', 'oral'];
export const VISITS = ['ok', 'refused', 'absent'];
export const REASONS = ['密切接触者', '疫区返回', '协查名单', '检疫点转来', '自行申报', '其他'];
export const NEED_CATEGORIES = ['生活物资', '医疗', '心理', '联系家属', '其他'];
export const STATUSES = ['active', 'lost', 'released', 'hospital'];

const label = (prefix, v) => (v == null || v === '' ? '' : has(prefix + v) ? t(prefix + v) : String(v));
export const statusLabel = (s) => label('obs.status.', s);
export const kindLabel = (k) => label('obs.kind.', k);
export const kindShort = (k) => label('obs.kindShort.', k);
export const methodLabel = (m) => label('obs.method.', m);
export const visitLabel = (v) => label('obs.visit.', v);
export const reasonLabel = (r) => label('obs.reason.', r);
export const actionLabel = (a) => label('obs.action.', a);
export const alertStatusLabel = (s) => label('obs.alertStatus.', s);
export const outcomeLabel = (o) => label('obs.outcome.', o);
export const needCatLabel = (c) => label('obs.need.c.', c);
export const needStatusLabel = (s) => label('obs.need.s.', s);
export const slotLabel = (s) => t('obs.slotLong.' + s);
export const statusType = (s) => ({ active: 'primary', released: 'success', hospital: 'danger', lost: 'warning' }[s] || 'info');
export const alertType = (s) => ({ open: 'danger', referred: 'warning', closed: 'info' }[s] || 'info');
export const needType = (s) => ({ open: 'danger', in_progress: 'warning', handled: 'success' }[s] || 'info');
export const temp = (tenths) => (tenths == null ? '' : (tenths / 10).toFixed(1));
export const symptomList = (s) => String(s || '').split(',').filter(Boolean);
export const mmdd = (ymd) => (ymd ? ymd.slice(5) : '');
// "101 室 2 床" for centralized observation
export const roomBed = (o) => (o && o.room_number ? t('obs.f.roomBed', { room: o.room_number, bed: o.bed ?? '—' }) : '');
// a centralized observation started at a checkpoint waits for a site
export const unplaced = (o) => !!o && o.kind === 'central' && !o.site_id && o.status !== 'released' && o.status !== 'hospital';
export const place = (o) => (o.kind === 'central'
  ? (unplaced(o) ? t('obs.f.unplaced') : [o.site_name, roomBed(o)].filter(Boolean).join(' ')) : o.address || '');
export const blockedLabel = (row) => (row.blocked_by ? (has('obs.blocked.' + row.blocked_by)
  ? t('obs.blocked.' + row.blocked_by, { n: row.last_day_checks ?? 0 }) : row.blocked_by) : '');

// The rules in force (and every version), loaded once per session.
export const rules = ref(null); // {current, items}
let rulesP = null;
let rulesUser = null;
export function loadRules(force = false) {
  const uid = session.user && session.user.id;
  if (force || !rulesP || rulesUser !== uid) {
    rulesUser = uid;
    rulesP = get('/obs/rules').then((r) => { rules.value = r; return r; }).catch((e) => { rulesP = null; throw e; });
  }
  return rulesP;
}
export const ruleById = (id) => (rules.value ? (rules.value.items.find((r) => r.id === id) || {}).rules || null : null);

// The tab bar on top of every observation page.
const TABS = [
  { path: '/obs', key: 'due', roles: OBS_READ, match: (p) => p === '/obs' },
  { path: '/obs/release', key: 'release', roles: OBS_READ },
  { path: '/obs/alerts', key: 'alerts', roles: OBS_READ, badge: true },
  { path: '/obs/list', key: 'list', roles: OBS_READ, match: (p) => p === '/obs/list' || p === '/obs/new' || /^\/obs\/\d+/.test(p) },
  { path: '/obs/sites', key: 'sites', roles: OBS_READ, match: (p) => p.startsWith('/obs/sites') },
  { path: '/obs/rules', key: 'rules', roles: OFFICE },
];
// The observation pages' tab strip; under it, for a site worker whose
// account has no site, the notice saying so (every such page lists nothing).
export const ObsNav = {
  components: { UnboundNotice },
  setup() {
    const tabs = computed(() => TABS.filter((x) => session.user && x.roles.includes(session.user.role)));
    const active = (x) => (x.match ? x.match(route.path) : route.path === x.path);
    // on a phone the strip scrolls sideways: bring the open page's tab into view
    const nav = ref();
    function reveal() {
      const el = nav.value && nav.value.querySelector('a.active');
      if (!el) return;
      const a = el.getBoundingClientRect();
      const b = nav.value.getBoundingClientRect();
      if (a.left < b.left || a.right > b.right) nav.value.scrollLeft += a.left - b.left - (b.width - a.width) / 2;
    }
    onMounted(() => nextTick(reveal));
    watch(() => route.path, () => nextTick(reveal));
    return { tabs, active, badge, nav };
  },
  template: `
<nav ref="nav" class="obs-nav no-print" data-test="obs-nav">
  <a v-for="x in tabs" :key="x.path" :href="'#' + x.path" :class="{ active: active(x) }" :data-tab="x.key">{{ $t('obs.nav.' + x.key) }}<span
    v-if="x.badge && badge.alerts" class="obs-nav-badge" data-test="alerts-badge">{{ badge.alerts }}</span></a>
</nav>
<unbound-notice/>`,
};

// 录入体温: one check for one observation.  `target` = a due-list row or an
// observation {id, name, village_name, kind, site_name, room_number, bed}.
export const CheckDialog = {
  props: { target: Object, allowTime: { type: Boolean, default: false } },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const open = ref(false);
    const form = reactive({ temp: '', method: 'axillary', symptoms: [], visit: 'ok', note: '', at: '', backfill: false });
    const errors = reactive({ temp: '', at: '', symptoms: '', method: '', visit: '', note: '' });
    const saving = ref(false);
    const tempInput = ref();
    watch(() => props.target, (v) => {
      if (!v) { open.value = false; return; }
      Object.assign(form, { temp: '', method: 'axillary', symptoms: [], visit: 'ok', note: '', at: '', backfill: false });
      for (const k of Object.keys(errors)) errors[k] = '';
      open.value = true;
      loadRules().catch((e) => ElMessage.error(e.message));
    }, { immediate: true });
    const r = computed(() => (rules.value ? rules.value.current : null));
    const symptomChoices = computed(() => (r.value ? r.value.symptoms : []));
    // the checkpoint form's parser: "365" is 36.5, "36.55" is stored as 36.6
    const parsed = computed(() => parseTemp(form.temp));
    const threshold = computed(() => (r.value && r.value.thresholds ? r.value.thresholds[form.method] : null));
    const fever = computed(() => parsed.value != null && !tempError(form.temp) && threshold.value != null && parsed.value >= threshold.value);
    function onTemp() { errors.temp = ''; }
    function close() { open.value = false; }
    function onClosed() { emit('close'); }
    function focus() { setTimeout(() => { if (tempInput.value) tempInput.value.focus(); }, 50); }
    async function save() {
      for (const k of Object.keys(errors)) errors[k] = '';
      const v = parsed.value;
      if (v == null && form.visit === 'ok') { errors.temp = t('obs.check.tempRequired'); return; }
      if (v != null && tempError(form.temp)) { errors.temp = tempError(form.temp); return; }
      const body = { method: form.method, symptoms: form.symptoms, visit: form.visit };
      if (v != null) body.temp = v;
      if (form.note.trim()) body.note = form.note.trim();
      if (form.backfill && form.at) body.at = form.at;
      saving.value = true;
      try {
        const res = await post('/observations/' + props.target.id + '/checks', body);
        const name = props.target.name;
        if (res.alert) {
          ElMessage({ type: 'error', message: t('obs.check.alert', { name }), duration: 6000, showClose: true });
          refreshBadge(true);
        } else if (v != null) {
          ElMessage.success(t('obs.check.saved', { name, temp: v.toFixed(1) }));
        } else {
          ElMessage.success(t('obs.check.savedNoTemp', { name, visit: visitLabel(form.visit) }));
        }
        emit('saved', { ...res, temp: v, visit: form.visit, target: props.target });
        open.value = false;
      } catch (e) {
        if (e.field && e.field in errors && e.status === 422) {
          errors[e.field === 'at' && !body.at ? 'temp' : e.field] = e.message;
        } else ElMessage.error(e.message);
      } finally {
        saving.value = false;
      }
    }
    return { open, form, errors, saving, tempInput, symptomChoices, fever, threshold, ui, METHODS, VISITS, methodLabel, visitLabel, kindShort, roomBed, onTemp, close, onClosed, focus, save };
  },
  template: `
<el-dialog v-model="open" :title="$t('obs.check.title')" :width="ui.mobile ? '100%' : '520px'" :fullscreen="ui.mobile" class="check-dialog"
  destroy-on-close append-to-body @opened="focus" @closed="onClosed" data-test="check-dialog">
  <div v-if="target" class="check-who">
    <span class="cw-name" data-test="check-name">{{ target.name }}</span>
    <span class="muted">{{ target.village_name }}<template v-if="target.kind === 'central'"> · {{ target.site_name }} {{ roomBed(target) }}</template><template v-if="target.day"> · {{ $t('obs.due.day', { n: target.day }) }}</template></span>
  </div>
  <el-form label-position="top" @submit.prevent="save" class="check-form dialog-form">
    <el-form-item :label="$t('obs.check.temp')" :error="errors.temp" data-field="temp">
      <el-input ref="tempInput" v-model="form.temp" class="temp-input" :class="{ fever }" inputmode="decimal" maxlength="5"
        :placeholder="$t('obs.check.tempPh')" autocomplete="off" name="temp" @input="onTemp" data-test="temp-input">
        <template #append>°C</template>
      </el-input>
      <div v-if="fever" class="fever-hint" data-test="fever-hint">{{ $t('obs.check.fever', { t: threshold.toFixed(1) }) }}</div>
      <div v-else-if="form.visit !== 'ok'" class="field-hint">{{ $t('obs.check.optional') }}</div>
    </el-form-item>
    <el-form-item :label="$t('obs.check.method')" :error="errors.method">
      <el-radio-group v-model="form.method" class="seg" data-test="method">
        <el-radio-button v-for="m in METHODS" :key="m" :value="m">{{ methodLabel(m) }}</el-radio-button>
      </el-radio-group>
    </el-form-item>
    <el-form-item :label="$t('obs.check.symptoms')" :error="errors.symptoms">
      <el-checkbox-group v-model="form.symptoms" class="symptom-boxes" data-test="symptoms">
        <el-checkbox v-for="s in symptomChoices" :key="s" :value="s" border>{{ s }}</el-checkbox>
      </el-checkbox-group>
      <div v-if="form.symptoms.length" class="fever-hint">{{ $t('obs.check.symptomAlert') }}</div>
    </el-form-item>
    <el-form-item :label="$t('obs.check.visit')" :error="errors.visit">
      <el-radio-group v-model="form.visit" class="seg" data-test="visit">
        <el-radio-button v-for="v in VISITS" :key="v" :value="v">{{ visitLabel(v) }}</el-radio-button>
      </el-radio-group>
    </el-form-item>
    <el-form-item :label="$t('obs.check.note')" :error="errors.note">
      <el-input v-model="form.note" maxlength="200" name="note"/>
    </el-form-item>
    <el-form-item v-if="allowTime" :label="$t('obs.check.at')" :error="errors.at">
      <el-checkbox v-model="form.backfill">{{ $t('obs.check.backfill') }}</el-checkbox>
      <el-date-picker v-if="form.backfill" v-model="form.at" type="datetime" value-format="YYYY-MM-DD HH:mm" format="YYYY-MM-DD HH:mm"
        :placeholder="$t('obs.check.atPh')" class="full" :editable="!ui.mobile"/>
    </el-form-item>
  </el-form>
  <template #footer>
    <div class="check-footer">
      <el-button @click="close" class="block-on-mobile">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="saving" @click="save" class="block-on-mobile" data-test="save-check">{{ $t('obs.check.save') }}</el-button>
    </div>
  </template>
</el-dialog>`,
};

// The day × 早/晚 grid.  grid = GET /observations/{id}/grid.
export const ObsGrid = {
  props: { grid: Object },
  setup() {
    const STATES = ['normal', 'fever', 'symptom', 'missed', 'absent', 'due', 'future'];
    const cellText = (c) => (c.temp != null ? temp(c.temp) : c.state === 'none' || c.state === 'future' ? '' : t('obs.grid.' + c.state));
    const cellTitle = (d, c) => `${d.date} ${t('obs.slot.' + c.slot)} · ${t('obs.grid.' + c.state)}${c.temp != null ? ' ' + temp(c.temp) + ' °C' : ''}${c.symptoms ? ' · ' + c.symptoms : ''}${c.checks > 1 ? ' ×' + c.checks : ''}`;
    return { STATES, cellText, cellTitle, mmdd };
  },
  template: `
<div class="obs-grid-wrap">
<div class="obs-grid" data-test="obs-grid">
  <div v-for="d in grid.days" :key="d.date" class="og-day" :class="{ day0: d.day === 0 }">
    <div class="og-head"><b>{{ d.day === 0 ? $t('obs.grid.day0') : $t('obs.grid.day', { n: d.day }) }}</b><span>{{ mmdd(d.date) }}</span></div>
    <div v-for="c in d.slots" :key="c.slot" class="og-cell" :class="'s-' + c.state" :title="cellTitle(d, c)" :data-state="c.state" :data-date="d.date" :data-slot="c.slot">
      <span class="og-slot">{{ $t('obs.slot.' + c.slot) }}</span><span class="og-val">{{ cellText(c) }}</span>
    </div>
  </div>
</div>
<div class="og-legend">
  <span v-for="s in STATES" :key="s" class="og-key"><i :class="'og-swatch s-' + s"></i>{{ $t('obs.grid.' + s) }}</span>
</div>
</div>`,
};

// 转诊 and 转诊结果 of one alert.  `alert` = a row of GET /alerts (or of an
// observation's alerts with a name added); mode 'referral' | 'outcome'.
export const AlertDialog = {
  props: { alert: Object, mode: String },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const open = ref(false);
    const form = reactive({ hospital: '', transport: '', departed_at: '', outcome: '', note: '' });
    const errors = reactive({ hospital: '', transport: '', departed_at: '', outcome: '', note: '' });
    const saving = ref(false);
    const transports = computed(() => ['a', 'b', 'c'].map((k) => t('obs.alerts.transports.' + k)));
    watch(() => props.alert, (a) => {
      if (!a) { open.value = false; return; }
      Object.assign(form, { hospital: a.hospital || '', transport: a.transport || transports.value[0], departed_at: '', outcome: '', note: '' });
      for (const k of Object.keys(errors)) errors[k] = '';
      open.value = true;
    }, { immediate: true });
    async function save() {
      for (const k of Object.keys(errors)) errors[k] = '';
      const a = props.alert;
      let path, body;
      if (props.mode === 'referral') {
        if (!form.hospital.trim()) { errors.hospital = t('common.required'); return; }
        body = { hospital: form.hospital.trim(), transport: form.transport.trim() };
        if (form.departed_at) body.departed_at = form.departed_at;
        path = `/alerts/${a.id}/referral`;
      } else {
        if (!form.outcome) { errors.outcome = t('common.required'); return; }
        body = { outcome: form.outcome };
        if (form.note.trim()) body.note = form.note.trim();
        path = `/alerts/${a.id}/outcome`;
      }
      saving.value = true;
      try {
        await post(path, body);
        ElMessage.success(t(props.mode === 'referral' ? 'obs.alerts.referred' : 'obs.alerts.outcomeSaved'));
        refreshBadge(true);
        emit('saved');
        open.value = false;
      } catch (e) {
        if (e.field && e.field in errors) errors[e.field] = e.message;
        else ElMessage.error(e.message);
      } finally {
        saving.value = false;
      }
    }
    return { open, form, errors, saving, transports, ui, save, temp, methodLabel };
  },
  template: `
<el-dialog v-model="open" :title="alert ? $t(mode === 'referral' ? 'obs.alerts.referralTitle' : 'obs.alerts.outcomeTitle', { name: alert.name }) : ''"
  :width="ui.mobile ? '94%' : '500px'" append-to-body destroy-on-close @closed="$emit('close')" :data-test="mode + '-dialog'">
  <div v-if="alert" class="muted mb">{{ alert.temp != null ? temp(alert.temp) + ' °C ' + methodLabel(alert.method) : '' }} {{ alert.symptoms }}</div>
  <el-form label-position="top" @submit.prevent="save" class="dialog-form">
    <template v-if="mode === 'referral'">
      <el-form-item :label="$t('obs.alerts.hospital')" required :error="errors.hospital" data-field="hospital">
        <el-input v-model="form.hospital" maxlength="100" name="hospital" :placeholder="$t('obs.alerts.hospitalPh')" @input="errors.hospital = ''"/>
      </el-form-item>
      <el-form-item :label="$t('obs.alerts.transport')" :error="errors.transport">
        <el-select v-model="form.transport" filterable allow-create default-first-option data-test="transport">
          <el-option v-for="x in transports" :key="x" :label="x" :value="x"/>
        </el-select>
      </el-form-item>
      <el-form-item :label="$t('obs.alerts.departedAt')" :error="errors.departed_at" data-field="departed_at">
        <el-date-picker v-model="form.departed_at" type="datetime" value-format="YYYY-MM-DD HH:mm" format="YYYY-MM-DD HH:mm"
          :placeholder="$t('obs.alerts.departedPh')" class="full" :editable="!ui.mobile" data-test="departed-at"/>
      </el-form-item>
    </template>
    <template v-else>
      <el-form-item :label="$t('obs.alerts.outcome')" required :error="errors.outcome" data-field="outcome">
        <el-radio-group v-model="form.outcome" class="seg" data-test="outcome">
          <el-radio-button value="excluded">{{ $t('obs.outcome.excluded') }}</el-radio-button>
          <el-radio-button value="suspected">{{ $t('obs.outcome.suspected') }}</el-radio-button>
          <el-radio-button value="confirmed">{{ $t('obs.outcome.confirmed') }}</el-radio-button>
        </el-radio-group>
        <div class="field-hint">{{ $t('obs.alerts.outcomeHint') }}</div>
      </el-form-item>
      <el-form-item :label="$t('obs.alerts.note')" :error="errors.note">
        <el-input v-model="form.note" type="textarea" :rows="2" maxlength="500" name="note"/>
      </el-form-item>
    </template>
  </el-form>
  <template #footer>
    <el-button @click="open = false">{{ $t('common.cancel') }}</el-button>
    <el-button type="primary" :loading="saving" @click="save" :data-test="'save-' + mode">{{ $t('common.save') }}</el-button>
  </template>
</el-dialog>`,
};

export { fmtTime };

// Site, room and bed for centralized observation: rooms show their free
// beds; no room = the server assigns the first free bed.  v-model = {site_id, room_id, bed}.
export const BedPicker = {
  props: { modelValue: Object, errors: { type: Object, default: () => ({}) }, fixedSite: { type: Number, default: 0 } },
  emits: ['update:modelValue'],
  setup(props, { emit }) {
    const sites = ref([]);
    const site = ref(null);
    const loading = ref(false);
    const v = computed(() => props.modelValue || {});
    function set(patch) { emit('update:modelValue', { ...v.value, ...patch }); }
    const freeBeds = (room) => {
      const used = new Set((room.occupants || []).map((o) => o.bed));
      const out = [];
      for (let b = 1; b <= room.beds; b++) if (!used.has(b)) out.push(b);
      return out;
    };
    const rooms = computed(() => (site.value ? site.value.room_list.map((r) => ({ ...r, free: freeBeds(r) })) : []));
    const room = computed(() => rooms.value.find((r) => r.id === v.value.room_id) || null);
    async function loadSite(id) {
      site.value = null;
      if (!id) return;
      loading.value = true;
      try { site.value = await get('/sites/' + id); } catch (e) { ElMessage.error(e.message); } finally { loading.value = false; }
    }
    get('/sites').then((r) => {
      sites.value = r.items.filter((s) => s.active);
      const only = props.fixedSite || (sites.value.length === 1 ? sites.value[0].id : 0);
      if (!v.value.site_id && only) set({ site_id: only, room_id: null, bed: null });
      else if (v.value.site_id) loadSite(v.value.site_id);
    }).catch((e) => ElMessage.error(e.message));
    watch(() => v.value.site_id, (id, old) => { if (id !== old) loadSite(id); });
    function pickSite(id) { set({ site_id: id, room_id: null, bed: null }); }
    function pickRoom(id) {
      const r = rooms.value.find((x) => x.id === id);
      set({ room_id: id || null, bed: r && r.free.length ? r.free[0] : null });
    }
    const siteLabel = (s) => `${s.name}（${t('obs.act.freeBeds', { n: Math.max(0, Math.min(s.beds, s.capacity) - s.occupied) })}）`;
    return { sites, rooms, room, loading, v, set, pickSite, pickRoom, siteLabel };
  },
  template: `
<div class="bed-picker">
  <el-form-item :label="$t('obs.form.site')" required :error="errors.site_id" data-field="site_id">
    <el-select :model-value="v.site_id" @update:model-value="pickSite" :disabled="!!fixedSite" :placeholder="$t('person.choose')" data-test="site-select">
      <el-option v-for="s in sites" :key="s.id" :value="s.id" :label="siteLabel(s)"/>
    </el-select>
  </el-form-item>
  <el-form-item :label="$t('obs.form.room')" :error="errors.room_id" data-field="room_id">
    <el-select :model-value="v.room_id" @update:model-value="pickRoom" clearable filterable :loading="loading" :placeholder="$t('obs.form.roomAuto')" data-test="room-select">
      <el-option v-for="r in rooms" :key="r.id" :value="r.id" :disabled="!r.free.length" :label="r.number + '（' + $t('obs.act.freeBeds', { n: r.free.length }) + '）'"/>
    </el-select>
  </el-form-item>
  <el-form-item v-if="room" :label="$t('obs.form.bed')" :error="errors.bed" data-field="bed">
    <el-radio-group :model-value="v.bed" @update:model-value="(b) => set({ bed: b })">
      <el-radio-button v-for="b in room.free" :key="b" :value="b">{{ b }}</el-radio-button>
    </el-radio-group>
  </el-form-item>
</div>`,
};
