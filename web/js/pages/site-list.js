// 集中观察点: the sites with their occupancy (residents / capacity, beds
// used and free) and open needs.  Admins and the observation office create
// and edit sites; site staff see their own site only (and go straight to it).
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, patch, session } from '../api.js';
import { ui } from '../ui.js';
import { SITE_EDIT, can } from '../mod/obs.js';
import { ObsNav } from './obs-common.js';
import { unboundKind } from '../unbound.js';

const FIELDS = ['name', 'address', 'capacity', 'contact', 'phone'];

// The site form dialog, shared with the site page.
export const SiteDialog = {
  props: { site: Object },
  emits: ['close', 'saved'],
  setup(props, { emit }) {
    const open = ref(true);
    const s = props.site || {};
    const form = reactive({ name: s.name || '', address: s.address || '', capacity: s.capacity ?? 20, contact: s.contact || '', phone: s.phone || '', active: s.id ? !!s.active : true });
    const errors = reactive(Object.fromEntries(FIELDS.map((f) => [f, ''])));
    const saving = ref(false);
    async function save() {
      for (const k of FIELDS) errors[k] = '';
      if (!form.name.trim()) { errors.name = t('common.required'); return; }
      const b = { name: form.name.trim(), address: form.address.trim(), capacity: form.capacity, contact: form.contact.trim(), phone: form.phone.trim(), active: form.active };
      saving.value = true;
      try {
        const r = s.id ? await patch('/sites/' + s.id, b) : await post('/sites', b);
        ElMessage.success(t('obs.sites.saved', { name: r.name }));
        open.value = false;
        emit('saved', r);
      } catch (e) {
        if (e.field && FIELDS.includes(e.field)) errors[e.field] = e.message; else ElMessage.error(e.message);
      } finally {
        saving.value = false;
      }
    }
    return { open, form, errors, saving, ui, save, isNew: !s.id };
  },
  template: `
<el-dialog v-model="open" :title="isNew ? $t('obs.sites.new') : $t('obs.sites.edit')" :width="ui.mobile ? '94%' : '520px'" append-to-body @closed="$emit('close')" data-test="site-dialog">
  <el-form label-position="top" @submit.prevent="save" class="dialog-form">
    <el-form-item :label="$t('obs.sites.name')" required :error="errors.name"><el-input v-model="form.name" maxlength="100" name="site_name"/></el-form-item>
    <el-form-item :label="$t('obs.sites.address')" :error="errors.address"><el-input v-model="form.address" maxlength="200" name="site_address"/></el-form-item>
    <el-form-item :label="$t('obs.sites.capacity')" :error="errors.capacity"><el-input-number v-model="form.capacity" :min="0" :max="100000"/></el-form-item>
    <el-form-item :label="$t('obs.sites.contact')" :error="errors.contact"><el-input v-model="form.contact" maxlength="40"/></el-form-item>
    <el-form-item :label="$t('obs.sites.phone')" :error="errors.phone"><el-input v-model="form.phone" maxlength="30" type="tel"/></el-form-item>
    <el-form-item v-if="!isNew"><el-switch v-model="form.active" :active-text="$t('obs.sites.active')" :inactive-text="$t('obs.sites.inactive')"/></el-form-item>
  </el-form>
  <template #footer>
    <el-button @click="open = false">{{ $t('common.cancel') }}</el-button>
    <el-button type="primary" :loading="saving" @click="save" data-test="save-site">{{ $t('common.save') }}</el-button>
  </template>
</el-dialog>`,
};

// Places that can be used: the beds, or fewer when the capacity says so.
// occupied = beds held: residents present plus those out of contact (lost),
// whose bed is kept; free + occupied = places.
export const places = (s) => Math.min(s.beds, s.capacity || s.beds);
export const pct = (s) => (places(s) ? Math.min(100, Math.round((s.occupied * 100) / places(s))) : 0);
export const freeOf = (s) => Math.max(0, places(s) - s.occupied);
export const present = (s) => Math.max(0, s.occupied - (s.lost || 0));

