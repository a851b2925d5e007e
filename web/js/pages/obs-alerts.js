// 异常预警: fevers and symptoms that opened an alert, until closed.  Record
// the referral to a fever clinic (hospital, transport, departure time) and
// the outcome: 排除 returns the person to observation, 疑似/确诊 ends it in
// hospital.  Shown to the commander, the observation office and the
// person's village (server scoped).  ?status=open|closed|all&page=
// Above them, the fevers entered at checkpoints (cp-fevers.js), which the
// office acknowledges.
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { get, session } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime } from '../format.js';
import { OBS_READ, can } from '../mod/obs.js';
import {
  ObsNav, AlertDialog, temp, methodLabel, alertStatusLabel, alertType, outcomeLabel, kindShort, statusLabel, statusType,
} from './obs-common.js';
import CpFevers, { CP_FEVER_READ } from './cp-fevers.js';

const OUTCOME_ROLES = ['admin', 'commander', 'observer', 'site'];

export default {
  components: { ObsNav, AlertDialog, CpFevers },
  setup() {
    const f = reactive({ status: '', page: 1, per_page: 20 });
    const rows = ref([]);
    const total = ref(0);
    const loading = ref(false);
    const error = ref('');
    const dlg = reactive({ alert: null, mode: '' });
    const canRefer = computed(() => can(OBS_READ));
    const canOutcome = computed(() => can(OUTCOME_ROLES));

    function fromQuery() {
      const q = route.query;
      f.status = ['closed', 'all'].includes(q.status) ? q.status : '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
    }
    function push() { replace('/obs/alerts', { status: f.status, page: f.page > 1 ? f.page : '' }); }
    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/alerts', { status: f.status, page: f.page, per_page: f.per_page });
        if (my !== seq) return;
        rows.value = r.items;
        total.value = r.total;
      } catch (e) {
        if (my === seq) { error.value = e.message; rows.value = []; total.value = 0; }
      } finally {
        if (my === seq) loading.value = false;
      }
    }
    onMounted(() => { fromQuery(); load(); });
    watch(() => route.full, () => { if (route.path === '/obs/alerts') { fromQuery(); load(); } });
    function setStatus() { f.page = 1; push(); }
    function open(a, mode) { dlg.alert = a; dlg.mode = mode; }
    function closeDlg() { dlg.alert = null; }
    const referral = (a) => [a.hospital, a.transport, a.departed_at ? fmtTime(a.departed_at) : ''].filter(Boolean).join(' · ');
    return {
      f, rows, total, loading, error, dlg, canRefer, canOutcome, ui, Icons, cpFevers: CP_FEVER_READ.includes(session.user.role),
      load, push, setStatus, open, closeDlg, referral, fmtTime, temp, methodLabel, alertStatusLabel, alertType, outcomeLabel, kindShort, statusLabel, statusType,
    };
  },
  template: `
<div class="page obs-page obs-alerts-page">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.alerts.title') }}</h2>
    <el-button :icon="Icons.Refresh" @click="load" :loading="loading">{{ $t('common.refresh') }}</el-button>
  </div>
  <cp-fevers v-if="cpFevers" class="mb"/>
  <h3 v-if="cpFevers" class="obs-sub">{{ $t('cpf.obsAlerts') }}</h3>
  <el-radio-group v-model="f.status" @change="setStatus" class="seg mb" data-test="alert-status">
    <el-radio-button value="">{{ $t('obs.alerts.open') }}</el-radio-button>
    <el-radio-button value="closed">{{ $t('obs.alerts.closed') }}</el-radio-button>
    <el-radio-button value="all">{{ $t('obs.alerts.all') }}</el-radio-button>
  </el-radio-group>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-empty v-if="!loading && !rows.length" :description="f.status ? $t('common.noData') : $t('obs.alerts.none')" :image-size="80"/>
  <div v-else-if="ui.mobile" class="card-list" v-loading="loading" data-test="alert-cards">
    <div v-for="a in rows" :key="a.id" class="person-card alert-card" :class="a.status" data-test="alert-row" :data-alert="a.id" :data-obs="a.obs_id">
      <div class="pc-top">
        <a class="pc-name link-plain" :href="'#/obs/' + a.obs_id">{{ a.name }}</a>
        <span v-if="a.temp != null" class="alert-temp">{{ temp(a.temp) }} °C</span>
        <el-tag size="small" :type="alertType(a.status)" effect="dark" class="pc-village" data-test="alert-status-tag">{{ alertStatusLabel(a.status) }}<template v-if="a.outcome"> · {{ outcomeLabel(a.outcome) }}</template></el-tag>
      </div>
      <div class="pc-line"><span class="lbl">{{ $t('obs.alerts.openedAt') }}</span>{{ fmtTime(a.opened_at) }} · {{ methodLabel(a.method) }}</div>
      <div v-if="a.symptoms" class="pc-line"><span class="lbl">{{ $t('obs.alerts.symptoms') }}</span>{{ a.symptoms }}</div>
      <div class="pc-line"><span class="lbl">{{ $t('obs.f.village') }}</span>{{ a.site_name || a.village_name }}</div>
      <div v-if="a.hospital" class="pc-line"><span class="lbl">{{ $t('obs.alerts.referral') }}</span><span>{{ referral(a) }}</span></div>
      <div v-if="a.status !== 'closed'" class="alert-actions">
        <el-button v-if="canRefer" type="warning" plain @click="open(a, 'referral')" data-test="refer">{{ $t('obs.alerts.referral') }}</el-button>
        <el-button v-if="canOutcome" type="primary" plain @click="open(a, 'outcome')" data-test="outcome-btn">{{ $t('obs.alerts.outcome') }}</el-button>
      </div>
    </div>
  </div>
  <el-table v-else :data="rows" v-loading="loading" border stripe size="small" class="dense-table" data-test="alert-table" :empty-text="$t('common.noData')">
    <el-table-column :label="$t('obs.f.name')" min-width="90" fixed>
      <template #default="{ row }"><a class="link" :href="'#/obs/' + row.obs_id" data-test="alert-row" :data-alert="row.id" :data-obs="row.obs_id">{{ row.name }}</a></template>
    </el-table-column>
    <el-table-column :label="$t('obs.f.village')" min-width="120">
      <template #default="{ row }">{{ row.village_name }}<div v-if="row.site_name" class="muted">{{ row.site_name }}</div></template>
    </el-table-column>
    <el-table-column :label="$t('obs.alerts.openedAt')" width="140">
      <template #default="{ row }">{{ fmtTime(row.opened_at) }}</template>
    </el-table-column>
    <el-table-column :label="$t('obs.alerts.temp')" width="110">
      <template #default="{ row }"><b v-if="row.temp != null" class="txt-danger">{{ temp(row.temp) }} °C</b> <span class="muted">{{ methodLabel(row.method) }}</span></template>
    </el-table-column>
    <el-table-column prop="symptoms" :label="$t('obs.alerts.symptoms')" min-width="110"/>
    <el-table-column :label="$t('obs.alerts.status')" width="130">
      <template #default="{ row }"><el-tag size="small" :type="alertType(row.status)" effect="dark" disable-transitions data-test="alert-status-tag">{{ alertStatusLabel(row.status) }}<template v-if="row.outcome"> · {{ outcomeLabel(row.outcome) }}</template></el-tag></template>
    </el-table-column>
    <el-table-column :label="$t('obs.alerts.referral')" min-width="230">
      <template #default="{ row }">{{ referral(row) }}<div v-if="row.note" class="muted">{{ row.note }}</div></template>
    </el-table-column>
    <el-table-column :label="$t('obs.alerts.obsStatus')" width="100">
      <template #default="{ row }"><el-tag size="small" :type="statusType(row.obs_status)" effect="plain" disable-transitions data-test="obs-status">{{ statusLabel(row.obs_status) }}</el-tag></template>
    </el-table-column>
    <el-table-column :label="$t('common.actions')" width="150" fixed="right">
      <template #default="{ row }">
        <template v-if="row.status !== 'closed'">
          <el-button v-if="canRefer" link type="warning" size="small" @click="open(row, 'referral')" data-test="refer">{{ $t('obs.alerts.referral') }}</el-button>
          <el-button v-if="canOutcome" link type="primary" size="small" @click="open(row, 'outcome')" data-test="outcome-btn">{{ $t('obs.alerts.outcome') }}</el-button>
        </template>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination v-if="total > f.per_page" class="pager" v-model:current-page="f.page" :page-size="f.per_page" :total="total"
    :layout="'total, prev, pager, next'" :pager-count="5" background @current-change="push"/>
  <alert-dialog :alert="dlg.alert" :mode="dlg.mode" @close="closeDlg" @saved="load"/>
</div>`,
};
