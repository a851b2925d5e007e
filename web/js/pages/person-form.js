// Register or edit a person.  Every field is checked here first (GB 11643
// ID numbers, phones, birth dates: js/valid.js, the server's rules and
// messages) so that all problems show at once; the server still decides:
// its 422 message appears under the field it names and leaves the other
// fields' messages alone, a 409 duplicate links to the person already
// registered.  Leaving the ID field
// asks /persons/check early and fills sex and birth date from the number.
// When editing, the document number and phone arrive masked: their inputs
// start empty ("leave empty to keep") and only changed fields are sent.
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import { t, lang } from '../i18n.js';
import { get, post, patch, session } from '../api.js';
import { go, route } from '../router.js';
import { ui } from '../ui.js';
import { villages, loadVillages } from '../data.js';
import { DOC_TYPES, SEXES, SOURCES, docLabel, sexLabel, sourceLabel, today } from '../format.js';
import { docError, phoneError, birthError } from '../valid.js';

const FIELDS = ['name', 'doc_type', 'doc_number', 'sex', 'birth_date', 'phone', 'address', 'village_id', 'hukou', 'notes', 'source'];

function blank() {
  return { name: '', doc_type: 'id_card', doc_number: '', sex: null, birth_date: '', phone: '', address: '', village_id: null, hukou: '', notes: '', source: '自排发现' };
}

