// 期满解除: who ends on the day (today / tomorrow) or ended earlier and is
// still open, a page at a time in the server's order (planned end, village),
// whether each qualifies for release or the rule that blocks it; on top the
// whole queue's counts (ending that day / overdue, per village and site,
// which also filter the list).  Office roles release the selected rows of a
// page, or everyone in the queue (as filtered) who qualifies: the server
// counts them first (dry run) and the confirmation says how many and why the
// others stay.  Released persons are listed with a link to their release
// notice.  ?date=tomorrow&village=&site=&page=&per_page=
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import { ElMessage, ElMessageBox } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { route, replace } from '../router.js';
import { ui } from '../ui.js';
import { OFFICE, can, refreshBadge } from '../mod/obs.js';
import { ObsNav, kindShort, blockedLabel } from './obs-common.js';

function daysBetween(a, b) { return Math.round((Date.parse(b) - Date.parse(a)) / 86400000); }
const SHOWN = 60; // released names listed at once

export default {
  components: { ObsNav },
  setup() {
    const f = reactive({ when: 'today', village: '', site: '', page: 1, per_page: 20 });
    const d = ref(null);
    const loading = ref(false);
    const error = ref('');
    const selected = ref([]);
    const released = ref([]); // [{id, name}] released on this page
    const showAll = ref(false);
    const failed = ref([]);
    const busy = ref(false);
    const office = computed(() => can(OFFICE));
    const scoped = session.user && session.user.role === 'village';
    const table = ref();

    function fromQuery() {
      const q = route.query;
      f.when = q.date === 'tomorrow' ? 'tomorrow' : 'today';
      f.village = Number(q.village) > 0 ? Number(q.village) : '';
      f.site = Number(q.site) > 0 ? Number(q.site) : '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
      f.per_page = [20, 50, 100].includes(Number(q.per_page)) ? Number(q.per_page) : 20;
    }
    function push() {
      replace('/obs/release', {
        date: f.when === 'tomorrow' ? 'tomorrow' : '', village: f.village, site: f.site,
        page: f.page > 1 ? f.page : '', per_page: f.per_page !== 20 ? f.per_page : '',
      });
    }
    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/obs/release-queue', { date: f.when, village: f.village, site: f.site, page: f.page, per_page: f.per_page });
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
    onMounted(() => { fromQuery(); load(); });
    watch(() => route.full, () => { if (route.path === '/obs/release') { fromQuery(); load(); } });
    function filter() { f.page = 1; push(); }

    const rows = computed(() => (d.value ? d.value.items : []));
    const sum = computed(() => (d.value ? d.value.summary : { total: 0, due: 0, overdue: 0, villages: [], sites: [] }));
    const qualifying = computed(() => rows.value.filter((r) => r.qualifies));
    const overdue = (r) => (d.value && r.planned_end < d.value.date ? daysBetween(r.planned_end, d.value.date) : 0);
    const villageName = computed(() => {
      const v = sum.value.villages.find((x) => x.village_id === f.village);
      const s = sum.value.sites.find((x) => x.site_id === f.site);
      return [v && v.village_name, s && s.site_name].filter(Boolean).join(' · ') || t('obs.release.wholeTown');
    });
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
    async function confirm(msg) {
      try {
        await ElMessageBox.confirm(msg, t('obs.nav.release'), {
          type: 'warning', confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel'),
        });
        return true;
      } catch { return false; }
    }
    function done(r, names) {
      const byId = Object.fromEntries([...rows.value, ...(r.released_rows || [])].map((x) => [x.id, x]));
      const name = (id) => (names[id] || (byId[id] ? byId[id].name : '#' + id));
      released.value = [...r.released.map((id) => ({ id, name: name(id) })), ...released.value];
      failed.value = r.failed.map((x) => ({ ...x, name: name(x.id) }));
      if (r.released.length) ElMessage.success(t('obs.release.done', { n: r.released.length }));
      if (r.failed.length) ElMessage.warning(t('obs.release.failed', { n: r.failed.length }));
      refreshBadge(true);
    }
    async function release() {
      const ids = [...selected.value];
      if (!ids.length || !(await confirm(t('obs.release.confirm', { n: ids.length })))) return;
      busy.value = true;
      try {
        done(await post('/obs/release-batch', { ids }), {});
        await load();
      } catch (e) {
        ElMessage.error(e.message);
      } finally {
        busy.value = false;
      }
    }
    // everyone in the queue as filtered who qualifies: count first, then confirm
    async function releaseAll() {
      const body = { all: true, date: f.when, village_id: f.village || undefined, site_id: f.site || undefined };
      busy.value = true;
      try {
        const pre = await post('/obs/release-batch', { ...body, dry_run: true });
        if (!pre.qualifying) { ElMessage.info(t('obs.release.noneQualify')); return; }
        const why = Object.entries(pre.blocked).map(([k, n]) => t('obs.release.why.' + k) + ' ' + n).join('，');
        const msg = t('obs.release.confirmAll', { scope: villageName.value, date: pre.date, total: pre.total, q: pre.qualifying })
          + (why ? t('obs.release.stay', { n: pre.total - pre.qualifying, why }) : '');
        if (!(await confirm(msg))) return;
        const r = await post('/obs/release-batch', body);
        done(r, Object.fromEntries((r.released_rows || []).map((x) => [x.id, x.name])));
        f.page = 1;
        push();
        await load();
      } catch (e) {
        ElMessage.error(e.message);
      } finally {
        busy.value = false;
      }
    }
    const shownReleased = computed(() => (showAll.value ? released.value : released.value.slice(0, SHOWN)));
    return {
      f, d, sum, loading, error, selected, released, shownReleased, showAll, failed, busy, office, scoped, table, rows, qualifying, ui, Icons,
      load, push, filter, selectAll, onSelect, toggle, release, releaseAll, overdue, kindShort, blockedLabel,
    };
  },
  template: `
<div class="page obs-page obs-release-page">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.release.title') }}</h2>
    <el-button :icon="Icons.Refresh" @click="load" :loading="loading">{{ $t('common.refresh') }}</el-button>
  </div>
  <div class="toolbar">
    <el-radio-group v-model="f.when" class="seg" data-test="release-when" @change="filter">
      <el-radio-button value="today">{{ $t('obs.release.today') }}</el-radio-button>
      <el-radio-button value="tomorrow">{{ $t('obs.release.tomorrow') }}</el-radio-button>
    </el-radio-group>
    <el-select v-if="!scoped" v-model="f.village" class="village-filter" filterable clearable :placeholder="$t('obs.f.allVillages')" @change="filter" data-test="release-village">
      <el-option v-for="v in sum.villages" :key="v.village_id" :value="v.village_id" :label="(v.village_name || $t('obs.release.noVillage')) + '（' + v.total + '）'"/>
    </el-select>
    <el-select v-if="sum.sites.length" v-model="f.site" class="village-filter" filterable clearable :placeholder="$t('obs.release.allSites')" @change="filter" data-test="release-site">
      <el-option v-for="s in sum.sites" :key="s.site_id" :value="s.site_id" :label="s.site_name + '（' + s.total + '）'"/>
    </el-select>
  </div>
  <el-alert :title="$t('obs.release.note')" type="info" :closable="false" show-icon class="release-note"/>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>

  <div v-if="released.length" class="release-done" data-test="released">
    <el-alert type="success" :closable="false" show-icon :title="$t('obs.release.released') + '（' + released.length + '）'">
      <template #default>
        <el-tag v-for="r in shownReleased" :key="r.id" type="success" effect="plain" size="large">
          {{ r.name }} · <a v-if="office" class="link" :href="'#/obs/' + r.id + '/notice'" data-test="notice-link" :data-obs="r.id">{{ $t('obs.release.notice') }}</a>
        </el-tag>
        <div v-if="released.length > shownReleased.length" class="release-more">
          <el-button link type="primary" @click="showAll = true" data-test="released-more">{{ $t('obs.release.more', { n: released.length - shownReleased.length }) }}</el-button>
          <span class="muted">{{ $t('obs.release.noticesLater') }}</span>
        </div>
      </template>
    </el-alert>
  </div>
  <el-alert v-if="failed.length" type="warning" :closable="false" show-icon class="mb" :title="$t('obs.release.failed', { n: failed.length })">
    <template #default><div v-for="x in failed" :key="x.id">{{ x.name }}：{{ x.message }}</div></template>
  </el-alert>

  <template v-if="d">
    <div class="release-stats" data-test="release-summary">
      <span>{{ $t('obs.release.summary', { date: d.date, total: sum.total }) }}</span>
      <el-tag type="primary" effect="plain" disable-transitions>{{ $t('obs.release.due', { date: d.date, n: sum.due }) }}</el-tag>
      <el-tag :type="sum.overdue ? 'warning' : 'info'" effect="plain" disable-transitions data-test="release-overdue">{{ $t('obs.release.overdueAll', { n: sum.overdue }) }}</el-tag>
    </div>
    <div class="batch-bar">
      <span class="muted" data-test="release-page-summary">{{ $t('obs.release.pageSummary', { n: rows.length, q: qualifying.length }) }}</span>
      <template v-if="office">
        <el-button :disabled="!qualifying.length" @click="selectAll" data-test="select-all">{{ $t('obs.release.selectAll') }}</el-button>
        <el-button type="primary" :disabled="!selected.length" :loading="busy" @click="release" data-test="batch-release">{{ $t('obs.release.batch', { n: selected.length }) }}</el-button>
        <el-button type="warning" plain :disabled="!d.total" :loading="busy" @click="releaseAll" data-test="release-all">{{ $t('obs.release.all', { n: d.total }) }}</el-button>
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
    <el-pagination class="pager" v-model:current-page="f.page" v-model:page-size="f.per_page" :total="d.total"
      :page-sizes="[20, 50, 100]" :pager-count="ui.mobile ? 5 : 7"
      :layout="ui.mobile ? 'total, prev, pager, next' : 'total, sizes, prev, pager, next, jumper'"
      :size="ui.mobile ? 'small' : 'default'" background @current-change="push" @size-change="filter" data-test="release-pager"/>
  </template>
</div>`,
};
