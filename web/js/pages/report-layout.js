// 日报导出版式 (admin): the xlsx export in the layout the district asks
// for — title, which fields in which order under which labels, the
// per-village table on or off.  A field the server does not know is
// refused with its name; the row is marked and the message shown.
import { ref, reactive, computed, onMounted, nextTick } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, put, session } from '../api.js';
import { today } from '../format.js';
import { fieldLabel } from './report.js';

let rowSeq = 0;
const row = (key, label) => ({ id: ++rowSeq, key, label });

export default {
  setup() {
    const form = reactive({ title: '', per_village: true, fields: [] });
    const known = ref([]);      // every field the report has: [{key, label, per_village}]
    const badKey = ref('');
    const error = ref('');
    const loadError = ref('');
    const saving = ref(false);
    const loading = ref(true);
    const extraKey = ref('');

    async function load() {
      loading.value = true;
      try {
        const [l, d] = await Promise.all([get('/reports/layout'), get('/reports/daily', { date: today() }).catch(() => null)]);
        form.title = l.title;
        form.per_village = !!l.per_village;
        form.fields = l.fields.map((f) => row(f.key, f.label));
        known.value = d ? d.fields : l.fields;
      } catch (e) { loadError.value = e.message; } finally { loading.value = false; }
    }
    onMounted(load);

    const unused = computed(() => known.value.filter((k) => !form.fields.some((f) => f.key === k.key)));
    const defaultLabel = (key) => { const k = known.value.find((x) => x.key === key); return k ? k.label : ''; };
    function move(i, d) {
      const j = i + d;
      if (j < 0 || j >= form.fields.length) return;
      const a = form.fields;
      [a[i], a[j]] = [a[j], a[i]];
    }
    function remove(i) { form.fields.splice(i, 1); }
    function add(k) { form.fields.push(row(k.key, k.label)); }
    function addKey() {
      const key = extraKey.value.trim();
      if (!key) return;
      form.fields.push(row(key, defaultLabel(key) || key));
      extraKey.value = '';
    }
    function defaults() {
      form.fields = known.value.map((k) => row(k.key, k.label));
      form.per_village = true;
      if (session.town) form.title = t('report.defaultTitle', { town: session.town });
      badKey.value = '';
      error.value = '';
    }
    async function save() {
      error.value = '';
      badKey.value = '';
      if (!form.title.trim()) { error.value = t('report.titleRequired'); return; }
      saving.value = true;
      try {
        const l = await put('/reports/layout', {
          title: form.title.trim(), per_village: form.per_village,
          fields: form.fields.map((f) => ({ key: f.key, label: f.label.trim() || defaultLabel(f.key) || f.key })),
        });
        form.fields = l.fields.map((f) => row(f.key, f.label));
        ElMessage.success(t('common.saved'));
      } catch (e) {
        error.value = e.message;
        if (e.field && form.fields.some((f) => f.key === e.field)) {
          badKey.value = e.field;
          nextTick(() => { const el = document.querySelector('.layout-row.bad'); if (el) el.scrollIntoView({ block: 'center' }); });
        }
      } finally { saving.value = false; }
    }
    return { form, known, unused, badKey, error, loadError, saving, loading, extraKey, Icons, move, remove, add, addKey, defaults, save, fieldLabel, today };
  },
  template: `
<div class="page report-layout">
  <div class="page-head">
    <h2><a class="link" href="#/report">{{ $t('report.title') }}</a> / {{ $t('report.layout') }}</h2>
    <div class="head-actions">
      <el-button tag="a" :href="'/api/v1/reports/daily.xlsx?date=' + today()" download :icon="Icons.Download">{{ $t('report.preview') }}</el-button>
      <el-button type="primary" :loading="saving" @click="save">{{ $t('common.save') }}</el-button>
    </div>
  </div>
  <el-alert v-if="loadError" :title="loadError" type="error" show-icon :closable="false" class="mb"/>
  <div v-loading="loading">
    <el-form label-position="top" class="layout-form" @submit.prevent>
      <el-form-item :label="$t('report.layoutTitle')" required>
        <el-input v-model="form.title" maxlength="120" name="title" data-test="layout-title"/>
      </el-form-item>
      <el-form-item>
        <el-switch v-model="form.per_village" :active-text="$t('report.perVillage')" data-test="per-village"/>
      </el-form-item>
    </el-form>
    <h3 class="section-title">{{ $t('report.layoutFields', { n: form.fields.length }) }}</h3>
    <div class="layout-rows" data-test="layout-fields">
      <div v-for="(f, i) in form.fields" :key="f.id" class="layout-row" :class="{ bad: f.key === badKey }" :data-key="f.key">
        <span class="ix">{{ i + 1 }}</span>
        <span class="key mono">{{ f.key }}</span>
        <el-input v-model="f.label" maxlength="60" class="lbl" :placeholder="fieldLabel({ key: f.key, label: f.key })"/>
        <div class="btns">
          <el-button :icon="Icons.ArrowUp" circle size="small" :disabled="i === 0" @click="move(i, -1)" :aria-label="$t('report.up')" data-test="up"/>
          <el-button :icon="Icons.ArrowDown" circle size="small" :disabled="i === form.fields.length - 1" @click="move(i, 1)" :aria-label="$t('report.down')" data-test="down"/>
          <el-button :icon="Icons.Delete" circle size="small" type="danger" plain @click="remove(i)" :aria-label="$t('report.removeField')" data-test="remove"/>
        </div>
      </div>
    </div>
    <div v-if="unused.length" class="layout-unused">
      <span class="muted">{{ $t('report.unused') }}</span>
      <el-button v-for="k in unused" :key="k.key" size="small" :icon="Icons.Plus" @click="add(k)" data-test="add-field">{{ fieldLabel(k) }}</el-button>
    </div>
    <div class="toolbar mt">
      <el-input v-model="extraKey" class="w-260" :placeholder="$t('report.addKeyPh')" @keyup.enter="addKey" data-test="extra-key"/>
      <el-button @click="addKey" data-test="add-key">{{ $t('report.addKey') }}</el-button>
    </div>
    <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mt" data-test="layout-error"/>
    <div class="form-actions">
      <el-button type="primary" :loading="saving" @click="save" data-test="save-layout">{{ $t('common.save') }}</el-button>
      <el-button @click="defaults" data-test="defaults">{{ $t('report.defaults') }}</el-button>
    </div>
  </div>
</div>`,
};
