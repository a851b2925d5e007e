// 规则设置: the observation rules in force and every version (each
// observation keeps the version it started under), a form for a new version
// with its effective date (admin), and the release notice's settings:
// issuing office and whether the notice shows the ID number in full.
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, put, session } from '../api.js';
import { ui } from '../ui.js';
import { fmtTime, today } from '../format.js';
import { ObsNav, METHODS, methodLabel, rules, loadRules } from './obs-common.js';

const FIELDS = ['effective_date', 'note', 'period_days', 'day0', 'windows', 'thresholds', 'symptoms'];
const times = (from, to) => {
  const out = [];
  for (let m = from * 60; m <= to * 60; m += 30) out.push(`${String(Math.floor(m / 60)).padStart(2, '0')}:${String(m % 60).padStart(2, '0')}`);
  return out;
};
const TIMES = times(0, 23.5);

export default {
  components: { ObsNav },
  setup() {
    const loading = ref(true);
    const error = ref('');
    const isAdmin = session.user.role === 'admin';
    const open = ref(false);
    const form = reactive({ effective_date: '', note: '', period_days: 14, day0: true, m0: '06:00', m1: '12:00', e0: '16:00', e1: '22:00', thresholds: {}, symptoms: [] });
    const errors = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])));
    const saving = ref(false);
    const settings = reactive({ office_name: '', notice_mask: 'masked', saving: false, error: '' });

    async function load(force) {
      try {
        await loadRules(force);
        if (isAdmin) Object.assign(settings, await get('/settings'));
        error.value = '';
      } catch (e) { error.value = e.message; } finally { loading.value = false; }
    }
    onMounted(() => load(true));
    const cur = computed(() => (rules.value ? rules.value.current : null));
    const items = computed(() => (rules.value ? [...rules.value.items].sort((a, b) => b.version - a.version) : []));
    function body() {
      return {
        effective_date: form.effective_date, period_days: form.period_days, day0: form.day0,
        windows: { morning: [form.m0, form.m1], evening: [form.e0, form.e1] },
        thresholds: Object.fromEntries(METHODS.map((m) => [m, Number(form.thresholds[m])])),
        symptoms: form.symptoms.map((s) => s.trim()).filter(Boolean),
      };
    }
    // The version in force on a date, as the server picks it: the newest
    // version effective by then, else the oldest.
    function inForce(date) {
      const all = items.value;
      return all.find((x) => x.effective_date <= date) || all[all.length - 1] || null;
    }
    const same = (a, b) => a.period_days === b.period_days && !!a.day0 === !!b.day0
      && a.windows.morning.join() === b.windows.morning.join() && a.windows.evening.join() === b.windows.evening.join()
      && METHODS.every((m) => Math.round(a.thresholds[m] * 10) === Math.round(b.thresholds[m] * 10))
      && a.symptoms.join('\n') === b.symptoms.join('\n');
    // nothing to save: the form says what the version in force on its date says
    const unchanged = computed(() => {
      if (!open.value || !form.effective_date) return false;
      const v = inForce(form.effective_date);
      return !!v && same(body(), v.rules);
    });
    function startNew() {
      const r = cur.value;
      for (const k of FIELDS) errors[k] = '';
      Object.assign(form, {
        effective_date: today(), note: '', period_days: r.period_days, day0: r.day0,
        m0: r.windows.morning[0], m1: r.windows.morning[1], e0: r.windows.evening[0], e1: r.windows.evening[1],
        thresholds: { ...r.thresholds }, symptoms: [...r.symptoms],
      });
      open.value = true;
    }
    async function save() {
      for (const k of FIELDS) errors[k] = '';
      if (!form.effective_date) { errors.effective_date = t('common.required'); return; }
      if (unchanged.value) return;
      const b = body();
      if (form.note.trim()) b.note = form.note.trim();
      saving.value = true;
      try {
        const r = await post('/obs/rules', b);
        ElMessage.success(t('obs.rules.saved', { v: r.version }));
        open.value = false;
        await load(true);
      } catch (e) {
        if (e.field && FIELDS.includes(e.field)) errors[e.field] = e.message; else ElMessage.error(e.message);
      } finally { saving.value = false; }
    }
    async function saveSettings() {
      settings.error = '';
      settings.saving = true;
      try {
        Object.assign(settings, await put('/settings', { office_name: settings.office_name.trim(), notice_mask: settings.notice_mask }));
        ElMessage.success(t('obs.rules.settingsSaved'));
      } catch (e) { settings.error = e.message; } finally { settings.saving = false; }
    }
    const day0Text = (d) => (d ? t('obs.rules.day0Yes') : t('obs.rules.day0No'));
    const summary = (r) => t('obs.rules.summary', { days: r.period_days, m: r.windows.morning.join('–'), e: r.windows.evening.join('–') });
    return { loading, error, isAdmin, open, form, errors, saving, settings, cur, items, unchanged, ui, Icons, METHODS, TIMES, startNew, save, saveSettings, day0Text, summary, methodLabel, fmtTime };
  },
  template: `
<div class="page obs-page obs-rules-page" v-loading="loading">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.rules.title') }}</h2>
    <el-button v-if="isAdmin && cur" type="primary" :icon="Icons.Plus" @click="startNew" data-test="new-rules">{{ $t('obs.rules.new') }}</el-button>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-alert v-if="!isAdmin" :title="$t('obs.rules.readOnly')" type="info" :closable="false" show-icon class="mb"/>
  <el-card v-if="cur" shadow="never" class="obs-section" data-test="rules-current">
    <template #header>{{ $t('obs.rules.current') }} · {{ $t('obs.rules.version') }} {{ cur.version }} <span class="muted">（{{ $t('obs.rules.effective') }} {{ cur.effective_date }}）</span></template>
    <el-descriptions :column="ui.mobile ? 1 : 2" border class="rules-desc">
      <el-descriptions-item :label="$t('obs.rules.period')"><b>{{ cur.period_days }}</b></el-descriptions-item>
      <el-descriptions-item :label="$t('obs.rules.day0')">{{ day0Text(cur.day0) }}</el-descriptions-item>
      <el-descriptions-item :label="$t('obs.rules.morning')">{{ cur.windows.morning.join(' – ') }}</el-descriptions-item>
      <el-descriptions-item :label="$t('obs.rules.evening')">{{ cur.windows.evening.join(' – ') }}</el-descriptions-item>
      <el-descriptions-item :label="$t('obs.rules.thresholds')" :span="ui.mobile ? 1 : 2">
        <span class="rule-thr"><span v-for="m in METHODS" :key="m">{{ methodLabel(m) }} ≥ <b>{{ cur.thresholds[m].toFixed(1) }}</b></span></span>
      </el-descriptions-item>
      <el-descriptions-item :label="$t('obs.rules.symptoms')" :span="ui.mobile ? 1 : 2">
        <el-tag v-for="s in cur.symptoms" :key="s" effect="plain" class="alias-tag">{{ s }}</el-tag>
      </el-descriptions-item>
    </el-descriptions>
  </el-card>

  <el-card shadow="never" class="obs-section" :header="$t('obs.rules.history')">
    <el-table :data="items" size="small" border stripe class="dense-table" data-test="rules-history">
      <el-table-column prop="version" :label="$t('obs.rules.version')" width="64" align="center"/>
      <el-table-column prop="effective_date" :label="$t('obs.rules.effective')" width="104"/>
      <el-table-column :label="$t('obs.rules.content')" min-width="220"><template #default="{ row }">{{ summary(row.rules) }} · {{ $t('obs.rules.day0') }}{{ day0Text(row.rules.day0) }}</template></el-table-column>
      <el-table-column prop="note" :label="$t('obs.rules.note')" min-width="160"/>
      <el-table-column :label="$t('obs.rules.createdBy')" width="150"><template #default="{ row }">{{ row.created_by_name || '—' }}<div v-if="row.created_at" class="muted">{{ fmtTime(row.created_at) }}</div></template></el-table-column>
      <el-table-column prop="observations" :label="$t('obs.rules.used')" width="90" align="right"/>
    </el-table>
  </el-card>

  <el-card v-if="isAdmin" shadow="never" class="obs-section narrow-card" style="max-width: 640px" :header="$t('obs.rules.settings')" data-test="notice-settings">
    <el-form label-position="top" @submit.prevent="saveSettings" class="dialog-form">
      <el-form-item :label="$t('obs.rules.office')" :error="settings.error"><el-input v-model="settings.office_name" maxlength="200" name="office_name"/></el-form-item>
      <el-form-item :label="$t('obs.rules.mask')">
        <el-radio-group v-model="settings.notice_mask">
          <el-radio value="masked">{{ $t('obs.rules.masked') }}</el-radio>
          <el-radio value="full">{{ $t('obs.rules.full') }}</el-radio>
        </el-radio-group>
      </el-form-item>
      <el-button type="primary" native-type="submit" :loading="settings.saving" data-test="save-settings">{{ $t('common.save') }}</el-button>
    </el-form>
  </el-card>

  <el-dialog v-model="open" :title="$t('obs.rules.new')" :width="ui.mobile ? '100%' : '620px'" :fullscreen="ui.mobile" append-to-body data-test="rules-dialog">
    <el-alert :title="$t('obs.rules.newHint')" type="info" :closable="false" show-icon class="mb"/>
    <el-form label-position="top" @submit.prevent="save" class="dialog-form">
      <el-form-item :label="$t('obs.rules.effective')" required :error="errors.effective_date">
        <el-date-picker v-model="form.effective_date" type="date" value-format="YYYY-MM-DD" format="YYYY-MM-DD" class="full" :editable="!ui.mobile" data-test="effective"/>
      </el-form-item>
      <el-form-item :label="$t('obs.rules.period')" :error="errors.period_days"><el-input-number v-model="form.period_days" :min="1" :max="60" data-test="period"/></el-form-item>
      <el-form-item :label="$t('obs.rules.day0')" :error="errors.day0">
        <el-radio-group v-model="form.day0"><el-radio :value="true">{{ $t('obs.rules.day0Yes') }}</el-radio><el-radio :value="false">{{ $t('obs.rules.day0No') }}</el-radio></el-radio-group>
      </el-form-item>
      <el-form-item :label="$t('obs.rules.windows')" :error="errors.windows">
        <div class="win-row"><span class="win-l">{{ $t('obs.rules.morning') }}</span>
          <el-select v-model="form.m0" filterable><el-option v-for="x in TIMES" :key="x" :value="x" :label="x"/></el-select> –
          <el-select v-model="form.m1" filterable><el-option v-for="x in TIMES" :key="x" :value="x" :label="x"/></el-select>
        </div>
        <div class="win-row" style="margin-top:6px"><span class="win-l">{{ $t('obs.rules.evening') }}</span>
          <el-select v-model="form.e0" filterable><el-option v-for="x in TIMES" :key="x" :value="x" :label="x"/></el-select> –
          <el-select v-model="form.e1" filterable><el-option v-for="x in TIMES" :key="x" :value="x" :label="x"/></el-select>
        </div>
      </el-form-item>
      <el-form-item :label="$t('obs.rules.thresholds')" :error="errors.thresholds">
        <div class="thr-grid">
          <div v-for="m in METHODS" :key="m" class="win-row"><span style="min-width:3em">{{ methodLabel(m) }}</span>
            <el-input-number v-model="form.thresholds[m]" :min="36" :max="40" :step="0.1" :precision="1"/></div>
        </div>
      </el-form-item>
      <el-form-item :label="$t('obs.rules.symptoms')" :error="errors.symptoms">
        <el-select v-model="form.symptoms" multiple filterable allow-create default-first-option :reserve-keyword="false" :placeholder="$t('obs.rules.symptomsPh')" class="full">
          <el-option v-for="s in form.symptoms" :key="s" :value="s" :label="s"/>
        </el-select>
      </el-form-item>
      <el-form-item :label="$t('obs.rules.note')" :error="errors.note"><el-input v-model="form.note" maxlength="200" name="rules_note"/></el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="open = false">{{ $t('common.cancel') }}</el-button>
      <span v-if="unchanged" class="muted rules-unchanged" data-test="rules-unchanged">{{ $t('obs.rules.unchangedHint') }}</span>
      <el-button type="primary" :loading="saving" :disabled="unchanged" @click="save" data-test="save-rules">{{ unchanged ? $t('obs.rules.unchanged') : $t('common.save') }}</el-button>
    </template>
  </el-dialog>
</div>`,
};
