// 值班排班: the shifts of a period (a checkpoint's staff see their own
// checkpoint), sign-in and sign-out with a handover note for the staff on a
// shift, planning a shift (office), and hours per person per day and per
// week with 12 hours or more highlighted (office).  Filters in the query:
// #/cp/shifts?tab=hours&from=2020-02-01&to=2020-02-07&checkpoint=2
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime, dayStart, today } from '../format.js';
import { UnboundNotice } from '../unbound.js';

const YMD = /^\d{4}-\d{2}-\d{2}$/;
const LONG = 12; // hours in a day that need the office's attention

function addDays(ymd, n) {
  const [y, m, d] = ymd.split('-').map(Number);
  const x = new Date(Date.UTC(y, m - 1, d + n));
  return x.toISOString().slice(0, 10);
}
function daysBetween(a, b) {
  const out = [];
  for (let d = a; d <= b && out.length < 63; d = addDays(d, 1)) out.push(d);
  return out;
}
// Monday of the week of a date
function monday(ymd) {
  const [y, m, d] = ymd.split('-').map(Number);
  const wd = (new Date(Date.UTC(y, m - 1, d)).getUTCDay() + 6) % 7;
  return addDays(ymd, -wd);
}
const fmtH = (h) => (h == null ? '' : (Math.round(h * 10) / 10).toFixed(1));

