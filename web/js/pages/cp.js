// 检疫点: for checkpoint staff the screening entry itself; for the office
// the day's counts per checkpoint, per shift and per hour (date in the URL),
// the checkpoints (admin edits them), the flagged areas of the day and the
// persons under observation seen at a checkpoint (应在家).  Tabs and date
// live in the query: #/cp?tab=counts&date=2020-02-01.
import { ref, reactive, computed, watch, onMounted, defineAsyncComponent } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, patch, session } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime, today } from '../format.js';
import CpEntry from './cp-entry.js';

// ECharts is large: loaded only when the office opens the counts, never on a checkpoint's phone
const EChart = defineAsyncComponent(() => import('./dashboard-chart.js'));

const TYPES = ['公路卡口', '高速出口', '火车站', '客运站', '其他'];
const FIGS = ['vehicles', 'persons', 'fevers', 'referrals', 'turned_back', 'flagged_persons', 'to_observation'];
const has = (roles) => roles.includes(session.user.role);

const Office = {
  components: { EChart },
  setup() {
    const tab = ref('counts');
    const date = ref(today());
    const stats = ref(null);
    const statsError = ref('');
    const loading = ref(false);
    const checkpoints = ref([]);
    const areas = ref([]);
    const sightings = ref([]);
    const newArea = ref('');
    const dlg = reactive({ open: false, id: null, name: '', location: '', type: '公路卡口', active: true, errors: {}, saving: false });
    const can = {
      work: has(['admin', 'commander']),
      admin: has(['admin']),
      areas: has(['admin', 'commander', 'observer']),
      sightings: has(['admin', 'commander', 'observer']),
    };

    function fromQuery() {
      const q = route.query;
      tab.value = ['counts', 'checkpoints', 'areas', 'sightings'].includes(q.tab) ? q.tab : 'counts';
      date.value = /^\d{4}-\d{2}-\d{2}$/.test(q.date || '') ? q.date : today();
    }
    function push() { replace('/cp', { tab: tab.value !== 'counts' ? tab.value : '', date: date.value !== today() ? date.value : '' }); }

    async function loadStats() {
      loading.value = true;
      statsError.value = '';
      try { stats.value = await get('/checkpoint/stats', { date: date.value }); } catch (e) { statsError.value = e.message; stats.value = null; } finally { loading.value = false; }
    }
    async function loadCheckpoints() {
      try { checkpoints.value = (await get('/checkpoints')).items; } catch (e) { ElMessage.error(e.message); }
    }
    async function loadAreas() {
      if (!can.areas) return;
      try { areas.value = (await get('/flagged-areas')).items; } catch (e) { ElMessage.error(e.message); }
    }
    async function loadSightings() {
      if (!can.sightings) return;
      try { sightings.value = (await get('/sightings')).items; } catch (e) { ElMessage.error(e.message); }
    }
    function load() {
      if (tab.value === 'counts') loadStats();
      if (tab.value === 'checkpoints') loadCheckpoints();
      if (tab.value === 'areas') loadAreas();
      if (tab.value === 'sightings') loadSightings();
    }
    watch(() => route.full, () => { if (route.path === '/cp') { fromQuery(); load(); } });
    onMounted(() => { fromQuery(); load(); });

    const hourOption = computed(() => {
      const hours = Array.from({ length: 24 }, (_, h) => h);
      const got = Object.fromEntries(((stats.value && stats.value.hours) || []).map((h) => [h.hour, h]));
      const upTo = date.value === today() ? Math.floor((Date.now() / 1000 + 8 * 3600) / 3600) % 24 : 23;
      const by = Object.fromEntries(hours.filter((h) => h <= upTo).map((h) => [h, got[h] || { persons: 0, vehicles: 0, fevers: 0 }]));
      return {
        tooltip: { trigger: 'axis' },
        legend: { top: 0 },
        grid: { left: 40, right: 16, top: 32, bottom: 28 },
        xAxis: { type: 'category', data: hours.map((h) => String(h).padStart(2, '0') + ':00') },
        yAxis: { type: 'value', minInterval: 1 },
        series: [
          { name: t('cp.f.persons'), type: 'bar', data: hours.map((h) => (by[h] ? by[h].persons : null)), itemStyle: { color: '#1d4f91' } },
          { name: t('cp.f.vehicles'), type: 'bar', data: hours.map((h) => (by[h] ? by[h].vehicles : null)), itemStyle: { color: '#67c23a' } },
          { name: t('cp.f.fevers'), type: 'line', data: hours.map((h) => (by[h] ? by[h].fevers : null)), itemStyle: { color: '#f56c6c' } },
        ],
      };
    });

    function openDialog(c) {
      Object.assign(dlg, c ? { id: c.id, name: c.name, location: c.location, type: c.type, active: !!c.active } : { id: null, name: '', location: '', type: '公路卡口', active: true });
      dlg.errors = {};
      dlg.open = true;
    }
    async function saveCheckpoint() {
      dlg.saving = true;
      dlg.errors = {};
      const b = { name: dlg.name.trim(), location: dlg.location.trim(), type: dlg.type, active: dlg.active };
      try {
        if (dlg.id) await patch('/checkpoints/' + dlg.id, b); else await post('/checkpoints', b);
        dlg.open = false;
        ElMessage.success(t('common.saved'));
        loadCheckpoints();
      } catch (e) {
        if (e.field && (e.status === 422 || e.status === 409)) dlg.errors[e.field] = e.message; else ElMessage.error(e.message);
      } finally { dlg.saving = false; }
    }
    async function setArea(name, active) {
      if (!name.trim()) return;
      try {
        areas.value = (await post('/flagged-areas', { name: name.trim(), active })).items;
        newArea.value = '';
      } catch (e) { ElMessage.error(e.message); }
    }
    async function ack(s) {
      try { await post(`/sightings/${s.id}/ack`); ElMessage.success(t('cp.acked')); loadSightings(); } catch (e) { ElMessage.error(e.message); }
    }
    const hm = (sec) => fmtTime(sec).slice(11);
    return {
      tab, date, stats, statsError, loading, checkpoints, areas, sightings, newArea, dlg, can, ui, Icons, TYPES, FIGS,
      hourOption, push, load, openDialog, saveCheckpoint, setArea, ack, fmtTime, hm, today,
      disabledDate: (d) => d.getTime() > Date.now(),
    };
  },
  template: `
<div class="page cp-page">
  <div class="page-head">
    <h2>{{ $t('cp.title') }}</h2>
    <div class="head-actions cp-links">
      <el-button v-if="can.work" type="primary" :icon="Icons.EditPen" @click="$go('/cp/entry')" data-test="to-entry">{{ $t('cp.entry') }}</el-button>
      <el-button v-if="can.work" :icon="Icons.Calendar" @click="$go('/cp/shifts')" data-test="to-shifts">{{ $t('cp.shifts') }}</el-button>
      <el-button v-if="can.work" :icon="Icons.List" @click="$go('/cp/screenings', { date })" data-test="to-screenings">{{ $t('cp.screenings') }}</el-button>
      <el-button :icon="Icons.Monitor" @click="$go('/cp/wall')" data-test="to-wall">{{ $t('cp.wall') }}</el-button>
    </div>
  </div>
  <el-tabs v-model="tab" @tab-change="push" class="cp-tabs">
    <el-tab-pane :label="$t('cp.tabCounts')" name="counts"/>
    <el-tab-pane :label="$t('cp.tabCheckpoints')" name="checkpoints"/>
    <el-tab-pane v-if="can.areas" :label="$t('cp.tabAreas')" name="areas"/>
    <el-tab-pane v-if="can.sightings" :label="$t('cp.tabSightings')" name="sightings"/>
  </el-tabs>

  <template v-if="tab === 'counts'">
    <div class="toolbar">
      <el-date-picker v-model="date" type="date" value-format="YYYY-MM-DD" :clearable="false" :disabled-date="disabledDate" @change="push" data-test="date"/>
      <el-button :icon="Icons.Refresh" @click="load" data-test="refresh">{{ $t('common.refresh') }}</el-button>
    </div>
    <el-alert v-if="statsError" :title="statsError" type="error" show-icon :closable="false" class="mb"/>
    <div v-if="stats" v-loading="loading">
      <div class="cp-figs" data-test="totals">
        <div v-for="k in FIGS" :key="k" class="cp-fig" :class="k">
          <div class="n">{{ stats.total[k] ?? 0 }}</div><div class="l">{{ $t('cp.f.' + k) }}</div>
        </div>
      </div>
      <h3 class="section-title">{{ $t('cp.byCheckpoint') }}</h3>
      <el-table :data="stats.checkpoints" border stripe size="small" class="dense-table" data-test="by-checkpoint">
        <el-table-column prop="checkpoint_name" :label="$t('cp.checkpoint')" min-width="140" fixed/>
        <el-table-column v-for="k in FIGS" :key="k" :prop="k" :label="$t('cp.f.' + k)" min-width="90" align="right"/>
      </el-table>
      <h3 class="section-title">{{ $t('cp.byShift') }}</h3>
      <el-table :data="stats.shifts" border stripe size="small" class="dense-table" data-test="by-shift" :empty-text="$t('common.noData')">
        <el-table-column prop="checkpoint_name" :label="$t('cp.checkpoint')" min-width="140" fixed/>
        <el-table-column :label="$t('cp.shift')" min-width="150">
          <template #default="{ row }">{{ row.starts_at ? fmtTime(row.starts_at).slice(5) + ' – ' + hm(row.ends_at) : $t('cp.noShift') }}</template>
        </el-table-column>
        <el-table-column v-for="k in FIGS" :key="k" :prop="k" :label="$t('cp.f.' + k)" min-width="90" align="right"/>
      </el-table>
      <h3 class="section-title">{{ $t('cp.byHour') }}</h3>
      <el-card shadow="never"><e-chart :option="hourOption" height="280px"/></el-card>
    </div>
  </template>

  <template v-if="tab === 'checkpoints'">
    <div v-if="can.admin" class="toolbar"><el-button type="primary" :icon="Icons.Plus" @click="openDialog(null)" data-test="new-checkpoint">{{ $t('cp.newCheckpoint') }}</el-button></div>
    <el-table :data="checkpoints" border stripe size="small" class="dense-table" data-test="checkpoints">
      <el-table-column prop="name" :label="$t('cp.name')" min-width="150"/>
      <el-table-column prop="type" :label="$t('cp.type')" width="110"><template #default="{ row }">{{ $t('cp.ty.' + row.type) }}</template></el-table-column>
      <el-table-column prop="location" :label="$t('cp.location')" min-width="200"/>
      <el-table-column :label="$t('cp.active')" width="90"><template #default="{ row }"><el-tag :type="row.active ? 'success' : 'info'" size="small">{{ row.active ? $t('cp.inUse') : $t('cp.stopped') }}</el-tag></template></el-table-column>
      <el-table-column v-if="can.admin" :label="$t('common.actions')" width="80"><template #default="{ row }"><el-button link type="primary" size="small" @click="openDialog(row)">{{ $t('common.edit') }}</el-button></template></el-table-column>
    </el-table>
  </template>

  <template v-if="tab === 'areas'">
    <p class="muted">{{ $t('cp.areasNote') }}</p>
    <div v-if="can.work" class="toolbar">
      <el-input v-model="newArea" class="w-260" maxlength="40" :placeholder="$t('cp.areaPh')" @keyup.enter="setArea(newArea, true)" data-test="new-area"/>
      <el-button type="primary" :icon="Icons.Plus" @click="setArea(newArea, true)">{{ $t('cp.addArea') }}</el-button>
    </div>
    <div class="cp-areas" data-test="areas">
      <el-tag v-for="a in areas" :key="a.id" size="large" :type="a.active ? 'danger' : 'info'" :effect="a.active ? 'light' : 'plain'" class="cp-area">
        {{ a.name }}
        <el-button v-if="can.work" link size="small" @click="setArea(a.name, !a.active)">{{ a.active ? $t('cp.deactivate') : $t('cp.activate') }}</el-button>
      </el-tag>
      <el-empty v-if="!areas.length" :description="$t('common.noData')" :image-size="60"/>
    </div>
  </template>

  <template v-if="tab === 'sightings'">
    <p class="muted">{{ $t('cp.sightingsNote') }}</p>
    <el-table :data="sightings" border stripe size="small" class="dense-table" data-test="sightings" :empty-text="$t('cp.noSightings')">
      <el-table-column :label="$t('cp.when')" width="140"><template #default="{ row }">{{ fmtTime(row.at) }}</template></el-table-column>
      <el-table-column prop="name" :label="$t('cp.personName')" width="100"/>
      <el-table-column prop="village_name" :label="$t('cp.village')" min-width="110"/>
      <el-table-column :label="$t('cp.obsKind')" width="100"><template #default="{ row }">{{ $t('cp.kind.' + row.kind) }}</template></el-table-column>
      <el-table-column prop="checkpoint_name" :label="$t('cp.checkpoint')" min-width="130"/>
      <el-table-column prop="plate" :label="$t('cp.plate')" width="110"/>
      <el-table-column :label="$t('common.actions')" width="100"><template #default="{ row }"><el-button size="small" type="primary" @click="ack(row)">{{ $t('cp.ack') }}</el-button></template></el-table-column>
    </el-table>
  </template>

  <el-dialog v-model="dlg.open" :title="dlg.id ? $t('cp.editCheckpoint') : $t('cp.newCheckpoint')" :width="ui.mobile ? '94%' : '460px'" :fullscreen="false">
    <el-form label-position="top" class="dialog-form" @submit.prevent>
      <el-form-item :label="$t('cp.name')" :error="dlg.errors.name" required><el-input v-model="dlg.name" name="cp-name" maxlength="60"/></el-form-item>
      <el-form-item :label="$t('cp.type')" :error="dlg.errors.type">
        <el-select v-model="dlg.type"><el-option v-for="x in TYPES" :key="x" :value="x" :label="$t('cp.ty.' + x)"/></el-select>
      </el-form-item>
      <el-form-item :label="$t('cp.location')" :error="dlg.errors.location"><el-input v-model="dlg.location" maxlength="120"/></el-form-item>
      <el-form-item :label="$t('cp.active')"><el-switch v-model="dlg.active"/></el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="dlg.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="dlg.saving" @click="saveCheckpoint" data-test="save-checkpoint">{{ $t('common.save') }}</el-button>
    </template>
  </el-dialog>
</div>`,
};

export default {
  components: { CpEntry, Office },
  setup() { return { staff: session.user.role === 'checkpoint' }; },
  template: '<cp-entry v-if="staff"/><office v-else/>',
};
