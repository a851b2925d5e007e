// 日报: the daily report for any date from the first record to today
// (#/report?date=2020-02-01; another date shows the server's message),
// computed from the records' own times: town figures, per village, the
// reconciliation (red with the records behind a difference), the text
// summary to paste into a message.  上报 freezes the day as version 1; 更正
// (a reason is required) adds a version with what changed; old versions
// stay readable (#/report?date=…&version=2) and export as xlsx.
// A village worker gets their own village's figures only (the server sends
// nothing town-wide to them): the figures, no versions, summary or export.
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import { ElMessage, ElMessageBox } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t, has, lang } from '../i18n.js';
import { get, post, session } from '../api.js';
import { route, replace, go, matchPath } from '../router.js';
import { routes, allowed } from '../routes.js';
import { ui } from '../ui.js';
import { fmtTime, today } from '../format.js';

// a field's label: the server's (Chinese, as the layout names it), in English from our table
export function fieldLabel(f) {
  return lang.value === 'en' && has('report.f.' + f.key) ? t('report.f.' + f.key) : f.label;
}

// Is there a page at `path` the user may open?  (the layout's rule: the first route that matches)
export function reachable(path) {
  for (const r of routes) if (matchPath(r.path, path)) return allowed(r, session.user);
  return false;
}

export async function copyText(text) {
  try {
    if (navigator.clipboard && window.isSecureContext) { await navigator.clipboard.writeText(text); return true; }
  } catch { /* fall back below */ }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.setAttribute('readonly', '');
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  ta.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  ta.remove();
  return ok;
}

