// 今日待测: the office's counts, the current check window, per-village
// tallies (active, not yet checked, missed 1/2/3+) and the list of who lacks
// a check, each with a one-tap 录入体温.  A saved check takes the person off
// the list.  Village workers see their village, site staff their site (the
// server scopes GET /obs/due).  Filters live in the URL (?village=&f=&q=).
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, session } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime } from '../format.js';
import { OBS_WRITE, can } from '../mod/obs.js';
import { ObsNav, CheckDialog, rules, loadRules, kindShort, roomBed, visitLabel, slotLabel } from './obs-common.js';

const PER = 50;

export default {
  components: { ObsNav, CheckDialog },
  setup() {
    const d = ref(null);
    const counts = ref(null);
    const loading = ref(false);
    const error = ref('');
    const f = reactive({ village: '', f: '', q: '', page: 1 });
    const target = ref(null);
    const canWrite = computed(() => can(OBS_WRITE));
    const role = session.user.role;
    const scoped = role === 'village' || role === 'site';

    function fromQuery() {
      const q = route.query;
      f.village = q.village ? Number(q.village) : '';
      f.f = ['due', 'missed'].includes(q.f) ? q.f : '';
      f.q = q.q || '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
    }
    function push() {
      replace('/obs', { village: f.village, f: f.f, q: f.q.trim(), page: f.page > 1 ? f.page : '' });
    }
    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const [due, c] = await Promise.all([get('/obs/due'), get('/obs/counts'), loadRules().catch(() => null)]);
        if (my !== seq) return;
        d.value = due;
        counts.value = c;
      } catch (e) {
        if (my === seq) error.value = e.message;
      } finally {
        if (my === seq) loading.value = false;
      }
    }
    onMounted(() => { fromQuery(); load(); });
    watch(() => route.full, () => { if (route.path === '/obs') fromQuery(); });

    const win = computed(() => {
      if (!d.value) return '';
      const w = d.value.window;
      const r = rules.value && rules.value.current;
      const span = r ? r.windows[w.slot === 0 ? 'morning' : 'evening'] : ['', ''];
      return t(w.open ? 'obs.due.window' : 'obs.due.closed', { date: w.date, slot: slotLabel(w.slot), from: span[0], to: span[1] });
    });
    const items = computed(() => {
      if (!d.value) return [];
      const s = f.q.trim().toLowerCase();
      return d.value.items.filter((x) => (!f.village || x.village_id === f.village)
        && (f.f !== 'due' || x.due_now) && (f.f !== 'missed' || x.missed_windows > 0)
        && (!s || x.name.toLowerCase().includes(s) || (x.address || '').includes(s) || (x.room_number || '').includes(s)));
    });
    const pageItems = computed(() => items.value.slice((f.page - 1) * PER, f.page * PER));
    const villageName = computed(() => {
      if (!f.village || !d.value) return '';
      const v = d.value.villages.find((x) => x.village_id === f.village);
      return v ? v.village_name : '';
    });
    function pickVillage(v) { f.village = v ? v.village_id : ''; f.page = 1; push(); }
    function setFilter(x) { f.f = x; f.page = 1; push(); }
    let timer = 0;
    function onSearch() { clearTimeout(timer); timer = setTimeout(() => { f.page = 1; push(); }, 300); }
    function enter(row) { target.value = row; }
    // a saved temperature takes the person off the list at once; the tallies follow
    function saved(res) {
      if (d.value && res.temp != null) {
        const i = d.value.items.findIndex((x) => x.id === res.target.id);
        if (i >= 0) d.value.items.splice(i, 1);
      }
      load();
    }
    const mtag = (n) => (n >= 3 ? 'danger' : n === 2 ? 'warning' : 'info');
    return {
      d, counts, loading, error, f, target, canWrite, scoped, win, items, pageItems, villageName, ui, Icons, PER, session,
      pickVillage, setFilter, onSearch, enter, saved, push, load, mtag, fmtTime, kindShort, roomBed, visitLabel,
    };
  },
  template: `
<div class="page obs-page obs-due-page">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.due.title') }}</h2>
    <el-button :icon="Icons.Refresh" @click="load" :loading="loading" data-test="refresh">{{ $t('common.refresh') }}</el-button>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>

  <div v-if="counts" class="obs-counts" data-test="obs-counts">
    <div class="oc"><div class="oc-n">{{ counts.home }}</div><div class="oc-l">{{ $t('obs.counts.home') }}</div></div>
    <div class="oc"><div class="oc-n">{{ counts.central }}</div><div class="oc-l">{{ $t('obs.counts.central') }}</div></div>
    <div class="oc"><div class="oc-n">{{ counts.released_today }}</div><div class="oc-l">{{ $t('obs.counts.released') }}</div>
      <div class="oc-s">{{ $t('obs.counts.releasedTotal', { n: counts.released_total }) }}</div></div>
    <div class="oc"><div class="oc-n">{{ counts.ending_today }}</div><div class="oc-l">{{ $t('obs.counts.ending') }}</div></div>
    <div class="oc"><div class="oc-n">{{ counts.hospital }}</div><div class="oc-l">{{ $t('obs.counts.hospital') }}</div></div>
    <div class="oc"><div class="oc-n">{{ counts.lost }}</div><div class="oc-l">{{ $t('obs.counts.lost') }}</div></div>
    <a class="oc" :class="{ hot: counts.open_alerts }" href="#/obs/alerts" data-test="count-alerts"><div class="oc-n">{{ counts.open_alerts }}</div><div class="oc-l">{{ $t('obs.counts.alerts') }}</div></a>
  </div>

  <template v-if="d">
    <div class="obs-window" :class="{ closed: !d.window.open }" data-test="obs-window"><el-icon><icon-clock/></el-icon> {{ win }}</div>
    <div class="due-summary">
      <div class="ds"><b>{{ d.active }}</b><span>{{ $t('obs.due.active') }}</span></div>
      <div class="ds due"><b data-test="due-now">{{ d.due_now }}</b><span>{{ $t('obs.due.dueNow') }}</span></div>
      <div class="ds m1"><b>{{ d.missed['1'] }}</b><span>{{ $t('obs.due.missed1') }}</span></div>
      <div class="ds m2"><b>{{ d.missed['2'] }}</b><span>{{ $t('obs.due.missed2') }}</span></div>
      <div class="ds m3"><b>{{ d.missed['3plus'] }}</b><span>{{ $t('obs.due.missed3') }}</span></div>
    </div>

    <template v-if="d.villages.length > 1 && session.user.role !== 'site'">
      <h3 class="section-title">{{ $t('obs.due.byVillage') }}</h3>
      <el-table :data="d.villages" size="small" border class="dense-table mb village-tally" :max-height="ui.mobile ? 260 : 300"
        :row-class-name="({ row }) => row.village_id === f.village ? 'current-row' : ''" @row-click="pickVillage" data-test="village-tally">
        <el-table-column prop="village_name" :label="$t('obs.f.village')" min-width="110" fixed/>
        <el-table-column prop="active" :label="$t('obs.due.active')" width="74" align="right"/>
        <el-table-column :label="$t('obs.due.dueNow')" width="92" align="right">
          <template #default="{ row }"><b :class="{ 'txt-danger': row.due_now }">{{ row.due_now }}</b></template>
        </el-table-column>
        <el-table-column :label="$t('obs.due.missed1')" width="80" align="right">
          <template #default="{ row }"><span :class="{ 'txt-warn': row.missed_1 }">{{ row.missed_1 }}</span></template>
        </el-table-column>
        <el-table-column :label="$t('obs.due.missed2')" width="80" align="right">
          <template #default="{ row }"><span :class="{ 'txt-warn': row.missed_2 }">{{ row.missed_2 }}</span></template>
        </el-table-column>
        <el-table-column :label="$t('obs.due.missed3')" width="110" align="right">
          <template #default="{ row }"><b :class="{ 'txt-danger': row.missed_3plus }">{{ row.missed_3plus }}</b></template>
        </el-table-column>
      </el-table>
    </template>

    <h3 class="section-title">{{ $t('obs.due.list') }} <span class="muted">{{ $t('obs.due.roundList', { n: items.length }) }}</span></h3>
    <div class="toolbar">
      <el-radio-group v-model="f.f" @change="setFilter" class="seg" data-test="due-filter">
        <el-radio-button value="">{{ $t('obs.due.filterAll') }}</el-radio-button>
        <el-radio-button value="due">{{ $t('obs.due.filterDue') }}</el-radio-button>
        <el-radio-button value="missed">{{ $t('obs.due.filterMissed') }}</el-radio-button>
      </el-radio-group>
      <el-input v-model="f.q" class="search-box w-260" clearable :placeholder="$t('obs.due.search')" :prefix-icon="Icons.Search" @input="onSearch" @clear="onSearch" data-test="due-search"/>
      <el-tag v-if="f.village" closable size="large" effect="plain" @close="pickVillage(null)" data-test="village-chip">{{ villageName }}</el-tag>
      <el-tag v-else-if="session.user.role === 'village'" type="info" effect="plain" size="large" class="scope-tag">{{ $t('obs.due.myVillage', { name: session.user.village_name || '' }) }}</el-tag>
      <el-tag v-else-if="session.user.role === 'site'" type="info" effect="plain" size="large" class="scope-tag">{{ $t('obs.due.mySite') }}</el-tag>
    </div>

    <el-empty v-if="!loading && !items.length" :description="$t('obs.due.allDone')" :image-size="80" data-test="due-empty"/>
    <div v-else-if="ui.mobile" class="card-list" v-loading="loading" data-test="due-cards">
      <div v-for="x in pageItems" :key="x.id" class="person-card due-card" data-test="due-row" :data-obs="x.id">
        <div class="pc-top">
          <a class="pc-name link-plain" :href="'#/obs/' + x.id">{{ x.name }}</a>
          <span class="pc-meta">{{ $t('obs.due.day', { n: x.day }) }}</span>
          <el-tag v-if="x.missed_windows" size="small" :type="mtag(x.missed_windows)" effect="dark">{{ $t('obs.due.missedTag', { n: x.missed_windows }) }}</el-tag>
          <el-tag size="small" effect="plain" class="pc-village">{{ kindShort(x.kind) }}</el-tag>
        </div>
        <div class="pc-line addr">{{ x.kind === 'central' ? (x.site_name + ' ' + roomBed(x)) : x.address }}</div>
        <div class="pc-line"><span class="lbl">{{ x.village_name }}</span><span class="muted">{{ x.last_check_at ? $t('obs.due.lastCheck', { t: fmtTime(x.last_check_at) }) : $t('obs.due.never') }}</span></div>
        <div v-if="x.visit" class="pc-line"><el-tag size="small" type="warning">{{ $t('obs.due.visitTag', { v: visitLabel(x.visit) }) }}</el-tag></div>
        <el-button v-if="canWrite" type="primary" class="enter-btn" :icon="Icons.EditPen" @click="enter(x)" data-test="enter-check">{{ $t('obs.due.enter') }}</el-button>
      </div>
    </div>
    <el-table v-else :data="pageItems" v-loading="loading" stripe border size="small" class="dense-table" data-test="due-table" :empty-text="$t('common.noData')">
      <el-table-column :label="$t('obs.f.name')" min-width="90" fixed>
        <template #default="{ row }"><a class="link" :href="'#/obs/' + row.id" data-test="due-row" :data-obs="row.id">{{ row.name }}</a></template>
      </el-table-column>
      <el-table-column prop="village_name" :label="$t('obs.f.village')" min-width="100"/>
      <el-table-column :label="$t('obs.f.place')" min-width="240" show-overflow-tooltip>
        <template #default="{ row }"><el-tag size="small" effect="plain" class="mr" disable-transitions>{{ kindShort(row.kind) }}</el-tag>{{ row.kind === 'central' ? (row.site_name + ' ' + roomBed(row)) : row.address }}</template>
      </el-table-column>
      <el-table-column :label="$t('obs.f.period')" width="84" align="center">
        <template #default="{ row }">{{ $t('obs.due.day', { n: row.day }) }}</template>
      </el-table-column>
      <el-table-column prop="planned_end" :label="$t('obs.f.plannedEnd')" width="100"/>
      <el-table-column :label="$t('obs.f.lastCheck')" width="140">
        <template #default="{ row }">{{ row.last_check_at ? fmtTime(row.last_check_at) : $t('obs.due.never') }}</template>
      </el-table-column>
      <el-table-column :label="$t('obs.f.status')" min-width="130">
        <template #default="{ row }">
          <el-tag v-if="row.missed_windows" size="small" :type="mtag(row.missed_windows)" effect="dark" class="mr" disable-transitions>{{ $t('obs.due.missedTag', { n: row.missed_windows }) }}</el-tag>
          <el-tag v-if="row.visit" size="small" type="warning" disable-transitions>{{ visitLabel(row.visit) }}</el-tag>
          <span v-if="row.due_now && !row.missed_windows && !row.visit" class="muted">{{ $t('obs.grid.due') }}</span>
        </template>
      </el-table-column>
      <el-table-column v-if="canWrite" :label="$t('common.actions')" width="110" fixed="right" align="center">
        <template #default="{ row }"><el-button type="primary" size="small" @click="enter(row)" data-test="enter-check">{{ $t('obs.due.enter') }}</el-button></template>
      </el-table-column>
    </el-table>
    <el-pagination v-if="items.length > PER" class="pager" v-model:current-page="f.page" :page-size="PER" :total="items.length"
      :layout="ui.mobile ? 'total, prev, pager, next' : 'total, prev, pager, next'" :pager-count="5" background @current-change="push"/>
  </template>
  <div v-else-if="loading" v-loading="true" class="loading-box"></div>
  <check-dialog :target="target" @close="target = null" @saved="saved"/>
</div>`,
};
