// 工作台: greeting, a few counts the user may see, and the menu as tiles.
import { ref, computed, onMounted, defineAsyncComponent } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { session, get } from '../api.js';
import { menuFor } from '../routes.js';
import { PERSON_READ, PERSON_WRITE } from '../roles.js';
import { roleLabel } from '../format.js';
import { UnboundNotice, unboundKind } from '../unbound.js';

// the commander's and the viewer's page after login is the dashboard (mod/report.js);
// a checkpoint worker's is the screening entry itself: one tap fewer on a phone at night
const DashboardPage = defineAsyncComponent(() => import('./dashboard.js'));
const CpEntry = defineAsyncComponent(() => import('./cp-entry.js'));
const DASHBOARD_HOME = ['commander', 'viewer'];

export default {
  components: { DashboardPage, CpEntry, UnboundNotice },
  setup() {
    const stats = ref({ persons: null, villages: null });
    const role = session.user.role;
    const dashboard = DASHBOARD_HOME.includes(role);
    const entry = role === 'checkpoint';
    // an unbound site worker would only see zeros: the notice instead
    const unbound = !!unboundKind();
    const canRead = PERSON_READ.includes(role) && !unbound;
    const canWrite = PERSON_WRITE.includes(role);
    onMounted(async () => {
      if (dashboard || entry) return;
      const jobs = [get('/villages').then((r) => { stats.value.villages = r.total; })];
      if (canRead) jobs.push(get('/persons', { per_page: 1 }).then((r) => { stats.value.persons = r.total; }));
      await Promise.allSettled(jobs);
    });
    const tiles = computed(() => menuFor(session.user).flatMap((s) => s.items).filter((r) => r.path !== '/'));
    return { stats, canRead, canWrite, tiles, session, Icons, roleLabel, dashboard, entry, unbound };
  },
  template: `
<dashboard-page v-if="dashboard"/>
<cp-entry v-else-if="entry"/>
<div v-else class="page home-page">
  <div class="welcome">
    <h2>{{ $t('home.hello', { name: session.user.name }) }}</h2>
    <div class="muted">{{ $t('home.role', { role: roleLabel(session.user) }) }}<template v-if="session.user.village_name"> · {{ session.user.village_name }}</template></div>
  </div>
  <unbound-notice/>
  <el-row v-if="!unbound" :gutter="16" class="stats">
    <el-col v-if="canRead" :xs="12" :sm="8" :md="6">
      <el-card shadow="never" class="stat"><el-statistic :title="session.user.village_name ? $t('home.myVillage') : $t('home.persons')" :value="stats.persons ?? 0"/></el-card>
    </el-col>
    <el-col :xs="12" :sm="8" :md="6">
      <el-card shadow="never" class="stat"><el-statistic :title="$t('home.villages')" :value="stats.villages ?? 0"/></el-card>
    </el-col>
  </el-row>
  <h3 class="section-title">{{ $t('home.quick') }}</h3>
  <div class="tiles">
    <a v-if="canWrite" class="tile primary" href="#/persons/new"><el-icon :size="26"><icon-plus/></el-icon><span>{{ $t('home.newPerson') }}</span></a>
    <a v-for="r in tiles" :key="r.path" class="tile" :href="'#' + r.path"><el-icon :size="26"><component :is="Icons[r.menu.icon]"/></el-icon><span>{{ $t(r.menu.title) }}</span></a>
  </div>
  <el-alert v-if="canRead" :title="$t('home.note')" type="info" :closable="false" show-icon class="mt"/>
</div>`,
};
