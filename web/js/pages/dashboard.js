// 指挥看板: the page after login for the commander and the viewer (home.js
// shows it), also at #/dashboard.  Tiles, the 14/30-day trend, checkpoint
// volume by hour, verification progress by village, a village table that
// sorts by any figure.  Every tile and chart clicks through to the records
// behind it: the first page of a list of candidates that exists and that
// the user's role may open (other modules' pages when they are there), the
// daily report of the day otherwise.
import { ref, computed, onMounted, onBeforeUnmount } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, session } from '../api.js';
import { go } from '../router.js';
import { reachable } from './report.js';
import { today } from '../format.js';
import { ui } from '../ui.js';
import EChart from './dashboard-chart.js';
import CpFevers, { CP_FEVER_READ } from './cp-fevers.js';

// The first reachable candidate [path, query, roles?] (roles: only for
// them, e.g. a tab of a page that other roles see without it); the daily
// report of the day when none is.
export function target(cands, day = today()) {
  for (const [p, q, roles] of cands) {
    if (roles && !roles.includes(session.user.role)) continue;
    if (reachable(p)) return { path: p, query: q || {} };
  }
  return { path: '/report', query: { date: day } };
}
export function hrefOf(tg) {
  const q = new URLSearchParams(Object.entries(tg.query).filter(([, v]) => v !== '' && v != null)).toString();
  return '#' + tg.path + (q ? '?' + q : '');
}

// Where each tile leads: other modules' pages where they exist (医学观察
// /obs…, 协查 /tasks, /lists), this module's otherwise.
const OBS_OFFICE = ['admin', 'commander', 'observer'];
export const TILES = [
  { key: 'home', icon: 'House', tone: 'blue', to: [['/obs/list', { kind: 'home', status: 'active' }]] },
  { key: 'central', icon: 'OfficeBuilding', tone: 'blue', to: [['/obs/list', { kind: 'central', status: 'active' }], ['/obs/sites']] },
  { key: 'due_now', icon: 'Timer', tone: 'orange', to: [['/obs', { f: 'due' }]] },
  { key: 'lost', icon: 'QuestionFilled', tone: 'red', to: [['/obs/list', { status: 'lost' }]] },
  { key: 'open_alerts', icon: 'Bell', tone: 'red', to: [['/obs/alerts']] },
  { key: 'cp_fevers', icon: 'WarningFilled', tone: 'red', to: [['/obs/alerts']] },
  { key: 'tasks_overdue', icon: 'AlarmClock', tone: 'orange', to: [['/tasks', { status: 'overdue' }]] },
  { key: 'lists_overdue', icon: 'Document', tone: 'orange', to: [['/lists']] },
  { key: 'screened_today', icon: 'Van', tone: 'green', to: [['/cp/screenings', { date: today() }], ['/cp']] },
  { key: 'sightings', icon: 'View', tone: 'red', to: [['/obs/sightings'], ['/cp', { tab: 'sightings' }, OBS_OFFICE]] },
];

