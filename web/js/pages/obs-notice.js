// 解除医学观察告知书: a printable A4 page.  Opening it asks the server to
// issue the notice (POST …/notice: number "YYYY-NNNN", audited; opened again
// it re-reads the same number, audited as a reprint).  The person is masked
// as the settings say.  打印 calls window.print(); obs.css hides the app's
// header, menu and buttons on paper.
import { ref, computed, onMounted } from '/vendor/vue.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { post } from '../api.js';
import { fmtTime, sexLabel, docLabel } from '../format.js';
import { kindLabel, reasonLabel } from './obs-common.js';

const cnDate = (ymd) => {
  if (!ymd) return '';
  const [y, m, d] = ymd.split('-').map(Number);
  return t('obs.f.kind') === 'Kind' ? ymd : `${y} 年 ${m} 月 ${d} 日`;
};
const dateOf = (sec) => (sec ? fmtTime(sec).slice(0, 10) : '');

export default {
  props: { id: Number },
  setup(props) {
    const n = ref(null);
    const error = ref('');
    const loading = ref(true);
    onMounted(async () => {
      try {
        n.value = await post(`/observations/${props.id}/notice`);
        document.title = t('obs.notice.title') + ' ' + n.value.notice_no;
      } catch (e) {
        error.value = e.message;
      } finally {
        loading.value = false;
      }
    });
    const reason = computed(() => {
      if (!n.value) return '';
      return reasonLabel(n.value.reason);
    });
    const body = computed(() => {
      const x = n.value;
      if (!x) return '';
      return t('obs.notice.body', {
        reason: reason.value, kind: kindLabel(x.kind), site: x.site_name ? `（${x.site_name}）` : '',
        day1: cnDate(x.day1), end: cnDate(x.planned_end),
      });
    });
    const ended = computed(() => (n.value ? cnDate(dateOf(n.value.ended_at)) : ''));
    const early = computed(() => n.value && n.value.end_reason === 'release_early');
    const masked = computed(() => n.value && /\*/.test(n.value.doc_number || ''));
    const print = () => window.print();
    const back = () => history.back();
    return { n, error, loading, body, ended, early, masked, print, back, Icons, cnDate, dateOf, fmtTime, sexLabel, docLabel };
  },
  template: `
<div class="page obs-notice-page" v-loading="loading">
  <div class="notice-tools no-print">
    <el-button :icon="Icons.Back" @click="back">{{ $t('obs.notice.back') }}</el-button>
    <el-button v-if="n" type="primary" :icon="Icons.Printer" @click="print" data-test="print">{{ $t('obs.notice.print') }}</el-button>
    <span v-if="n" class="muted">{{ $t('obs.notice.issued', { t: fmtTime(n.issued_at) }) }}</span>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <article v-if="n" class="notice-sheet" data-test="notice">
    <h1>{{ $t('obs.notice.title') }}</h1>
    <div class="notice-no" data-test="notice-no">{{ $t('obs.notice.no', { no: n.notice_no }) }}</div>
    <p class="dear">{{ $t('obs.notice.dear', { name: n.name }) }}</p>
    <p>{{ body }}{{ early ? $t('obs.notice.bodyEarly', { date: ended }) : $t('obs.notice.bodyDone', { date: ended }) }}</p>
    <p>{{ $t('obs.notice.advice') }}</p>
    <table class="notice-table">
      <tbody>
        <tr><th>{{ $t('obs.notice.person') }}</th><td>{{ n.name }}</td><th>{{ $t('obs.notice.sex') }}</th><td>{{ sexLabel(n.sex) }}</td></tr>
        <tr><th>{{ $t('obs.notice.doc') }}</th><td colspan="3"><span class="mono" data-test="notice-doc">{{ n.doc_number || '—' }}</span><span v-if="n.doc_type" class="muted">（{{ docLabel(n.doc_type) }}）</span></td></tr>
        <tr><th>{{ $t('obs.notice.address') }}</th><td colspan="3">{{ n.address || '—' }}</td></tr>
        <tr><th>{{ $t('obs.f.exposure') }}</th><td>{{ n.exposure_date }}</td><th>{{ $t('obs.f.kind') }}</th><td>{{ $t('obs.kind.' + n.kind) }}</td></tr>
        <tr><th>{{ $t('obs.f.period') }}</th><td colspan="3">{{ n.day1 }} ~ {{ n.planned_end }}</td></tr>
        <tr><th>{{ $t('obs.f.endedAt') }}</th><td colspan="3">{{ dateOf(n.ended_at) }}</td></tr>
      </tbody>
    </table>
    <div class="notice-sign">
      <div class="sign-line">{{ $t('obs.notice.signDoctor') }}：<span class="blank"></span></div>
      <div class="sign-line">{{ $t('obs.notice.date') }}：<span class="blank"></span></div>
      <div class="sign-line">{{ $t('obs.notice.signPerson') }}：<span class="blank"></span></div>
      <div class="sign-line">{{ $t('obs.notice.date') }}：<span class="blank"></span></div>
    </div>
    <div class="notice-office">
      <div data-test="notice-office">{{ n.office_name }}</div>
      <div><span class="seal">{{ $t('obs.notice.seal') }}</span>{{ cnDate(dateOf(n.issued_at)) }}</div>
    </div>
    <div v-if="masked" class="notice-foot">{{ $t('obs.notice.maskedNote') }}</div>
  </article>
</div>`,
};
