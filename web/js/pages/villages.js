// 村居管理: the town's villages and communities with their statistical
// code, type and the aliases used to match addresses.  Admins create and
// edit; other roles see the list.
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { post, patch, session } from '../api.js';
import { ui } from '../ui.js';
import { villages, loadVillages } from '../data.js';
import { VILLAGE_TYPES, vtypeLabel } from '../format.js';

const FIELDS = ['name', 'code', 'type', 'aliases'];
const aliasList = (a) => (Array.isArray(a) ? a : String(a || '').split(',').filter(Boolean));

export default {
  setup() {
    const q = ref('');
    const loading = ref(true);
    const error = ref('');
    const isAdmin = computed(() => session.user.role === 'admin');
    const dlg = reactive({ open: false, id: null, saving: false });
    const form = reactive({ name: '', code: '', type: '村', aliases: [] });
    const errors = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])));

    async function load(force) {
      loading.value = true;
      try { await loadVillages(force); error.value = ''; } catch (e) { error.value = e.message; } finally { loading.value = false; }
    }
    onMounted(() => load(true));
    const rows = computed(() => {
      const s = q.value.trim().toLowerCase();
      if (!s) return villages.value;
      return villages.value.filter((v) => v.name.includes(s) || v.code.includes(s) || aliasList(v.aliases).some((a) => a.toLowerCase().includes(s)));
    });
    const totalPersons = computed(() => rows.value.reduce((n, v) => n + (v.persons || 0), 0));

    function openDialog(v) {
      for (const k of FIELDS) errors[k] = '';
      dlg.id = v ? v.id : null;
      Object.assign(form, v ? { name: v.name, code: v.code, type: v.type, aliases: [...aliasList(v.aliases)] } : { name: '', code: '', type: '村', aliases: [] });
      dlg.open = true;
    }
    async function save() {
      for (const k of FIELDS) errors[k] = '';
      const b = { name: form.name.trim(), code: form.code.trim(), type: form.type, aliases: form.aliases.map((a) => a.trim()).filter(Boolean) };
      if (!b.name) errors.name = t('common.required');
      if (!b.code) errors.code = t('common.required');
      if (errors.name || errors.code) return;
      dlg.saving = true;
      try {
        const v = dlg.id ? await patch('/villages/' + dlg.id, b) : await post('/villages', b);
        ElMessage.success(t(dlg.id ? 'village.updated' : 'village.created', { name: v.name }));
        dlg.open = false;
        await load(true);
      } catch (e) {
        if (e.code === 'village_exists') errors.name = e.message;
        else if (FIELDS.includes(e.field)) errors[e.field] = e.message;
        else ElMessage.error(e.message);
      } finally {
        dlg.saving = false;
      }
    }
    return { q, rows, loading, error, isAdmin, dlg, form, errors, totalPersons, openDialog, save, ui, Icons, VILLAGE_TYPES, vtypeLabel, aliasList };
  },
  template: `
<div class="page villages-page">
  <div class="page-head">
    <h2>{{ $t('village.title') }}</h2>
    <el-button v-if="isAdmin" type="primary" :icon="Icons.Plus" @click="openDialog(null)" data-test="new-village">{{ $t('village.new') }}</el-button>
  </div>
  <div class="toolbar">
    <el-input v-model="q" class="search-box" clearable :placeholder="$t('village.searchPlaceholder')" :prefix-icon="Icons.Search" data-test="village-search"/>
    <span class="muted">{{ $t('common.total', { n: rows.length }) }} · {{ $t('village.persons') }} {{ totalPersons }}</span>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-alert v-if="!isAdmin" :title="$t('village.readOnly')" type="info" :closable="false" class="mb"/>
  <el-table :data="rows" v-loading="loading" stripe border size="small" class="dense-table" data-test="village-table" :empty-text="$t('common.noData')">
    <el-table-column prop="name" :label="$t('village.name')" min-width="120" sortable fixed/>
    <el-table-column prop="code" :label="$t('village.code')" width="140" sortable>
      <template #default="{ row }"><span class="mono">{{ row.code }}</span></template>
    </el-table-column>
    <el-table-column prop="type" :label="$t('village.type')" width="90" sortable>
      <template #default="{ row }">{{ vtypeLabel(row.type) }}</template>
    </el-table-column>
    <el-table-column :label="$t('village.aliases')" min-width="240">
      <template #default="{ row }"><el-tag v-for="a in aliasList(row.aliases)" :key="a" size="small" effect="plain" class="alias-tag">{{ a }}</el-tag></template>
    </el-table-column>
    <el-table-column prop="persons" :label="$t('village.persons')" width="100" align="right" sortable/>
    <el-table-column v-if="isAdmin" :label="$t('common.actions')" width="80" fixed="right" align="center">
      <template #default="{ row }"><el-button link type="primary" size="small" @click="openDialog(row)" data-test="edit-village">{{ $t('common.edit') }}</el-button></template>
    </el-table-column>
  </el-table>

  <el-dialog v-model="dlg.open" :title="dlg.id ? $t('village.edit') : $t('village.new')" :width="ui.mobile ? '94%' : '520px'" destroy-on-close data-test="village-dialog">
    <el-form :model="form" :label-position="ui.mobile ? 'top' : 'right'" label-width="auto" @submit.prevent="save" class="dialog-form">
      <el-form-item :label="$t('village.name')" required :error="errors.name">
        <el-input v-model="form.name" maxlength="40" name="vname" @input="errors.name = ''"/>
      </el-form-item>
      <el-form-item :label="$t('village.code')" required :error="errors.code">
        <el-input v-model="form.code" maxlength="12" inputmode="numeric" name="vcode" class="mono-input" :placeholder="$t('village.codeHelp')" @input="errors.code = ''"/>
      </el-form-item>
      <el-form-item :label="$t('village.type')" :error="errors.type">
        <el-radio-group v-model="form.type">
          <el-radio v-for="v in VILLAGE_TYPES" :key="v" :value="v">{{ vtypeLabel(v) }}</el-radio>
        </el-radio-group>
      </el-form-item>
      <el-form-item :label="$t('village.aliases')" :error="errors.aliases">
        <el-input-tag v-model="form.aliases" :placeholder="$t('village.aliasesPlaceholder')" clearable data-test="aliases" :max="30"/>
        <div class="field-hint">{{ $t('village.aliasesHelp') }}</div>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="dlg.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="dlg.saving" @click="save" data-test="save-village">{{ $t('common.save') }}</el-button>
    </template>
  </el-dialog>
</div>`,
};
