// Entry point: Vue 3 + Element Plus, the session, the layout and the pages.
import { createApp, computed } from '/vendor/vue.js';
import ElementPlus, { ElMessage } from '/vendor/element-plus.js';
import zhCn from '/vendor/element-plus-zh-cn.js';
import en from '/vendor/element-plus-en.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { lang, t } from './i18n.js';
import { session, restore, whenExpired } from './api.js';
import { ui } from './ui.js';
import { route, go } from './router.js';
import LoginPage from './pages/login.js';
import AppLayout from './layout.js';
import './mod/obs.js';
import './mod/lists.js'; // 协查名单, 核查任务
import './mod/cp.js'; // 联合检疫点
import './mod/report.js'; // 日报, 指挥看板, 数据大屏

const App = {
  components: { LoginPage, AppLayout },
  setup() {
    const epLocale = computed(() => (lang.value === 'en' ? en : zhCn));
    const size = computed(() => (ui.mobile ? 'large' : 'default'));
    return { session, epLocale, size };
  },
  template: `
<el-config-provider :locale="epLocale" :size="size">
  <div v-if="!session.ready" class="boot">{{ $t('app.loading') }}</div>
  <template v-else>
    <login-page v-if="!session.user || session.expired"/>
    <app-layout v-if="session.user" v-show="!session.expired" :key="session.epoch"/>
  </template>
</el-config-provider>`,
};

// a refused write says it itself (err.expiredKept), from its page
whenExpired((method) => {
  if (method === 'GET') ElMessage({ type: 'warning', message: t('err.expired') });
});

const app = createApp(App);
app.use(ElementPlus);
// Icons are used by name: <el-icon><icon-search/></el-icon> or :icon="icons.Search"
for (const [name, comp] of Object.entries(Icons)) {
  if (comp && typeof comp === 'object' && comp.name) app.component('Icon' + name, comp);
}
app.config.globalProperties.$t = t;
app.config.globalProperties.$go = go;
app.config.globalProperties.$route = route;
app.config.errorHandler = (err) => {
  // A bug must be visible in the browser console (the browser tests fail on it)
  console.error(err);
  ElMessage({ type: 'error', message: String(err && err.message ? err.message : err) });
};
restore().then(() => app.mount('#app'));
