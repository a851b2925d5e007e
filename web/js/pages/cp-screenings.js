// 检测记录: the screenings of a day (a checkpoint's staff: their own
// checkpoint), newest first, paged.  #/cp/screenings?date=&checkpoint=&page=
import { ref, reactive, watch, onMounted } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { get, session } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime, today } from '../format.js';
import { t, has } from '../i18n.js';

// "放行、劝返" → the results in the chosen language
const resultsLabel = (s) => String(s || '').split('、').filter(Boolean).map((r) => (has('cp.r.' + r) ? t('cp.r.' + r) : r)).join('、');

export default {
  setup() {
    const office = session.user.role !== 'checkpoint';
    const f = reactive({ date: today(), checkpoint: '', page: 1, per_page: 50 });
    const rows = ref([]);
    const total = ref(0);
    const loading = ref(false);
    const error = ref('');
    const checkpoints = ref([]);
    function fromQuery() {
      const q = route.query;
      f.date = /^\d{4}-\d{2}-\d{2}$/.test(q.date || '') ? q.date : today();
      f.checkpoint = q.checkpoint ? Number(q.checkpoint) : '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
    }
    function push() { replace('/cp/screenings', { date: f.date, checkpoint: f.checkpoint, page: f.page > 1 ? f.page : '' }); }
    function search() { f.page = 1; push(); }
    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/screenings', { date: f.date, checkpoint: f.checkpoint, page: f.page, per_page: f.per_page });
        if (my !== seq) return;
        rows.value = r.items;
        total.value = r.total;
      } catch (e) {
        if (my === seq) { error.value = e.message; rows.value = []; total.value = 0; }
      } finally { if (my === seq) loading.value = false; }
    }
    watch(() => route.full, () => { if (route.path === '/cp/screenings') { fromQuery(); load(); } });
    onMounted(async () => {
      fromQuery();
      load();
      if (office) try { checkpoints.value = (await get('/checkpoints')).items; } catch { /* filter stays empty */ }
    });
    return {
      office, f, rows, total, loading, error, checkpoints, ui, Icons, push, search, fmtTime, resultsLabel,
      disabledDate: (d) => d.getTime() > Date.now(),
    };
  },
  template: `
<div class="page cp-screenings">
  <div class="page-head"><h2><a class="link" href="#/cp">{{ $t('cp.title') }}</a> / {{ $t('cp.screenings') }}</h2></div>
  <div class="toolbar">
    <el-date-picker v-model="f.date" type="date" value-format="YYYY-MM-DD" :clearable="false" :disabled-date="disabledDate" @change="search" data-test="date"/>
    <el-select v-if="office" v-model="f.checkpoint" clearable :placeholder="$t('cp.allCheckpoints')" class="w-180" @change="search" data-test="cp-filter">
      <el-option v-for="c in checkpoints" :key="c.id" :label="c.name" :value="c.id"/>
    </el-select>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-table :data="rows" v-loading="loading" border stripe size="small" class="dense-table" data-test="screenings" :empty-text="$t('common.noData')">
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
  <el-pagination class="pager" v-model:current-page="f.page" :page-size="f.per_page" :total="total" :pager-count="ui.mobile ? 5 : 7"
    :layout="ui.mobile ? 'total, prev, pager, next' : 'total, prev, pager, next, jumper'" background @current-change="push"/>
</div>`,
};
