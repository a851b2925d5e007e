// 核查任务.  A village worker sees the open tasks of their village as cards
// (made for a phone) with the time left before the deadline, overdue in red;
// tapping one opens the result form.  The office (verifier, commander,
// admin) filters by list, village (or the unassigned queue), status and
// text, ticks open tasks and assigns them to a village in one go.
// Filters live in the URL: #/tasks?list=1&village=-1&status=open&q=&page=2
import { ref, reactive, computed, watch, onMounted, onUnmounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { route, replace, go } from '../router.js';
import { ui } from '../ui.js';
import { villages, loadVillages } from '../data.js';
import { PERSON_WRITE } from '../roles.js';
import { fmtTime, sexLabel } from '../format.js';
import { LISTS, useClock, countdown, deadlineType, resultLabel, resultType } from '../mod/lists.js';

const STATUSES = ['open', 'overdue', 'done', 'all'];

export default {
  setup() {
    const office = LISTS.includes(session.user.role);
    const f = reactive({ list: '', village: '', status: 'open', q: '', page: 1 });
    const rows = ref([]);
    const total = ref(0);
    const loading = ref(false);
    const error = ref('');
    const lists = ref([]);
    const selected = ref([]);
    const target = ref(null);
    const assigning = ref(false);
    const tableRef = ref();
    const stop = useClock();
    onUnmounted(stop);
    const canSelfFound = PERSON_WRITE.includes(session.user.role);

    function fromQuery() {
      const q = route.query;
      f.list = Number(q.list) > 0 ? Number(q.list) : '';
      f.village = office && (Number(q.village) > 0 || q.village === '-1') ? Number(q.village) : '';
      f.status = STATUSES.includes(q.status) ? q.status : 'open';
      f.q = q.q || '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
    }
    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/tasks', {
          list: f.list, village: f.village, status: f.status === 'all' ? '' : f.status, q: f.q.trim(), page: f.page, per_page: 20,
        });
        if (my !== seq) return;
        rows.value = r.items;
        total.value = r.total;
        selected.value = [];
      } catch (e) {
        if (my !== seq) return;
        error.value = e.message;
        rows.value = [];
        total.value = 0;
      } finally {
        if (my === seq) loading.value = false;
      }
    }
    function push() {
      replace('/tasks', { list: f.list, village: f.village, status: f.status === 'open' ? '' : f.status, q: f.q.trim(), page: f.page > 1 ? f.page : '' });
    }
    function search() { f.page = 1; push(); }
    let timer = 0;
    function onInput() { clearTimeout(timer); timer = setTimeout(search, 350); }
    watch(() => route.full, () => {
      if (route.path !== '/tasks') return;
      sessionStorage.setItem('fk.tasks.list', '#' + route.full);
      fromQuery();
      load();
    });
    onMounted(() => {
      sessionStorage.setItem('fk.tasks.list', '#' + route.full);
      fromQuery();
      load();
      if (office) {
        loadVillages().catch((e) => ElMessage.error(e.message));
        get('/lists', { per_page: 100 }).then((r) => { lists.value = r.items; }).catch(() => {});
      }
    });

    const open = (task) => go('/tasks/' + task.id);
    const selectable = (row) => row.status === 'open';
    function onSelect(sel) { selected.value = sel; }
    // cards (phone) keep their own ticks
    function toggle(task, on) {
      if (on) selected.value = [...selected.value, task];
      else selected.value = selected.value.filter((x) => x.id !== task.id);
    }
    const isSelected = (task) => selected.value.some((x) => x.id === task.id);
    async function assign() {
      if (!target.value || !selected.value.length) return;
      assigning.value = true;
      try {
        const r = await post('/tasks/assign', { ids: selected.value.map((x) => x.id), village_id: target.value });
        const v = villages.value.find((x) => x.id === target.value);
        ElMessage.success(t('task.assigned', { n: r.assigned, v: v ? v.name : '' }));
        target.value = null;
        await load();
      } catch (e) {
        ElMessage.error(e.message);
      } finally {
        assigning.value = false;
      }
    }
    const queue = computed(() => f.village === -1);
    const title = computed(() => (queue.value ? t('task.queue') : office ? t('task.title') : t('task.mine')));
    const done = (x) => x.status === 'done';
    const listName = (x) => x.batch || x.source || '';
    return {
      office, f, rows, total, loading, error, lists, villages, selected, target, assigning, tableRef, canSelfFound, queue, title, session, ui, Icons,
      STATUSES, search, onInput, push, open, selectable, onSelect, toggle, isSelected, assign, done, listName,
      fmtTime, sexLabel, countdown, deadlineType, resultLabel, resultType,
    };
  },
  template: `
<div class="page task-list-page" :class="{ 'has-bulk': selected.length }">
  <div class="page-head">
    <h2>{{ title }}<span v-if="!office && session.user.village_name" class="sub"> · {{ session.user.village_name }}</span></h2>
    <el-button v-if="canSelfFound" type="primary" :icon="Icons.Plus" @click="$go('/persons/new', { next: '/tasks/self-found' })"
      class="block-on-mobile" data-test="self-found">{{ $t('task.selfFoundBtn') }}</el-button>
  </div>
  <div class="toolbar">
    <el-radio-group v-model="f.status" @change="search" class="status-tabs" data-test="task-status">
      <el-radio-button v-for="s in STATUSES" :key="s" :value="s">{{ $t('task.status.' + s) }}</el-radio-button>
    </el-radio-group>
    <template v-if="office">
      <el-select v-model="f.list" clearable filterable :placeholder="$t('task.allLists')" class="w-260" @change="search" data-test="task-list-filter">
        <el-option v-for="l in lists" :key="l.id" :value="l.id" :label="(l.batch || l.filename) + ' · ' + l.source"/>
      </el-select>
      <el-select v-model="f.village" clearable filterable :placeholder="$t('task.allVillages')" class="village-filter" @change="search" data-test="task-village-filter">
        <el-option :value="-1" :label="$t('task.unassigned')"/>
        <el-option v-for="v in villages" :key="v.id" :value="v.id" :label="v.name"/>
      </el-select>
    </template>
    <el-input v-model="f.q" clearable :placeholder="$t('task.q')" :prefix-icon="Icons.Search" class="w-260" maxlength="50"
      @input="onInput" @keyup.enter="search" @clear="search" data-test="task-search"/>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <div v-if="office && !ui.mobile && f.status !== 'done'" class="field-hint mb">{{ $t('task.selectHint') }}</div>

  <div v-if="ui.mobile" class="card-list" v-loading="loading" data-test="task-cards">
    <el-empty v-if="!loading && !rows.length" :description="office ? $t('task.none') : $t('task.noneOpen')" :image-size="80"/>
    <div v-for="x in rows" :key="x.id" class="task-card" :class="{ overdue: x.overdue, done: done(x) }" @click="open(x)" data-test="task-row" :data-id="x.id">
      <div class="tc-top">
        <el-checkbox v-if="office && x.status === 'open'" :model-value="isSelected(x)" @change="(v) => toggle(x, v)" @click.stop size="large"/>
        <span class="tc-name">{{ x.name }}</span>
        <span class="pc-meta">{{ sexLabel(x.sex) }}</span>
        <el-tag v-if="done(x)" size="small" :type="resultType(x.result)" class="tc-right" data-test="task-result">{{ resultLabel(x.result) }}</el-tag>
        <el-tag v-else size="small" :type="deadlineType(x.deadline_at, false)" effect="dark" class="tc-right" data-test="countdown">{{ countdown(x.deadline_at) }}</el-tag>
      </div>
      <div class="pc-line"><span class="lbl">{{ $t('person.docNumber') }}</span><span class="mono">{{ x.doc_number || '—' }}</span></div>
      <div class="pc-line"><span class="lbl">{{ $t('person.phone') }}</span><span class="mono">{{ x.phone || '—' }}</span></div>
      <div class="pc-line addr">{{ x.address }}</div>
      <div class="tc-tags">
        <el-tag v-if="x.task_source === '自排发现'" size="small" type="success" effect="plain">{{ $t('task.selfFound') }}</el-tag>
        <el-tag v-else size="small" effect="plain" class="ellipsis-tag">{{ listName(x) }}</el-tag>
        <el-tag v-if="x.origin" size="small" type="info" effect="plain">{{ x.origin }}<template v-if="x.arrival_date"> · {{ x.arrival_date }}</template></el-tag>
        <el-tag v-if="x.flag" size="small" type="warning">{{ x.flag }}</el-tag>
        <el-tag v-if="x.candidates && x.candidates.length" size="small" type="danger" effect="plain">{{ $t('lists.candidates') }}</el-tag>
        <el-tag v-if="office" size="small" :type="x.village_id ? 'info' : 'danger'" effect="plain">{{ x.village_name || $t('task.unassigned') }}</el-tag>
      </div>
    </div>
  </div>
  <el-table v-else ref="tableRef" :data="rows" v-loading="loading" border stripe size="small" class="dense-table task-table" row-key="id"
    @selection-change="onSelect" @row-dblclick="open" :row-class-name="({ row }) => row.overdue ? 'row-overdue' : ''"
    data-test="task-table" :empty-text="office ? $t('task.none') : $t('task.noneOpen')">
    <el-table-column v-if="office" type="selection" width="40" :selectable="selectable" fixed/>
    <el-table-column :label="$t('person.name')" min-width="90" fixed>
      <template #default="{ row }"><a class="link" :href="'#/tasks/' + row.id" data-test="task-row">{{ row.name }}</a></template>
    </el-table-column>
    <el-table-column :label="$t('person.docNumber')" min-width="165">
      <template #default="{ row }"><span class="mono">{{ row.doc_number }}</span></template>
    </el-table-column>
    <el-table-column prop="address" :label="$t('person.address')" min-width="180" show-overflow-tooltip/>
    <el-table-column v-if="office" :label="$t('task.village')" width="100">
      <template #default="{ row }"><span v-if="row.village_name">{{ row.village_name }}</span><el-tag v-else size="small" type="danger" effect="plain">{{ $t('task.unassigned') }}</el-tag></template>
    </el-table-column>
    <el-table-column v-if="!f.list" :label="$t('task.list')" min-width="140" show-overflow-tooltip>
      <template #default="{ row }"><el-tag v-if="row.task_source === '自排发现'" size="small" type="success" effect="plain">{{ $t('task.selfFound') }}</el-tag><template v-else>{{ listName(row) }}</template></template>
    </el-table-column>
    <el-table-column :label="$t('task.originArrival')" min-width="150" show-overflow-tooltip>
      <template #default="{ row }"><span data-test="origin">{{ row.origin }}<span v-if="row.arrival_date" class="muted small">{{ row.origin ? ' · ' : '' }}{{ row.arrival_date.slice(5) }}</span></span></template>
    </el-table-column>
    <el-table-column :label="$t('task.deadline')" width="125">
      <template #default="{ row }">
        <el-tag v-if="!done(row)" size="small" :type="deadlineType(row.deadline_at, false)" :effect="row.overdue ? 'dark' : 'light'" data-test="countdown">{{ countdown(row.deadline_at) }}</el-tag>
        <span v-else class="muted small">{{ fmtTime(row.result_at) }}</span>
      </template>
    </el-table-column>
    <el-table-column :label="$t('task.result')" min-width="140">
      <template #default="{ row }">
        <el-tag size="small" :type="resultType(row.result)" data-test="task-result">{{ resultLabel(row.result) }}</el-tag>
        <el-tag v-if="row.flag" size="small" type="warning" class="ml-s">{{ row.flag }}</el-tag>
        <el-tag v-if="row.candidates && row.candidates.length" size="small" type="danger" effect="plain" class="ml-s">{{ $t('lists.candidates') }}</el-tag>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination class="pager" v-model:current-page="f.page" :page-size="20" :total="total" :pager-count="ui.mobile ? 5 : 7"
    :layout="ui.mobile ? 'total, prev, pager, next' : 'total, prev, pager, next, jumper'" background @current-change="push"/>

  <div v-if="office && selected.length" class="bulk-bar" data-test="bulk-bar">
    <span class="bulk-count">{{ $t('task.selected', { n: selected.length }) }}</span>
    <el-select v-model="target" filterable :placeholder="$t('task.assignTo')" class="bulk-village" data-test="assign-village">
      <el-option v-for="v in villages" :key="v.id" :value="v.id" :label="v.name"/>
    </el-select>
    <el-button type="primary" :disabled="!target" :loading="assigning" @click="assign" data-test="assign">{{ $t('task.assign') }}</el-button>
  </div>
</div>`,
};