// ECharts options shared with the wall display
export const LINE_KEYS = ['new', 'current', 'released', 'fevers', 'referrals'];
const LINE_COLORS = { new: '#e6a23c', current: '#409eff', released: '#67c23a', fevers: '#f56c6c', referrals: '#b37feb' };
export function trendOption(trend, days, big = false, compact = false) {
  const rows = (trend || []).slice(-days);
  const fs = big ? 16 : 12;
  const names = !big && !compact;
  return {
    backgroundColor: 'transparent',
    color: LINE_KEYS.map((k) => LINE_COLORS[k]),
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: compact ? 'scroll' : 'plain', textStyle: { fontSize: fs } },
    grid: { left: compact ? 32 : 44, right: compact ? 36 : 48, top: names ? 52 : 36, bottom: 28 },
    xAxis: { type: 'category', data: rows.map((r) => r.date.slice(5)), axisLabel: { fontSize: fs }, boundaryGap: false },
    yAxis: [
      { type: 'value', minInterval: 1, name: names ? t('dash.perDay') : '', axisLabel: { fontSize: fs } },
      { type: 'value', minInterval: 1, name: names ? t('dash.currentAxis') : '', splitLine: { show: false }, axisLabel: { fontSize: fs } },
    ],
    series: LINE_KEYS.map((k) => ({
      name: t('dash.line.' + k), type: 'line', smooth: k === 'current' ? 0.3 : false, symbolSize: big ? 8 : 6,
      yAxisIndex: k === 'current' ? 1 : 0, data: rows.map((r) => r[k]),
      lineStyle: { width: k === 'current' ? 3 : 2 }, areaStyle: k === 'current' ? { opacity: 0.08 } : undefined,
    })),
  };
}
// the hour of the day in the town (Asia/Shanghai): later hours of today are not drawn
export const townHour = () => Math.floor((Date.now() / 1000 + 8 * 3600) / 3600) % 24;
export function hoursOption(hours, big = false, upTo = townHour()) {
  const hs = Array.from({ length: 24 }, (_, h) => h);
  const got = Object.fromEntries((hours || []).map((h) => [h.hour, h]));
  const by = (h) => (h > upTo ? null : got[h] || { persons: 0, screenings: 0 });
  const fs = big ? 16 : 12;
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis' },
    legend: { top: 0, textStyle: { fontSize: fs } },
    grid: { left: 44, right: 16, top: 36, bottom: 28 },
    xAxis: { type: 'category', data: hs.map((h) => String(h).padStart(2, '0') + (big ? '' : ':00')), axisLabel: { fontSize: fs } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: fs } },
    series: [
      { name: t('dash.persons'), type: 'bar', data: hs.map((h) => (by(h) ? by(h).persons : null)), itemStyle: { color: '#3b82f6' } },
      { name: t('dash.screenings'), type: 'line', data: hs.map((h) => (by(h) ? by(h).screenings : null)), itemStyle: { color: '#22c55e' } },
    ],
  };
}
// villages with tasks, the most first (at the top of a horizontal bar chart)
export function verifyRows(rows) {
  return (rows || []).filter((r) => r.total > 0).sort((a, b) => a.total - b.total);
}
export function verifyOption(vs, big = false) {
  const fs = big ? 15 : 12;
  return {
    backgroundColor: 'transparent',
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    legend: { top: 0, textStyle: { fontSize: fs } },
    grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
    xAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: fs } },
    yAxis: { type: 'category', data: vs.map((r) => r.village_name), axisLabel: { fontSize: fs } },
    series: [
      { name: t('dash.verDone'), type: 'bar', stack: 'v', data: vs.map((r) => r.done), itemStyle: { color: '#67c23a' } },
      { name: t('dash.verOpen'), type: 'bar', stack: 'v', data: vs.map((r) => Math.max(0, r.total - r.done - r.overdue)), itemStyle: { color: '#79bbff' } },
      { name: t('dash.verOverdue'), type: 'bar', stack: 'v', data: vs.map((r) => r.overdue), itemStyle: { color: '#f56c6c' } },
    ],
  };
}

// The check window the due tile is about: "02-20 早间" or, between windows,
// that none is open.
export function windowHint(w) {
  if (!w) return '';
  return w.open ? t('dash.dueWindow', { date: w.date.slice(5), slot: t('obs.slotLong.' + w.slot) }) : t('dash.dueClosed');
}

export const VILLAGE_COLS = ['home_current', 'central_current', 'observed_total', 'released_total', 'lost_current', 'contacts_total',
  'abnormal_day', 'screened_total', 'tasks_verified', 'tasks_overdue'];

