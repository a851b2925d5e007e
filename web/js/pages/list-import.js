// 导入名单: choose the file (uploaded raw with a progress bar), say who sent
// it (the mapping saved for that 发文单位 is reused), then check the preview —
// the header row found, a select per column to correct its field (each change
// previews again), sample rows, every problem row with its row number, column
// and reason, the rows that repeat an earlier one — and commit (the button
// counts the rows that become tasks: duplicates are collapsed).  The server
// imports all or nothing; rows with errors are skipped only when
// 仅导入正确的行 is ticked, a file imported before only with 强制导入.
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post } from '../api.js';
import { go } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime } from '../format.js';
import { uploadList, fieldLabel, colLetter, maskCell } from '../mod/lists.js';

const MAX = 100 * 1024 * 1024;
const PROBLEMS_SHOWN = 500;
const SKIP = '-'; // the select's value for 不导入 ('' would read as no choice)

function pad(n) { return String(n).padStart(2, '0'); }
// now in Shanghai as "YYYY-MM-DD HH:mm"
function nowLocal() {
  const d = new Date(Date.now() + 8 * 3600 * 1000);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`;
}
function localToSec(s) {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})/.exec(s || '');
  return m ? Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5]) / 1000 - 8 * 3600 : null;
}

export default {
  setup() {
    const form = reactive({ source: '', batch: '', received_at: nowLocal(), deadline_hours: 24, sheet: '' });
    const opts = reactive({ force: false, accept_partial: false, save_mapping: true });
    const errors = reactive({ source: '', batch: '', received_at: '', deadline_hours: '' });
    const file = ref(null);
    const up = reactive({ busy: false, progress: 0, phase: '' }); // phase: upload | parse
    const uploadError = ref('');
    const pv = ref(null); // the preview
    const overrides = reactive({}); // column index → field chosen by the user
    const previewing = ref(false);
    const committing = ref(false);
    const commitError = ref('');
    const level = ref('');
    const sources = ref([]);

    onMounted(async () => {
      try {
        const r = await get('/lists', { per_page: 100 });
        sources.value = [...new Set(r.items.map((l) => l.source).filter(Boolean))];
      } catch { /* suggestions only */ }
    });
    const suggest = (q, cb) => cb(sources.value.filter((s) => !q || s.includes(q)).map((value) => ({ value })));

    let lastSource = '';
    async function onFile(uf) {
      const f = uf.raw || uf;
      lastSource = form.source.trim();
      uploadError.value = '';
      commitError.value = '';
      if (f.size > MAX) { uploadError.value = t('lists.tooBig'); return; }
      file.value = f;
      pv.value = null;
      for (const k of Object.keys(overrides)) delete overrides[k];
      opts.force = false;
      opts.accept_partial = false;
      form.sheet = '';
      up.busy = true;
      up.progress = 0;
      up.phase = 'upload';
      try {
        pv.value = await uploadList(f, { filename: f.name, source: form.source.trim(), sheet: form.sheet },
          (p) => { up.progress = Math.round(p * 100); if (p >= 1) up.phase = 'parse'; });
        form.sheet = pv.value.sheet || '';
        level.value = '';
      } catch (e) {
        uploadError.value = e.message;
        file.value = null;
      } finally {
        up.busy = false;
      }
    }

    // Preview again with the source's saved mapping, the sheet and the user's corrections.
    let seq = 0;
    async function repreview() {
      if (!pv.value) return;
      const my = ++seq;
      previewing.value = true;
      commitError.value = '';
      try {
        const r = await post('/lists/preview', {
          upload_id: pv.value.upload_id, source: form.source.trim(), sheet: form.sheet, mapping: { ...overrides },
        });
        if (my === seq) pv.value = r;
      } catch (e) {
        if (my !== seq) return;
        if (e.code === 'upload') { pv.value = null; file.value = null; uploadError.value = e.message; } else ElMessage.error(e.message);
      } finally {
        if (my === seq) previewing.value = false;
      }
    }
    function setField(col, field) {
      overrides[col.index] = field === SKIP ? '' : field || '';
      repreview();
    }
    function onSheet() {
      for (const k of Object.keys(overrides)) delete overrides[k];
      repreview();
    }
    function onSource() {
      errors.source = '';
      const s = form.source.trim();
      if (s === lastSource) return;
      lastSource = s;
      repreview();
    }

    const fields = computed(() => (pv.value ? pv.value.fields : []));
    const dupFields = computed(() => {
      if (!pv.value) return [];
      const seen = {}, dup = new Set();
      for (const c of pv.value.columns) if (c.field) { if (seen[c.field]) dup.add(c.field); seen[c.field] = 1; }
      return [...dup];
    });
    const hasName = computed(() => !!pv.value && pv.value.columns.some((c) => c.field === 'name'));
    // the first non-empty sample value of each column
    // IDs and phones masked like everywhere else, except a faulty cell (which must be seen to be fixed)
    const fieldOf = (i) => (pv.value.columns.find((c) => c.index === i) || {}).field;
    const shownCell = (s, i) => (s.problems.some((p) => p.column === colLetter(i)) ? s.cells[i] : maskCell(s.cells[i], fieldOf(i)));
    const example = (i) => {
      for (const s of pv.value.samples) if (s.cells[i] && String(s.cells[i]).trim()) return shownCell(s, i);
      return '';
    };
    const problems = computed(() => {
      const all = pv.value ? pv.value.problems : [];
      return level.value ? all.filter((p) => p.level === level.value) : all;
    });
    const nLevel = (l) => (pv.value ? pv.value.problems.filter((p) => p.level === l).length : 0);
    const nErr = computed(() => nLevel('error'));
    const nWarn = computed(() => nLevel('warning'));
    const nDup = computed(() => nLevel('duplicate'));
    const levelTag = (l) => ({ error: 'danger', warning: 'warning' }[l] || 'info');
    const dupOf = (s) => s.problems.find((p) => p.level === 'duplicate');
    const shownProblems = computed(() => problems.value.slice(0, PROBLEMS_SHOWN));
    const sampleProblem = (s, i) => s.problems.find((p) => p.column === colLetter(i));

    const deadlineAt = computed(() => {
      const r = localToSec(form.received_at);
      return r && form.deadline_hours ? fmtTime(r + form.deadline_hours * 3600) : '';
    });
    // why the commit button is disabled (shown beside it)
    const blocker = computed(() => {
      const p = pv.value;
      if (!p) return '';
      if (!form.source.trim()) return t('lists.needSource');
      if (!hasName.value) return t('lists.nameMissing');
      if (!p.counts.accepted) return t('lists.nothing');
      if (p.counts.rejected && !opts.accept_partial) return t('lists.needPartial', { n: p.counts.rejected });
      if (p.imported_before && !opts.force) return t('lists.needForce');
      return '';
    });

    async function commit() {
      commitError.value = '';
      for (const k of Object.keys(errors)) errors[k] = '';
      if (!form.source.trim()) { errors.source = t('lists.needSource'); return; }
      committing.value = true;
      try {
        const r = await post('/lists', {
          upload_id: pv.value.upload_id, source: form.source.trim(), batch: form.batch.trim(), sheet: form.sheet,
          mapping: { ...overrides }, deadline_hours: form.deadline_hours, received_at: form.received_at || undefined,
          force: opts.force, accept_partial: opts.accept_partial, save_mapping: opts.save_mapping,
        });
        ElMessage({ type: 'success', duration: 6000, message: t('lists.imported', {
          n: r.accepted, new: r.new_persons, matched: r.matched_existing, dispatched: r.dispatched, unassigned: r.unassigned,
        }) });
        go('/lists/' + r.list_id);
      } catch (e) {
        if (e.code === 'list_duplicate') {
          pv.value = { ...pv.value, imported_before: e.existingId };
          commitError.value = e.message;
        } else if (e.code === 'rows_rejected') {
          const d = e.detail || {};
          if (d.problems) pv.value = { ...pv.value, problems: d.problems };
          commitError.value = e.message;
        } else if (e.code === 'upload') {
          pv.value = null; file.value = null; uploadError.value = e.message;
        } else if (e.field && e.field in errors) {
          errors[e.field] = e.message;
        } else {
          commitError.value = e.message;
        }
      } finally {
        committing.value = false;
      }
    }
    function reset() {
      pv.value = null;
      file.value = null;
      uploadError.value = '';
      commitError.value = '';
    }
    const step = computed(() => (pv.value ? 1 : 0));
    const srcType = (src) => ({ user: 'warning', none: 'info', saved: 'primary' }[src] || 'success');
    const sizeText = (n) => (n > 1048576 ? (n / 1048576).toFixed(1) + ' MB' : Math.max(1, Math.round(n / 1024)) + ' KB');
    const rowClass = ({ row }) => (row.ok ? '' : row.problems.some((p) => p.level === 'error') ? 'row-error' : 'row-warning');

    return {
      form, opts, errors, file, up, uploadError, pv, overrides, previewing, committing, commitError, level, fields,
      dupFields, hasName, problems, shownProblems, nErr, nWarn, nDup, levelTag, dupOf, deadlineAt, blocker, step, ui, Icons, PROBLEMS_SHOWN, SKIP,
      onFile, setField, onSheet, onSource, commit, reset, suggest, example, shownCell, sampleProblem, fieldLabel, colLetter, sizeText, srcType, rowClass,
    };
  },
  template: `
<div class="page list-import-page">
  <div class="page-head">
    <h2>{{ $t('lists.import') }}</h2>
    <div class="head-actions"><el-button :icon="Icons.Back" @click="$go('/lists')">{{ $t('lists.back') }}</el-button></div>
  </div>
  <el-steps v-if="!ui.mobile" :active="step" finish-status="success" simple class="mb import-steps">
    <el-step :title="$t('lists.step.file')"/><el-step :title="$t('lists.step.preview')"/><el-step :title="$t('lists.step.done')"/>
  </el-steps>

  <el-card shadow="never" class="mb">
    <el-form :model="form" :label-position="ui.mobile ? 'top' : 'right'" label-width="auto" class="import-form" @submit.prevent>
      <el-row :gutter="20">
        <el-col :span="ui.mobile ? 24 : 12">
          <el-form-item :label="$t('lists.source')" required :error="errors.source" data-field="source">
            <el-autocomplete v-model="form.source" :fetch-suggestions="suggest" :placeholder="$t('lists.sourcePlaceholder')" maxlength="100"
              clearable class="full" @change="onSource" @blur="onSource" @select="onSource" name="source" data-test="list-source"/>
            <div class="field-hint">{{ $t('lists.sourceHelp') }}</div>
          </el-form-item>
        </el-col>
        <el-col :span="ui.mobile ? 24 : 12">
          <el-form-item :label="$t('lists.batch')" :error="errors.batch" data-field="batch">
            <el-input v-model="form.batch" maxlength="100" :placeholder="$t('lists.batchPlaceholder')" name="batch" data-test="list-batch"/>
          </el-form-item>
        </el-col>
        <el-col :span="ui.mobile ? 24 : 12">
          <el-form-item :label="$t('lists.receivedAt')" :error="errors.received_at" data-field="received_at">
            <el-date-picker v-model="form.received_at" type="datetime" value-format="YYYY-MM-DD HH:mm" format="YYYY-MM-DD HH:mm"
              :editable="!ui.mobile" class="full" data-test="list-received"/>
            <div class="field-hint">{{ $t('lists.receivedHelp') }}</div>
          </el-form-item>
        </el-col>
        <el-col :span="ui.mobile ? 24 : 12">
          <el-form-item :label="$t('lists.deadlineHours')" :error="errors.deadline_hours" data-field="deadline_hours">
            <el-input-number v-model="form.deadline_hours" :min="1" :max="720" :step="1" step-strictly data-test="list-deadline"/>
            <div class="field-hint" v-if="deadlineAt">{{ $t('lists.deadlineCalc', { t: deadlineAt }) }}</div>
          </el-form-item>
        </el-col>
      </el-row>
    </el-form>

    <el-upload v-if="!pv && !up.busy" drag :auto-upload="false" :show-file-list="false" :on-change="onFile"
      accept=".xlsx,.xls,.csv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,application/vnd.ms-excel,text/csv"
      class="list-drop" data-test="list-file">
      <el-icon class="el-icon--upload"><icon-upload-filled/></el-icon>
      <div class="el-upload__text" v-html="$t('lists.drop')"></div>
      <template #tip><div class="el-upload__tip">{{ $t('lists.dropTip') }}</div></template>
    </el-upload>
    <div v-if="up.busy" class="upload-progress" data-test="upload-progress">
      <div class="up-name"><el-icon><icon-document/></el-icon> {{ file && file.name }} <span class="muted">{{ file && sizeText(file.size) }}</span></div>
      <el-progress :percentage="up.phase === 'upload' ? up.progress : 100" :indeterminate="up.phase === 'parse'" :duration="1.5"
        :status="up.phase === 'parse' ? '' : undefined" :stroke-width="14" text-inside/>
      <div class="muted">{{ up.phase === 'parse' ? $t('lists.parsing') : $t('lists.uploading', { p: up.progress }) }}</div>
    </div>
    <el-alert v-if="uploadError" :title="uploadError" type="error" show-icon :closable="false" class="mt" data-test="upload-error"/>
  </el-card>

  <template v-if="pv">
    <el-card shadow="never" class="mb" v-loading="previewing" data-test="preview">
      <template #header>
        <div class="card-head">
          <span class="card-title">{{ $t('lists.previewTitle', { name: pv.filename }) }}</span>
          <el-button size="small" :icon="Icons.RefreshLeft" @click="reset" data-test="reupload">{{ $t('lists.reupload') }}</el-button>
        </div>
      </template>
      <div class="preview-facts">
        <el-tag effect="plain">{{ $t('lists.format') }}：{{ pv.format.toUpperCase() }}</el-tag>
        <el-tag effect="plain" data-test="header-row">{{ $t('lists.headerAt', { n: pv.header_row }) }}</el-tag>
        <el-select v-if="pv.sheets && pv.sheets.length > 1" v-model="form.sheet" size="small" class="w-180" @change="onSheet" data-test="sheet">
          <template #prefix>{{ $t('lists.sheet') }}</template>
          <el-option v-for="s in pv.sheets" :key="s" :value="s" :label="s"/>
        </el-select>
        <span class="counts" data-test="counts">
          <span>{{ $t('lists.rows') }} <b>{{ pv.counts.rows }}</b></span>
          <span class="ok">{{ $t('lists.accepted') }} <b>{{ pv.counts.accepted }}</b></span>
          <span :class="{ bad: pv.counts.rejected }">{{ $t('lists.rejected') }} <b>{{ pv.counts.rejected }}</b></span>
          <span :class="{ warn: pv.counts.doubtful }">{{ $t('lists.doubtful') }} <b>{{ pv.counts.doubtful }}</b></span>
          <span :class="{ warn: pv.counts.duplicates }">{{ $t('lists.duplicates') }} <b>{{ pv.counts.duplicates }}</b></span>
        </span>
      </div>

      <h4 class="sub-title">{{ $t('lists.columns') }} <span class="muted">{{ $t('lists.mappingHelp') }}</span></h4>
      <el-alert v-if="!hasName" :title="$t('lists.nameMissing')" type="error" show-icon :closable="false" class="mb"/>
      <el-alert v-for="f in dupFields" :key="f" :title="$t('lists.dupField', { f: fieldLabel(f) })" type="warning" show-icon :closable="false" class="mb"/>
      <div class="table-scroll">
      <el-table :data="pv.columns" border size="small" class="dense-table mapping-table" data-test="mapping-table"
        :row-class-name="({ row }) => row.field ? (row.source === 'user' ? 'row-user' : '') : 'row-skip'">
        <el-table-column :label="$t('lists.column')" :width="ui.mobile ? 40 : 56" align="center">
          <template #default="{ row }">{{ colLetter(row.index) }}</template>
        </el-table-column>
        <el-table-column prop="header" :label="$t('lists.header')" :min-width="ui.mobile ? 100 : 120">
          <template #default="{ row }"><span class="col-header" :data-col="row.index">{{ row.header }}</span>
            <div v-if="ui.mobile"><el-tag size="small" :type="srcType(row.source)" effect="plain">{{ $t('lists.fsrc.' + row.source) }}</el-tag></div></template>
        </el-table-column>
        <el-table-column :label="$t('lists.fieldAs')" :min-width="ui.mobile ? 140 : 170">
          <template #default="{ row }">
            <el-select :model-value="row.field || SKIP" size="small" class="mapping-select" :data-col="row.index" @change="(v) => setField(row, v)">
              <el-option v-for="f in fields" :key="f.field" :value="f.field || SKIP" :label="fieldLabel(f.field, f.label)"/>
            </el-select>
          </template>
        </el-table-column>
        <el-table-column v-if="!ui.mobile" :label="$t('lists.fieldSource')" width="100">
          <template #default="{ row }"><el-tag size="small" :type="srcType(row.source)" effect="plain">{{ $t('lists.fsrc.' + row.source) }}</el-tag></template>
        </el-table-column>
        <el-table-column v-if="!ui.mobile" :label="$t('lists.sample')" min-width="200" show-overflow-tooltip>
          <template #default="{ row }"><span class="muted">{{ example(row.index) }}</span></template>
        </el-table-column>
      </el-table>
      </div>

      <h4 class="sub-title">{{ $t('lists.samples') }}</h4>
      <div class="table-scroll">
      <el-table :data="pv.samples" border size="small" class="dense-table sample-table" :row-class-name="rowClass" data-test="sample-table">
        <el-table-column :label="$t('lists.row')" width="60" align="center" fixed>
          <template #default="{ row }">{{ row.row }}
            <el-tooltip v-if="dupOf(row)" :content="dupOf(row).message" placement="top">
              <el-tag size="small" type="info" class="dup-tag" data-test="sample-dup">{{ $t('lists.duplicate') }}</el-tag>
            </el-tooltip></template>
        </el-table-column>
        <el-table-column v-for="c in pv.columns" :key="c.index" :min-width="{ address: 200, doc_number: 180, phone: 125, arrival: 125, origin: 120 }[c.field] || 100">
          <template #header>
            <div class="sample-head"><span>{{ c.header || colLetter(c.index) }}</span>
              <span class="sample-field" :class="{ skip: !c.field }">{{ fieldLabel(c.field) }}</span></div>
          </template>
          <template #default="{ row }">
            <el-tooltip v-if="sampleProblem(row, c.index)" :content="sampleProblem(row, c.index).message" placement="top">
              <span class="cell-problem" :class="sampleProblem(row, c.index).level">{{ row.cells[c.index] }}</span>
            </el-tooltip>
            <span v-else :class="{ muted: !c.field, mono: c.field === 'doc_number' || c.field === 'phone' }">{{ shownCell(row, c.index) }}</span>
          </template>
        </el-table-column>
      </el-table>
      </div>

      <h4 class="sub-title">{{ $t('lists.problems') }}
        <el-radio-group v-if="pv.problems.length" v-model="level" size="small" class="ml" data-test="problem-level">
          <el-radio-button value="">{{ $t('lists.filterAll', { n: pv.problems.length }) }}</el-radio-button>
          <el-radio-button value="error">{{ $t('lists.filterError', { n: nErr }) }}</el-radio-button>
          <el-radio-button value="warning">{{ $t('lists.filterWarning', { n: nWarn }) }}</el-radio-button>
          <el-radio-button v-if="nDup" value="duplicate">{{ $t('lists.filterDuplicate', { n: nDup }) }}</el-radio-button>
        </el-radio-group>
      </h4>
      <el-empty v-if="!pv.problems.length" :description="$t('lists.problemsNone')" :image-size="60"/>
      <template v-else>
        <div v-if="ui.mobile" class="problem-cards" data-test="problem-table">
          <div v-for="(p, k) in shownProblems" :key="k" class="problem-card" :class="p.level">
            <div><b>{{ $t('lists.row') }} {{ p.row }}</b> · {{ p.column }}{{ p.header ? ' · ' + p.header : '' }}
              <el-tag size="small" :type="levelTag(p.level)" :data-level="p.level" class="ml">{{ $t('lists.' + p.level) }}</el-tag></div>
            <div class="problem-msg">{{ p.message }}</div>
          </div>
        </div>
        <el-table v-else :data="shownProblems" border size="small" class="dense-table problem-table" max-height="360" data-test="problem-table">
          <el-table-column :label="$t('lists.row')" prop="row" width="64" align="center"/>
          <el-table-column :label="$t('lists.column')" width="140">
            <template #default="{ row }">{{ row.column }}<span v-if="row.header" class="muted"> · {{ row.header }}</span></template>
          </el-table-column>
          <el-table-column :label="$t('lists.level')" width="72" align="center">
            <template #default="{ row }"><el-tag size="small" :type="levelTag(row.level)" :data-level="row.level">{{ $t('lists.' + row.level) }}</el-tag></template>
          </el-table-column>
          <el-table-column :label="$t('lists.reason')" prop="message" min-width="260"/>
        </el-table>
        <div v-if="problems.length > PROBLEMS_SHOWN" class="field-hint">{{ $t('lists.problemsMore', { n: PROBLEMS_SHOWN }) }}</div>
      </template>
    </el-card>

    <el-card shadow="never" class="mb commit-card">
      <el-alert v-if="pv.imported_before" type="warning" show-icon :closable="false" class="mb" data-test="imported-before">
        <template #title>{{ $t('lists.importedBefore', { id: pv.imported_before }) }}
          <a class="link" :href="'#/lists/' + pv.imported_before">{{ $t('lists.openExisting') }}</a></template>
      </el-alert>
      <div class="commit-opts">
        <el-checkbox v-if="pv.imported_before" v-model="opts.force" data-test="force">{{ $t('lists.force') }}</el-checkbox>
        <el-checkbox v-if="pv.counts.rejected" v-model="opts.accept_partial" data-test="accept-partial">{{ $t('lists.acceptPartial', { n: pv.counts.rejected }) }}</el-checkbox>
        <el-checkbox v-model="opts.save_mapping" data-test="save-mapping">{{ $t('lists.saveMapping') }}</el-checkbox>
      </div>
      <el-alert v-if="commitError" :title="commitError" type="error" show-icon :closable="false" class="mb" data-test="commit-error"/>
      <div class="commit-bar">
        <el-button type="primary" :icon="Icons.Upload" :loading="committing" :disabled="!!blocker || previewing" @click="commit"
          class="block-on-mobile" data-test="commit">{{ committing ? $t('lists.committing') : $t('lists.commit', { n: pv.counts.accepted }) }}</el-button>
        <span v-if="blocker" class="blocker" data-test="blocker">{{ blocker }}</span>
      </div>
    </el-card>
  </template>
</div>`,
};