export default {
  setup() {
    const canSend = ['admin', 'commander'].includes(session.user.role);
    const isAdmin = session.user.role === 'admin';
    const scoped = session.user.role === 'village';
    const canDash = reachable('/dashboard');
    const date = ref(today());
    const version = ref(0);
    const data = ref(null);      // GET /reports/daily
    const ver = ref(null);       // the version being viewed
    const latest = ref(null);    // the last version sent (to show what a correction would change)
    const error = ref('');
    const loading = ref(false);
    const busy = ref(false);
    const corr = reactive({ open: false, reason: '', error: '' });

    function fromQuery() {
      const q = route.query;
      date.value = q.date || today();
      version.value = Number(q.version) > 0 ? Number(q.version) : 0;
    }
    function push() { replace('/report', { date: date.value !== today() ? date.value : '', version: version.value || '' }); }

    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/reports/daily', { date: date.value });
        if (scoped) r.versions = [];
        const last = r.versions.length ? r.versions[r.versions.length - 1].version : 0;
        const want = version.value || last;
        const v = want ? await get('/reports/daily/version', { date: date.value, version: want }) : null;
        const l = last ? (want === last ? v : await get('/reports/daily/version', { date: date.value, version: last })) : null;
        if (my !== seq) return;
        // all at once: the page never shows the figures of one answer with the versions of another
        data.value = r;
        ver.value = version.value ? v : null;
        latest.value = l;
      } catch (e) {
        if (my !== seq) return;
        data.value = null;
        ver.value = null;
        error.value = e.message;
      } finally { if (my === seq) loading.value = false; }
    }
    watch(() => route.full, () => { if (route.path === '/report') { fromQuery(); load(); } });
    onMounted(() => { fromQuery(); load(); });

    // what the page shows: a frozen version, or the figures computed now
    const shown = computed(() => (ver.value ? ver.value.figures : data.value));
    const fields = computed(() => (data.value ? data.value.fields.filter((f) => !scoped || f.per_village) : []));
    const villageFields = computed(() => fields.value.filter((f) => f.per_village));
    const versions = computed(() => (data.value ? data.value.versions : []));
    const sent = computed(() => versions.value.length > 0);
    const lastV = computed(() => versions.value[versions.value.length - 1] || null);
    // current figures against the last version sent: what a correction would change
    const pending = computed(() => {
      if (!latest.value || !data.value || ver.value) return [];
      const a = latest.value.figures.town, b = data.value.town;
      return fields.value.filter((f) => (a[f.key] ?? 0) !== (b[f.key] ?? 0)).map((f) => ({ label: fieldLabel(f), from: a[f.key] ?? 0, to: b[f.key] ?? 0 }));
    });
    const first = computed(() => (data.value && data.value.first_date) || '');
    const disabledDate = (d) => {
      const ymd = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      return ymd > today() || (first.value && ymd < first.value);
    };
    function pickDate(d) { date.value = d || today(); version.value = 0; push(); }
    function view(v) { version.value = v; push(); }
    function current() { version.value = 0; push(); }
    const xlsx = computed(() => '/api/v1/reports/daily.xlsx?date=' + encodeURIComponent(date.value) + (version.value ? '&version=' + version.value : ''));

    async function send() {
      try {
        await ElMessageBox.confirm(t('report.sendConfirm', { date: date.value }), t('report.send'), {
          type: 'warning', confirmButtonText: t('report.send'), cancelButtonText: t('common.cancel'),
        });
      } catch { return; }
      busy.value = true;
      try {
        await post('/reports/daily/send', { date: date.value });
        ElMessage.success(t('report.sent'));
        await load();
      } catch (e) { ElMessage.error(e.message); } finally { busy.value = false; }
    }
    function openCorrect() { Object.assign(corr, { open: true, reason: '', error: '' }); }
    async function correct() {
      corr.error = '';
      busy.value = true;
      try {
        const r = await post('/reports/daily/correct', { date: date.value, reason: corr.reason.trim() });
        corr.open = false;
        ElMessage.success(t('report.corrected', { n: r.version }));
        await load();
      } catch (e) {
        if (e.field === 'reason' || e.status === 422) corr.error = e.message; else ElMessage.error(e.message);
      } finally { busy.value = false; }
    }
    async function copySummary() {
      const ok = await copyText(shown.value.summary);
      if (ok) ElMessage.success(t('common.copied')); else ElMessage.warning(t('report.copyFailed'));
    }
    // the records behind a reconciliation difference: an observation page if there is one
    const obsHref = (id) => (reachable('/obs/' + id) ? '#/obs/' + id : null);
    const recLine = computed(() => {
      const r = shown.value && shown.value.reconciliation;
      return r ? t('report.recFormula', r) : '';
    });
    const sortNum = (k) => (a, b) => (a[k] ?? 0) - (b[k] ?? 0);
    return {
      canSend, isAdmin, scoped, canDash, session, date, version, data, ver, shown, fields, villageFields, versions, sent, lastV, pending, error, loading, busy, corr,
      ui, Icons, disabledDate, pickDate, view, current, xlsx, send, openCorrect, correct, copySummary, obsHref, recLine, sortNum,
      fieldLabel, fmtTime, go, today,
    };
  },
  template: `
<div class="page report-page">
  <div class="page-head">
    <h2>{{ $t('report.title') }}<span v-if="scoped" class="sub"> · {{ session.user.village_name }}</span></h2>
    <div class="head-actions report-links">
      <el-button v-if="canDash" :icon="Icons.DataAnalysis" @click="$go('/dashboard')" data-test="to-dashboard">{{ $t('menu.dashboard') }}</el-button>
      <el-button v-if="canDash" :icon="Icons.Monitor" @click="$go('/wall')" data-test="to-wall">{{ $t('menu.wall') }}</el-button>
      <el-button v-if="isAdmin" :icon="Icons.Setting" @click="$go('/report/layout')" data-test="to-layout">{{ $t('report.layout') }}</el-button>
    </div>
  </div>
  <div class="toolbar">
    <el-date-picker :model-value="date" @update:model-value="pickDate" type="date" value-format="YYYY-MM-DD" :clearable="false"
      :disabled-date="disabledDate" data-test="report-date"/>
    <template v-if="data && !ver">
      <el-button v-if="canSend && !sent" type="primary" :icon="Icons.Promotion" :loading="busy" @click="send" data-test="send">{{ $t('report.send') }}</el-button>
      <el-button v-if="canSend && sent" type="warning" :icon="Icons.EditPen" :loading="busy" @click="openCorrect" data-test="correct">{{ $t('report.correct') }}</el-button>
    </template>
    <el-button v-if="data && !scoped" tag="a" :href="xlsx" download :icon="Icons.Download" data-test="xlsx">{{ ver ? $t('report.xlsxVersion', { n: version }) : $t('report.xlsx') }}</el-button>
  </div>

  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb" data-test="report-error">
    <template #default><a class="link" @click="pickDate(today())">{{ $t('report.backToday') }}</a></template>
  </el-alert>

  <div v-if="data && shown" v-loading="loading" data-test="figures" :data-date="data.date">
    <el-alert v-if="ver" type="info" :closable="false" show-icon class="mb" data-test="viewing-version"
      :title="$t('report.viewing', { n: ver.version, at: fmtTime(ver.sent_at), by: ver.sent_by_name })">
      <template #default>
        <div v-if="ver.reason">{{ $t('report.reason') }}：{{ ver.reason }}</div>
        <div v-if="ver.changes && ver.changes.length" class="report-changes" data-test="version-changes">
          <div class="muted">{{ $t('report.changedFrom', { n: ver.version - 1 }) }}</div>
          <div v-for="c in ver.changes" :key="c.field" class="chg">{{ fieldLabel({ key: c.field, label: c.label }) }}：<s>{{ c.from }}</s> → <b>{{ c.to }}</b></div>
        </div>
        <div v-else-if="ver.version > 1" class="muted">{{ $t('report.noChanges') }}</div>
        <a class="link" @click="current" data-test="back-current">{{ $t('report.backCurrent') }}</a>
      </template>
    </el-alert>
    <el-alert v-else-if="sent" type="success" :closable="false" show-icon class="mb" data-test="status"
      :title="$t('report.sentStatus', { n: lastV.version, at: fmtTime(lastV.sent_at), by: lastV.sent_by_name })"/>
    <el-alert v-else-if="!scoped" type="warning" :closable="false" show-icon class="mb" :title="$t('report.notSent')" data-test="status"/>
    <el-alert v-if="!ver && pending.length" type="warning" :closable="false" show-icon class="mb" data-test="pending"
      :title="$t('report.pending', { n: pending.length })" :description="pending.map((c) => c.label + ' ' + c.from + '→' + c.to).join('；')"/>

    <div class="report-grid" data-test="town">
      <div v-for="f in fields" :key="f.key" class="report-cell" :data-key="f.key">
        <div class="n">{{ shown.town[f.key] ?? 0 }}</div><div class="l">{{ fieldLabel(f) }}</div>
      </div>
    </div>

    <template v-if="!scoped">
    <div class="report-rec" :class="shown.reconciliation.ok ? 'ok' : 'bad'" data-test="reconciliation">
      <div class="rec-title">
        <el-icon><component :is="shown.reconciliation.ok ? Icons.CircleCheckFilled : Icons.CircleCloseFilled"/></el-icon>
        {{ shown.reconciliation.ok ? $t('report.recOk') : $t('report.recBad', { n: shown.reconciliation.difference }) }}
      </div>
      <div class="rec-formula">{{ recLine }}</div>
      <div v-if="shown.reconciliation.records && shown.reconciliation.records.length" class="rec-records" data-test="rec-records">
        <span class="muted">{{ $t('report.recRecords') }}</span>
        <a v-for="r in shown.reconciliation.records" :key="r.observation_id" class="rec-record" :href="obsHref(r.observation_id)">
          #{{ r.observation_id }} {{ r.end_reason }}</a>
      </div>
    </div>

    <div class="report-summary">
      <div class="sum-head"><h3>{{ $t('report.summary') }}</h3>
        <el-button size="small" :icon="Icons.CopyDocument" @click="copySummary" data-test="copy-summary">{{ $t('common.copy') }}</el-button></div>
      <div class="sum-text" data-test="summary">{{ shown.summary }}</div>
    </div>

    <h3 class="section-title">{{ $t('report.byVillage') }}</h3>
    <el-table :data="shown.villages" border stripe size="small" class="dense-table report-villages" data-test="villages" max-height="520"
      :empty-text="$t('common.noData')">
      <el-table-column prop="village_name" :label="$t('report.village')" min-width="110" fixed sortable/>
      <el-table-column v-for="f in villageFields" :key="f.key" :prop="f.key" :label="fieldLabel(f)" min-width="96" align="right"
        sortable :sort-method="sortNum(f.key)"/>
    </el-table>

    <h3 class="section-title">{{ $t('report.versions') }}</h3>
    <el-empty v-if="!versions.length" :description="$t('report.noVersions')" :image-size="60"/>
    <el-table v-else :data="versions" border size="small" class="dense-table" data-test="versions" :row-class-name="({ row }) => row.version === version ? 'current-row' : ''">
      <el-table-column prop="version" :label="$t('report.version')" width="70" align="center">
        <template #default="{ row }">{{ $t('report.vN', { n: row.version }) }}</template></el-table-column>
      <el-table-column :label="$t('report.sentAt')" width="150"><template #default="{ row }">{{ fmtTime(row.sent_at) }}</template></el-table-column>
      <el-table-column prop="sent_by_name" :label="$t('report.sentBy')" width="100"/>
      <el-table-column :label="$t('report.reason')" min-width="160"><template #default="{ row }">{{ row.version === 1 ? $t('report.firstSend') : row.reason }}</template></el-table-column>
      <el-table-column :label="$t('report.changes')" min-width="160">
        <template #default="{ row }">
          <span v-if="row.version === 1" class="muted">—</span>
          <span v-else-if="!row.changes.length" class="muted">{{ $t('report.noChanges') }}</span>
          <span v-else>{{ row.changes.map((c) => fieldLabel({ key: c.field, label: c.label }) + ' ' + c.from + '→' + c.to).join('；') }}</span>
        </template>
      </el-table-column>
      <el-table-column :label="$t('common.actions')" width="90">
        <template #default="{ row }"><el-button link type="primary" size="small" @click="view(row.version)" data-test="view-version">{{ $t('common.view') }}</el-button></template>
      </el-table-column>
    </el-table>
    </template>
  </div>

  <el-dialog v-model="corr.open" :title="$t('report.correctTitle', { date })" :width="ui.mobile ? '94%' : '520px'">
    <div v-if="pending.length" class="report-changes mb">
      <div class="muted">{{ $t('report.willChange') }}</div>
      <div v-for="c in pending" :key="c.label" class="chg">{{ c.label }}：<s>{{ c.from }}</s> → <b>{{ c.to }}</b></div>
    </div>
    <div v-else class="muted mb">{{ $t('report.nothingChanged') }}</div>
    <el-form label-position="top" @submit.prevent>
      <el-form-item :label="$t('report.reason')" :error="corr.error" required data-field="reason">
        <el-input v-model="corr.reason" type="textarea" :rows="3" maxlength="500" show-word-limit :placeholder="$t('report.reasonPh')" name="reason"/>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="corr.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="busy" @click="correct" data-test="confirm-correct">{{ $t('report.correctSubmit') }}</el-button>
    </template>
  </el-dialog>
</div>`,
};
