// 开始医学观察: for a person (#/obs/new?person=ID, as linked from the person
// page, or found here by name/initials/ID), kind 居家 or 集中 (site, room
// and bed optional: the server assigns a free bed), reason with its details,
// the exposure/arrival date (the planned end is previewed from the rules in
// force), doctor, and for an admin the responsible village worker.  A second
// open observation is refused (409) with a link to the first.
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { route, go } from '../router.js';
import { ui } from '../ui.js';
import { today, sexLabel } from '../format.js';
import { ObsNav, BedPicker, REASONS, reasonLabel, rules, loadRules } from './obs-common.js';

const FIELDS = ['person_id', 'kind', 'reason', 'reason_detail', 'exposure_date', 'site_id', 'room_id', 'bed', 'worker_id', 'doctor'];

function addDays(ymd, n) {
  const d = new Date(ymd + 'T00:00:00Z');
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

export default {
  components: { ObsNav, BedPicker },
  setup() {
    const role = session.user.role;
    const form = reactive({
      person_id: null, kind: role === 'site' ? 'central' : 'home', reason: '密切接触者', reason_detail: '',
      exposure_date: '', place: { site_id: role === 'site' ? session.user.site_id || null : null, room_id: null, bed: null },
      worker_id: null, doctor: '',
    });
    const errors = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])));
    const person = ref(null);
    const options = ref([]);
    const searching = ref(false);
    const saving = ref(false);
    const existing = ref(null);
    const workers = ref([]);
    const isAdmin = role === 'admin';

    onMounted(async () => {
      loadRules().catch((e) => ElMessage.error(e.message));
      const pid = Number(route.query.person);
      if (pid > 0) {
        try {
          const p = await get('/persons/' + pid);
          person.value = p;
          form.person_id = p.id;
          options.value = [p];
        } catch (e) { errors.person_id = e.message; }
      }
      if (isAdmin) {
        get('/users').then((r) => { workers.value = r.items.filter((u) => u.role === 'village' && !u.disabled); }).catch(() => {});
      }
    });
    async function searchPersons(q) {
      if (!q || !q.trim()) { options.value = person.value ? [person.value] : []; return; }
      searching.value = true;
      try { options.value = (await get('/persons', { q: q.trim(), per_page: 20 })).items; } catch (e) { ElMessage.error(e.message); } finally { searching.value = false; }
    }
    function pickPerson(id) {
      person.value = options.value.find((p) => p.id === id) || null;
      errors.person_id = '';
      existing.value = null;
    }
    const detailRequired = computed(() => form.reason === '密切接触者' || form.reason === '疫区返回');
    const detailKey = computed(() => (detailRequired.value ? form.reason : 'other'));
    const planned = computed(() => {
      const r = rules.value && rules.value.current;
      if (!r || !form.exposure_date) return '';
      const day1 = r.day0 ? addDays(form.exposure_date, 1) : form.exposure_date;
      const end = addDays(day1, r.period_days - 1);
      return t('obs.form.planned', { v: r.version, day1, end, days: r.period_days });
    });
    // the future only: the server checks the 60-day limit against its own clock
    const disabledDate = (d) => new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10) > today();
    function clear() { for (const k of FIELDS) errors[k] = ''; existing.value = null; }
    async function save() {
      clear();
      if (!form.person_id) errors.person_id = t('obs.form.personMissing');
      if (!form.exposure_date) errors.exposure_date = t('common.required');
      if (detailRequired.value && !form.reason_detail.trim()) errors.reason_detail = t('common.required');
      if (form.kind === 'central' && !form.place.site_id) errors.site_id = t('common.required');
      if (FIELDS.some((k) => errors[k])) return;
      const b = { person_id: form.person_id, kind: form.kind, reason: form.reason, exposure_date: form.exposure_date };
      if (form.reason_detail.trim()) b.reason_detail = form.reason_detail.trim();
      if (form.doctor.trim()) b.doctor = form.doctor.trim();
      if (form.worker_id) b.worker_id = form.worker_id;
      if (form.kind === 'central') {
        b.site_id = form.place.site_id;
        if (form.place.room_id) { b.room_id = form.place.room_id; if (form.place.bed) b.bed = form.place.bed; }
      }
      saving.value = true;
      try {
        const o = await post('/observations', b);
        ElMessage.success(t('obs.form.started', { name: o.name }));
        go('/obs/' + o.id);
      } catch (e) {
        if (e.code === 'obs_exists') { errors.person_id = e.message; existing.value = e.existingId; }
        else if (e.field && FIELDS.includes(e.field)) errors[e.field] = e.message;
        else ElMessage.error(e.message);
      } finally {
        saving.value = false;
      }
    }
    const labelWidth = computed(() => (t('obs.form.kind') === 'Kind' ? '170px' : '120px'));
    return {
      form, errors, person, options, searching, saving, existing, workers, isAdmin, role, ui, REASONS, session,
      detailRequired, detailKey, planned, labelWidth, searchPersons, pickPerson, disabledDate, save, reasonLabel, sexLabel,
    };
  },
  template: `
<div class="page obs-page obs-form-page">
  <obs-nav/>
  <div class="page-head"><h2>{{ $t('obs.form.title') }}</h2></div>
  <el-card shadow="never" class="narrow-card" style="max-width: 760px">
    <el-form :model="form" :label-position="ui.mobile ? 'top' : 'right'" :label-width="ui.mobile ? 'auto' : labelWidth" @submit.prevent="save" class="person-form obs-form" novalidate>
      <el-form-item :label="$t('obs.form.person')" required :error="errors.person_id" data-field="person_id">
        <el-select :model-value="form.person_id" @update:model-value="(v) => { form.person_id = v; pickPerson(v); }" filterable remote :remote-method="searchPersons"
          :loading="searching" :placeholder="$t('obs.form.pickPerson')" data-test="person-select" class="full">
          <el-option v-for="p in options" :key="p.id" :value="p.id" :label="p.name + ' ' + (p.doc_number || '')">
            <span>{{ p.name }}</span> <span class="muted mono">{{ p.doc_number }}</span> <span class="muted">{{ p.village_name }}</span>
          </el-option>
        </el-select>
        <template #error="{ error }"><div class="el-form-item__error field-error">{{ error }}
          <a v-if="existing" class="link" :href="'#/obs/' + existing" data-test="existing-link">{{ $t('obs.form.openExisting') }} #{{ existing }}</a></div></template>
        <div v-if="person" class="field-hint">{{ sexLabel(person.sex) }} · {{ person.village_name || '—' }} · {{ person.address }}</div>
      </el-form-item>
      <el-form-item :label="$t('obs.form.kind')" required :error="errors.kind">
        <el-radio-group v-model="form.kind" data-test="kind">
          <el-radio-button value="home" :disabled="role === 'site'">{{ $t('obs.kind.home') }}</el-radio-button>
          <el-radio-button value="central">{{ $t('obs.kind.central') }}</el-radio-button>
        </el-radio-group>
      </el-form-item>
      <bed-picker v-if="form.kind === 'central'" v-model="form.place" :errors="errors" :fixed-site="role === 'site' ? (session.user.site_id || 0) : 0"/>
      <el-form-item :label="$t('obs.form.reason')" required :error="errors.reason">
        <el-select v-model="form.reason" data-test="reason">
          <el-option v-for="r in REASONS" :key="r" :value="r" :label="reasonLabel(r)"/>
        </el-select>
      </el-form-item>
      <el-form-item :label="$t('obs.reasonDetail.' + detailKey)" :required="detailRequired" :error="errors.reason_detail" data-field="reason_detail">
        <el-input v-model="form.reason_detail" maxlength="200" name="reason_detail" :placeholder="$t('obs.reasonDetailPh.' + detailKey)" @input="errors.reason_detail = ''"/>
      </el-form-item>
      <el-form-item :label="$t('obs.form.exposure')" required :error="errors.exposure_date" data-field="exposure_date">
        <el-date-picker v-model="form.exposure_date" type="date" value-format="YYYY-MM-DD" format="YYYY-MM-DD" :disabled-date="disabledDate"
          placeholder="YYYY-MM-DD" :editable="!ui.mobile" class="full" @change="errors.exposure_date = ''" data-test="exposure"/>
        <div class="field-hint">{{ $t('obs.form.exposureHint') }}</div>
        <div v-if="planned" class="field-hint" data-test="planned"><b>{{ planned }}</b></div>
      </el-form-item>
      <el-form-item :label="$t('obs.form.doctor')" :error="errors.doctor">
        <el-input v-model="form.doctor" maxlength="60" name="doctor" :placeholder="$t('obs.form.doctorPh')"/>
      </el-form-item>
      <el-form-item v-if="isAdmin" :label="$t('obs.form.worker')" :error="errors.worker_id">
        <el-select v-model="form.worker_id" filterable clearable :placeholder="$t('person.choose')">
          <el-option v-for="u in workers" :key="u.id" :value="u.id" :label="u.name + '（' + (u.village_name || '') + '）'"/>
        </el-select>
      </el-form-item>
      <el-form-item v-else-if="role === 'village'" :label="$t('obs.form.worker')">
        <span class="muted">{{ $t('obs.form.workerSelf', { name: session.user.name }) }}</span>
      </el-form-item>
      <div class="form-actions" :style="ui.mobile ? null : { paddingLeft: labelWidth }">
        <el-button type="primary" native-type="submit" :loading="saving" data-test="start-save">{{ $t('obs.form.save') }}</el-button>
        <el-button @click="person ? $go('/persons/' + person.id) : $go('/obs/list')">{{ $t('common.cancel') }}</el-button>
      </div>
    </el-form>
  </el-card>
</div>`,
};
