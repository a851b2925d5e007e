// One verification task: who (masked; the person page reveals, audited),
// what the list said where the import could not take it (a phone that is
// not one, as received, so the village can still call), which list, the
// deadline, and — while open — the result form: the result,
// 去向 required for 不在本地, a site for 集中医学观察, a note.  Choosing 居家
// or 集中 starts the observation on the server.  For the office, the
// registered persons of the same name and birth date are shown beside the
// listed one with a one-click 是同一人 (merge).
import { ref, reactive, computed, onMounted, onUnmounted } from '/vendor/vue.js';
import { ElMessage, ElMessageBox } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { go } from '../router.js';
import { ui } from '../ui.js';
import { fmtTime, sexLabel, docLabel, sourceLabel } from '../format.js';
import { LISTS, RESULTS, useClock, countdown, deadlineType, resultLabel, resultType } from '../mod/lists.js';

export default {
  props: { id: Number },
  setup(props) {
    const task = ref(null);
    const error = ref('');
    const loading = ref(true);
    const form = reactive({ result: '', whereabouts: '', note: '', site_id: null });
    const errors = reactive({ result: '', whereabouts: '', note: '', site_id: '' });
    const saving = ref(false);
    const sites = ref(null); // null = not loaded, [] = none or not readable
    const sitesError = ref('');
    const me = ref(null); // the listed person (for the birth date)
    const cands = ref([]); // registered persons of the same name and birth date
    const merging = ref(0);
    const office = LISTS.includes(session.user.role);
    const stop = useClock();
    onUnmounted(stop);

    async function load() {
      loading.value = true;
      try {
        task.value = await get('/tasks/' + props.id);
        error.value = '';
        if (office && task.value.candidates && task.value.candidates.length) loadCandidates();
        else cands.value = [];
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    }
    async function loadCandidates() {
      const ids = task.value.candidates;
      const all = await Promise.allSettled([get('/persons/' + task.value.person_id), ...ids.map((i) => get('/persons/' + i))]);
      me.value = all[0].status === 'fulfilled' ? all[0].value : null;
      cands.value = all.slice(1).filter((r) => r.status === 'fulfilled').map((r) => r.value);
    }
    onMounted(load);

    async function loadSites() {
      if (sites.value) return;
      try {
        const r = await get('/sites');
        sites.value = r.items.filter((s) => s.active !== 0);
      } catch {
        sites.value = [];
        sitesError.value = t('task.sitesUnavailable');
      }
    }
    function onResult() {
      errors.result = '';
      errors.site_id = '';
      if (form.result !== '不在本地') errors.whereabouts = '';
      if (form.result === '已落实-集中医学观察') loadSites();
    }
    async function submit() {
      for (const k of Object.keys(errors)) errors[k] = '';
      if (!form.result) errors.result = t('task.resultRequired');
      if (form.result === '不在本地' && !form.whereabouts.trim()) errors.whereabouts = t('task.whereaboutsRequired');
      if (form.result === '已落实-集中医学观察' && !form.site_id && sites.value && sites.value.length) errors.site_id = t('task.siteRequired');
      if (Object.values(errors).some(Boolean)) return;
      const b = { result: form.result, note: form.note.trim() };
      if (form.result === '不在本地') b.whereabouts = form.whereabouts.trim();
      if (form.result === '已落实-集中医学观察' && form.site_id) b.site_id = form.site_id;
      saving.value = true;
      try {
        const r = await post(`/tasks/${props.id}/result`, b);
        ElMessage.success(t('task.saved'));
        if (r.observation_id && form.result.includes('医学观察')) ElMessage({ type: 'success', message: t('task.obsStarted', { id: r.observation_id }), duration: 4000 });
        back();
      } catch (e) {
        if (e.code === 'task_done') { ElMessage.warning(e.message); load(); } else if (e.field && e.field in errors) errors[e.field] = e.message;
        else ElMessage.error(e.message);
      } finally {
        saving.value = false;
      }
    }
    async function samePerson(c) {
      try {
        await ElMessageBox.confirm(t('task.sameConfirm', { a: task.value.name, id: c.id, b: c.name }), t('task.sameTitle'), {
          type: 'warning', confirmButtonText: t('task.samePerson'), cancelButtonText: t('common.cancel'),
        });
      } catch { return; }
      merging.value = c.id;
      try {
        task.value = await post(`/tasks/${props.id}/same-person`, { candidate_id: c.id });
        cands.value = [];
        ElMessage.success(t('task.merged'));
      } catch (e) {
        ElMessage.error(e.message);
      } finally {
        merging.value = 0;
      }
    }
    // back to the task list as it was left
    function back() { location.hash = sessionStorage.getItem('fk.tasks.list') || '#/tasks'; }
    const isOpen = computed(() => task.value && task.value.status === 'open');
    // what the list said where the import could not take it (a phone left
    // empty, an odd date): shown beside the field, as received
    const rawOf = (field) => (task.value && task.value.row_warnings ? task.value.row_warnings.filter((w) => w.field === field && w.value) : []);
    const canRecord = computed(() => ['admin', 'commander', 'verifier', 'village'].includes(session.user.role));
    return {
      task, error, loading, form, errors, saving, sites, sitesError, me, cands, merging, office, isOpen, canRecord, rawOf, ui, Icons, RESULTS,
      onResult, submit, samePerson, back, go, fmtTime, sexLabel, docLabel, sourceLabel, countdown, deadlineType, resultLabel, resultType,
    };
  },
  template: `
<div class="page task-detail-page" v-loading="loading">
  <div class="page-head">
    <h2>{{ $t('task.detail') }}<span v-if="task" class="sub"> · {{ task.name }}</span></h2>
    <div class="head-actions">
      <el-button :icon="Icons.Back" @click="back">{{ $t('task.back') }}</el-button>
    </div>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <template v-if="task">
    <el-alert v-if="task.flag" :title="task.flag" :description="$t('task.flagNote')" type="warning" show-icon :closable="false" class="mb"/>
    <el-card shadow="never" class="mb task-info">
      <div class="ti-head">
        <span class="tc-name">{{ task.name }}</span><span class="pc-meta">{{ sexLabel(task.sex) }}</span>
        <el-tag v-if="task.status === 'done'" :type="resultType(task.result)" class="tc-right" data-test="task-status">{{ resultLabel(task.result) }}</el-tag>
        <el-tag v-else :type="deadlineType(task.deadline_at, false)" effect="dark" class="tc-right" data-test="countdown">{{ countdown(task.deadline_at) }}</el-tag>
      </div>
      <el-descriptions :column="ui.mobile ? 1 : 2" border size="small" :label-width="ui.mobile ? 88 : 110" class="task-desc">
        <el-descriptions-item :label="docLabel(task.doc_type) || $t('person.docNumber')"><span class="mono">{{ task.doc_number || '—' }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('person.phone')"><span class="mono">{{ task.phone || '—' }}</span>
          <div v-for="(w, k) in rawOf('phone')" :key="k" class="raw-cell" data-test="raw-phone">{{ $t('task.rawCell', { v: w.value }) }}
            <div class="muted small">{{ w.message }}</div></div></el-descriptions-item>
        <el-descriptions-item :label="$t('person.address')" :span="ui.mobile ? 1 : 2">{{ task.address || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('task.origin')">{{ task.origin || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('task.arrival')">{{ task.arrival_date || '—' }}
          <div v-for="(w, k) in rawOf('arrival')" :key="k" class="raw-cell" data-test="raw-arrival">{{ w.message }}<template v-if="!task.arrival_date">：{{ $t('task.rawCell', { v: w.value }) }}</template></div></el-descriptions-item>
        <el-descriptions-item :label="$t('task.village')">{{ task.village_name || $t('task.unassigned') }}</el-descriptions-item>
        <el-descriptions-item :label="$t('task.deadline')">{{ fmtTime(task.deadline_at) }}</el-descriptions-item>
        <el-descriptions-item :label="$t('task.source')" :span="ui.mobile ? 1 : 2">
          <template v-if="task.task_source === '自排发现'">{{ $t('task.selfFound') }}</template>
          <template v-else>{{ task.source }}<template v-if="task.batch"> · {{ task.batch }}</template>
            <a v-if="office && task.list_id" class="link ml" :href="'#/lists/' + task.list_id">#{{ task.list_id }}</a></template>
        </el-descriptions-item>
        <template v-if="task.status === 'done'">
          <el-descriptions-item :label="$t('task.result')"><el-tag size="small" :type="resultType(task.result)">{{ resultLabel(task.result) }}</el-tag></el-descriptions-item>
          <el-descriptions-item :label="$t('task.resultAt')">{{ fmtTime(task.result_at) }}</el-descriptions-item>
          <el-descriptions-item v-if="task.whereabouts" :label="$t('task.whereabouts')">{{ task.whereabouts }}</el-descriptions-item>
          <el-descriptions-item v-if="task.note" :label="$t('task.note')">{{ task.note }}</el-descriptions-item>
          <el-descriptions-item v-if="task.observation_id" :label="$t('task.observation')"><span data-test="observation-id">#{{ task.observation_id }}</span></el-descriptions-item>
        </template>
      </el-descriptions>
      <div class="mt-s"><a class="link" :href="'#/persons/' + task.person_id" data-test="person-link"><el-icon><icon-user/></el-icon> {{ $t('task.personDetail') }}</a></div>
    </el-card>

    <el-card v-if="office && cands.length" shadow="never" class="mb candidates-card" data-test="candidates">
      <template #header><span class="card-title">{{ $t('task.candidates') }}</span></template>
      <p class="muted">{{ $t('task.candidatesHelp') }}</p>
      <div class="cand-grid">
        <div class="cand this" v-if="me">
          <div class="cand-kind">{{ $t('task.thisPerson') }}</div>
          <div class="cand-name">{{ me.name }} <span class="pc-meta">{{ sexLabel(me.sex) }} · {{ me.birth_date }}</span></div>
          <div class="pc-line"><span class="lbl">{{ $t('person.docNumber') }}</span><span class="mono">{{ me.doc_number || '—' }}</span></div>
          <div class="pc-line"><span class="lbl">{{ $t('person.phone') }}</span><span class="mono">{{ me.phone || '—' }}</span></div>
          <div class="pc-line addr">{{ me.address }}</div>
        </div>
        <div v-for="c in cands" :key="c.id" class="cand" data-test="candidate">
          <div class="cand-kind">{{ $t('task.registered') }} <a class="link" :href="'#/persons/' + c.id">#{{ c.id }}</a></div>
          <div class="cand-name">{{ c.name }} <span class="pc-meta">{{ sexLabel(c.sex) }} · {{ c.birth_date }}</span></div>
          <div class="pc-line"><span class="lbl">{{ $t('person.docNumber') }}</span><span class="mono">{{ c.doc_number || '—' }}</span></div>
          <div class="pc-line"><span class="lbl">{{ $t('person.phone') }}</span><span class="mono">{{ c.phone || '—' }}</span></div>
          <div class="pc-line"><span class="lbl">{{ $t('person.village') }}</span><span>{{ c.village_name || '—' }}</span></div>
          <div class="pc-line addr">{{ c.address }}</div>
          <div class="pc-line small muted">{{ sourceLabel(c.source) }} · {{ fmtTime(c.created_at) }}</div>
          <el-button type="warning" :icon="Icons.Connection" :loading="merging === c.id" @click="samePerson(c)" class="mt-s block-on-mobile" data-test="same-person">{{ $t('task.samePerson') }}</el-button>
        </div>
      </div>
    </el-card>
    <el-alert v-else-if="!office && task.candidates && task.candidates.length" :title="$t('task.candidatesVillage', { n: task.candidates.length })"
      type="info" show-icon :closable="false" class="mb"/>

    <el-alert v-if="isOpen && !task.village_id && office" type="warning" show-icon :closable="false" class="mb">
      <template #title>{{ $t('task.queue') }} · <a class="link" :href="'#/tasks?village=-1' + (task.list_id ? '&list=' + task.list_id : '')">{{ $t('lists.goAssign') }}</a></template>
    </el-alert>
    <el-card v-if="isOpen && canRecord" shadow="never" class="result-card" data-test="result-form">
      <template #header><span class="card-title">{{ $t('task.form') }}</span></template>
      <el-form :model="form" label-position="top" @submit.prevent="submit" class="result-form">
        <el-form-item :label="$t('task.result')" required :error="errors.result" data-field="result">
          <el-radio-group v-model="form.result" @change="onResult" class="result-options" data-test="result-options">
            <el-radio v-for="r in RESULTS" :key="r" :value="r" border :data-result="r">{{ resultLabel(r) }}</el-radio>
          </el-radio-group>
          <div v-if="form.result.startsWith('已落实-') && form.result.includes('医学观察')" class="field-hint">{{ $t('task.obsNote') }}</div>
        </el-form-item>
        <el-form-item v-if="form.result === '不在本地'" :label="$t('task.whereabouts')" required :error="errors.whereabouts" data-field="whereabouts">
          <el-input v-model="form.whereabouts" maxlength="200" :placeholder="$t('task.whereaboutsPlaceholder')" @input="errors.whereabouts = ''" name="whereabouts"/>
        </el-form-item>
        <el-form-item v-if="form.result === '已落实-集中医学观察'" :label="$t('task.site')" required :error="errors.site_id" data-field="site_id">
          <el-select v-model="form.site_id" :placeholder="$t('task.sitePlaceholder')" :loading="sites === null" class="full" @change="errors.site_id = ''" data-test="site-select">
            <el-option v-for="s in sites || []" :key="s.id" :value="s.id" :label="s.name">
              <span>{{ s.name }}</span><span class="muted opt-right">{{ $t('task.siteBeds', { occupied: s.occupied, beds: s.beds }) }}</span>
            </el-option>
          </el-select>
          <div v-if="sitesError" class="field-hint">{{ sitesError }}</div>
        </el-form-item>
        <el-form-item :label="$t('task.note')" :error="errors.note" data-field="note">
          <el-input v-model="form.note" type="textarea" :rows="2" maxlength="500" show-word-limit :placeholder="$t('task.notePlaceholder')" name="note"/>
        </el-form-item>
        <div class="form-actions">
          <el-button type="primary" native-type="submit" :loading="saving" data-test="submit-result">{{ $t('task.submit') }}</el-button>
        </div>
      </el-form>
    </el-card>
  </template>
</div>`,
};
