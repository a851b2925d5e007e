// 人员登记: search (name, pinyin initials, ID or phone fragment), village
// filter, masked columns, sorting, pagination.  The search state lives in
// the URL (#/persons?q=cjm&page=2) so Back returns to the same list.
import { ref, reactive, computed, watch, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, session } from '../api.js';
import { route, replace, go } from '../router.js';
import { ui } from '../ui.js';
import { villages, loadVillages } from '../data.js';
import { PERSON_WRITE } from '../roles.js';
import { fmtTime, sexLabel, docLabel, sourceLabel, age } from '../format.js';

const SORTS = { name: ['name', '-name'], village_name: ['village', 'village'], created_at: ['created_at', '-created_at'] };

export default {
  setup() {
    const f = reactive({ q: '', village: '', page: 1, per_page: 20, sort: '' });
    const rows = ref([]);
    const total = ref(0);
    const loading = ref(false);
    const error = ref('');
    const canWrite = computed(() => PERSON_WRITE.includes(session.user.role));
    const scoped = computed(() => session.user.role === 'village');

    function fromQuery() {
      const q = route.query;
      f.q = q.q || '';
      f.village = q.village ? Number(q.village) : '';
      f.page = Number(q.page) > 0 ? Number(q.page) : 1;
      f.per_page = [10, 20, 50, 100].includes(Number(q.per_page)) ? Number(q.per_page) : 20;
      f.sort = q.sort || '';
    }
    let seq = 0;
    async function load() {
      const my = ++seq;
      loading.value = true;
      error.value = '';
      try {
        const r = await get('/persons', { q: f.q.trim(), village: f.village, page: f.page, per_page: f.per_page, sort: f.sort });
        if (my !== seq) return;
        rows.value = r.items;
        total.value = r.total;
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
      replace('/persons', { q: f.q.trim(), village: f.village, page: f.page > 1 ? f.page : '', per_page: f.per_page !== 20 ? f.per_page : '', sort: f.sort });
    }
    function search() { f.page = 1; push(); }
    let timer = 0;
    function onInput() { clearTimeout(timer); timer = setTimeout(search, 350); }
    function onSort({ prop, order }) {
      const s = SORTS[prop];
      f.sort = !order || !s ? '' : order === 'ascending' ? s[0] : s[1];
      search();
    }
    const defaultSort = computed(() => {
      for (const [prop, [asc, desc]] of Object.entries(SORTS)) {
        if (f.sort === asc) return { prop, order: 'ascending' };
        if (f.sort === desc) return { prop, order: 'descending' };
      }
      return {};
    });
    watch(() => route.full, () => {
      if (route.path !== '/persons') return;
      sessionStorage.setItem('fk.persons.list', '#' + route.full);
      fromQuery();
      load();
    });
    onMounted(() => {
      sessionStorage.setItem('fk.persons.list', '#' + route.full);
      fromQuery();
      load();
      loadVillages().catch((e) => ElMessage.error(e.message));
    });
    const open = (row) => go('/persons/' + row.id);
    return {
      f, rows, total, loading, error, canWrite, scoped, villages, ui, Icons, session, defaultSort,
      search, onInput, onSort, push, open, fmtTime, sexLabel, docLabel, sourceLabel, age,
    };
  },
  template: `
<div class="page persons-page">
  <div class="page-head">
    <h2>{{ $t('person.list') }}</h2>
    <el-button v-if="canWrite" type="primary" :icon="Icons.Plus" @click="$go('/persons/new')" data-test="new-person">{{ $t('person.new') }}</el-button>
  </div>
  <div class="toolbar">
    <el-input v-model="f.q" class="search-box" clearable :placeholder="ui.mobile ? $t('person.searchShort') : $t('person.searchPlaceholder')" :prefix-icon="Icons.Search"
      @input="onInput" @keyup.enter="search" @clear="search" data-test="person-search" maxlength="100"/>
    <el-select v-if="!scoped" v-model="f.village" class="village-filter" filterable clearable :placeholder="$t('person.allVillages')"
      @change="search" data-test="village-filter">
      <el-option v-for="v in villages" :key="v.id" :label="v.name" :value="v.id"/>
    </el-select>
    <el-tag v-else type="info" effect="plain" size="large" class="scope-tag" data-test="scope-tag">
      {{ $t('person.myVillageOnly', { name: session.user.village_name || '' }) }}</el-tag>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>

  <div v-if="ui.mobile" class="card-list" v-loading="loading" data-test="person-cards">
    <el-empty v-if="!loading && !rows.length" :description="$t('common.noData')" :image-size="80"/>
    <div v-for="p in rows" :key="p.id" class="person-card" @click="open(p)" data-test="person-row">
      <div class="pc-top">
        <span class="pc-name">{{ p.name }}</span>
        <span class="pc-meta">{{ sexLabel(p.sex) }}<template v-if="age(p.birth_date) != null"> · {{ $t('person.age', { n: age(p.birth_date) }) }}</template></span>
        <el-tag size="small" effect="plain" class="pc-village">{{ p.village_name || '—' }}</el-tag>
      </div>
      <div class="pc-line"><span class="lbl">{{ docLabel(p.doc_type) }}</span><span class="mono" data-test="doc">{{ p.doc_number || '—' }}</span></div>
      <div class="pc-line"><span class="lbl">{{ $t('person.phone') }}</span><span class="mono">{{ p.phone || '—' }}</span></div>
      <div class="pc-line addr">{{ p.address }}</div>
    </div>
  </div>
  <el-table v-else :data="rows" v-loading="loading" stripe border size="small" class="dense-table" :default-sort="defaultSort"
    @sort-change="onSort" @row-dblclick="open" row-class-name="clickable" data-test="person-table" :empty-text="$t('common.noData')">
    <el-table-column prop="name" :label="$t('person.name')" min-width="90" sortable="custom" fixed>
      <template #default="{ row }"><a class="link" :href="'#/persons/' + row.id" data-test="person-row">{{ row.name }}</a></template>
    </el-table-column>
    <el-table-column :label="$t('person.sex')" width="60" align="center">
      <template #default="{ row }">{{ sexLabel(row.sex) }}</template>
    </el-table-column>
    <el-table-column :label="$t('person.docType')" min-width="100">
      <template #default="{ row }">{{ docLabel(row.doc_type) }}</template>
    </el-table-column>
    <el-table-column prop="doc_number" :label="$t('person.docNumber')" min-width="170">
      <template #default="{ row }"><span class="mono" data-test="doc">{{ row.doc_number }}</span></template>
    </el-table-column>
    <el-table-column prop="birth_date" :label="$t('person.birthDate')" width="105"/>
    <el-table-column prop="phone" :label="$t('person.phone')" width="120">
      <template #default="{ row }"><span class="mono">{{ row.phone }}</span></template>
    </el-table-column>
    <el-table-column prop="village_name" :label="$t('person.village')" min-width="100" sortable="custom"/>
    <el-table-column prop="address" :label="$t('person.address')" min-width="220" show-overflow-tooltip/>
    <el-table-column :label="$t('person.source')" width="90">
      <template #default="{ row }">{{ sourceLabel(row.source) }}</template>
    </el-table-column>
    <el-table-column prop="created_at" :label="$t('person.createdAt')" width="140" sortable="custom">
      <template #default="{ row }">{{ fmtTime(row.created_at) }}</template>
    </el-table-column>
    <el-table-column :label="$t('common.actions')" width="110" fixed="right">
      <template #default="{ row }">
        <el-button link type="primary" size="small" @click="open(row)">{{ $t('common.view') }}</el-button>
        <el-button v-if="canWrite" link type="primary" size="small" @click="$go('/persons/' + row.id + '/edit')">{{ $t('common.edit') }}</el-button>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination class="pager" v-model:current-page="f.page" v-model:page-size="f.per_page" :total="total"
    :page-sizes="[10, 20, 50, 100]" :pager-count="ui.mobile ? 5 : 7"
    :layout="ui.mobile ? 'total, prev, pager, next' : 'total, sizes, prev, pager, next, jumper'"
    :size="ui.mobile ? 'small' : 'default'" background @current-change="push" @size-change="search"/>
</div>`,
};