// The occupancy line of a site (list card and site page): each number once, labelled.
export const SiteOcc = {
  props: { site: Object, needs: { type: Boolean, default: false } },
  setup() { return { pct, freeOf, present, places }; },
  template: `
<div class="occ" data-test="occupancy">
  <div data-test="occ-present"><b>{{ present(site) }}</b> <span class="muted">{{ $t('obs.sites.present') }}</span></div>
  <div v-if="site.lost" data-test="occ-lost"><b class="txt-warning">{{ site.lost }}</b> <span class="muted">{{ $t('obs.sites.lostHeld') }}</span></div>
  <div data-test="occ-free"><b class="ok-mark">{{ freeOf(site) }}</b> <span class="muted">{{ $t('obs.sites.free') }}</span></div>
  <div data-test="occ-beds"><span class="muted">{{ $t('obs.sites.roomsBeds', { rooms: site.rooms, beds: site.beds }) }}</span><span v-if="site.capacity" class="muted"> · {{ $t('obs.sites.capacityOf', { n: site.capacity }) }}</span></div>
  <div v-if="needs"><b :class="{ 'txt-danger': site.open_needs }">{{ site.open_needs }}</b> <span class="muted">{{ $t('obs.sites.openNeeds') }}</span></div>
</div>
<el-progress :percentage="pct(site)" :format="() => $t('obs.sites.heldOf', { used: site.occupied, n: places(site) })" :stroke-width="10"
  :status="pct(site) >= 100 ? 'exception' : pct(site) >= 85 ? 'warning' : ''" class="occ-bar" data-test="occ-bar"/>`,
};

export default {
  components: { ObsNav, SiteDialog, SiteOcc },
  setup() {
    const rows = ref([]);
    const loading = ref(true);
    const error = ref('');
    const dlg = ref(null);
    const canEdit = computed(() => can(SITE_EDIT));
    async function load() {
      loading.value = true;
      try {
        const r = await get('/sites');
        rows.value = r.items;
        error.value = '';
        // site staff have one site: open it
        if (session.user.role === 'site' && r.items.length === 1) location.replace('#/obs/sites/' + r.items[0].id);
      } catch (e) { error.value = e.message; } finally { loading.value = false; }
    }
    onMounted(load);
    return { rows, loading, error, dlg, canEdit, ui, Icons, load, unbound: !!unboundKind() };
  },
  template: `
<div class="page obs-page site-list-page">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.sites.title') }}</h2>
    <el-button v-if="canEdit" type="primary" :icon="Icons.Plus" @click="dlg = {}" data-test="new-site">{{ $t('obs.sites.new') }}</el-button>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-empty v-if="!loading && !rows.length && !unbound" :description="$t('obs.sites.none')" :image-size="80"/>
  <div class="site-cards" v-loading="loading" data-test="site-cards">
    <el-card v-for="s in rows" :key="s.id" shadow="hover" class="site-card" data-test="site-card">
      <div class="sc-name"><a class="link" :href="'#/obs/sites/' + s.id">{{ s.name }}</a>
        <el-tag v-if="!s.active" size="small" type="info" class="ml">{{ $t('obs.sites.inactive') }}</el-tag></div>
      <div class="sc-line">{{ s.address }}</div>
      <div class="sc-line">{{ $t('obs.sites.contact') }}：{{ s.contact || '—' }} {{ s.phone }}</div>
      <site-occ :site="s"/>
      <div class="sc-line" style="margin-top:6px">
        <a :href="'#/obs/sites/' + s.id" class="link">{{ $t('obs.sites.roomGrid') }}</a>
        <el-tag v-if="s.open_needs" size="small" type="danger" class="ml">{{ $t('obs.sites.openNeeds') }} {{ s.open_needs }}</el-tag>
        <el-button v-if="canEdit" link type="primary" size="small" class="ml" @click="dlg = s">{{ $t('common.edit') }}</el-button>
      </div>
    </el-card>
  </div>
  <site-dialog v-if="dlg" :site="dlg" @close="dlg = null" @saved="load"/>
</div>`,
};
