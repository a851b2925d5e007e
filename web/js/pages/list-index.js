// 协查名单: every imported list, newest first, with its verification
// progress, overdue and unassigned counts and the time left; above it the
// villages with overdue tasks (GET /tasks/overdue) for the verifier and the
// commander.  The page number lives in the URL.
import { ref, computed, watch, onMounted, onUnmounted } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { get } from '../api.js';
import { route, replace, go } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime } from '../format.js';
import { StackBar, useClock, countdown, deadlineType } from '../mod/lists.js';

export default {
  components: { StackBar },
  setup() {
    const rows = ref([]);
    const total = ref(0);
    const page = ref(1);
    const loading = ref(false);
    const error = ref('');
    const overdue = ref([]);
    const stop = useClock();
    onUnmounted(stop);

    async function load() {
      page.value = Number(route.query.page) > 0 ? Number(route.query.page) : 1;
      loading.value = true;
      error.value = '';
      try {
        const [r, o] = await Promise.all([get('/lists', { page: page.value, per_page: 20 }), get('/tasks/overdue')]);
        rows.value = r.items;
        total.value = r.total;
        overdue.value = o.items;
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    }
    onMounted(load);
    watch(() => route.full, () => { if (route.path === '/lists') load(); });
    const overdueTotal = computed(() => overdue.value.reduce((s, v) => s + v.overdue, 0));
    const pct = (l) => (l.tasks ? Math.round((l.verified / l.tasks) * 100) : 0);
    const open = (l) => go('/lists/' + l.id);
    const toPage = (p) => replace('/lists', { page: p > 1 ? p : '' });
    const overdueHref = (v) => '#/tasks?status=overdue&village=' + (v.village_id == null ? -1 : v.village_id);
    return { rows, total, page, loading, error, overdue, overdueTotal, ui, Icons, fmtTime, countdown, deadlineType, pct, open, toPage, overdueHref };
  },
  template: `
<div class="page list-index-page">
  <div class="page-head">
    <h2>{{ $t('lists.title') }}</h2>
    <el-button type="primary" :icon="Icons.Upload" @click="$go('/lists/import')" data-test="import-list">{{ $t('lists.import') }}</el-button>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-alert v-if="overdue.length" type="error" :closable="false" show-icon class="mb overdue-alert" data-test="overdue-alert">
    <template #title>{{ $t('lists.overdueAlert', { v: overdue.length, n: overdueTotal }) }}</template>
    <div class="overdue-villages">
      <a v-for="v in overdue" :key="v.village_id ?? -1" :href="overdueHref(v)" class="overdue-chip">{{ v.village_id == null ? $t('lists.unassigned') : v.village_name }} <b>{{ v.overdue }}</b></a>
    </div>
  </el-alert>

  <div v-if="ui.mobile" class="card-list" v-loading="loading" data-test="list-cards">
    <el-empty v-if="!loading && !rows.length" :description="$t('lists.none')" :image-size="80"/>
    <div v-for="l in rows" :key="l.id" class="person-card list-card" @click="open(l)" data-test="list-row">
      <div class="pc-top"><span class="pc-name">{{ l.batch || l.filename }}</span></div>
      <div class="pc-line"><span class="lbl">{{ $t('lists.source') }}</span><span>{{ l.source }}</span></div>
      <div class="pc-line"><span class="lbl">{{ $t('lists.deadline') }}</span>
        <el-tag size="small" :type="deadlineType(l.deadline_at, l.verified === l.tasks)" effect="plain">{{ l.verified === l.tasks ? fmtTime(l.deadline_at) : countdown(l.deadline_at) }}</el-tag></div>
      <div class="stack-line mt-s"><stack-bar :total="l.tasks" :done="l.verified" :late="l.overdue"/><span class="prog-text">{{ l.verified }}/{{ l.tasks }}</span></div>
      <div class="pc-line small">
        <span v-if="l.overdue" class="bad">{{ $t('lists.overdue') }} {{ l.overdue }}</span>
        <span v-if="l.unassigned" class="warn">{{ $t('lists.unassigned') }} {{ l.unassigned }}</span>
        <span v-if="l.rejected" class="muted">{{ $t('lists.rejected') }} {{ l.rejected }}</span>
      </div>
    </div>
  </div>
  <el-table v-else :data="rows" v-loading="loading" stripe border size="small" class="dense-table" @row-dblclick="open"
    data-test="list-table" :empty-text="$t('lists.none')">
    <el-table-column :label="$t('lists.batch')" min-width="180">
      <template #default="{ row }"><a class="link" :href="'#/lists/' + row.id" data-test="list-row">{{ row.batch || row.filename }}</a>
        <div class="muted small">{{ row.filename }}</div></template>
    </el-table-column>
    <el-table-column prop="source" :label="$t('lists.source')" min-width="130" show-overflow-tooltip/>
    <el-table-column :label="$t('lists.receivedAt')" width="135">
      <template #default="{ row }">{{ fmtTime(row.received_at) }}</template>
    </el-table-column>
    <el-table-column :label="$t('lists.deadline')" width="140">
      <template #default="{ row }">
        <div>{{ fmtTime(row.deadline_at) }}</div>
        <el-tag v-if="row.verified < row.tasks" size="small" :type="deadlineType(row.deadline_at, false)" effect="plain">{{ countdown(row.deadline_at) }}</el-tag>
      </template>
    </el-table-column>
    <el-table-column :label="$t('lists.rows')" width="80" align="right">
      <template #default="{ row }">{{ row.rows }}<div v-if="row.rejected" class="bad small">{{ $t('lists.rejected') }} {{ row.rejected }}</div></template>
    </el-table-column>
    <el-table-column :label="$t('lists.progress')" min-width="180">
      <template #default="{ row }">
        <div class="stack-line" data-test="list-progress"><stack-bar :total="row.tasks" :done="row.verified" :late="row.overdue"/><span class="prog-text">{{ row.verified }}/{{ row.tasks }}</span></div>
      </template>
    </el-table-column>
    <el-table-column :label="$t('lists.overdue')" width="70" align="center">
      <template #default="{ row }"><span :class="row.overdue ? 'bad strong' : 'muted'">{{ row.overdue }}</span></template>
    </el-table-column>
    <el-table-column :label="$t('lists.unassigned')" width="70" align="center">
      <template #default="{ row }">
        <a v-if="row.unassigned" class="link warn strong" :href="'#/tasks?list=' + row.id + '&village=-1'">{{ row.unassigned }}</a>
        <span v-else class="muted">0</span></template>
    </el-table-column>
    <el-table-column :label="$t('lists.flagged')" width="76" align="center">
      <template #default="{ row }">{{ row.flagged }}</template>
    </el-table-column>
    <el-table-column :label="$t('common.actions')" width="64" fixed="right">
      <template #default="{ row }"><el-button link type="primary" size="small" @click="open(row)">{{ $t('common.view') }}</el-button></template>
    </el-table-column>
  </el-table>
  <el-pagination v-if="total > 20" class="pager" :current-page="page" :page-size="20" :total="total" layout="total, prev, pager, next"
    background @current-change="toPage"/>
</div>`,
};
