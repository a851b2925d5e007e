// 审计日志 (admin): who did what to which record, when and from where.
// Filters: action (exact or a whole family such as "person"), user, text,
// date range (Shanghai calendar days); server-side pagination; each row
// expands to its full detail.
import { ref, reactive, onMounted, watch } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t, has, lang } from '../i18n.js';
import { roles, loadRoles } from '../data.js';
import { auditActions } from '../audit-actions.js';
import { get } from '../api.js';
import { ui } from '../ui.js';
import { fmtTime, fmtTimeSec, dayStart, actionLabel, familyLabel } from '../format.js';

const ACTIONS = auditActions;
// audit detail field name → label key
const FIELD_LABELS = {
  name: 'person.name', sex: 'person.sex', doc_type: 'person.docType', doc_number: 'person.docNumber',
  birth_date: 'person.birthDate', phone: 'person.phone', address: 'person.address', village_id: 'person.village',
  hukou: 'person.hukou', notes: 'person.notes', source: 'person.source', role: 'user.role',
  disabled: 'user.status', password: 'password.new', code: 'village.code', type: 'village.type', aliases: 'village.aliases',
};

export default {
  setup() {
    // range: the desktop's date-range picker; from/to: two date pickers on phones
    const f = reactive({ action: '', user_id: '', q: '', range: null, from: '', to: '', page: 1, per_page: 20 });
    const rows = ref([]);
    const total = ref(0);
    const loading = ref(false);
    const users = ref([]);
    const error = ref('');

    async function load() {
      loading.value = true;
      try {
        const query = { action: f.action, user_id: f.user_id, q: f.q.trim(), page: f.page, per_page: f.per_page };
        const [a, b] = ui.mobile ? [f.from, f.to] : (f.range || []);
        if (a) query.from = dayStart(a);
        if (b) query.to = dayStart(b) + 86400;
        const r = await get('/audit', query);
        rows.value = r.items;
        total.value = r.total;
        error.value = '';
      } catch (e) { error.value = e.message; } finally { loading.value = false; }
    }
    function search() { f.page = 1; load(); }
    function reset() { Object.assign(f, { action: '', user_id: '', q: '', range: null, from: '', to: '', page: 1 }); load(); }
    onMounted(() => {
      load();
      loadRoles(lang.value).catch(() => {});
      get('/users').then((r) => { users.value = r.items; }).catch((e) => ElMessage.error(e.message));
    });

    watch(lang, () => loadRoles(lang.value).catch(() => {}));
    function fieldList(d) {
      if (!d || !Array.isArray(d.fields)) return '';
      return d.fields.map((k) => (FIELD_LABELS[k] ? t(FIELD_LABELS[k]) : k)).join(lang.value === 'en' ? ', ' : '、');
    }
    function summary(row) {
      const d = row.detail || row.detail_json;
      const obj = typeof d === 'string' ? safeParse(d) : d;
      const parts = [];
      const fl = fieldList(obj);
      if (fl) parts.push(t('audit.fields', { f: fl }));
      if (obj && obj.merged_from) parts.push(t('audit.mergedFrom', { id: obj.merged_from }));
      return parts.join('；');
    }
    function detailText(row) {
      const d = row.detail ?? row.detail_json;
      const obj = typeof d === 'string' ? safeParse(d) : d;
      return obj == null ? '' : JSON.stringify(obj, null, 2);
    }
    function safeParse(s) { try { return JSON.parse(s); } catch { return s; } }
    function entityLabel(row) {
      if (!row.entity) return '';
      const e = has('audit.e.' + row.entity) ? t('audit.e.' + row.entity) : row.entity;
      return row.entity_id ? `${e} #${row.entity_id}` : e;
    }
    function entityLink(row) {
      if (row.entity === 'person' && row.entity_id) return '#/persons/' + row.entity_id;
      if (row.entity === 'village') return '#/villages';
      if (row.entity === 'user') return '#/users';
      return '';
    }
    const roleLabel = (r) => (roles.value.find((x) => x.role === r) || {}).label || r;
    function actionType(a) {
      if (a === 'person.reveal') return 'warning';
      if (a.startsWith('login.')) return 'danger';
      if (a.endsWith('.create')) return 'success';
      return 'primary';
    }
    return {
      f, rows, total, loading, users, error, ACTIONS, ui, Icons,
      load, search, reset, roleLabel, summary, detailText, entityLabel, entityLink, actionLabel, familyLabel, actionType, fmtTime, fmtTimeSec,
    };
  },
  template: `
<div class="page audit-page">
  <div class="page-head"><h2>{{ $t('audit.title') }}</h2></div>
  <el-form class="filter-form" :inline="!ui.mobile" @submit.prevent="search" data-test="audit-filters">
    <el-form-item :label="ui.mobile ? '' : $t('audit.action')">
      <el-select v-model="f.action" clearable filterable :placeholder="$t('audit.actionPlaceholder')" class="w-180" data-test="audit-action" @change="search">
        <el-option-group v-for="g in ACTIONS" :key="g.family" :label="familyLabel(g.family)">
          <el-option :value="g.family" :label="familyLabel(g.family)"/>
          <el-option v-for="a in g.items" :key="a" :value="a" :label="actionLabel(a)"/>
        </el-option-group>
      </el-select>
    </el-form-item>
    <el-form-item :label="ui.mobile ? '' : $t('audit.user')">
      <el-select v-model="f.user_id" clearable filterable :placeholder="$t('audit.userPlaceholder')" class="w-180" data-test="audit-user" @change="search">
        <el-option v-for="u in users" :key="u.id" :value="u.id" :label="u.name + ' (' + u.username + ')'"/>
      </el-select>
    </el-form-item>
    <el-form-item :label="ui.mobile ? '' : $t('audit.q')">
      <el-input v-model="f.q" clearable :placeholder="$t('audit.qPlaceholder')" class="w-180" data-test="audit-q" @clear="search"/>
    </el-form-item>
    <el-form-item v-if="!ui.mobile" :label="$t('audit.range')" data-test="audit-range">
      <el-date-picker v-model="f.range" type="daterange" value-format="YYYY-MM-DD" :start-placeholder="$t('audit.start')" :end-placeholder="$t('audit.end')"
        :editable="false" unlink-panels class="w-260" @change="search"/>
    </el-form-item>
    <template v-else>
      <el-form-item data-test="audit-from">
        <el-date-picker v-model="f.from" type="date" value-format="YYYY-MM-DD" :placeholder="$t('audit.start')" :editable="false" @change="search"/>
      </el-form-item>
      <el-form-item data-test="audit-to">
        <el-date-picker v-model="f.to" type="date" value-format="YYYY-MM-DD" :placeholder="$t('audit.end')" :editable="false" @change="search"/>
      </el-form-item>
    </template>
    <el-form-item>
      <el-button type="primary" native-type="submit" :icon="Icons.Search" data-test="audit-search">{{ $t('common.search') }}</el-button>
      <el-button @click="reset">{{ $t('common.reset') }}</el-button>
    </el-form-item>
  </el-form>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-table :data="rows" v-loading="loading" stripe border size="small" class="dense-table" row-key="id" data-test="audit-table" :empty-text="$t('common.noData')">
    <el-table-column type="expand">
      <template #default="{ row }">
        <div class="audit-expand">
          <div><b>{{ $t('audit.trace') }}:</b> <span class="mono">{{ row.trace || '—' }}</span></div>
          <pre class="mono">{{ detailText(row) }}</pre>
        </div>
      </template>
    </el-table-column>
    <el-table-column :label="$t('audit.at')" :width="ui.mobile ? 104 : 172">
      <template #default="{ row }"><span class="mono">{{ ui.mobile ? fmtTime(row.at).slice(5) : fmtTimeSec(row.at) }}</span></template>
    </el-table-column>
    <el-table-column prop="username" :label="$t('audit.user')" min-width="90"/>
    <el-table-column :label="$t('audit.action')" min-width="130">
      <template #default="{ row }"><el-tag size="small" :type="actionType(row.action)" effect="light" data-test="audit-action-cell" :data-action="row.action">{{ actionLabel(row.action) }}</el-tag></template>
    </el-table-column>
    <el-table-column :label="$t('audit.entity')" min-width="110">
      <template #default="{ row }">
        <a v-if="entityLink(row)" class="link" :href="entityLink(row)">{{ entityLabel(row) }}</a>
        <span v-else>{{ entityLabel(row) }}</span>
      </template>
    </el-table-column>
    <el-table-column :label="$t('audit.detail')" min-width="220" show-overflow-tooltip>
      <template #default="{ row }">{{ summary(row) }}</template>
    </el-table-column>
    <el-table-column :label="$t('audit.role')" min-width="100">
      <template #default="{ row }">{{ roleLabel(row.role) }}</template>
    </el-table-column>
    <el-table-column prop="addr" :label="$t('audit.addr')" width="120">
      <template #default="{ row }"><span class="mono">{{ row.addr }}</span></template>
    </el-table-column>
  </el-table>
  <el-pagination class="pager" v-model:current-page="f.page" v-model:page-size="f.per_page" :total="total" :page-sizes="[20, 50, 100]" :pager-count="ui.mobile ? 5 : 7"
    :layout="ui.mobile ? 'total, prev, pager, next' : 'total, sizes, prev, pager, next, jumper'" :size="ui.mobile ? 'small' : 'default'" background
    @current-change="load" @size-change="search"/>
</div>`,
};
