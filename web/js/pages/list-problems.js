// 问题行报告: the rows of a list that were rejected, collapsed as
// duplicates or imported with a warning (存疑: a phone left empty, an odd
// date — status accepted), filtered by kind, with the row number in the received file, the column and the
// reason, the row as received (IDs and phones masked except in the faulty
// cell) and the same report as an xlsx download.
import { ref, computed, onMounted } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { get } from '../api.js';
import { ui } from '../ui.js';
import { colLetter, maskCell, download } from '../mod/lists.js';

export default {
  props: { id: Number },
  setup(props) {
    const l = ref(null);
    const rows = ref([]);
    const error = ref('');
    const loading = ref(true);
    const kind = ref('');
    onMounted(async () => {
      try {
        const [a, b] = await Promise.all([get('/lists/' + props.id), get(`/lists/${props.id}/problems`)]);
        l.value = a;
        rows.value = b.items;
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    });
    const header = computed(() => (l.value ? l.value.header || [] : []));
    const mapping = computed(() => (l.value ? l.value.mapping || {} : {}));
    const width = computed(() => Math.max(header.value.length, ...rows.value.map((r) => r.cells.length)));
    const cols = computed(() => Array.from({ length: width.value }, (_, i) => i));
    const shown = computed(() => (kind.value ? rows.value.filter((r) => r.status === kind.value) : rows.value));
    const count = (k) => rows.value.filter((r) => r.status === k).length;
    const KINDS = { rejected: 'rejectedRow', duplicate: 'duplicateRow', accepted: 'doubtfulRow' };
    const TAGS = { rejected: 'danger', duplicate: 'info', accepted: 'warning' };
    const bad = (row, i) => (row.problems || []).find((p) => p.column === colLetter(i));
    const cell = (row, i) => (bad(row, i) ? row.cells[i] : maskCell(row.cells[i], mapping.value[i]));
    const xlsx = () => download(`/api/v1/lists/${props.id}/problems.xlsx`);
    return { l, rows, shown, error, loading, kind, header, mapping, cols, count, KINDS, TAGS, bad, cell, xlsx, colLetter, ui, Icons };
  },
  template: `
<div class="page list-problems-page" v-loading="loading">
  <div class="page-head">
    <h2>{{ $t('lists.problemsTitle') }}<span v-if="l" class="sub"> · {{ l.batch || l.filename }}</span></h2>
    <div class="head-actions">
      <el-button :icon="Icons.Back" @click="$go('/lists/' + id)">{{ $t('common.back') }}</el-button>
      <el-button type="primary" :icon="Icons.Download" @click="xlsx" data-test="problems-xlsx">{{ $t('lists.problemsXlsx') }}</el-button>
    </div>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <template v-if="l">
    <div class="toolbar">
      <el-radio-group v-model="kind" size="small">
        <el-radio-button value="">{{ $t('lists.filterAll', { n: rows.length }) }}</el-radio-button>
        <el-radio-button v-for="(label, k) in KINDS" :key="k" :value="k" :data-kind="k">{{ $t('lists.' + label) }} {{ count(k) }}</el-radio-button>
      </el-radio-group>
      <span class="muted">{{ $t('lists.problemsNote') }}</span>
    </div>
    <div class="table-scroll">
    <el-table :data="shown" border size="small" class="dense-table problem-rows" data-test="problem-rows" :empty-text="$t('lists.problemsNone')">
      <el-table-column :label="$t('lists.row')" prop="row_no" width="64" align="center" fixed/>
      <el-table-column :label="$t('lists.status')" width="80" align="center">
        <template #default="{ row }"><el-tag size="small" :type="TAGS[row.status]" :data-status="row.status">{{ $t('lists.' + KINDS[row.status]) }}</el-tag></template>
      </el-table-column>
      <el-table-column :label="$t('lists.reason')" min-width="280">
        <template #default="{ row }">
          <div v-for="(p, k) in row.problems" :key="k" class="problem-line" :class="p.level">
            <b v-if="p.column">{{ p.column }}<template v-if="p.header"> · {{ p.header }}</template>：</b>{{ p.message }}</div>
          <div v-if="row.dup_of && !row.problems.some((p) => p.dup_of)" class="muted">{{ $t('lists.dupOf', { n: row.dup_of }) }}</div>
        </template>
      </el-table-column>
      <el-table-column v-for="i in cols" :key="i" :label="header[i] || colLetter(i)" :min-width="{ doc_number: 180, address: 200, phone: 120 }[mapping[i]] || 100">
        <template #default="{ row }"><span :class="bad(row, i) ? 'cell-problem ' + bad(row, i).level : ''">{{ cell(row, i) }}</span></template>
      </el-table-column>
    </el-table>
    </div>
  </template>
</div>`,
};
