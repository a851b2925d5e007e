// 检疫点发热: fevers entered at a checkpoint, open until the office
// acknowledges them — the time, checkpoint, person, temperature, the
// referral (hospital, transport, when the person left) and the centralized
// observation it started (waiting for a site, or placed).  Shown at the top
// of the commander's dashboard and of the alerts page; read every 30 s while
// shown, so a new fever appears without a reload.  The server scopes it (a
// checkpoint sees its own, a village its persons); the office acknowledges.
import { ref, computed, onMounted, onBeforeUnmount } from '/vendor/vue.js';
import { ElMessage, ElMessageBox } from '/vendor/element-plus.js';
import { t } from '../i18n.js';
import { get, post, session } from '../api.js';
import { fmtTime } from '../format.js';

export const CP_FEVER_READ = ['admin', 'commander', 'observer', 'village', 'checkpoint'];
const ACK = ['admin', 'commander', 'observer'];
const POLL_MS = 30000;

export default {
  props: { hideEmpty: { type: Boolean, default: false } },
  // 'open': the number still to acknowledge, after every read (the
  // dashboard's tile follows it instead of waiting for its own reload)
  emits: ['open'],
  setup(props, { emit }) {
    const rows = ref([]);
    const open = ref(0);
    const error = ref('');
    const loaded = ref(false);
    const canAck = computed(() => ACK.includes(session.user.role));
    let tm = 0;
    async function load() {
      try {
        const r = await get('/checkpoint/alerts');
        rows.value = r.items;
        open.value = r.open;
        emit('open', r.open);
        error.value = '';
      } catch (e) { error.value = e.message; } finally { loaded.value = true; }
    }
    onMounted(() => { load(); tm = setInterval(load, POLL_MS); });
    onBeforeUnmount(() => clearInterval(tm));
    async function ack(a) {
      let note = '';
      try {
        const r = await ElMessageBox.prompt(t('cpf.ackPrompt', { name: a.name }), t('cpf.ackTitle'), {
          inputPlaceholder: t('cpf.notePh'), inputValue: '', confirmButtonText: t('cpf.ack'), cancelButtonText: t('common.cancel'),
        });
        note = (r.value || '').trim();
      } catch { return; }
      try {
        await post(`/checkpoint/alerts/${a.id}/ack`, note ? { note } : {});
        ElMessage.success(t('cpf.acked'));
        load();
      } catch (e) { ElMessage.error(e.message); load(); }
    }
    const temp = (x) => (x / 10).toFixed(1);
    const referral = (a) => (a.hospital ? [a.hospital, a.transport, a.referred_at ? t('cpf.left', { t: fmtTime(a.referred_at) }) : '']
      .filter(Boolean).join(' · ') : t('cpf.noReferral'));
    return { rows, open, error, loaded, canAck, ack, temp, referral, fmtTime };
  },
  template: `
<el-card v-if="!hideEmpty || rows.length || error" shadow="never" class="cp-fevers" :class="{ hot: rows.length }" data-test="cp-fevers">
  <template #header><div class="card-head"><span><b>{{ $t('cpf.title') }}</b>
    <el-tag v-if="rows.length" type="danger" effect="dark" size="small" data-test="cp-fevers-open">{{ $t('cpf.open', { n: open }) }}</el-tag></span>
    <span class="muted small">{{ $t('cpf.hint') }}</span></div></template>
  <el-alert v-if="error" :title="error" type="error" :closable="false" show-icon/>
  <div v-else-if="loaded && !rows.length" class="muted" data-test="cp-fevers-none">{{ $t('cpf.none') }}</div>
  <div v-for="a in rows" :key="a.id" class="cpf-row" data-test="cp-fever" :data-alert="a.id">
    <div class="cpf-main">
      <b class="txt-danger cpf-temp">{{ temp(a.temp) }} °C</b>
      <b>{{ a.name }}</b>
      <span class="muted">{{ fmtTime(a.opened_at) }} · {{ a.checkpoint_name }}<template v-if="a.plate"> · {{ a.plate }}</template><template v-if="a.origin"> · {{ $t('cpf.from', { o: a.origin }) }}</template><template v-if="a.village_name"> → {{ a.village_name }}</template></span>
    </div>
    <div class="cpf-line" data-test="cp-fever-referral"><span class="lbl">{{ $t('cpf.referral') }}</span>{{ referral(a) }}</div>
    <div v-if="a.observation_id" class="cpf-line" data-test="cp-fever-obs"><span class="lbl">{{ $t('cpf.obs') }}</span>
      <a class="link" :href="'#/obs/' + a.observation_id">{{ a.observation_site ? $t('cpf.obsAt', { site: a.observation_site }) : $t('cpf.obsWaiting') }}</a></div>
    <div v-if="canAck" class="cpf-actions"><el-button size="small" type="danger" plain @click="ack(a)" data-test="cp-fever-ack">{{ $t('cpf.ack') }}</el-button></div>
  </div>
</el-card>`,
};
