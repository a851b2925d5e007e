// The signed-in layout: header (town, user, language, logout), side menu
// (a drawer on phones) built from routes.js, and the current page.
import { ref, shallowRef, computed, watch } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t, lang, setLang } from './i18n.js';
import { session, logout } from './api.js';
import { ui } from './ui.js';
import { route, go, matchPath } from './router.js';
import { routes, menuFor, allowed } from './routes.js';
import { roleLabel } from './format.js';

const SideMenu = {
  props: { active: String },
  emits: ['pick'],
  setup() {
    const sections = computed(() => menuFor(session.user));
    return { sections, Icons };
  },
  template: `
<el-menu class="side-menu" :default-active="active" @select="p => $emit('pick', p)">
  <template v-for="s in sections" :key="s.key">
    <el-menu-item-group v-if="s.key" :title="$t(s.title)">
      <el-menu-item v-for="r in s.items" :key="r.path" :index="r.path" :data-menu="r.path">
        <el-icon><component :is="Icons[r.menu.icon]"/></el-icon><span>{{ $t(r.menu.title) }}</span><span v-if="r.menu.badge && r.menu.badge()" class="menu-badge-n" data-test="menu-badge">{{ r.menu.badge() }}</span>
      </el-menu-item>
    </el-menu-item-group>
    <template v-else>
      <el-menu-item v-for="r in s.items" :key="r.path" :index="r.path" :data-menu="r.path">
        <el-icon><component :is="Icons[r.menu.icon]"/></el-icon><span>{{ $t(r.menu.title) }}</span><span v-if="r.menu.badge && r.menu.badge()" class="menu-badge-n" data-test="menu-badge">{{ r.menu.badge() }}</span>
      </el-menu-item>
    </template>
  </template>
</el-menu>`,
};

const Problem = {
  props: { kind: String },
  template: `
<el-result :icon="kind === 'forbidden' ? 'warning' : 'info'"
  :title="kind === 'forbidden' ? $t('err.forbidden') : $t('err.notFound')"
  :sub-title="kind === 'forbidden' ? '' : $t('err.notFoundBody')">
  <template #extra><el-button type="primary" @click="$go('/')">{{ $t('err.goHome') }}</el-button></template>
</el-result>`,
};

export default {
  components: { SideMenu, Problem },
  setup() {
    const current = shallowRef(null); // {comp, props, key}
    const problem = ref('');
    let seq = 0;

    function find(path) {
      for (const r of routes) {
        const params = matchPath(r.path, path);
        if (params) return { r, params };
      }
      return null;
    }

    async function resolve() {
      const my = ++seq;
      const m = find(route.path);
      if (!m) { problem.value = 'notfound'; current.value = null; return; }
      if (!allowed(m.r, session.user)) { problem.value = 'forbidden'; current.value = null; return; }
      const mod = await m.r.page();
      if (my !== seq) return;
      problem.value = '';
      current.value = { comp: mod.default, props: m.params, key: route.path };
      const title = m.r.menu ? t(m.r.menu.title) : '';
      document.title = (title ? title + ' - ' : '') + t('app.title');
      window.scrollTo(0, 0);
    }
    watch([() => route.path, () => session.user && session.user.id], resolve, { immediate: true });

    const active = computed(() => {
      const m = find(route.path);
      return m ? (m.r.parent || m.r.path) : route.path;
    });
    const appTitle = computed(() => (session.town ? t('app.titleTown', { town: session.town }) : t('app.title')));

    function pick(path) {
      ui.drawer = false;
      go(path);
    }
    async function doLogout() {
      await logout().catch(() => {});
      ElMessage({ type: 'success', message: t('layout.loggedOut') });
      location.hash = '#/';
    }
    function onUser(cmd) {
      if (cmd === 'logout') doLogout();
      else if (cmd === 'password') go('/password');
    }
    const toggleLang = () => setLang(lang.value === 'en' ? 'zh' : 'en');
    return { current, problem, active, appTitle, pick, onUser, toggleLang, session, ui, lang, Icons, roleLabel };
  },
  template: `
<el-container class="layout" :class="{ mobile: ui.mobile }">
  <el-header class="app-header" height="56px">
    <el-button v-if="ui.mobile" class="hamburger" text :icon="Icons.Menu" :aria-label="$t('layout.menu')" @click="ui.drawer = true"/>
    <a class="brand" href="#/">
      <img src="/favicon.svg" alt="" width="28" height="28">
      <span class="brand-title">{{ appTitle }}</span>
    </a>
    <div class="header-right">
      <el-button class="lang-switch" text @click="toggleLang" data-test="lang-switch" :title="$t('lang.switch')">{{ lang === 'en' ? '中文' : (ui.mobile ? 'EN' : 'English') }}</el-button>
      <el-dropdown trigger="click" @command="onUser">
        <span class="user-chip" data-test="user-menu">
          <el-icon><icon-avatar/></el-icon>
          <span class="user-name">{{ session.user.name }}</span>
          <el-tag v-if="!ui.mobile" size="small" effect="plain" class="role-tag">{{ roleLabel(session.user) }}</el-tag>
          <el-icon><icon-arrow-down/></el-icon>
        </span>
        <template #dropdown>
          <el-dropdown-menu>
            <el-dropdown-item disabled class="who">{{ session.user.username }} · {{ roleLabel(session.user) }}
              <template v-if="session.user.village_name"> · {{ session.user.village_name }}</template></el-dropdown-item>
            <el-dropdown-item command="password" :icon="Icons.Lock">{{ $t('layout.changePassword') }}</el-dropdown-item>
            <el-dropdown-item command="logout" :icon="Icons.SwitchButton" data-test="logout">{{ $t('layout.logout') }}</el-dropdown-item>
          </el-dropdown-menu>
        </template>
      </el-dropdown>
    </div>
  </el-header>
  <el-container class="layout-body">
    <el-aside v-if="!ui.mobile" width="200px" class="app-aside">
      <side-menu :active="active" @pick="pick"/>
    </el-aside>
    <el-drawer v-else v-model="ui.drawer" direction="ltr" size="260px" :with-header="false" class="menu-drawer">
      <div class="drawer-user">
        <div class="drawer-name">{{ session.user.name }}</div>
        <div class="drawer-role">{{ roleLabel(session.user) }}<template v-if="session.user.village_name"> · {{ session.user.village_name }}</template></div>
      </div>
      <side-menu :active="active" @pick="pick"/>
    </el-drawer>
    <el-main class="app-main">
      <problem v-if="problem" :kind="problem"/>
      <component v-else-if="current" :is="current.comp" v-bind="current.props" :key="current.key"/>
    </el-main>
  </el-container>
</el-container>`,
};
