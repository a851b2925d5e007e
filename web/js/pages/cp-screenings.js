// 检测记录: the screenings of a day, newest first, paged.
// #/cp/screenings?date=&checkpoint=&page=
// 我的检测记录 (#/cp/mine, a checkpoint's staff): their own checkpoint, by
// default the last 24 hours (a night shift runs past midnight), a day when
// one is picked; cards on a phone.
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { get, session } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime, today } from '../format.js';
import { t, has } from '../i18n.js';
import { UnboundNotice, unboundKind } from '../unbound.js';

// "放行、劝返" → the results in the chosen language
const resultsLabel = (s) => String(s || '').split('、').filter(Boolean).map((r) => (has('cp.r.' + r) ? t('cp.r.' + r) : r)).join('、');

export default {
  components: { UnboundNotice },
  setup() {
    const office = session.user.role !== 'checkpoint';
    const unbound = !!unboundKind();
    const path = route.path; // '/cp/screenings' or '/cp/mine'
    const f = reactive({ date: today(), checkpoint: '', page: 1, per_page: 50 });
    const rows = ref([]);
    const total = ref(0);
    const loading = ref(false);
    const error = ref('');
    const checkpoints = ref([]);
    function fromQuery() {
      const q = route.query;
      f.date = /^\d{4}-\d{2}-\d{2}$/.test(q.date || '') ? q.date : office ? today() : '';
      f.checkpoint = q.checkpoint ? Number(q.checkpoint) : '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
    }
    function push() { replace(path, { date: f.date || '', checkpoint: f.checkpoint, page: f.page > 1 ? f.page : '' }); }
    function search() { f.page = 1; push(); }
    let seq = 0;
    async function load() {
      const my = ++seq;
      if (unbound) { loading.value = false; return; }
      loading.value = true;
      error.value = '';
      try {
        const span = f.date ? { date: f.date } : { from: Math.floor(Date.now() / 1000) - 86400 };
        const r = await get('/screenings', { ...span, checkpoint: f.checkpoint, page: f.page, per_page: f.per_page });
        if (my !== seq) return;
        rows.value = r.items;
        total.value = r.total;
      } catch (e) {
        if (my === seq) { error.value = e.message; rows.value = []; total.value = 0; }
      } finally { if (my === seq) loading.value = false; }
    }
    watch(() => route.full, () => { if (route.path === path) { fromQuery(); load(); } });
    onMounted(async () => {
      fromQuery();
      load();
      try { checkpoints.value = (await get('/checkpoints')).items; } catch { /* filter stays empty */ }
    });
    // the staff's own checkpoint, named in the title
    const mine = computed(() => (office ? null : checkpoints.value.find((c) => c.id === session.user.checkpoint_id)));
    return {
      office, unbound, mine, f, rows, total, loading, error, checkpoints, ui, Icons, push, search, fmtTime, resultsLabel,
      disabledDate: (d) => d.getTime() > Date.now(),
    };
  },
  template: `
<div class="page cp-screenings">
  <div class="page-head">
    <h2 v-if="office"><a class="link" href="#/cp">{{ $t('cp.title') }}</a> / {{ $t('cp.screenings') }}</h2>
    <h2 v-else><a class="link" href="#/">{{ $t('cp.entry') }}</a> / {{ $t('cp.mine') }}<span v-if="mine" class="muted cp-mine-name" data-test="mine-name"> · {{ mine.name }}</span></h2>
  </div>
  <unbound-notice/>
  <div v-if="!unbound" class="toolbar">
    <el-date-picker v-model="f.date" type="date" value-format="YYYY-MM-DD" :clearable="!office" :placeholder="$t('cp.last24h')" :disabled-date="disabledDate" @change="search" data-test="date"/>
    <span v-if="!office" class="muted" data-test="span">{{ f.date ? f.date : $t('cp.last24hNote') }}</span>
    <el-select v-if="office" v-model="f.checkpoint" clearable :placeholder="$t('cp.allCheckpoints')" class="w-180" @change="search" data-test="cp-filter">
      <el-option v-for="c in checkpoints" :key="c.id" :label="c.name" :value="c.id"/>
    </el-select>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <div v-if="unbound"/>
  <div v-else-if="ui.mobile" class="card-list" v-loading="loading" data-test="screening-cards">
    <el-empty v-if="!loading && !rows.length" :description="$t('common.noData')" :image-size="70"/>
    <div v-for="row in rows" :key="row.id" class="person-card cp-scr-card" :class="{ fever: row.fevers }" data-test="screening-card">
      <div class="pc-top">
        <span class="pc-name mono">{{ row.plate || $t('cp.pedestrian') }}</span>
        <span class="pc-meta">{{ $t('cp.vt.' + row.vehicle_type) }}</span>
        <span class="pc-village pc-meta">{{ fmtTime(row.at) }}</span>
      </div>
      <div v-if="office" class="pc-line"><span class="lbl">{{ $t('cp.checkpoint') }}</span><span>{{ row.checkpoint_name }}</span></div>
      <div class="pc-line"><span class="lbl">{{ $t('cp.origin') }}</span><span>{{ row.origin || '—' }} <el-tag v-if="row.flagged" type="danger" size="small">{{ $t('cp.flaggedArea') }}</el-tag></span></div>
      <div class="pc-line"><span class="lbl">{{ $t('cp.dest') }}</span><span>{{ row.destination || '—' }}</span></div>
      <div class="pc-line"><span class="lbl">{{ $t('cp.f.persons') }}</span><span>{{ row.persons }}<template v-if="row.fevers"> · <b class="text-danger">{{ $t('cp.f.fevers') }} {{ row.fevers }}</b></template></span></div>
      <div class="pc-line"><span class="lbl">{{ $t('cp.result') }}</span><span data-test="card-result">{{ resultsLabel(row.results) }}</span></div>
    </div>
  </div>
  <el-table v-else :data="rows" v-loading="loading" border stripe size="small" class="dense-table" data-test="screenings" :empty-text="$t('common.noData')">
    <el-table-column :label="$t('cp.when')" width="140"><template #default="{ row }">{{ fmtTime(row.at) }}</template></el-table-column>
    <el-table-column v-if="office" prop="checkpoint_name" :label="$t('cp.checkpoint')" min-width="130"/>
    <el-table-column prop="plate" :label="$t('cp.plate')" width="110"><template #default="{ row }"><span class="mono">{{ row.plate || '—' }}</span></template></el-table-column>
    <el-table-column :label="$t('cp.vehicle')" width="80"><template #default="{ row }">{{ $t('cp.vt.' + row.vehicle_type) }}</template></el-table-column>
    <el-table-column :label="$t('cp.origin')" min-width="110">
      <template #default="{ row }">{{ row.origin }} <el-tag v-if="row.flagged" type="danger" size="small">{{ $t('cp.flaggedArea') }}</el-tag></template>
    </el-table-column>
    <el-table-column prop="destination" :label="$t('cp.dest')" min-width="100"/>
    <el-table-column prop="persons" :label="$t('cp.f.persons')" width="70" align="right"/>
    <el-table-column :label="$t('cp.f.fevers')" width="70" align="right">
      <template #default="{ row }"><span :class="{ 'text-danger': row.fevers }">{{ row.fevers }}</span></template>
    </el-table-column>
    <el-table-column :label="$t('cp.result')" min-width="140"><template #default="{ row }">{{ resultsLabel(row.results) }}</template></el-table-column>
  </el-table>
  <el-pagination v-if="!unbound" class="pager" v-model:current-page="f.page" :page-size="f.per_page" :total="total" :pager-count="ui.mobile ? 5 : 7"
    :layout="ui.mobile ? 'total, prev, pager, next' : 'total, prev, pager, next, jumper'" background @current-change="push"/>
</div>`,
};
