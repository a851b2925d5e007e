// 数据大屏 (#/wall): the command office's wall display — the whole window
// (full screen on request), dark, numbers readable across a room, the
// 14-day trend, checkpoint volume by hour, verification by village and the
// villages with the most people under observation; refreshes on its own
// every 30 s (?refresh=N seconds, for tests).
import { ref, computed, onMounted, onBeforeUnmount } from '/vendor/vue.js';
import { get, session } from '../api.js';
import { route, go } from '../router.js';
import { t } from '../i18n.js';
import { ui } from '../ui.js';
import EChart from './dashboard-chart.js';
import { trendOption, hoursOption, verifyOption, verifyRows, windowHint, target, hrefOf, TILES } from './dashboard.js';
import { useClock, toggleFullscreen } from './cp-wall.js';

const BIG = ['home', 'central', 'due_now', 'lost', 'open_alerts', 'cp_fevers', 'screened_today', 'tasks_overdue', 'sightings'];

export default {
  components: { EChart },
  setup() {
    const d = ref(null);
    const error = ref('');
    const updated = ref('');
    const refreshes = ref(0);
    const every = Math.max(2, Number(route.query.refresh) || 30);
    const { clock } = useClock();
    let tm = 0;
    async function load() {
      try {
        d.value = await get('/dashboard');
        error.value = '';
        updated.value = clock.value.slice(11);
        refreshes.value++;
      } catch (e) { error.value = e.message; }
    }
    onMounted(() => { load(); tm = setInterval(load, every * 1000); document.body.classList.add('wall-on'); });
    onBeforeUnmount(() => { clearInterval(tm); document.body.classList.remove('wall-on'); });

    const title = computed(() => t('wall.title', { town: session.town || '' }));
    const trend = computed(() => trendOption(d.value && d.value.trend, 14, true, ui.mobile));
    const hours = computed(() => hoursOption(d.value && d.value.checkpoint_hours, true));
    const verify = computed(() => {
      const rows = verifyRows(d.value && d.value.verification).slice(-8);
      return verifyOption(rows, true);
    });
    const top = computed(() => ((d.value && d.value.villages) || []).filter((v) => v.village_id != null)
      .map((v) => ({ ...v, current: (v.home_current || 0) + (v.central_current || 0) }))
      .sort((a, b) => b.current - a.current).slice(0, 8));
    const site = computed(() => {
      const x = d.value ? d.value.tiles : {};
      return { occ: x.site_occupied || 0, cap: x.site_capacity || 0, pct: x.site_capacity ? Math.round((x.site_occupied * 100) / x.site_capacity) : 0 };
    });
    // the due figure leads to the due list, like the dashboard's tile
    const dueHref = computed(() => hrefOf(target(TILES.find((tl) => tl.key === 'due_now').to)));
    const dueHint = computed(() => windowHint(d.value && d.value.due_window));
    return {
      d, error, updated, refreshes, every, clock, title, trend, hours, verify, top, site, BIG, dueHref, dueHint, toggleFullscreen, close: () => go('/'),
    };
  },
  template: `
<div class="wall dash-wall" data-test="wall">
  <header class="wall-head">
    <h1>{{ title }}</h1>
    <div class="wall-clock">{{ clock }}</div>
    <div class="wall-tools">
      <button type="button" @click="toggleFullscreen" :title="$t('wall.fullscreen')" data-test="fullscreen"><el-icon><icon-full-screen/></el-icon></button>
      <button type="button" @click="close" :title="$t('common.close')" data-test="wall-close"><el-icon><icon-close/></el-icon></button>
    </div>
  </header>
  <div v-if="error" class="wall-error">{{ error }}</div>
  <template v-if="d">
    <div class="wall-figs nine">
      <component v-for="k in BIG" :key="k" :is="k === 'due_now' ? 'a' : 'div'" class="wall-fig" :class="k" :data-test="'wall-' + k"
        :href="k === 'due_now' ? dueHref : undefined">
        <div class="n">{{ d.tiles[k] ?? 0 }}</div><div class="l">{{ $t('dash.tile.' + k) }}</div>
        <div v-if="k === 'due_now'" class="h">{{ dueHint }}</div>
      </component>
    </div>
    <div class="wall-grid">
      <div class="wall-panel span2">
        <h2>{{ $t('wall.trend14') }}</h2>
        <e-chart :option="trend" theme="dark" height="fill"/>
      </div>
      <div class="wall-panel">
        <h2>{{ $t('wall.top') }}</h2>
        <table class="wall-table">
          <thead><tr><th>{{ $t('report.village') }}</th><th>{{ $t('dash.tile.home') }}</th><th>{{ $t('dash.tile.central') }}</th><th>{{ $t('report.f.lost_current') }}</th></tr></thead>
          <tbody><tr v-for="v in top" :key="v.village_id"><td>{{ v.village_name }}</td><td>{{ v.home_current }}</td><td>{{ v.central_current }}</td><td :class="{ hot: v.lost_current }">{{ v.lost_current }}</td></tr></tbody>
        </table>
      </div>
      <div class="wall-panel">
        <h2>{{ $t('dash.hours') }}</h2>
        <e-chart :option="hours" theme="dark" height="fill"/>
      </div>
      <div class="wall-panel">
        <h2>{{ $t('dash.verify') }}</h2>
        <e-chart :option="verify" theme="dark" height="fill"/>
      </div>
      <div class="wall-panel site">
        <h2>{{ $t('dash.tile.site') }}</h2>
        <div class="site-n"><b>{{ site.occ }}</b> / {{ site.cap }}</div>
        <div class="site-bar"><div :style="{ width: Math.min(100, site.pct) + '%' }" :class="{ hot: site.pct >= 90 }"></div></div>
        <div class="site-pct">{{ site.pct }}%</div>
      </div>
    </div>
  </template>
  <footer class="wall-foot" data-test="wall-updated" :data-refreshes="refreshes">{{ $t('wall.updated', { t: updated, n: every }) }}</footer>
</div>`,
};
