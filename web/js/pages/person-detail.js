// One person, masked; 显示完整信息 asks /persons/{id}/reveal, which the
// server records in the audit log (the page says so before and after).
import { ref, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { ui } from '../ui.js';
import { PERSON_WRITE } from '../roles.js';
import { OBS_WRITE } from '../mod/obs.js';
import { fmtTime, sexLabel, docLabel, sourceLabel, age } from '../format.js';

export default {
  props: { id: Number },
  setup(props) {
    const p = ref(null);
    const full = ref(null); // {doc_number, phone} after reveal
    const shown = ref(false);
    const error = ref('');
    const loading = ref(true);
    const revealing = ref(false);
    const canWrite = computed(() => PERSON_WRITE.includes(session.user.role));
    const canObs = computed(() => OBS_WRITE.includes(session.user.role));

    onMounted(async () => {
      try {
        p.value = await get('/persons/' + props.id);
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    });
    async function reveal() {
      if (full.value) { shown.value = true; return; }
      revealing.value = true;
      try {
        full.value = await post('/persons/' + props.id + '/reveal');
        shown.value = true;
        ElMessage({ type: 'warning', message: t('person.revealed'), duration: 4000 });
      } catch (e) {
        ElMessage.error(e.message);
      } finally {
        revealing.value = false;
      }
    }
    const doc = computed(() => (shown.value && full.value ? full.value.doc_number : p.value && p.value.doc_number));
    const phone = computed(() => (shown.value && full.value ? full.value.phone : p.value && p.value.phone));
    // back to the list as it was left (search, page), not to the form just saved
    const back = () => { location.hash = sessionStorage.getItem('fk.persons.list') || '#/persons'; };
    return { back, p, full, shown, error, loading, revealing, canWrite, canObs, doc, phone, reveal, ui, Icons, fmtTime, sexLabel, docLabel, sourceLabel, age };
  },
  template: `
<div class="page person-detail-page" v-loading="loading">
  <div class="page-head">
    <h2>{{ $t('person.detail') }}<span v-if="p" class="sub"> · {{ p.name }}</span></h2>
    <div class="head-actions">
      <el-button :icon="Icons.Back" @click="back">{{ $t('common.back') }}</el-button>
      <el-button v-if="p && canWrite" type="primary" :icon="Icons.Edit" @click="$go('/persons/' + p.id + '/edit')" data-test="edit-person">{{ $t('common.edit') }}</el-button>
      <el-button v-if="p && canObs" :icon="Icons.FirstAidKit" @click="$go('/obs/new', { person: p.id })" data-test="start-obs">{{ $t('obs.list.new') }}</el-button>
    </div>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <template v-if="p">
    <el-card shadow="never" class="mb">
      <el-descriptions :column="ui.mobile ? 1 : 2" border :label-width="ui.mobile ? 96 : 130" class="person-desc">
        <el-descriptions-item :label="$t('person.name')"><b>{{ p.name }}</b></el-descriptions-item>
        <el-descriptions-item :label="$t('person.sex')">{{ sexLabel(p.sex) }}</el-descriptions-item>
        <el-descriptions-item :label="$t('person.docType')">{{ docLabel(p.doc_type) }}</el-descriptions-item>
        <el-descriptions-item :label="$t('person.docNumber')">
          <span class="mono" data-test="doc-number">{{ doc || '—' }}</span>
          <el-tag v-if="!shown && doc" size="small" type="info" class="ml">{{ $t('person.masked') }}</el-tag>
          <el-tag v-if="shown" size="small" type="warning" class="ml">{{ $t('person.audited') }}</el-tag>
        </el-descriptions-item>
        <el-descriptions-item :label="$t('person.birthDate')">{{ p.birth_date || '—' }}<template v-if="age(p.birth_date) != null">（{{ $t('person.age', { n: age(p.birth_date) }) }}）</template></el-descriptions-item>
        <el-descriptions-item :label="$t('person.phone')"><span class="mono" data-test="phone">{{ phone || '—' }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('person.village')">{{ p.village_name || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('person.source')">{{ sourceLabel(p.source) }}</el-descriptions-item>
        <el-descriptions-item :label="$t('person.address')" :span="ui.mobile ? 1 : 2">{{ p.address || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('person.hukou')" :span="ui.mobile ? 1 : 2">{{ p.hukou || '—' }}</el-descriptions-item>
        <el-descriptions-item :label="$t('person.notes')" :span="ui.mobile ? 1 : 2"><span class="pre">{{ p.notes || '—' }}</span></el-descriptions-item>
        <el-descriptions-item :label="$t('person.createdAt')">{{ fmtTime(p.created_at) }}</el-descriptions-item>
        <el-descriptions-item :label="$t('person.updatedAt')">{{ fmtTime(p.updated_at) }}</el-descriptions-item>
      </el-descriptions>
    </el-card>
    <div class="reveal-bar">
      <el-button v-if="!shown" type="warning" plain :icon="Icons.View" :loading="revealing" @click="reveal" data-test="reveal">{{ $t('person.reveal') }}</el-button>
      <el-button v-else plain :icon="Icons.Hide" @click="shown = false" data-test="hide">{{ $t('person.hide') }}</el-button>
      <span class="reveal-note"><el-icon><icon-warning/></el-icon> {{ $t('person.revealNote') }}</span>
    </div>
  </template>
</div>`,
};