export default {
  components: { EChart, CpFevers },
  setup() {
    const d = ref(null);
    const error = ref('');
    const loading = ref(false);
    const days = ref(Number(localStorage.getItem('fk.dash.days')) === 14 ? 14 : 30);
    const updated = ref('');
    let tm = 0;
    async function load() {
      loading.value = true;
      try {
        d.value = await get('/dashboard');
        error.value = '';
        const n = new Date();
        updated.value = String(n.getHours()).padStart(2, '0') + ':' + String(n.getMinutes()).padStart(2, '0');
      } catch (e) { error.value = e.message; } finally { loading.value = false; }
    }
    onMounted(() => { load(); tm = setInterval(load, 5 * 60 * 1000); });
    onBeforeUnmount(() => clearInterval(tm));
    // the fevers panel reads every 30 s and after an acknowledgement: its
    // count is the newer one
    function onFevers(n) { if (d.value && d.value.tiles) d.value.tiles.cp_fevers = n; }
    function setDays(n) { days.value = n; try { localStorage.setItem('fk.dash.days', String(n)); } catch { /* ignore */ } }

    const tiles = computed(() => {
      if (!d.value) return [];
      const x = d.value.tiles;
      const list = TILES.map((tl) => ({ ...tl, value: x[tl.key] ?? 0, href: hrefOf(target(tl.to)) }));
      const due = list.find((tl) => tl.key === 'due_now');
      if (due) due.hint = windowHint(d.value.due_window);
      list.push({
        key: 'site', icon: 'School', tone: 'blue', value: x.site_occupied ?? 0, capacity: x.site_capacity ?? 0,
        href: hrefOf(target([['/obs/sites']])),
      });
      return list;
    });
    const trend = computed(() => trendOption(d.value && d.value.trend, days.value, false, ui.mobile));
    const hours = computed(() => hoursOption(d.value && d.value.checkpoint_hours));
    // on a phone the villages with the most tasks only
    const vRows = computed(() => verifyRows(d.value && d.value.verification).slice(ui.mobile ? -15 : 0));
    const verify = computed(() => verifyOption(vRows.value));
    const verifyHeight = computed(() => Math.max(220, 40 + vRows.value.length * 22) + 'px');
    const villages = computed(() => ((d.value && d.value.villages) || []).filter((v) => v.village_id != null || v.observed_total || v.screened_total));

    // click-throughs
    function onTrend(p) {
      const rows = (d.value.trend || []).slice(-days.value);
      const r = rows[p.index];
      if (r) go('/report', { date: r.date });
    }
    function onHours() {
      const tg = target([['/cp/screenings', { date: today() }], ['/cp', {}]]);
      go(tg.path, tg.query);
    }
    function villageTarget(id) {
      return target([['/tasks', { village: id, status: 'all' }], ['/obs/list', { village: id }], ['/persons', { village: id }]]);
    }
    function onVerify(p) {
      const r = vRows.value[p.index];
      if (!r) return;
      const tg = villageTarget(r.village_id);
      go(tg.path, tg.query);
    }
    function villageHref(row) {
      if (row.village_id == null) return '';
      const tg = target([['/obs/list', { village: row.village_id }], ['/persons', { village: row.village_id }]]);
      return tg.path === '/report' ? '' : hrefOf(tg);
    }
    const sortNum = (k) => (a, b) => (a[k] ?? 0) - (b[k] ?? 0);
    return {
      d, error, loading, days, updated, tiles, trend, hours, verify, verifyHeight, villages, Icons, VILLAGE_COLS, session,
      cpFevers: CP_FEVER_READ.includes(session.user.role),
      load, setDays, onFevers, onTrend, onHours, onVerify, villageHref, sortNum,
    };
  },
  template: `
<div class="page dashboard-page" data-test="dashboard">
  <div class="page-head">
    <h2>{{ $t('dash.title') }} <span v-if="updated" class="sub muted">{{ $t('dash.updated', { t: updated }) }}</span></h2>
    <div class="head-actions">
      <el-button :icon="Icons.Refresh" :loading="loading" @click="load">{{ $t('common.refresh') }}</el-button>
      <el-button :icon="Icons.Document" @click="$go('/report')" data-test="to-report">{{ $t('menu.report') }}</el-button>
      <el-button type="primary" :icon="Icons.Monitor" @click="$go('/wall')" data-test="to-wall">{{ $t('menu.wall') }}</el-button>
    </div>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <cp-fevers v-if="cpFevers" hide-empty class="mb" @open="onFevers"/>
  <template v-if="d">
    <div class="dash-tiles" data-test="tiles">
      <a v-for="tl in tiles" :key="tl.key" class="dash-tile" :class="'tone-' + tl.tone" :href="tl.href" :data-tile="tl.key">
        <el-icon class="ic" :size="26"><component :is="Icons[tl.icon]"/></el-icon>
        <div class="body">
          <div class="n">{{ tl.value }}<small v-if="tl.capacity != null"> / {{ tl.capacity }}</small></div>
          <div class="l">{{ $t('dash.tile.' + tl.key) }}</div>
          <div v-if="tl.hint" class="h muted" data-test="tile-hint">{{ tl.hint }}</div>
          <el-progress v-if="tl.capacity" :percentage="Math.min(100, Math.round(tl.value * 100 / tl.capacity))" :stroke-width="6" :show-text="false"/>
        </div>
      </a>
    </div>
    <el-row :gutter="16">
      <el-col :xs="24" :lg="14">
        <el-card shadow="never" class="dash-card" data-test="chart-trend">
          <template #header><div class="card-head"><span>{{ $t('dash.trend') }}</span>
            <el-radio-group :model-value="days" size="small" @update:model-value="setDays" data-test="days">
              <el-radio-button :value="14">{{ $t('dash.days', { n: 14 }) }}</el-radio-button>
              <el-radio-button :value="30">{{ $t('dash.days', { n: 30 }) }}</el-radio-button>
            </el-radio-group></div></template>
          <e-chart :option="trend" height="300px" @pick="onTrend"/>
          <div class="muted hint">{{ $t('dash.trendHint') }}</div>
        </el-card>
      </el-col>
      <el-col :xs="24" :lg="10">
        <el-card shadow="never" class="dash-card" data-test="chart-hours">
          <template #header><div class="card-head"><span>{{ $t('dash.hours') }}</span></div></template>
          <e-chart :option="hours" height="300px" @pick="onHours"/>
          <div class="muted hint">{{ $t('dash.hoursHint') }}</div>
        </el-card>
      </el-col>
    </el-row>
    <el-row :gutter="16">
      <el-col :xs="24" :lg="10">
        <el-card shadow="never" class="dash-card" data-test="chart-verify">
          <template #header><div class="card-head"><span>{{ $t('dash.verify') }}</span></div></template>
          <e-chart :option="verify" :height="verifyHeight" @pick="onVerify"/>
        </el-card>
      </el-col>
      <el-col :xs="24" :lg="14">
        <el-card shadow="never" class="dash-card" data-test="village-table">
          <template #header><div class="card-head"><span>{{ $t('dash.villages') }}</span></div></template>
          <el-table :data="villages" border stripe size="small" class="dense-table" max-height="560" :default-sort="{ prop: 'home_current', order: 'descending' }">
            <el-table-column prop="village_name" :label="$t('report.village')" min-width="110" fixed sortable>
              <template #default="{ row }"><a v-if="villageHref(row)" class="link" :href="villageHref(row)">{{ row.village_name }}</a><span v-else>{{ row.village_name }}</span></template>
            </el-table-column>
            <el-table-column v-for="k in VILLAGE_COLS" :key="k" :prop="k" :label="$t('report.f.' + k)" min-width="92" align="right" sortable :sort-method="sortNum(k)"/>
          </el-table>
        </el-card>
      </el-col>
    </el-row>
  </template>
  <div v-else-if="loading" class="dash-loading" v-loading="true"></div>
</div>`,
};