export default {
  components: { UnboundNotice },
  setup() {
    const office = ['admin', 'commander'].includes(session.user.role);
    const tab = ref('list');
    const f = reactive({ from: addDays(today(), -2), to: addDays(today(), 1), checkpoint: '' });
    const h = reactive({ from: addDays(today(), -6), to: today() });
    const shifts = ref([]);
    const hours = ref([]);
    const loading = ref(false);
    const error = ref('');
    const checkpoints = ref([]);
    const sign = reactive({ open: false, shift: null, handover: '', saving: false });
    const dlg = reactive({ open: false, checkpoint_id: null, day: today(), starts_at: '', ends_at: '', staff: [], note: '', errors: {}, saving: false });

    function fromQuery() {
      const q = route.query;
      tab.value = office && q.tab === 'hours' ? 'hours' : 'list';
      if (tab.value === 'hours') {
        h.from = YMD.test(q.from || '') ? q.from : addDays(today(), -6);
        h.to = YMD.test(q.to || '') ? q.to : today();
      } else {
        f.from = YMD.test(q.from || '') ? q.from : addDays(today(), -2);
        f.to = YMD.test(q.to || '') ? q.to : addDays(today(), 1);
      }
      f.checkpoint = q.checkpoint ? Number(q.checkpoint) : '';
    }
    function push() {
      const r = tab.value === 'hours' ? h : f;
      replace('/cp/shifts', { tab: tab.value === 'hours' ? 'hours' : '', from: r.from, to: r.to, checkpoint: tab.value === 'list' ? f.checkpoint : '' });
    }
    const range = computed({
      get: () => [f.from, f.to],
      set: (v) => { if (v) { f.from = v[0]; f.to = v[1]; } push(); },
    });
    const hrange = computed({
      get: () => [h.from, h.to],
      set: (v) => { if (v) { h.from = v[0]; h.to = v[1]; } push(); },
    });

    async function loadShifts() {
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/shifts', { checkpoint: f.checkpoint, from: dayStart(f.from), to: dayStart(addDays(f.to, 1)) });
        shifts.value = r.items;
      } catch (e) { error.value = e.message; shifts.value = []; } finally { loading.value = false; }
    }
    async function loadHours() {
      loading.value = true;
      error.value = '';
      try { hours.value = (await get('/shifts/hours', { from: h.from, to: h.to })).items; } catch (e) { error.value = e.message; hours.value = []; } finally { loading.value = false; }
    }
    function load() { if (tab.value === 'hours') loadHours(); else loadShifts(); }
    watch(() => route.full, () => { if (route.path === '/cp/shifts') { fromQuery(); load(); } });
    onMounted(async () => {
      fromQuery();
      load();
      try { checkpoints.value = (await get('/checkpoints')).items; } catch { /* the list still shows names */ }
    });

    const now = () => Math.floor(Date.now() / 1000);
    const me = (s) => s.staff.find((m) => m.user_id === session.user.id);
    const current = (s) => s.starts_at <= now() && now() < s.ends_at;
    async function signIn(s) {
      try { await post(`/shifts/${s.id}/signin`); ElMessage.success(t('cp.signedIn')); loadShifts(); } catch (e) { ElMessage.error(e.message); }
    }
    function openSignOut(s) { Object.assign(sign, { open: true, shift: s, handover: '', saving: false }); }
    async function signOut() {
      sign.saving = true;
      try {
        await post(`/shifts/${sign.shift.id}/signout`, { handover: sign.handover.trim() });
        sign.open = false;
        ElMessage.success(t('cp.signedOut'));
        loadShifts();
      } catch (e) { ElMessage.error(e.message); } finally { sign.saving = false; }
    }

    // ---- planning a shift ----
    const knownStaff = computed(() => {
      const m = new Map();
      // accounts as "u:<id>", people without an account by their name (as typed ones arrive)
      for (const s of shifts.value) for (const p of s.staff) { const key = p.user_id ? 'u:' + p.user_id : p.name; m.set(key, { key, name: p.name }); }
      return [...m.values()].sort((a, b) => a.name.localeCompare(b.name, 'zh'));
    });
    function openPlan() {
      Object.assign(dlg, { open: true, checkpoint_id: f.checkpoint || (checkpoints.value[0] && checkpoints.value[0].id) || null, day: today(), staff: [], note: '', errors: {}, saving: false });
      preset('day');
    }
    function preset(kind) {
      if (kind === 'day') { dlg.starts_at = dlg.day + ' 08:00'; dlg.ends_at = dlg.day + ' 20:00'; } else { dlg.starts_at = dlg.day + ' 20:00'; dlg.ends_at = addDays(dlg.day, 1) + ' 08:00'; }
    }
    async function savePlan() {
      dlg.errors = {};
      if (!dlg.checkpoint_id) { dlg.errors.checkpoint_id = t('common.required'); return; }
      dlg.saving = true;
      const staff = dlg.staff.map((k) => (/^u:\d+$/.test(k) ? { user_id: Number(k.slice(2)) } : { name: k.trim() })).filter((x) => x.user_id || x.name);
      try {
        await post('/shifts', { checkpoint_id: dlg.checkpoint_id, starts_at: dlg.starts_at, ends_at: dlg.ends_at, note: dlg.note.trim(), staff });
        dlg.open = false;
        ElMessage.success(t('cp.planned'));
        loadShifts();
      } catch (e) {
        if (e.status === 422 && e.field) dlg.errors[e.field] = e.message; else ElMessage.error(e.message);
      } finally { dlg.saving = false; }
    }

    // ---- hours: per day, per week, the long ones highlighted ----
    const days = computed(() => daysBetween(h.from, h.to));
    const weeks = computed(() => {
      const w = [];
      for (const d of days.value) { const m = monday(d); if (!w.includes(m)) w.push(m); }
      return w;
    });
    const hourRows = computed(() => hours.value.map((p) => {
      const wk = {};
      for (const [d, x] of Object.entries(p.days)) { const m = monday(d); wk[m] = (wk[m] || 0) + x; }
      return { ...p, weeks: wk };
    }));
    const hourClass = (x) => (x >= 18 ? 'hours-18' : x >= LONG ? 'hours-12' : '');

    const hm = (sec) => fmtTime(sec).slice(11);
    const md = (sec) => fmtTime(sec).slice(5, 10);
    return {
      office, tab, f, h, range, hrange, shifts, hours, loading, error, checkpoints, sign, dlg, ui, Icons, knownStaff, days, weeks, hourRows,
      push, load, me, current, signIn, openSignOut, signOut, openPlan, preset, savePlan, hourClass, fmtH, hm, md, fmtTime, LONG,
      disabledDate: (d) => d.getTime() > Date.now(),
    };
  },
  template: `
<div class="page cp-shifts">
  <div class="page-head">
    <h2><a class="link" href="#/cp">{{ $t('cp.title') }}</a> / {{ $t('cp.shifts') }}</h2>
    <div class="head-actions">
      <el-button v-if="office && tab === 'list'" type="primary" :icon="Icons.Plus" @click="openPlan" data-test="plan">{{ $t('cp.plan') }}</el-button>
    </div>
  </div>
  <el-tabs v-if="office" v-model="tab" @tab-change="push">
    <el-tab-pane :label="$t('cp.tabShifts')" name="list"/>
    <el-tab-pane :label="$t('cp.tabHours')" name="hours"/>
  </el-tabs>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <unbound-notice/>

  <template v-if="tab === 'list'">
    <div class="toolbar">
      <el-date-picker v-model="range" type="daterange" value-format="YYYY-MM-DD" :clearable="false" unlink-panels
        :start-placeholder="$t('cp.from')" :end-placeholder="$t('cp.to')" class="cp-range" data-test="range"/>
      <el-select v-if="office" v-model="f.checkpoint" clearable :placeholder="$t('cp.allCheckpoints')" class="w-180" @change="push" data-test="cp-filter">
        <el-option v-for="c in checkpoints" :key="c.id" :label="c.name" :value="c.id"/>
      </el-select>
    </div>
    <div v-loading="loading" class="cp-shift-list" data-test="shifts">
      <el-empty v-if="!loading && !shifts.length" :description="$t('common.noData')" :image-size="70"/>
      <div v-for="s in shifts" :key="s.id" class="cp-shift-card" :class="{ now: current(s) }" data-test="shift-row">
        <div class="sh-head">
          <b>{{ s.checkpoint_name }}</b>
          <span class="sh-time">{{ md(s.starts_at) }} {{ hm(s.starts_at) }} – {{ md(s.ends_at) !== md(s.starts_at) ? md(s.ends_at) + ' ' : '' }}{{ hm(s.ends_at) }}</span>
          <el-tag v-if="current(s)" type="success" size="small" effect="dark">{{ $t('cp.onNow') }}</el-tag>
          <span class="sh-count">{{ $t('cp.shiftScreenings', { n: s.screenings }) }}</span>
        </div>
        <div v-if="s.note" class="sh-note">{{ s.note }}</div>
        <div class="sh-staff">
          <div v-for="m in s.staff" :key="m.id" class="sh-person" :class="{ mine: me(s) === m }">
            <span class="nm">{{ m.name }}</span>
            <span v-if="m.signed_in_at" class="in">{{ $t('cp.inAt', { t: md(m.signed_in_at) + ' ' + hm(m.signed_in_at) }) }}</span>
            <span v-if="m.signed_out_at" class="out">{{ $t('cp.outAt', { t: md(m.signed_out_at) + ' ' + hm(m.signed_out_at) }) }}</span>
            <span v-if="!m.signed_in_at" class="muted">{{ $t('cp.notSigned') }}</span>
            <div v-if="m.handover" class="handover"><el-icon><icon-chat-line-square/></el-icon>{{ m.handover }}</div>
          </div>
        </div>
        <div v-if="me(s)" class="sh-actions">
          <el-button v-if="!me(s).signed_in_at" type="primary" @click="signIn(s)" data-test="signin">{{ $t('cp.signIn') }}</el-button>
          <el-button v-else-if="!me(s).signed_out_at" type="warning" @click="openSignOut(s)" data-test="signout">{{ $t('cp.signOut') }}</el-button>
        </div>
      </div>
    </div>
  </template>

  <template v-else>
    <div class="toolbar">
      <el-date-picker v-model="hrange" type="daterange" value-format="YYYY-MM-DD" :clearable="false" unlink-panels :disabled-date="disabledDate"
        :start-placeholder="$t('cp.from')" :end-placeholder="$t('cp.to')" class="cp-range" data-test="hours-range"/>
      <span class="muted"><span class="hours-legend hours-12">≥ {{ LONG }} h</span><span class="hours-legend hours-18">≥ 18 h</span></span>
    </div>
    <el-table :data="hourRows" v-loading="loading" border size="small" class="dense-table hours-table" data-test="hours" :empty-text="$t('common.noData')"
      :default-sort="{ prop: 'max_day_hours', order: 'descending' }">
      <el-table-column prop="name" :label="$t('cp.personName')" min-width="110" fixed sortable/>
      <el-table-column v-for="d in days" :key="d" :label="d.slice(5)" min-width="62" align="right">
        <template #default="{ row }"><span :class="hourClass(row.days[d] || 0)" data-test="day-hours">{{ fmtH(row.days[d]) }}</span></template>
      </el-table-column>
      <el-table-column v-for="w in weeks" :key="'w' + w" :label="$t('cp.weekOf', { d: w.slice(5) })" min-width="90" align="right">
        <template #default="{ row }"><b>{{ fmtH(row.weeks[w]) }}</b></template>
      </el-table-column>
      <el-table-column prop="max_day_hours" :label="$t('cp.maxDay')" min-width="90" align="right" sortable>
        <template #default="{ row }"><span :class="hourClass(row.max_day_hours)">{{ fmtH(row.max_day_hours) }}</span></template>
      </el-table-column>
      <el-table-column prop="total_hours" :label="$t('cp.totalHours')" min-width="80" align="right" sortable>
        <template #default="{ row }">{{ fmtH(row.total_hours) }}</template>
      </el-table-column>
    </el-table>
  </template>

  <el-dialog v-model="sign.open" :title="$t('cp.signOut')" :width="ui.mobile ? '94%' : '460px'">
    <el-form label-position="top" @submit.prevent>
      <el-form-item :label="$t('cp.handover')">
        <el-input v-model="sign.handover" type="textarea" :rows="4" maxlength="1000" show-word-limit :placeholder="$t('cp.handoverPh')" name="handover"/>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="sign.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="sign.saving" @click="signOut" data-test="confirm-signout">{{ $t('cp.signOut') }}</el-button>
    </template>
  </el-dialog>

  <el-dialog v-model="dlg.open" :title="$t('cp.plan')" :width="ui.mobile ? '94%' : '520px'">
    <el-form label-position="top" class="dialog-form" @submit.prevent>
      <el-form-item :label="$t('cp.checkpoint')" :error="dlg.errors.checkpoint_id" required>
        <el-select v-model="dlg.checkpoint_id" data-test="plan-checkpoint"><el-option v-for="c in checkpoints" :key="c.id" :label="c.name" :value="c.id"/></el-select>
      </el-form-item>
      <el-form-item :label="$t('cp.shiftDay')">
        <div class="plan-day">
          <el-date-picker v-model="dlg.day" type="date" value-format="YYYY-MM-DD" :clearable="false" @change="preset('day')"/>
          <el-button @click="preset('day')">{{ $t('cp.dayShift') }}</el-button>
          <el-button @click="preset('night')">{{ $t('cp.nightShift') }}</el-button>
        </div>
      </el-form-item>
      <el-form-item :label="$t('cp.startsAt')" :error="dlg.errors.starts_at" required>
        <el-date-picker v-model="dlg.starts_at" type="datetime" value-format="YYYY-MM-DD HH:mm" format="YYYY-MM-DD HH:mm" :clearable="false" data-test="starts"/>
      </el-form-item>
      <el-form-item :label="$t('cp.endsAt')" :error="dlg.errors.ends_at" required>
        <el-date-picker v-model="dlg.ends_at" type="datetime" value-format="YYYY-MM-DD HH:mm" format="YYYY-MM-DD HH:mm" :clearable="false" data-test="ends"/>
      </el-form-item>
      <el-form-item :label="$t('cp.staff')" :error="dlg.errors.staff">
        <el-select v-model="dlg.staff" multiple filterable allow-create default-first-option
          :reserve-keyword="false" :placeholder="$t('cp.staffPh')" data-test="plan-staff">
          <el-option v-for="s in knownStaff" :key="s.key" :label="s.name" :value="s.key"/>
        </el-select>
      </el-form-item>
      <el-form-item :label="$t('cp.note')"><el-input v-model="dlg.note" maxlength="200"/></el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="dlg.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="dlg.saving" @click="savePlan" data-test="save-plan">{{ $t('common.save') }}</el-button>
    </template>
  </el-dialog>
</div>`,
};
