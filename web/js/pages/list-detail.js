// One list: what was received (issuer, batch, file, times, rows), overall
// progress and results, and a progress bar per village (verified/total,
// overdue in red, the unassigned queue first).  Downloads: the feedback file
// (masked by default; full numbers after a confirmation that says the
// export is audited) and the problem-row report.
import { ref, computed, onMounted, onUnmounted } from '/vendor/vue.js';
import { ElMessageBox } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, session } from '../api.js';
import { ui } from '../ui.js';
import { fmtTime } from '../format.js';
import { LISTS, StackBar, useClock, countdown, deadlineType, resultLabel, resultType, download } from '../mod/lists.js';

export default {
  components: { StackBar },
  props: { id: Number },
  setup(props) {
    const l = ref(null);
    const error = ref('');
    const loading = ref(true);
    const stop = useClock();
    onUnmounted(stop);
    async function load() {
      loading.value = true;
      try {
        l.value = await get('/lists/' + props.id);
        error.value = '';
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    }
    onMounted(load);
    const canFull = computed(() => LISTS.includes(session.user.role));
    const pct = (done, all) => (all ? Math.round((done / all) * 100) : 0);
    const done = computed(() => !!l.value && l.value.verified === l.value.tasks);
    const feedbackUrl = computed(() => `/api/v1/lists/${props.id}/feedback.xlsx`);
    async function feedback(cmd) {
      if (cmd !== 'full') { download(feedbackUrl.value); return; }
      try {
        await ElMessageBox.confirm(t('lists.fullConfirm'), t('lists.fullTitle'), {
          type: 'warning', confirmButtonText: t('lists.fullOk'), cancelButtonText: t('common.cancel'),
          customClass: 'full-confirm',
        });
      } catch { return; }
      download(feedbackUrl.value + '?mask=none');
    }
    const villageHref = (v) => `#/tasks?list=${props.id}&village=${v.village_id == null ? -1 : v.village_id}`;
    const results = (v) => Object.entries(v.results || {}).filter(([r]) => r !== '未核查');
    return { l, error, loading, canFull, pct, done, feedback, feedbackUrl, villageHref, results, ui, Icons, fmtTime, countdown, deadlineType, resultLabel, resultType };
  },
  template: `
<div class="page list-detail-page" v-loading="loading">
  <div class="page-head">
    <h2>{{ $t('lists.detail') }}<span v-if="l" class="sub"> · {{ l.batch || l.filename }}</span></h2>
    <div class="head-actions wrap">
      <el-button :icon="Icons.Back" @click="$go('/lists')">{{ $t('lists.back') }}</el-button>
      <el-button v-if="l && (l.rejected || l.duplicates || l.doubtful)" :icon="Icons.Warning" @click="$go('/lists/' + id + '/problems')" data-test="problems-link">
        {{ $t('lists.problemsReport') }} ({{ l.rejected + l.duplicates + l.doubtful }})</el-button>
      <el-dropdown v-if="l" split-button trigger="click" type="primary" @click="feedback('masked')" @command="feedback" data-test="feedback">
        <el-icon class="el-icon--left"><icon-download/></el-icon>{{ $t('lists.feedback') }}
        <template #dropdown>
          <el-dropdown-menu>
            <el-dropdown-item command="masked" :icon="Icons.Lock" data-test="feedback-masked">{{ $t('lists.feedbackMasked') }}</el-dropdown-item>
            <el-dropdown-item v-if="canFull" command="full" :icon="Icons.View" data-test="feedback-full">{{ $t('lists.feedbackFull') }}</el-dropdown-item>
          </el-dropdown-menu>
        </template>
      </el-dropdown>
    </div>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <template v-if="l">
    <el-card shadow="never" class="mb">
      <el-descriptions :column="ui.mobile ? 1 : 3" border size="small" class="list-desc">
        <el-descriptions-item :label="$t('lists.source')">{{ l.source }}</el-descriptions-item>
        <el-descriptions-item :label="$t('lists.batch')">{{ l.batch || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('lists.filename')">{{ l.filename }}</el-descriptions-item>
        <el-descriptions-item :label="$t('lists.receivedAt')">{{ fmtTime(l.received_at) }}</el-descriptions-item>
        <el-descriptions-item :label="$t('lists.deadline')">{{ fmtTime(l.deadline_at) }}
          <el-tag v-if="!done" size="small" class="ml" :type="deadlineType(l.deadline_at, false)" data-test="list-countdown">{{ countdown(l.deadline_at) }}</el-tag></el-descriptions-item>
        <el-descriptions-item :label="$t('lists.createdAt')">{{ fmtTime(l.created_at) }}<template v-if="l.created_by_name"> · {{ l.created_by_name }}</template></el-descriptions-item>
        <el-descriptions-item :label="$t('lists.rows')" :span="ui.mobile ? 1 : 3">
          <span class="counts">
            <span>{{ $t('lists.rows') }} <b>{{ l.rows }}</b></span>
            <span class="ok">{{ $t('lists.accepted') }} <b>{{ l.accepted }}</b></span>
            <span :class="{ bad: l.rejected }">{{ $t('lists.rejected') }} <b>{{ l.rejected }}</b></span>
            <span>{{ $t('lists.duplicates') }} <b>{{ l.duplicates }}</b></span>
            <span :class="{ warn: l.doubtful }" data-test="stat-doubtful">{{ $t('lists.doubtful') }} <b>{{ l.doubtful }}</b></span>
            <span class="muted">{{ $t('lists.headerRow') }} {{ l.header_row }}</span>
          </span>
        </el-descriptions-item>
      </el-descriptions>
    </el-card>

    <el-row :gutter="12" class="mb list-stats">
      <el-col :xs="24" :sm="12" :md="8">
        <el-card shadow="never" class="stat-card">
          <div class="stat-title">{{ $t('lists.overall') }}</div>
          <el-progress type="dashboard" :percentage="pct(l.verified, l.tasks)" :width="110" :status="done ? 'success' : ''" data-test="overall-progress">
            <template #default><div class="dash-num">{{ l.verified }}<span>/{{ l.tasks }}</span></div><div class="muted small">{{ $t('lists.verified') }}</div></template>
          </el-progress>
        </el-card>
      </el-col>
      <el-col :xs="24" :sm="12" :md="16">
        <el-card shadow="never" class="stat-card">
          <div class="stat-nums">
            <a class="stat-num" :href="'#/tasks?list=' + id + '&status=open'"><b>{{ l.tasks - l.verified }}</b><span>{{ $t('lists.unverified') }}</span></a>
            <a class="stat-num" :class="{ bad: l.overdue }" :href="'#/tasks?list=' + id + '&status=overdue'" data-test="stat-overdue"><b>{{ l.overdue }}</b><span>{{ $t('lists.overdue') }}</span></a>
            <a class="stat-num" :class="{ warn: l.unassigned }" :href="'#/tasks?list=' + id + '&village=-1'" data-test="stat-unassigned"><b>{{ l.unassigned }}</b><span>{{ $t('lists.unassigned') }}</span></a>
            <div class="stat-num"><b>{{ l.flagged }}</b><span>{{ $t('lists.flagged') }}</span></div>
          </div>
          <div class="stat-title">{{ $t('lists.byResult') }}</div>
          <div class="result-tags">
            <el-tag v-for="r in l.results" :key="r.result" :type="resultType(r.result)" effect="light" class="result-tag">{{ resultLabel(r.result) }} {{ r.n }}</el-tag>
          </div>
        </el-card>
      </el-col>
    </el-row>

    <el-card shadow="never">
      <template #header><div class="card-head"><span class="card-title">{{ $t('lists.byVillage') }}</span>
        <span class="legend"><i class="dot done"></i>{{ $t('lists.verified') }}<i class="dot late"></i>{{ $t('lists.overdue') }}<i class="dot rest"></i>{{ $t('lists.unverified') }}</span>
        <el-button size="small" :icon="Icons.List" @click="$go('/tasks', { list: id })">{{ $t('lists.tasksOf') }}</el-button></div></template>
      <div class="village-progress" data-test="village-progress">
        <div v-for="v in l.villages" :key="v.village_id ?? -1" class="vp-row" :class="{ unassigned: v.village_id == null, late: v.overdue }" data-test="village-row">
          <a class="vp-name link" :href="villageHref(v)">{{ v.village_id == null ? $t('lists.unassigned') : v.village_name }}</a>
          <stack-bar class="vp-bar" :total="v.total" :done="v.verified" :late="v.overdue"/>
          <span class="vp-count"><b>{{ v.verified }}</b>/{{ v.total }}</span>
          <span class="vp-extra">
            <span v-if="v.overdue" class="bad strong" data-test="village-overdue">{{ $t('lists.overdue') }} {{ v.overdue }}</span>
            <a v-if="v.village_id == null && v.total > v.verified" class="link strong" :href="villageHref(v)" data-test="go-assign">{{ $t('lists.goAssign') }}</a>
            <span v-if="v.flagged" class="muted">{{ $t('lists.flagged') }} {{ v.flagged }}</span>
            <template v-if="!ui.mobile"><el-tag v-for="[r, n] in results(v)" :key="r" size="small" :type="resultType(r)" effect="plain" class="result-tag">{{ resultLabel(r) }} {{ n }}</el-tag></template>
          </span>
        </div>
      </div>
    </el-card>
  </template>
</div>`,
};
