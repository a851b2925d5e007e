// 观察名单: every observation the user may see, filtered by status, kind,
// village and a search (name, pinyin initials, ID or phone fragment);
// persons masked.  Filters live in the URL (#/obs/list?status=&kind=&village=&q=&page=).
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { get, session } from '../api.js';
import { route, replace, go } from '../router.js';
import { ui } from '../ui.js';
import { villages, loadVillages } from '../data.js';
import { fmtTime, sexLabel } from '../format.js';
import { OBS_WRITE, can } from '../mod/obs.js';
import { ObsNav, STATUSES, statusLabel, statusType, kindShort, reasonLabel, roomBed, place, unplaced } from './obs-common.js';

export default {
  components: { ObsNav },
  setup() {
    const f = reactive({ status: '', kind: '', village: '', q: '', page: 1, per_page: 20 });
    const rows = ref([]);
    const total = ref(0);
    const loading = ref(false);
    const error = ref('');
    const canStart = computed(() => can(OBS_WRITE));
    const scoped = session.user.role === 'village';

    function fromQuery() {
      const q = route.query;
      f.status = [...STATUSES, 'all'].includes(q.status) ? q.status : '';
      f.kind = ['home', 'central', 'unplaced'].includes(q.kind) ? q.kind : '';
      f.village = q.village ? Number(q.village) : '';
      f.q = q.q || '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
      f.per_page = [20, 50, 100].includes(Number(q.per_page)) ? Number(q.per_page) : 20;
    }
    function push() {
      replace('/obs/list', { status: f.status, kind: f.kind, village: f.village, q: f.q.trim(), page: f.page > 1 ? f.page : '', per_page: f.per_page !== 20 ? f.per_page : '' });
    }
    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        // 待分配观察点: centralized, no site yet (started at a checkpoint)
        const kind = f.kind === 'unplaced' ? { kind: 'central', site: 'none' } : { kind: f.kind };
        const r = await get('/observations', { status: f.status, ...kind, village: f.village, q: f.q.trim(), page: f.page, per_page: f.per_page });
        if (my !== seq) return;
        rows.value = r.items;
        total.value = r.total;
      } catch (e) {
        if (my === seq) { error.value = e.message; rows.value = []; total.value = 0; }
      } finally {
        if (my === seq) loading.value = false;
      }
    }
    onMounted(() => {
      fromQuery();
      load();
      if (!scoped) loadVillages().catch((e) => ElMessage.error(e.message));
    });
    watch(() => route.full, () => { if (route.path === '/obs/list') { fromQuery(); load(); } });
    function search() { f.page = 1; push(); }
    let timer = 0;
    function onInput() { clearTimeout(timer); timer = setTimeout(search, 350); }
    const open = (row) => go('/obs/' + row.id);
    return { f, rows, total, loading, error, canStart, scoped, villages, ui, Icons, STATUSES, session, search, onInput, push, open, fmtTime, sexLabel, statusLabel, statusType, kindShort, reasonLabel, roomBed, place, unplaced };
  },
  template: `
<div class="page obs-page obs-list-page">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.list.title') }}</h2>
    <el-button v-if="canStart" type="primary" :icon="Icons.Plus" @click="$go('/obs/new')" data-test="new-obs">{{ $t('obs.list.new') }}</el-button>
  </div>
  <div class="toolbar">
    <el-input v-model="f.q" class="search-box" clearable :placeholder="ui.mobile ? $t('obs.f.qShort') : $t('obs.f.q')" :prefix-icon="Icons.Search"
      @input="onInput" @keyup.enter="search" @clear="search" maxlength="60" data-test="obs-search"/>
    <el-select v-model="f.status" class="w-180" :placeholder="$t('obs.f.allStatus')" clearable @change="search" data-test="status-filter">
      <el-option v-for="s in STATUSES" :key="s" :value="s" :label="statusLabel(s)"/>
      <el-option value="all" :label="$t('obs.f.statusAll')"/>
    </el-select>
    <el-select v-model="f.kind" class="w-180" :placeholder="$t('obs.f.allKinds')" clearable @change="search" data-test="kind-filter">
      <el-option value="home" :label="$t('obs.kind.home')"/>
      <el-option value="central" :label="$t('obs.kind.central')"/>
      <el-option value="unplaced" :label="$t('obs.f.unplaced')"/>
    </el-select>
    <el-select v-if="!scoped" v-model="f.village" class="village-filter" filterable clearable :placeholder="$t('obs.f.allVillages')" @change="search" data-test="village-filter">
      <el-option v-for="v in villages" :key="v.id" :label="v.name" :value="v.id"/>
    </el-select>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <div v-if="ui.mobile" class="card-list" v-loading="loading" data-test="obs-cards">
    <el-empty v-if="!loading && !rows.length" :description="$t('common.noData')" :image-size="80"/>
    <div v-for="o in rows" :key="o.id" class="person-card" @click="open(o)" data-test="obs-row" :data-obs="o.id">
      <div class="pc-top">
        <span class="pc-name">{{ o.name }}</span>
        <span class="pc-meta">{{ sexLabel(o.sex) }}</span>
        <el-tag size="small" :type="statusType(o.status)" effect="dark">{{ statusLabel(o.status) }}</el-tag>
        <el-tag v-if="o.open_alerts" size="small" type="danger">{{ $t('obs.f.openAlerts') }} {{ o.open_alerts }}</el-tag>
        <el-tag size="small" effect="plain" class="pc-village">{{ kindShort(o.kind) }}</el-tag>
      </div>
      <div class="pc-line"><span class="lbl">{{ $t('obs.f.period') }}</span>{{ o.day1 }} ~ {{ o.planned_end }}</div>
      <div class="pc-line"><span class="lbl">{{ $t('obs.f.reason') }}</span>{{ reasonLabel(o.reason) }}<template v-if="o.reason_detail">（{{ o.reason_detail }}）</template></div>
      <div class="pc-line addr">{{ o.village_name }} · <span :class="{ 'txt-warning': unplaced(o) }">{{ place(o) }}</span></div>
    </div>
  </div>
  <el-table v-else :data="rows" v-loading="loading" stripe border size="small" class="dense-table" @row-dblclick="open" data-test="obs-table" :empty-text="$t('common.noData')">
    <el-table-column :label="$t('obs.f.name')" min-width="80" fixed>
      <template #default="{ row }"><a class="link" :href="'#/obs/' + row.id" data-test="obs-row" :data-obs="row.id">{{ row.name }}</a></template>
    </el-table-column>
    <el-table-column :label="$t('obs.f.sex')" width="56" align="center"><template #default="{ row }">{{ sexLabel(row.sex) }}</template></el-table-column>
    <el-table-column :label="$t('obs.f.doc')" min-width="160"><template #default="{ row }"><span class="mono">{{ row.doc_number }}</span></template></el-table-column>
    <el-table-column prop="village_name" :label="$t('obs.f.village')" min-width="100"/>
    <el-table-column :label="$t('obs.f.kind')" min-width="150" show-overflow-tooltip>
      <template #default="{ row }">{{ kindShort(row.kind) }}<template v-if="row.kind === 'central'"> · <el-tag v-if="unplaced(row)" size="small" type="warning" data-test="unplaced">{{ place(row) }}</el-tag><template v-else>{{ place(row) }}</template></template></template>
    </el-table-column>
    <el-table-column :label="$t('obs.f.reason')" min-width="150" show-overflow-tooltip>
      <template #default="{ row }">{{ reasonLabel(row.reason) }}<template v-if="row.reason_detail">（{{ row.reason_detail }}）</template></template>
    </el-table-column>
    <el-table-column prop="day1" :label="$t('obs.f.day1')" width="100"/>
    <el-table-column prop="planned_end" :label="$t('obs.f.plannedEnd')" width="100"/>
    <el-table-column :label="$t('obs.f.status')" width="120">
      <template #default="{ row }">
        <el-tag size="small" :type="statusType(row.status)" effect="plain" disable-transitions data-test="obs-status">{{ statusLabel(row.status) }}</el-tag>
        <el-tag v-if="row.open_alerts" size="small" type="danger" effect="dark" class="ml" disable-transitions>{{ row.open_alerts }}</el-tag>
      </template>
    </el-table-column>
    <el-table-column :label="$t('obs.f.lastCheck')" width="140"><template #default="{ row }">{{ fmtTime(row.last_check_at) }}</template></el-table-column>
  </el-table>
  <el-pagination class="pager" v-model:current-page="f.page" v-model:page-size="f.per_page" :total="total"
    :page-sizes="[20, 50, 100]" :pager-count="ui.mobile ? 5 : 7"
    :layout="ui.mobile ? 'total, prev, pager, next' : 'total, sizes, prev, pager, next, jumper'"
    :size="ui.mobile ? 'small' : 'default'" background @current-change="push" @size-change="search"/>
</div>`,
};
