// One observation: the person (masked), dates and status, the day × 早/晚
// grid coloured like SORMAS's follow-up grid, alerts with referral and
// outcome, residents' needs, the history of every change, the checks, and
// the actions the user's role may take (the server's state machine decides;
// its 409 messages name the rule that blocks).
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, patch, session } from '../api.js';
import { ui } from '../ui.js';
import { fmtTime, sexLabel, docLabel } from '../format.js';
import { OFFICE, OBS_WRITE, can, refreshBadge } from '../mod/obs.js';
import {
  ObsNav, CheckDialog, ObsGrid, AlertDialog, BedPicker, NEED_CATEGORIES,
  statusLabel, statusType, kindLabel, reasonLabel, actionLabel, methodLabel, visitLabel, alertStatusLabel, alertType,
  outcomeLabel, needCatLabel, needStatusLabel, needType, temp, roomBed, symptomList, unplaced, place,
} from './obs-common.js';

const FIELD_ACTIONS = ['hospital', 'lost', 'found'];
const OUTCOME_ROLES = ['admin', 'commander', 'observer', 'site'];
const NEXT_NEED = { open: 'in_progress', in_progress: 'handled' };

// The transition dialog: fields by action.
const ActDialog = {
  components: { BedPicker },
  props: { action: String, obs: Object },
  emits: ['close', 'done'],
  setup(props, { emit }) {
    const open = ref(!!props.action);
    const form = reactive({ reason: '', hospital: '', at: '', days: 7, place: { site_id: null, room_id: null, bed: null } });
    const errors = reactive({ reason: '', hospital: '', at: '', days: '', site_id: '', room_id: '', bed: '' });
    const saving = ref(false);
    const needsReason = computed(() => ['release_early', 'lost', 'extend'].includes(props.action));
    // a centralized observation waiting for a site: 转集中 with a site is 安排观察点
    const placing = props.action === 'to_central' && unplaced(props.obs);
    const title = computed(() => (placing ? t('obs.act.place') : actionLabel(props.action)));
    const hint = computed(() => ({ release: 'obs.act.releaseHint', release_early: 'obs.act.earlyHint', extend: 'obs.act.extendHint', lost: 'obs.act.lostHint' }[props.action] || ''));
    async function save() {
      for (const k of Object.keys(errors)) errors[k] = '';
      const b = { action: props.action };
      if (form.reason.trim()) b.reason = form.reason.trim();
      if (needsReason.value && !b.reason) { errors.reason = t('common.required'); return; }
      if (props.action === 'hospital' && form.hospital.trim()) b.hospital = form.hospital.trim();
      if (props.action === 'lost' && form.at) b.at = form.at;
      if (props.action === 'extend') b.days = form.days;
      if (props.action === 'to_central') {
        if (!form.place.site_id) { errors.site_id = t('common.required'); return; }
        b.site_id = form.place.site_id;
        if (form.place.room_id) { b.room_id = form.place.room_id; if (form.place.bed) b.bed = form.place.bed; }
      }
      saving.value = true;
      try {
        await post(`/observations/${props.obs.id}/transitions`, b);
        ElMessage.success(placing ? t('obs.act.placed') : t('obs.act.done', { action: actionLabel(props.action) }));
        open.value = false;
        refreshBadge(true);
        emit('done');
      } catch (e) {
        if (e.field && e.field in errors) errors[e.field] = e.message;
        else ElMessage({ type: 'error', message: e.message, duration: 6000, showClose: true });
      } finally {
        saving.value = false;
      }
    }
    return { open, form, errors, saving, needsReason, hint, title, ui, save };
  },
  template: `
<el-dialog v-model="open" :title="$t('obs.act.title', { action: title, name: obs.name })" :width="ui.mobile ? '94%' : '520px'"
  append-to-body @closed="$emit('close')" data-test="act-dialog">
  <el-alert v-if="hint" :title="$t(hint)" type="info" :closable="false" show-icon class="mb"/>
  <el-form label-position="top" @submit.prevent="save" class="dialog-form">
    <template v-if="action === 'to_central'"><bed-picker v-model="form.place" :errors="errors"/></template>
    <el-form-item v-if="action === 'hospital'" :label="$t('obs.act.hospital')" :error="errors.hospital">
      <el-input v-model="form.hospital" maxlength="100" name="hospital" :placeholder="$t('obs.alerts.hospitalPh')"/>
    </el-form-item>
    <el-form-item v-if="action === 'extend'" :label="$t('obs.act.days')" :error="errors.days" data-field="days">
      <el-input-number v-model="form.days" :min="1" :max="28" :step="1" step-strictly/>
    </el-form-item>
    <el-form-item v-if="action === 'lost'" :label="$t('obs.act.at')" :error="errors.at" data-field="at">
      <el-date-picker v-model="form.at" type="datetime" value-format="YYYY-MM-DD HH:mm" format="YYYY-MM-DD HH:mm" :placeholder="$t('obs.act.atPh')" class="full" :editable="!ui.mobile"/>
    </el-form-item>
    <el-form-item :label="needsReason ? $t('obs.act.reasonReq') : (action === 'found' ? $t('obs.act.foundReason') : $t('obs.act.reason'))" :required="needsReason" :error="errors.reason" data-field="reason">
      <el-input v-model="form.reason" type="textarea" :rows="3" maxlength="500" name="reason" @input="errors.reason = ''"/>
    </el-form-item>
  </el-form>
  <template #footer>
    <el-button @click="open = false">{{ $t('common.cancel') }}</el-button>
    <el-button :type="['release', 'release_early'].includes(action) ? 'success' : 'primary'" :loading="saving" @click="save" data-test="act-save">{{ $t('common.confirm') }}</el-button>
  </template>
</el-dialog>`,
};

