// 期满解除: who ends today (or earlier and is still open) / tomorrow, whether
// each qualifies for release or the rule that blocks it, and one-click batch
// release of those who qualify (office roles).  Released rows stay on the
// page with a link to their release notice.  ?date=today|tomorrow
import { ref, computed, watch, onMounted } from '/vendor/vue.js';
import { ElMessage, ElMessageBox } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { OFFICE, can, refreshBadge } from '../mod/obs.js';
import { ObsNav, kindShort, blockedLabel } from './obs-common.js';

function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }

export default {
  components: { ObsNav },
  setup() {
    const when = ref(route.query.date === 'tomorrow' ? 'tomorrow' : 'today');
    const d = ref(null);
    const loading = ref(false);
    const error = ref('');
    const selected = ref([]);
    const released = ref([]); // [{id, name}] released on this page
    const failed = ref([]);
    const busy = ref(false);
    const office = computed(() => can(OFFICE));
    const table = ref();

    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/obs/release-queue', { date: when.value });
        if (my !== seq) return;
        d.value = r;
        selected.value = [];
        if (table.value) table.value.clearSelection();
      } catch (e) {
        if (my === seq) { error.value = e.message; d.value = null; }
      } finally {
        if (my === seq) loading.value = false;
      }
    }
    onMounted(load);
    watch(when, (w) => { replace('/obs/release', { date: w === 'tomorrow' ? 'tomorrow' : '' }); load(); });

    // those who qualify first, then by planned end
    const rows = computed(() => (d.value ? [...d.value.items].sort((a, b) => (b.qualifies - a.qualifies) || a.planned_end.localeCompare(b.planned_end) || a.id - b.id) : []));
    const qualifying = computed(() => rows.value.filter((r) => r.qualifies));
    const overdue = (r) => (d.value && r.planned_end < d.value.date ? daysBetween(r.planned_end, d.value.date) : 0);
    function selectAll() {
      if (ui.mobile) { selected.value = qualifying.value.map((r) => r.id); return; }
      table.value.clearSelection();
      for (const r of qualifying.value) table.value.toggleRowSelection(r, true);
    }
    function onSelect(list) { selected.value = list.map((r) => r.id); }
    function toggle(r, on) {
      const s = new Set(selected.value);
      if (on) s.add(r.id); else s.delete(r.id);
      selected.value = [...s];
    }
    async function release() {
      const ids = [...selected.value];
      if (!ids.length) return;
      try {
        await ElMessageBox.confirm(t('obs.release.confirm', { n: ids.length }), t('obs.nav.release'), {
          type: 'warning', confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel'),
        });
      } catch { return; }
      busy.value = true;
      try {
        const r = await post('/obs/release-batch', { ids });
        const byId = Object.fromEntries(rows.value.map((x) => [x.id, x]));
        released.value = [...r.released.map((id) => ({ id, name: byId[id] ? byId[id].name : '#' + id })), ...released.value];
        failed.value = r.failed.map((f) => ({ ...f, name: byId[f.id] ? byId[f.id].name : '#' + f.id }));
        if (r.released.length) ElMessage.success(t('obs.release.done', { n: r.released.length }));
        if (r.failed.length) ElMessage.warning(t('obs.release.failed', { n: r.failed.length }));
        refreshBadge(true);
        await load();
      } catch (e) {
        ElMessage.error(e.message);
      } finally {
        busy.value = false;
      }
    }
    return {
      when, d, loading, error, selected, released, failed, busy, office, table, rows, qualifying, ui, Icons,
      load, selectAll, onSelect, toggle, release, overdue, kindShort, blockedLabel,
    };
  },
  template: `
<div class="page obs-page obs-release-page">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.release.title') }}</h2>
    <el-button :icon="Icons.Refresh" @click="load" :loading="loading">{{ $t('common.refresh') }}</el-button>
  </div>
  <el-radio-group v-model="when" class="seg mb" data-test="release-when">
    <el-radio-button value="today">{{ $t('obs.release.today') }}</el-radio-button>
    <el-radio-button value="tomorrow">{{ $t('obs.release.tomorrow') }}</el-radio-button>
  </el-radio-group>
  <el-alert :title="$t('obs.release.note')" type="info" :closable="false" show-icon class="release-note"/>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>

  <div v-if="released.length" class="release-done" data-test="released">
    <el-alert type="success" :closable="false" show-icon :title="$t('obs.release.released')">
      <template #default>
        <el-tag v-for="r in released" :key="r.id" type="success" effect="plain" size="large">
          {{ r.name }} · <a v-if="office" class="link" :href="'#/obs/' + r.id + '/notice'" data-test="notice-link" :data-obs="r.id">{{ $t('obs.release.notice') }}</a>
        </el-tag>
      </template>
    </el-alert>
  </div>
  <el-alert v-if="failed.length" type="warning" :closable="false" show-icon class="mb" :title="$t('obs.release.failed', { n: failed.length })">
    <template #default><div v-for="f in failed" :key="f.id">{{ f.name }}：{{ f.message }}</div></template>
  </el-alert>

  <template v-if="d">
    <div class="batch-bar">
      <span class="muted" data-test="release-summary">{{ d.date }} · {{ $t('obs.release.summary', { total: d.total, q: d.qualifying }) }}</span>
      <template v-if="office">
        <el-button :disabled="!qualifying.length" @click="selectAll" data-test="select-all">{{ $t('obs.release.selectAll') }}</el-button>
        <el-button type="primary" :disabled="!selected.length" :loading="busy" @click="release" data-test="batch-release">{{ $t('obs.release.batch', { n: selected.length }) }}</el-button>
      </template>
      <span v-else class="muted">{{ $t('obs.release.notOffice') }}</span>
    </div>
    <el-empty v-if="!loading && !rows.length" :description="$t('obs.release.none')" :image-size="80"/>
    <div v-else-if="ui.mobile" class="card-list" v-loading="loading" data-test="release-cards">
      <div v-for="r in rows" :key="r.id" class="person-card" data-test="release-row" :data-obs="r.id">
        <div class="pc-top">
          <el-checkbox v-if="office" :model-value="selected.includes(r.id)" :disabled="!r.qualifies" @change="(v) => toggle(r, v)" size="large"/>
          <a class="pc-name link-plain" :href="'#/obs/' + r.id">{{ r.name }}</a>
          <el-tag size="small" effect="plain" class="pc-village">{{ kindShort(r.kind) }}</el-tag>
        </div>
        <div class="pc-line"><span class="lbl">{{ $t('obs.f.plannedEnd') }}</span>{{ r.planned_end }}<el-tag v-if="overdue(r)" size="small" :type="overdue(r) > 1 ? 'warning' : 'info'" class="ml">{{ $t('obs.release.overdue', { n: overdue(r) }) }}</el-tag></div>
        <div class="pc-line"><span class="lbl">{{ $t('obs.f.village') }}</span>{{ r.site_name || r.village_name }}</div>
        <div class="pc-line">
          <span v-if="r.qualifies" class="ok-mark" data-test="qualifies">✓ {{ $t('obs.release.qualifies') }}</span>
          <span v-else class="blocked" data-test="blocked">{{ $t('obs.release.blocked') }}{{ blockedLabel(r) }}</span>
        </div>
      </div>
    </div>
    <el-table v-else ref="table" :data="rows" v-loading="loading" border stripe size="small" class="dense-table" row-key="id"
      @selection-change="onSelect" data-test="release-table" :empty-text="$t('common.noData')">
      <el-table-column v-if="office" type="selection" width="42" :selectable="(r) => r.qualifies"/>
      <el-table-column :label="$t('obs.f.name')" min-width="90">
        <template #default="{ row }"><a class="link" :href="'#/obs/' + row.id" data-test="release-row" :data-obs="row.id">{{ row.name }}</a></template>
      </el-table-column>
      <el-table-column prop="village_name" :label="$t('obs.f.village')" min-width="110"/>
      <el-table-column :label="$t('obs.f.kind')" min-width="150">
        <template #default="{ row }">{{ kindShort(row.kind) }}<template v-if="row.site_name"> · {{ row.site_name }}</template></template>
      </el-table-column>
      <el-table-column :label="$t('obs.f.plannedEnd')" width="160">
        <template #default="{ row }">{{ row.planned_end }}<el-tag v-if="overdue(row)" size="small" :type="overdue(row) > 1 ? 'warning' : 'info'" class="ml" disable-transitions>{{ $t('obs.release.overdue', { n: overdue(row) }) }}</el-tag></template>
      </el-table-column>
      <el-table-column :label="$t('obs.release.lastDayChecks')" width="100" align="center">
        <template #default="{ row }"><span :class="{ 'txt-danger': row.last_day_checks < 2 }">{{ row.last_day_checks }} / 2</span></template>
      </el-table-column>
      <el-table-column :label="$t('obs.f.openAlerts')" width="96" align="center">
        <template #default="{ row }"><b v-if="row.open_alerts" class="txt-danger">{{ row.open_alerts }}</b><span v-else class="muted">0</span></template>
      </el-table-column>
      <el-table-column :label="$t('obs.f.status')" min-width="240">
        <template #default="{ row }">
          <span v-if="row.qualifies" class="ok-mark" data-test="qualifies">✓ {{ $t('obs.release.qualifies') }}</span>
          <span v-else class="blocked" data-test="blocked">{{ blockedLabel(row) }}</span>
        </template>
      </el-table-column>
    </el-table>
  </template>
</div>`,
};
