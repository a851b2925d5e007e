// One observation site: occupancy, the rooms with their beds and residents
// (each a link to the observation), adding rooms, and the residents' needs
// (诉求) moving open → in progress → handled.  Site staff reach their own
// site only (the server answers 404 for another).
import { ref, reactive, computed, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t } from '../i18n.js';
import { get, post, patch } from '../api.js';
import { ui } from '../ui.js';
import { fmtTime } from '../format.js';
import { SITE_EDIT, OBS_WRITE, can } from '../mod/obs.js';
import { ObsNav, statusLabel, needCatLabel, needStatusLabel, needType } from './obs-common.js';
import { SiteDialog, SiteOcc } from './site-list.js';

const NEXT_NEED = { open: 'in_progress', in_progress: 'handled' };

export default {
  components: { ObsNav, SiteDialog, SiteOcc },
  props: { id: Number },
  setup(props) {
    const s = ref(null);
    const needs = ref([]);
    const needStatus = ref('pending'); // open + in progress
    const loading = ref(true);
    const error = ref('');
    const editing = ref(false);
    const room = reactive({ open: false, number: '', beds: 2, error: '', saving: false });
    const canEdit = computed(() => can(SITE_EDIT));
    const canRoom = computed(() => can([...SITE_EDIT, 'site']));
    const canNeed = computed(() => can(OBS_WRITE));

    async function loadNeeds() {
      try { needs.value = (await get('/needs', { site: props.id, status: needStatus.value === 'pending' ? '' : needStatus.value })).items; } catch (e) { ElMessage.error(e.message); }
    }
    async function load() {
      try {
        s.value = await get('/sites/' + props.id);
        error.value = '';
      } catch (e) { error.value = e.message; } finally { loading.value = false; }
      loadNeeds();
    }
    onMounted(load);
    const rooms = computed(() => (s.value ? s.value.room_list.map((r) => {
      const byBed = Object.fromEntries((r.occupants || []).map((o) => [o.bed, o]));
      const beds = [];
      for (let b = 1; b <= r.beds; b++) beds.push({ bed: b, o: byBed[b] || null });
      return { ...r, bedList: beds, full: r.occupants.length >= r.beds };
    }) : []));
    const floors = computed(() => {
      const m = new Map();
      for (const r of rooms.value) {
        const f = /^\d{3,}$/.test(r.number) ? r.number.slice(0, -2) : '';
        if (!m.has(f)) m.set(f, []);
        m.get(f).push(r);
      }
      return [...m.entries()].map(([floor, list]) => ({ floor, list }));
    });
    async function addRoom() {
      room.error = '';
      if (!room.number.trim()) { room.error = t('common.required'); return; }
      room.saving = true;
      try {
        s.value = await post(`/sites/${props.id}/rooms`, { number: room.number.trim(), beds: room.beds });
        ElMessage.success(t('obs.sites.roomAdded', { n: room.number.trim() }));
        room.number = '';
        room.open = false;
      } catch (e) {
        if (e.field) room.error = e.message; else ElMessage.error(e.message);
      } finally { room.saving = false; }
    }
    async function advance(n) {
      try {
        await patch('/needs/' + n.id, { status: NEXT_NEED[n.status] });
        ElMessage.success(t('obs.need.updated'));
        await loadNeeds();
      } catch (e) { ElMessage.error(e.message); }
    }
    function saved() { editing.value = false; load(); }
    return {
      s, needs, needStatus, loading, error, editing, room, canEdit, canRoom, canNeed, rooms, floors, ui, Icons, NEXT_NEED,
      load, loadNeeds, addRoom, advance, saved, fmtTime, statusLabel, needCatLabel, needStatusLabel, needType,
    };
  },
  template: `
<div class="page obs-page site-detail-page" v-loading="loading">
  <obs-nav/>
  <div class="page-head">
    <h2>{{ $t('obs.sites.title') }}<span v-if="s" class="sub"> · {{ s.name }}</span></h2>
    <div class="head-actions" v-if="s">
      <el-button v-if="canEdit" :icon="Icons.Edit" @click="editing = true">{{ $t('common.edit') }}</el-button>
      <el-button v-if="canRoom" type="primary" :icon="Icons.Plus" @click="room.open = true" data-test="add-room">{{ $t('obs.sites.addRoom') }}</el-button>
    </div>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <template v-if="s">
    <el-card shadow="never" class="obs-section">
      <div class="sc-line muted">{{ s.address }} · {{ $t('obs.sites.contact') }}：{{ s.contact || '—' }} {{ s.phone }}</div>
      <site-occ :site="s" needs/>
    </el-card>

    <el-card shadow="never" class="obs-section" :header="$t('obs.sites.roomGrid')">
      <div v-for="fl in floors" :key="fl.floor" class="mb">
        <div class="room-grid" data-test="room-grid">
          <div v-for="r in fl.list" :key="r.id" class="room" :class="{ full: r.full }" data-test="room">
            <div class="room-no">{{ r.number }}<span>{{ $t('obs.sites.bedsOf', { used: r.occupants.length, beds: r.beds }) }}</span></div>
            <div v-for="b in r.bedList" :key="b.bed" class="bed" :class="{ empty: !b.o }">
              <i>{{ b.bed }}</i>
              <template v-if="b.o"><a class="link" :href="'#/obs/' + b.o.observation_id" :class="{ lost: b.o.status === 'lost' }">{{ b.o.name }}</a>
                <span class="muted">{{ b.o.status === 'lost' ? statusLabel('lost') : b.o.planned_end.slice(5) }}</span></template>
              <span v-else>{{ $t('obs.sites.emptyBed') }}</span>
            </div>
          </div>
        </div>
      </div>
    </el-card>

    <el-card shadow="never" class="obs-section" data-test="site-needs">
      <template #header><div class="page-head" style="margin:0"><span>{{ $t('obs.need.title') }}</span>
        <el-select v-model="needStatus" class="w-180" size="small" @change="loadNeeds" data-test="need-filter">
          <el-option value="pending" :label="needStatusLabel('open') + ' / ' + needStatusLabel('in_progress')"/>
          <el-option value="handled" :label="needStatusLabel('handled')"/>
          <el-option value="all" :label="$t('obs.need.all')"/>
        </el-select></div></template>
      <el-empty v-if="!needs.length" :description="$t('obs.need.none')" :image-size="60"/>
      <el-table v-else :data="needs" size="small" border stripe class="dense-table" data-test="need-table">
        <el-table-column :label="$t('obs.need.person')" min-width="90">
          <template #default="{ row }"><a class="link" :href="'#/obs/' + row.obs_id">{{ row.name }}</a></template>
        </el-table-column>
        <el-table-column :label="$t('obs.need.room')" width="90"><template #default="{ row }">{{ row.room_number }}<template v-if="row.bed">-{{ row.bed }}</template></template></el-table-column>
        <el-table-column :label="$t('obs.need.category')" width="90"><template #default="{ row }">{{ needCatLabel(row.category) }}</template></el-table-column>
        <el-table-column prop="text" :label="$t('obs.need.text')" min-width="200"/>
        <el-table-column :label="$t('obs.need.at')" width="140"><template #default="{ row }">{{ fmtTime(row.created_at) }}</template></el-table-column>
        <el-table-column :label="$t('obs.need.status')" width="150">
          <template #default="{ row }"><el-tag size="small" :type="needType(row.status)" disable-transitions>{{ needStatusLabel(row.status) }}</el-tag>
            <div v-if="row.updated_by_name" class="muted">{{ row.updated_by_name }} {{ fmtTime(row.updated_at) }}</div></template>
        </el-table-column>
        <el-table-column v-if="canNeed" :label="$t('common.actions')" width="100" fixed="right">
          <template #default="{ row }"><el-button v-if="NEXT_NEED[row.status]" size="small" :type="row.status === 'open' ? 'warning' : 'success'" plain @click="advance(row)" data-test="need-advance">{{ row.status === 'open' ? $t('obs.need.start') : $t('obs.need.done') }}</el-button></template>
        </el-table-column>
      </el-table>
    </el-card>
  </template>
  <site-dialog v-if="editing && s" :site="s" @close="editing = false" @saved="saved"/>
  <el-dialog v-model="room.open" :title="$t('obs.sites.addRoom')" :width="ui.mobile ? '94%' : '400px'" append-to-body data-test="room-dialog">
    <el-form label-position="top" @submit.prevent="addRoom" class="dialog-form">
      <el-form-item :label="$t('obs.sites.roomNumber')" required :error="room.error"><el-input v-model="room.number" maxlength="20" name="room_number" @input="room.error = ''"/></el-form-item>
      <el-form-item :label="$t('obs.sites.roomBeds')"><el-input-number v-model="room.beds" :min="1" :max="20"/></el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="room.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="room.saving" @click="addRoom" data-test="save-room">{{ $t('common.save') }}</el-button>
    </template>
  </el-dialog>
</div>`,
};