export default {
  components: { ObsNav, CheckDialog, ObsGrid, AlertDialog, ActDialog },
  props: { id: Number },
  setup(props) {
    const o = ref(null);
    const grid = ref(null);
    const error = ref('');
    const loading = ref(true);
    const checkTarget = ref(null);
    const act = ref('');
    const alertDlg = reactive({ alert: null, mode: '' });
    const need = reactive({ category: '生活物资', text: '', error: '', saving: false, open: false });
    const role = session.user.role;
    const office = can(OFFICE);
    const writer = can(OBS_WRITE);

    async function load() {
      try {
        const [d, g] = await Promise.all([get('/observations/' + props.id), get(`/observations/${props.id}/grid`)]);
        o.value = d;
        grid.value = g;
        error.value = '';
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    }
    onMounted(load);

    const actions = computed(() => {
      if (!o.value) return [];
      const s = o.value.status;
      let list = [];
      if (s === 'active') {
        list = ['release', 'release_early', 'extend', o.value.kind === 'home' ? 'to_central' : 'to_home', 'hospital', 'lost'];
        // started at a checkpoint without a site: 转集中 with a site places it
        if (unplaced(o.value)) list.unshift('to_central');
      } else if (s === 'lost') list = ['found', 'hospital'];
      if (!office) list = list.filter((a) => FIELD_ACTIONS.includes(a));
      if (!can([...OFFICE, ...OBS_WRITE])) list = [];
      return list;
    });
    const actType = (a) => ({ release: 'success', release_early: 'success', hospital: 'danger', lost: 'warning' }[a] || 'default');
    const canCheck = computed(() => writer && o.value && o.value.status === 'active');
    const canNotice = computed(() => office && o.value && o.value.status === 'released');
    const day = computed(() => {
      if (!o.value || o.value.status !== 'active' || !grid.value) return null;
      const due = grid.value.days.find((d) => d.slots.some((c) => c.state === 'due'));
      return due ? due.day : null;
    });
    const endLabel = computed(() => (o.value && o.value.end_reason ? actionLabel(o.value.end_reason) : ''));
    const rulesText = computed(() => {
      const r = o.value && o.value.rules;
      if (!r) return '';
      return `${t('obs.rules.version')} ${r.version} · ${t('obs.rules.summary', { days: r.period_days, m: r.windows.morning.join('–'), e: r.windows.evening.join('–') })}`;
    });
    function enterCheck() { checkTarget.value = { ...o.value, day: day.value }; }
    async function onSaved() { await load(); }
    function openAlert(a, mode) { alertDlg.alert = { ...a, name: o.value.name }; alertDlg.mode = mode; }
    async function addNeed() {
      need.error = '';
      if (!need.text.trim()) { need.error = t('common.required'); return; }
      need.saving = true;
      try {
        await post(`/observations/${props.id}/needs`, { category: need.category, text: need.text.trim() });
        ElMessage.success(t('obs.need.created'));
        need.text = '';
        need.open = false;
        await load();
      } catch (e) {
        if (e.field) need.error = e.message; else ElMessage.error(e.message);
      } finally {
        need.saving = false;
      }
    }
    async function advanceNeed(n) {
      try {
        await patch('/needs/' + n.id, { status: NEXT_NEED[n.status] });
        ElMessage.success(t('obs.need.updated'));
        await load();
      } catch (e) { ElMessage.error(e.message); }
    }
    const evDetail = (e) => {
      const d = e.detail || {};
      const parts = [];
      if (d.hospital) parts.push(d.hospital);
      if (d.outcome) parts.push(outcomeLabel(d.outcome));
      if (d.days) parts.push('+' + d.days + (t('obs.act.days') === 'Days' ? ' d' : ' 天'));
      if (d.last_seen_at) parts.push(t('obs.f.lostAt') + ' ' + fmtTime(d.last_seen_at));
      if (e.from_status !== e.to_status) parts.push(`${statusLabel(e.from_status)} → ${statusLabel(e.to_status)}`);
      return parts.join(' · ');
    };
    const evLabel = (e) => (e.action === 'to_central' && e.detail && e.detail.placed ? t('obs.act.place') : actionLabel(e.action));
    const evType = (e) => ({ start: 'primary', release: 'success', release_early: 'success', hospital: 'danger', lost: 'warning', referral: 'warning', alert_outcome: 'info' }[e.action] || '');
    return {
      o, grid, error, loading, checkTarget, act, alertDlg, need, role, office, writer, actions, canCheck, canNotice, day, endLabel, rulesText,
      ui, Icons, NEED_CATEGORIES, NEXT_NEED, OUTCOME_ROLES, can,
      load, enterCheck, onSaved, openAlert, addNeed, advanceNeed, evDetail, evLabel, evType, actType,
      fmtTime, sexLabel, docLabel, statusLabel, statusType, kindLabel, reasonLabel, actionLabel, methodLabel, visitLabel,
      alertStatusLabel, alertType, outcomeLabel, needCatLabel, needStatusLabel, needType, temp, roomBed, symptomList, unplaced, place,
      placeLabel: (a) => (a === 'to_central' && unplaced(o.value) ? t('obs.act.place') : actionLabel(a)),
    };
  },
  template: `
<div class="page obs-page obs-detail-page" v-loading="loading">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.detail.title') }}<span v-if="o" class="sub"> · {{ o.name }}</span>
      <span v-if="o" class="obs-head-tags">
        <el-tag :type="statusType(o.status)" effect="dark" data-test="obs-status">{{ statusLabel(o.status) }}</el-tag>
        <el-tag effect="plain">{{ kindLabel(o.kind) }}</el-tag>
        <el-tag v-if="o.open_alerts" type="danger" data-test="open-alerts">{{ $t('obs.f.openAlerts') }} {{ o.open_alerts }}</el-tag>
      </span>
    </h2>
    <div class="head-actions" v-if="o">
      <el-button :icon="Icons.Back" @click="$go('/obs/list')">{{ $t('common.back') }}</el-button>
      <el-button :icon="Icons.User" @click="$go('/persons/' + o.person_id)">{{ $t('obs.detail.openPerson') }}</el-button>
    </div>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <template v-if="o">
    <div v-if="canCheck || actions.length || canNotice" class="obs-actions obs-section" data-test="obs-actions">
      <el-button v-if="canCheck" type="primary" :icon="Icons.EditPen" @click="enterCheck" data-test="detail-check">{{ $t('obs.detail.addCheck') }}</el-button>
      <el-button v-for="a in actions" :key="a" :type="actType(a)" plain @click="act = a" :data-act="a">{{ placeLabel(a) }}</el-button>
      <el-button v-if="canNotice" type="success" :icon="Icons.Printer" @click="$go('/obs/' + o.id + '/notice')" data-test="notice-btn">{{ o.notice_no ? $t('obs.detail.notice') + ' ' + o.notice_no : $t('obs.detail.issueNotice') }}</el-button>
    </div>

    <el-card shadow="never" class="obs-section">
      <el-descriptions :column="ui.mobile ? 1 : 3" border :label-width="ui.mobile ? 96 : 120" class="obs-desc">
        <el-descriptions-item :label="$t('obs.f.name')"><b>{{ o.name }}</b> <span class="muted">{{ sexLabel(o.sex) }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.doc')"><span class="mono" data-test="doc">{{ o.doc_number || '—' }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.phone')"><span class="mono">{{ o.phone || '—' }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.village')">{{ o.village_name || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.place')" :span="ui.mobile ? 1 : 2">
          <template v-if="unplaced(o)"><el-tag type="warning" data-test="unplaced">{{ place(o) }}</el-tag></template><template v-else-if="o.kind === 'central'">{{ o.site_name }} {{ roomBed(o) }}</template><template v-else>{{ o.address }}</template>
        </el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.reason')">{{ reasonLabel(o.reason) }}<template v-if="o.reason_detail">（{{ o.reason_detail }}）</template></el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.exposure')">{{ o.exposure_date }}</el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.period')"><span data-test="period">{{ o.day1 }} ~ {{ o.planned_end }}</span>
          <el-tag v-if="o.extended_days" size="small" type="warning" class="ml">{{ $t('obs.f.extended', { n: o.extended_days }) }}</el-tag>
          <span v-if="day" class="muted ml">{{ $t('obs.f.dayN', { n: day }) }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.doctor')">{{ o.doctor || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.worker')">{{ o.worker_name || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.startedAt')">{{ fmtTime(o.started_at) }}</el-descriptions-item>
        <el-descriptions-item v-if="o.ended_at" :label="$t('obs.f.endedAt')">{{ fmtTime(o.ended_at) }} · {{ endLabel }}</el-descriptions-item>
        <el-descriptions-item v-if="o.lost_at" :label="$t('obs.f.lostAt')">{{ fmtTime(o.lost_at) }}</el-descriptions-item>
        <el-descriptions-item v-if="o.notice_no" :label="$t('obs.f.noticeNo')"><span class="mono">{{ o.notice_no }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('obs.f.rules')" :span="ui.mobile ? 1 : (o.ended_at ? 1 : 2)"><span class="muted">{{ rulesText }}</span></el-descriptions-item>
      </el-descriptions>
    </el-card>

    <el-card v-if="grid" shadow="never" class="obs-section" :header="$t('obs.grid.title')">
      <obs-grid :grid="grid"/>
    </el-card>

    <el-card shadow="never" class="obs-section" :header="$t('obs.detail.alerts')" data-test="obs-alerts">
      <div v-if="!o.alerts.length" class="muted">{{ $t('obs.detail.noAlerts') }}</div>
      <div v-for="a in o.alerts" :key="a.id" class="alert-line" data-test="obs-alert" :data-alert="a.id">
        <el-tag :type="alertType(a.status)" effect="dark" size="small">{{ alertStatusLabel(a.status) }}<template v-if="a.outcome"> · {{ outcomeLabel(a.outcome) }}</template></el-tag>
        <span>{{ fmtTime(a.opened_at) }}</span>
        <b v-if="a.temp != null" class="txt-danger">{{ temp(a.temp) }} °C</b><span class="muted">{{ methodLabel(a.method) }}</span>
        <span v-if="a.symptoms">{{ a.symptoms }}</span>
        <span v-if="a.hospital" class="muted">→ {{ a.hospital }}<template v-if="a.transport"> · {{ a.transport }}</template><template v-if="a.departed_at"> · {{ fmtTime(a.departed_at) }}</template></span>
        <span v-if="a.note" class="muted">{{ a.note }}</span>
        <template v-if="a.status !== 'closed'">
          <el-button size="small" type="warning" plain @click="openAlert(a, 'referral')" data-test="refer">{{ $t('obs.alerts.referral') }}</el-button>
          <el-button v-if="can(OUTCOME_ROLES)" size="small" type="primary" plain @click="openAlert(a, 'outcome')" data-test="outcome-btn">{{ $t('obs.alerts.outcome') }}</el-button>
        </template>
      </div>
    </el-card>

    <el-card shadow="never" class="obs-section" data-test="obs-needs">
      <template #header><div class="page-head" style="margin:0"><span>{{ $t('obs.need.title') }}</span>
        <el-button v-if="writer && o.status !== 'released'" size="small" :icon="Icons.Plus" @click="need.open = !need.open" data-test="add-need">{{ $t('obs.need.new') }}</el-button></div></template>
      <el-form v-if="need.open" label-position="top" @submit.prevent="addNeed" class="dialog-form mb">
        <el-form-item :label="$t('obs.need.category')">
          <el-radio-group v-model="need.category">
            <el-radio-button v-for="c in NEED_CATEGORIES" :key="c" :value="c">{{ needCatLabel(c) }}</el-radio-button>
          </el-radio-group>
        </el-form-item>
        <el-form-item :label="$t('obs.need.text')" :error="need.error">
          <el-input v-model="need.text" type="textarea" :rows="2" maxlength="500" name="need_text" @input="need.error = ''"/>
        </el-form-item>
        <el-button type="primary" native-type="submit" :loading="need.saving" data-test="save-need">{{ $t('common.save') }}</el-button>
      </el-form>
      <div v-if="!o.needs.length && !need.open" class="muted">{{ $t('obs.need.none') }}</div>
      <div v-for="n in o.needs" :key="n.id" class="alert-line" data-test="need-row">
        <el-tag :type="needType(n.status)" size="small">{{ needStatusLabel(n.status) }}</el-tag>
        <b>{{ needCatLabel(n.category) }}</b><span>{{ n.text }}</span><span class="muted">{{ fmtTime(n.created_at) }}</span>
        <el-button v-if="writer && NEXT_NEED[n.status]" size="small" @click="advanceNeed(n)">{{ n.status === 'open' ? $t('obs.need.start') : $t('obs.need.done') }}</el-button>
      </div>
    </el-card>

    <el-card shadow="never" class="obs-section" :header="$t('obs.detail.events')" data-test="obs-events">
      <el-timeline v-if="o.events.length">
        <el-timeline-item v-for="e in o.events" :key="e.id" :timestamp="fmtTime(e.at) + ' · ' + e.username" :type="evType(e)" placement="top">
          <b>{{ evLabel(e) }}</b> <span class="muted">{{ evDetail(e) }}</span>
          <div v-if="e.reason" class="ev-reason">{{ e.reason }}</div>
        </el-timeline-item>
      </el-timeline>
      <div v-else class="muted">{{ $t('obs.detail.noEvents') }}</div>
    </el-card>

    <el-card shadow="never" class="obs-section" :header="$t('obs.detail.checks') + '（' + o.checks.length + '）'">
      <el-table :data="o.checks" size="small" border stripe class="dense-table" max-height="360" :empty-text="$t('common.noData')" data-test="obs-checks">
        <el-table-column :label="$t('obs.check.at')" width="140"><template #default="{ row }">{{ fmtTime(row.at) }}<span v-if="!row.in_window" class="muted"> *</span></template></el-table-column>
        <el-table-column :label="$t('obs.alerts.temp')" width="100"><template #default="{ row }"><b :class="{ 'txt-danger': row.fever }">{{ row.temp != null ? temp(row.temp) + ' °C' : '—' }}</b></template></el-table-column>
        <el-table-column :label="$t('obs.check.method')" width="70"><template #default="{ row }">{{ methodLabel(row.method) }}</template></el-table-column>
        <el-table-column prop="symptoms" :label="$t('obs.check.symptoms')" min-width="100"/>
        <el-table-column :label="$t('obs.check.visit')" width="90"><template #default="{ row }">{{ visitLabel(row.visit) }}</template></el-table-column>
        <el-table-column prop="note" :label="$t('obs.check.note')" min-width="100"/>
        <el-table-column :label="$t('obs.detail.recordedBy')" width="90"><template #default="{ row }">{{ row.recorded_by_name || '—' }}</template></el-table-column>
      </el-table>
    </el-card>
  </template>
  <check-dialog :target="checkTarget" allow-time @close="checkTarget = null" @saved="onSaved"/>
  <act-dialog v-if="act && o" :action="act" :obs="o" @close="act = ''" @done="load"/>
  <alert-dialog :alert="alertDlg.alert" :mode="alertDlg.mode" @close="alertDlg.alert = null" @saved="load"/>
</div>`,
};