export default {
  props: { id: Number },
  setup(props) {
    const form = reactive(blank());
    // a field's message: what the form found (local) or what the server
    // answered (server); typing in a field clears both for that field
    const local = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])));
    const server = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])));
    const errors = computed(() => Object.fromEntries(FIELDS.map((f) => [f, local[f] || server[f]])));
    const hints = reactive({ doc_number: '', phone: '' });
    const dup = ref(null);
    const orig = ref(null); // the person being edited (masked)
    const loading = ref(false);
    const saving = ref(false);
    const loadError = ref('');
    const formRef = ref();
    const editing = computed(() => !!props.id);
    // #/persons/new?next=/tasks/self-found: after saving (or picking the
    // duplicate already registered) go to #/tasks/self-found?person=<id>
    const next = /^\/[A-Za-z0-9/_-]*$/.test(route.query.next || '') ? route.query.next : '';
    const scoped = computed(() => session.user.role === 'village');

    function touch(field) {
      local[field] = '';
      server[field] = '';
      if (field === 'doc_number' || field === 'doc_type') {
        dup.value = null;
        hints.doc_number = '';
        // sex and birth date are checked against the number: a new number may settle them
        server.sex = '';
        server.birth_date = '';
        server.doc_number = '';
      }
    }
    // The form's own checks of every field; true when all pass.
    function validate() {
      const v = (k) => (typeof form[k] === 'string' ? form[k].trim() : form[k]);
      local.name = v('name') ? '' : t('common.required');
      const doc = v('doc_number');
      if (doc) local.doc_number = docError(form.doc_type, doc);
      else local.doc_number = editing.value && form.doc_type !== orig.value.doc_type ? t('common.required') : '';
      local.phone = phoneError(v('phone'));
      local.birth_date = birthError(form.birth_date || '');
      return !FIELDS.some((f) => local[f]);
    }

    onMounted(async () => {
      loadVillages().catch((e) => ElMessage.error(e.message));
      if (!props.id) {
        if (scoped.value) form.village_id = session.user.village_id;
        return;
      }
      loading.value = true;
      try {
        const p = await get('/persons/' + props.id);
        orig.value = p;
        Object.assign(form, {
          name: p.name, doc_type: p.doc_type || 'id_card', doc_number: '', sex: p.sex ?? null,
          birth_date: p.birth_date || '', phone: '', address: p.address || '', village_id: p.village_id || null,
          hukou: p.hukou || '', notes: p.notes || '', source: p.source || '自排发现',
        });
      } catch (e) {
        loadError.value = e.message;
      } finally {
        loading.value = false;
      }
    });

    // Early check of the document number: message under the field, or fill
    // sex and birth date from a valid ID number.
    // A check answered after a save started must not overwrite the save's
    // messages (leaving the field by clicking 保存 sends both at once).
    let saves = 0;
    async function checkDoc() {
      const v = form.doc_number.trim();
      if (!v) return;
      local.doc_number = docError(form.doc_type, v);
      if (local.doc_number) return;
      const at = saves;
      try {
        const r = await post('/persons/check', { doc_type: form.doc_type, doc_number: v });
        if (form.doc_number.trim() !== v || at !== saves) return;
        server.doc_number = '';
        if (form.doc_type === 'id_card') {
          form.sex = r.sex;
          form.birth_date = r.birth_date;
          for (const f of ['sex', 'birth_date']) { local[f] = ''; server[f] = ''; }
          hints.doc_number = r.warning === 'id_region_unknown' ? t('person.warnRegion') : t('person.derived');
        }
      } catch (e) {
        if (form.doc_number.trim() !== v || at !== saves) return;
        if (e.status === 422) server[FIELDS.includes(e.field) ? e.field : 'doc_number'] = e.message;
        else ElMessage.error(e.message);
      }
    }
    async function checkPhone() {
      const v = form.phone.trim();
      if (!v) return;
      local.phone = phoneError(v);
      if (local.phone) return;
      const at = saves;
      try {
        const r = await post('/persons/check', { phone: v });
        if (form.phone.trim() !== v || at !== saves) return;
        server.phone = '';
        if (r.phone) form.phone = r.phone;
      } catch (e) {
        if (form.phone.trim() !== v || at !== saves) return;
        if (e.status === 422) server.phone = e.message;
        else ElMessage.error(e.message);
      }
    }

    function body() {
      const b = {};
      const o = orig.value;
      for (const k of FIELDS) {
        let v = form[k];
        if (typeof v === 'string') v = v.trim();
        if (k === 'doc_number' || k === 'phone') {
          if (v) b[k] = v;
          continue;
        }
        if (o) {
          const was = o[k] ?? (k === 'sex' || k === 'village_id' ? null : '');
          if (v !== was && !(v === '' && was == null)) {
            if (v == null) continue; // cannot unset sex or village: keep
            b[k] = v;
          }
        } else if (v !== '' && v != null) {
          b[k] = v;
        }
      }
      return b;
    }

    async function save() {
      saves++;
      if (!validate()) { scrollToError(); return; }
      const b = body();
      if (editing.value && !Object.keys(b).length) { go('/persons/' + props.id); return; }
      saving.value = true;
      try {
        const p = editing.value ? await patch('/persons/' + props.id, b) : await post('/persons', b);
        ElMessage.success(t(editing.value ? 'person.updated' : 'person.created', { name: p.name }));
        for (const w of p.warnings || []) ElMessage({ type: 'warning', message: w.message, duration: 6000 });
        if (next) go(next, { person: p.id });
        else go('/persons/' + p.id);
      } catch (e) {
        // one field's answer: the other fields keep their messages
        if (e.status === 409 && e.code === 'duplicate_doc') {
          server.doc_number = e.message;
          dup.value = e.existingId;
        } else if ((e.status === 422 || e.status === 400) && FIELDS.includes(e.field)) {
          server[e.field] = e.message;
        } else {
          ElMessage.error(e.message);
        }
        scrollToError();
      } finally {
        saving.value = false;
      }
    }
    function scrollToError() {
      setTimeout(() => {
        const el = document.querySelector('.person-form .is-error');
        if (el) el.scrollIntoView({ block: 'center', behavior: 'smooth' });
      }, 0);
    }
    function cancel() { go(next || (editing.value ? '/persons/' + props.id : '/persons')); }
    const useExisting = () => go(next, { person: dup.value });
    // no disabled-date on the picker: el-date-picker drops a typed disabled
    // date silently; a birth date after today stays with its message instead
    function onBirth() { touch('birth_date'); local.birth_date = birthError(form.birth_date || ''); }
    const labelWidth = computed(() => (lang.value === 'en' ? '170px' : '100px'));
    const span = computed(() => (ui.mobile ? 24 : 12));

    return {
      form, errors, hints, dup, orig, loading, saving, loadError, formRef, editing, scoped, villages, ui,
      labelWidth, span, DOC_TYPES, SEXES, SOURCES, docLabel, sexLabel, sourceLabel,
      checkDoc, checkPhone, save, cancel, touch, onBirth, today, next, useExisting,
    };
  },
  template: `
<div class="page person-form-page">
  <div class="page-head">
    <h2>{{ editing ? $t('person.editTitle') : $t('person.new') }}<span v-if="orig" class="sub"> · {{ orig.name }}</span></h2>
  </div>
  <el-alert v-if="loadError" :title="loadError" type="error" show-icon :closable="false"/>
  <el-card v-else shadow="never" v-loading="loading">
    <el-form ref="formRef" :model="form" class="person-form" :label-position="ui.mobile ? 'top' : 'right'" :label-width="ui.mobile ? 'auto' : labelWidth"
      @submit.prevent="save" novalidate>
      <el-row :gutter="24">
        <el-col :span="span">
          <el-form-item :label="$t('person.name')" prop="name" required :error="errors.name" data-field="name">
            <el-input v-model="form.name" maxlength="50" @input="touch('name')" name="name"/>
          </el-form-item>
        </el-col>
        <el-col :span="span">
          <el-form-item :label="$t('person.docType')" prop="doc_type" :error="errors.doc_type" data-field="doc_type">
            <el-select v-model="form.doc_type" @change="touch('doc_type'); touch('doc_number'); checkDoc()" data-test="doc-type">
              <el-option v-for="d in DOC_TYPES" :key="d" :value="d" :label="docLabel(d)"/>
            </el-select>
          </el-form-item>
        </el-col>
        <el-col :span="span">
          <el-form-item :label="$t('person.docNumber')" prop="doc_number" :error="errors.doc_number" :show-message="false" class="with-msg" data-field="doc_number">
            <el-input v-model="form.doc_number" maxlength="40" name="doc_number" autocomplete="off" class="mono-input"
              :placeholder="orig && orig.doc_number ? $t('person.keepPlaceholder', { v: orig.doc_number }) : (form.doc_type === 'id_card' ? $t('person.docPlaceholder') : '')"
              @input="touch('doc_number')" @blur="checkDoc"/>
            <div class="msg-line">
              <div v-if="errors.doc_number" class="el-form-item__error field-error" data-test="doc-error">{{ errors.doc_number }}
                <a v-if="dup" class="link" :href="'#/persons/' + dup" data-test="dup-link">{{ $t('person.openExisting') }} #{{ dup }}</a>
                <template v-if="dup && next"> · <a class="link" @click.prevent="useExisting" href="#" data-test="use-existing">{{ $t('person.useExisting') }}</a></template></div>
              <div v-else-if="hints.doc_number" class="field-hint" data-test="doc-hint">{{ hints.doc_number }}</div>
            </div>
          </el-form-item>
        </el-col>
        <el-col :span="span">
          <el-form-item :label="$t('person.sex')" prop="sex" :error="errors.sex" data-field="sex">
            <el-radio-group v-model="form.sex" @change="touch('sex')">
              <el-radio v-for="s in SEXES" :key="s" :value="s">{{ sexLabel(s) }}</el-radio>
            </el-radio-group>
          </el-form-item>
        </el-col>
        <el-col :span="span">
          <el-form-item :label="$t('person.birthDate')" prop="birth_date" :error="errors.birth_date" data-field="birth_date">
            <el-date-picker v-model="form.birth_date" type="date" value-format="YYYY-MM-DD" format="YYYY-MM-DD"
              placeholder="YYYY-MM-DD" :editable="!ui.mobile" @change="onBirth" class="full" data-test="birth-date"/>
          </el-form-item>
        </el-col>
        <el-col :span="span">
          <el-form-item :label="$t('person.phone')" prop="phone" :error="errors.phone" :show-message="false" class="with-msg" data-field="phone">
            <el-input v-model="form.phone" type="tel" inputmode="tel" maxlength="30" name="phone" class="mono-input"
              :placeholder="orig && orig.phone ? $t('person.keepPlaceholder', { v: orig.phone }) : $t('person.phonePlaceholder')"
              @input="touch('phone')" @blur="checkPhone"/>
            <div class="msg-line"><div v-if="errors.phone" class="el-form-item__error field-error">{{ errors.phone }}</div></div>
          </el-form-item>
        </el-col>
        <el-col :span="span">
          <el-form-item :label="$t('person.village')" prop="village_id" :error="errors.village_id" data-field="village_id">
            <el-select v-model="form.village_id" filterable :disabled="scoped" :placeholder="$t('person.choose')" @change="touch('village_id')" data-test="village-select">
              <el-option v-for="v in villages" :key="v.id" :label="v.name" :value="v.id"/>
            </el-select>
            <div v-if="scoped" class="field-hint">{{ $t('person.scopeNote') }}</div>
          </el-form-item>
        </el-col>
        <el-col :span="span">
          <el-form-item :label="$t('person.source')" prop="source" :error="errors.source" data-field="source">
            <el-radio-group v-model="form.source">
              <el-radio v-for="s in SOURCES" :key="s" :value="s">{{ sourceLabel(s) }}</el-radio>
            </el-radio-group>
          </el-form-item>
        </el-col>
        <el-col :span="24">
          <el-form-item :label="$t('person.address')" prop="address" :error="errors.address" data-field="address">
            <el-input v-model="form.address" maxlength="200" :placeholder="$t('person.addressPlaceholder')" @input="touch('address')" name="address"/>
          </el-form-item>
        </el-col>
        <el-col :span="24">
          <el-form-item :label="$t('person.hukou')" prop="hukou" :error="errors.hukou" data-field="hukou">
            <el-input v-model="form.hukou" maxlength="200" :placeholder="$t('person.hukouPlaceholder')" @input="touch('hukou')" name="hukou"/>
          </el-form-item>
        </el-col>
        <el-col :span="24">
          <el-form-item :label="$t('person.notes')" prop="notes" :error="errors.notes" data-field="notes">
            <el-input v-model="form.notes" type="textarea" :rows="3" maxlength="1000" show-word-limit @input="touch('notes')" name="notes"/>
          </el-form-item>
        </el-col>
      </el-row>
      <div class="form-actions" :style="ui.mobile ? null : { paddingLeft: labelWidth }">
        <el-button type="primary" native-type="submit" :loading="saving" data-test="save">{{ $t('common.save') }}</el-button>
        <el-button @click="cancel">{{ $t('common.cancel') }}</el-button>
      </div>
    </el-form>
  </el-card>
</div>`,
};
