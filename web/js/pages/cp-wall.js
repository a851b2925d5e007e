// 检疫点大屏 (#/cp/wall): today's checkpoint figures for the command
// office's wall — dark, large type, the whole window (full screen on
// request), refreshed every 30 s on its own (?refresh=N seconds, for tests).
import { ref, computed, onMounted, onBeforeUnmount, defineAsyncComponent } from '/vendor/vue.js';
import { get, session } from '../api.js';
import { route, go } from '../router.js';
import { today } from '../format.js';
import { t } from '../i18n.js';

const EChart = defineAsyncComponent(() => import('./dashboard-chart.js'));
const FIGS = ['persons', 'vehicles', 'fevers', 'referrals', 'turned_back', 'flagged_persons'];

export function useClock() {
  const now = ref(new Date());
  let tm = 0;
  onMounted(() => { tm = setInterval(() => { now.value = new Date(); }, 1000); });
  onBeforeUnmount(() => clearInterval(tm));
  const pad = (n) => String(n).padStart(2, '0');
  const clock = computed(() => {
    const d = now.value;
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  });
  return { now, clock };
}

export function toggleFullscreen() {
  if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen().catch(() => {});
}

export default {
  components: { EChart },
  setup() {
    const stats = ref(null);
    const cps = ref([]);
    const shifts = ref([]);
    const error = ref('');
    const updated = ref('');
    const refreshes = ref(0);
    const every = Math.max(2, Number(route.query.refresh) || 30);
    const staffRole = ['admin', 'commander', 'checkpoint'].includes(session.user.role);
    const { clock } = useClock();
    let tm = 0;
    async function load() {
      try {
        const now = Math.floor(Date.now() / 1000);
        const [s, c, sh] = await Promise.all([
          get('/checkpoint/stats', { date: today() }),
          get('/checkpoints'),
          staffRole ? get('/shifts', { from: now - 86400, to: now + 3600 }) : Promise.resolve({ items: [] }),
        ]);
        stats.value = s;
        cps.value = c.items.filter((x) => x.active);
        shifts.value = sh.items;
        error.value = '';
        updated.value = clock.value.slice(11);
        refreshes.value++;
      } catch (e) { error.value = e.message; }
    }
    onMounted(() => { load(); tm = setInterval(load, every * 1000); document.body.classList.add('wall-on'); });
    onBeforeUnmount(() => { clearInterval(tm); document.body.classList.remove('wall-on'); });

    const cards = computed(() => cps.value.map((c) => {
      const s = ((stats.value && stats.value.checkpoints) || []).find((x) => x.checkpoint_id === c.id) || {};
      const sh = shifts.value.find((x) => x.id === c.current_shift_id);
      const onDuty = sh ? sh.staff.filter((m) => m.signed_in_at && !m.signed_out_at).map((m) => m.name) : [];
      return { ...c, s, shift: sh, onDuty };
    }));
    const hourOption = computed(() => {
      const hours = Array.from({ length: 24 }, (_, h) => h);
      const got = Object.fromEntries(((stats.value && stats.value.hours) || []).map((h) => [h.hour, h]));
      const upTo = Math.floor((Date.now() / 1000 + 8 * 3600) / 3600) % 24;
      const by = Object.fromEntries(hours.filter((h) => h <= upTo).map((h) => [h, got[h] || { persons: 0, vehicles: 0, fevers: 0 }]));
      return {
        backgroundColor: 'transparent',
        textStyle: { fontSize: 16 },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, textStyle: { fontSize: 16 } },
        grid: { left: 50, right: 20, top: 40, bottom: 30 },
        xAxis: { type: 'category', data: hours.map((h) => String(h).padStart(2, '0')), axisLabel: { fontSize: 14 } },
        yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 14 } },
        series: [
          { name: t('cp.f.persons'), type: 'bar', data: hours.map((h) => (by[h] ? by[h].persons : null)), itemStyle: { color: '#3ba0ff' } },
          { name: t('cp.f.fevers'), type: 'line', data: hours.map((h) => (by[h] ? by[h].fevers : null)), itemStyle: { color: '#ff5b5b' } },
        ],
      };
    });
    const hm = (sec) => { const d = new Date(sec * 1000); return String(d.getHours()).padStart(2, '0') + ':' + String(d.getMinutes()).padStart(2, '0'); };
    return { stats, cards, error, updated, refreshes, every, clock, hourOption, FIGS, hm, toggleFullscreen, close: () => go('/cp') };
  },
  template: `
<div class="wall cp-wall" data-test="wall">
  <header class="wall-head">
    <h1>{{ $t('cp.wallTitle') }}</h1>
    <div class="wall-clock">{{ clock }}</div>
    <div class="wall-tools">
      <button type="button" @click="toggleFullscreen" :title="$t('wall.fullscreen')"><el-icon><icon-full-screen/></el-icon></button>
      <button type="button" @click="close" :title="$t('common.close')" data-test="wall-close"><el-icon><icon-close/></el-icon></button>
    </div>
  </header>
  <div v-if="error" class="wall-error">{{ error }}</div>
  <div class="wall-figs" v-if="stats">
    <div v-for="k in FIGS" :key="k" class="wall-fig" :class="k" :data-test="'wall-' + k">
      <div class="n">{{ stats.total[k] ?? 0 }}</div><div class="l">{{ $t('cp.f.' + k) }}</div>
    </div>
  </div>
  <div class="wall-cps">
    <div v-for="c in cards" :key="c.id" class="wall-cp">
      <div class="cp-t">{{ c.name }}</div>
      <div class="cp-shift-line" v-if="c.shift">{{ $t('cp.wallShift', { from: hm(c.shift.starts_at), to: hm(c.shift.ends_at) }) }}
        <template v-if="c.onDuty.length"> · {{ c.onDuty.join('、') }}</template></div>
      <div class="cp-n">
        <span><b>{{ c.s.persons ?? 0 }}</b>{{ $t('cp.f.persons') }}</span>
        <span><b>{{ c.s.vehicles ?? 0 }}</b>{{ $t('cp.f.vehicles') }}</span>
        <span :class="{ hot: c.s.fevers }"><b>{{ c.s.fevers ?? 0 }}</b>{{ $t('cp.f.fevers') }}</span>
        <span :class="{ warm: c.s.turned_back }"><b>{{ c.s.turned_back ?? 0 }}</b>{{ $t('cp.f.turned_back') }}</span>
      </div>
    </div>
  </div>
  <div class="wall-panel grow">
    <h2>{{ $t('cp.byHour') }}</h2>
    <e-chart :option="hourOption" theme="dark" height="fill"/>
  </div>
  <footer class="wall-foot" data-test="wall-updated" :data-refreshes="refreshes">{{ $t('wall.updated', { t: updated, n: every }) }}</footer>
</div>`,
};
