// 用户管理 (admin): list, create (a generated password is shown once),
// change name/role and the village / checkpoint / site binding, disable/enable, reset password, end
// sessions.
import { ref, reactive, computed, onMounted, watch } from '/vendor/vue.js';
import { ElMessage, ElMessageBox } from '/vendor/element-plus.js';
import * as Icons from '/vendor/element-plus-icons.js';
import { t, lang } from '../i18n.js';
import { get, post, patch, put, del, session } from '../api.js';
import { ui } from '../ui.js';
import { villages, loadVillages, roles, loadRoles } from '../data.js';
import { fmtTime } from '../format.js';

const FIELDS = ['username', 'name', 'role', 'village_id', 'checkpoint_id', 'site_id', 'password'];
// the role that must be bound, and to what
const BINDING = { village: 'village_id', checkpoint: 'checkpoint_id', site: 'site_id' };

// A password the server accepts: 12 characters, letters and digits.
function generatePassword() {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ', digits = '23456789';
  const all = letters + digits;
  const r = new Uint32Array(12);
  crypto.getRandomValues(r);
  let s = '';
  for (let i = 0; i < 12; i++) s += (i === 3 ? digits : i === 0 ? letters : all)[r[i] % (i === 3 ? digits.length : i === 0 ? letters.length : all.length)];
  return s;
}

export default {
  setup() {
    const list = ref([]);
    const loading = ref(true);
    const error = ref('');
    const f = reactive({ q: '', role: '', page: 1, per_page: 20 });
    const dlg = reactive({ open: false, id: null, saving: false });
    const form = reactive({ username: '', name: '', role: 'village', village_id: null, checkpoint_id: null, site_id: null, password: '' });
    const checkpoints = ref([]);
    const sites = ref([]);
    const errors = reactive(Object.fromEntries(FIELDS.map((k) => [k, ''])));
    const pw = reactive({ open: false, user: null, password: '', error: '', saving: false });
    const shown = reactive({ open: false, name: '', password: '', reset: false });

    async function load() {
      loading.value = true;
      try {
        const r = await get('/users');
        list.value = r.items;
        error.value = '';
      } catch (e) { error.value = e.message; } finally { loading.value = false; }
    }
    function loadUnits() {
      get('/checkpoints').then((r) => { checkpoints.value = r.items; }).catch((e) => ElMessage.error(e.message));
      get('/sites').then((r) => { sites.value = r.items; }).catch((e) => ElMessage.error(e.message));
    }
    onMounted(() => {
      load();
      loadUnits();
      loadVillages().catch((e) => ElMessage.error(e.message));
      loadRoles(lang.value).catch((e) => ElMessage.error(e.message));
    });
    // role labels come from the server in the chosen language
    watch(lang, () => { load(); loadRoles(lang.value).catch(() => {}); });
    const filtered = computed(() => {
      const s = f.q.trim().toLowerCase();
      return list.value.filter((u) => (!f.role || u.role === f.role) &&
        (!s || u.username.toLowerCase().includes(s) || (u.name || '').toLowerCase().includes(s) || bindingName(u).includes(s)));
    });
    const rows = computed(() => filtered.value.slice((f.page - 1) * f.per_page, f.page * f.per_page));
    const now = () => Date.now() / 1000;
    function bindingName(u) {
      if (u.role === 'village') return u.village_name || '';
      if (u.role === 'checkpoint') return u.checkpoint_name || '';
      if (u.role === 'site') return u.site_name || '';
      return '';
    }
    const roleLabel = (r) => (roles.value.find((x) => x.role === r) || {}).label || r;

    function clearErrors() { for (const k of FIELDS) errors[k] = ''; }
    function openDialog(u) {
      clearErrors();
      loadRoles(lang.value).catch(() => {});
      dlg.id = u ? u.id : null;
      Object.assign(form, u ? { username: u.username, name: u.name, role: u.role, village_id: u.village_id, checkpoint_id: u.checkpoint_id, site_id: u.site_id, password: '' }
        : { username: '', name: '', role: 'village', village_id: null, checkpoint_id: null, site_id: null, password: '' });
      loadUnits();
      dlg.open = true;
    }
    async function save() {
      clearErrors();
      if (!dlg.id && !form.username.trim()) errors.username = t('common.required');
      if (!form.name.trim()) errors.name = t('common.required');
      if (form.role === 'village' && !form.village_id) errors.village_id = t('user.villageRequired');
      if (form.role === 'checkpoint' && !form.checkpoint_id) errors.checkpoint_id = t('user.checkpointRequired');
      if (form.role === 'site' && !form.site_id) errors.site_id = t('user.siteRequired');
      if (Object.values(errors).some(Boolean)) return;
      const b = { name: form.name.trim(), role: form.role };
      const key = BINDING[form.role];
      if (key) b[key] = form[key];
      dlg.saving = true;
      try {
        if (dlg.id) {
          const u = await patch('/users/' + dlg.id, b);
          ElMessage.success(t('user.updated', { name: u.name }));
        } else {
          b.username = form.username.trim();
          if (form.password) b.password = form.password;
          const u = await post('/users', b);
          if (u.password) Object.assign(shown, { open: true, name: u.username, password: u.password, reset: false });
          else ElMessage.success(t('user.created', { name: u.name }));
        }
        dlg.open = false;
        await load();
      } catch (e) {
        if (FIELDS.includes(e.field)) errors[e.field] = e.message;
        else ElMessage.error(e.message);
      } finally {
        dlg.saving = false;
      }
    }
    async function confirm(msg) {
      try {
        await ElMessageBox.confirm(msg, t('common.confirm'), { type: 'warning', confirmButtonText: t('common.confirm'), cancelButtonText: t('common.cancel') });
        return true;
      } catch { return false; }
    }
    async function toggle(u) {
      const dis = !u.disabled;
      if (!(await confirm(t(dis ? 'user.confirmDisable' : 'user.confirmEnable', { name: u.name })))) return;
      try {
        await patch('/users/' + u.id, { disabled: dis });
        ElMessage.success(t(dis ? 'user.disabledOk' : 'user.enabledOk', { name: u.name }));
        await load();
      } catch (e) { ElMessage.error(e.message); }
    }
    async function endSessions(u) {
      if (!(await confirm(t('user.confirmEnd', { name: u.name })))) return;
      try {
        const r = await del('/users/' + u.id + '/sessions');
        ElMessage.success(t('user.ended', { n: r.ended }));
        await load();
      } catch (e) { ElMessage.error(e.message); }
    }
    function openPw(u) {
      Object.assign(pw, { open: true, user: u, password: generatePassword(), error: '', saving: false });
    }
    async function savePw() {
      pw.error = '';
      if (!pw.password) { pw.error = t('common.required'); return; }
      pw.saving = true;
      try {
        await put('/users/' + pw.user.id + '/password', { password: pw.password });
        pw.open = false;
        Object.assign(shown, { open: true, name: pw.user.username, password: pw.password, reset: true });
        ElMessage.success(t('user.passwordReset', { name: pw.user.name }));
        await load();
      } catch (e) {
        if (e.field === 'password') pw.error = e.message; else ElMessage.error(e.message);
      } finally { pw.saving = false; }
    }
    async function copy(text) {
      try { await navigator.clipboard.writeText(text); ElMessage.success(t('common.copied')); } catch { /* not allowed: the text is selectable */ }
    }
    function onCommand(cmd, u) {
      if (cmd === 'edit') openDialog(u);
      else if (cmd === 'password') openPw(u);
      else if (cmd === 'sessions') endSessions(u);
      else if (cmd === 'toggle') toggle(u);
    }
    const isSelf = (u) => u.id === session.user.id;
    return {
      f, rows, filtered, loading, error, dlg, form, errors, pw, shown, roles, villages, checkpoints, sites, ui, Icons, bindingName, BINDING,
      openDialog, save, toggle, endSessions, openPw, savePw, copy, onCommand, isSelf, now, fmtTime, roleLabel, generatePassword,
    };
  },
  template: `
<div class="page users-page">
  <div class="page-head">
    <h2>{{ $t('user.title') }}</h2>
    <el-button type="primary" :icon="Icons.Plus" @click="openDialog(null)" data-test="new-user">{{ $t('user.new') }}</el-button>
  </div>
  <div class="toolbar">
    <el-input v-model="f.q" class="search-box" clearable :placeholder="$t('user.searchPlaceholder')" :prefix-icon="Icons.Search" @input="f.page = 1" data-test="user-search"/>
    <el-select v-model="f.role" clearable :placeholder="$t('user.roleFilter')" class="role-filter" @change="f.page = 1">
      <el-option v-for="r in roles" :key="r.role" :label="r.label" :value="r.role"/>
    </el-select>
  </div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false" class="mb"/>
  <el-table :data="rows" v-loading="loading" stripe border size="small" class="dense-table" data-test="user-table" :empty-text="$t('common.noData')">
    <el-table-column prop="username" :label="$t('user.username')" min-width="110" fixed>
      <template #default="{ row }"><span class="mono">{{ row.username }}</span></template>
    </el-table-column>
    <el-table-column prop="name" :label="$t('user.name')" min-width="90"/>
    <el-table-column :label="$t('user.role')" min-width="120">
      <template #default="{ row }">{{ row.role_label || roleLabel(row.role) }}
        <div v-if="ui.mobile && bindingName(row)" class="muted" data-test="user-binding-mobile">{{ bindingName(row) }}</div></template>
    </el-table-column>
    <el-table-column :label="$t('user.binding')" min-width="120">
      <template #default="{ row }"><span v-if="bindingName(row)" data-test="user-binding">{{ bindingName(row) }}</span>
        <el-tag v-else-if="BINDING[row.role]" type="danger" size="small" data-test="user-unbound">{{ $t('user.unbound') }}</el-tag></template>
    </el-table-column>
    <el-table-column :label="$t('user.status')" width="90" align="center">
      <template #default="{ row }">
        <el-tag v-if="row.disabled" type="danger" size="small" data-test="status">{{ $t('user.disabled') }}</el-tag>
        <el-tag v-else-if="row.locked_until > now()" type="warning" size="small" data-test="status">{{ $t('user.locked') }}</el-tag>
        <el-tag v-else type="success" size="small" data-test="status">{{ $t('user.enabled') }}</el-tag>
      </template>
    </el-table-column>
    <el-table-column :label="$t('user.lastLogin')" width="140">
      <template #default="{ row }">{{ row.last_login_at ? fmtTime(row.last_login_at) : $t('user.never') }}</template>
    </el-table-column>
    <el-table-column prop="sessions" :label="$t('user.sessions')" width="80" align="right"/>
    <el-table-column :label="$t('common.actions')" :width="ui.mobile ? 80 : 250" fixed="right">
      <template #default="{ row }">
        <el-dropdown v-if="ui.mobile" trigger="click" @command="c => onCommand(c, row)">
          <el-button link type="primary" size="small">{{ $t('common.more') }}<el-icon><icon-arrow-down/></el-icon></el-button>
          <template #dropdown><el-dropdown-menu>
            <el-dropdown-item command="edit">{{ $t('common.edit') }}</el-dropdown-item>
            <el-dropdown-item command="password">{{ $t('user.resetPassword') }}</el-dropdown-item>
            <el-dropdown-item command="sessions">{{ $t('user.endSessions') }}</el-dropdown-item>
            <el-dropdown-item v-if="!isSelf(row)" command="toggle">{{ row.disabled ? $t('user.enable') : $t('user.disable') }}</el-dropdown-item>
          </el-dropdown-menu></template>
        </el-dropdown>
        <template v-else>
          <el-button link type="primary" size="small" @click="openDialog(row)" data-test="edit-user">{{ $t('common.edit') }}</el-button>
          <el-button link type="primary" size="small" @click="openPw(row)" data-test="reset-password">{{ $t('user.resetPassword') }}</el-button>
          <el-button link type="primary" size="small" @click="endSessions(row)" data-test="end-sessions">{{ $t('user.endSessions') }}</el-button>
          <el-button v-if="!isSelf(row)" link :type="row.disabled ? 'success' : 'danger'" size="small" @click="toggle(row)" data-test="toggle-user">{{ row.disabled ? $t('user.enable') : $t('user.disable') }}</el-button>
        </template>
      </template>
    </el-table-column>
  </el-table>
  <el-pagination class="pager" v-model:current-page="f.page" v-model:page-size="f.per_page" :total="filtered.length" :page-sizes="[20, 50, 100]" :pager-count="ui.mobile ? 5 : 7"
    :layout="ui.mobile ? 'total, prev, pager, next' : 'total, sizes, prev, pager, next'" :size="ui.mobile ? 'small' : 'default'" background/>

  <el-dialog v-model="dlg.open" :title="dlg.id ? $t('user.edit') : $t('user.new')" :width="ui.mobile ? '94%' : '520px'" destroy-on-close data-test="user-dialog">
    <el-form :model="form" :label-position="ui.mobile ? 'top' : 'right'" label-width="auto" @submit.prevent="save" class="dialog-form">
      <el-form-item :label="$t('user.username')" :required="!dlg.id" :error="errors.username">
        <el-input v-model="form.username" :disabled="!!dlg.id" maxlength="32" name="username" autocapitalize="off" autocomplete="off" @input="errors.username = ''"/>
        <div v-if="!dlg.id" class="field-hint">{{ $t('user.usernameHelp') }}</div>
      </el-form-item>
      <el-form-item :label="$t('user.name')" required :error="errors.name">
        <el-input v-model="form.name" maxlength="40" name="name" @input="errors.name = ''"/>
      </el-form-item>
      <el-form-item :label="$t('user.role')" required :error="errors.role">
        <el-select v-model="form.role" data-test="role-select" @change="errors.role = ''">
          <el-option v-for="r in roles" :key="r.role" :label="r.label" :value="r.role"/>
        </el-select>
      </el-form-item>
      <el-form-item v-if="form.role === 'village'" :label="$t('user.village')" required :error="errors.village_id">
        <el-select v-model="form.village_id" filterable data-test="user-village" @change="errors.village_id = ''">
          <el-option v-for="v in villages" :key="v.id" :label="v.name" :value="v.id"/>
        </el-select>
      </el-form-item>
      <el-form-item v-if="form.role === 'checkpoint'" :label="$t('user.checkpoint')" required :error="errors.checkpoint_id">
        <el-select v-model="form.checkpoint_id" filterable data-test="user-checkpoint" @change="errors.checkpoint_id = ''">
          <el-option v-for="c in checkpoints" :key="c.id" :label="c.name" :value="c.id" :disabled="!c.active && c.id !== form.checkpoint_id"/>
        </el-select>
      </el-form-item>
      <el-form-item v-if="form.role === 'site'" :label="$t('user.site')" required :error="errors.site_id">
        <el-select v-model="form.site_id" filterable data-test="user-site" @change="errors.site_id = ''">
          <el-option v-for="x in sites" :key="x.id" :label="x.name" :value="x.id" :disabled="!x.active && x.id !== form.site_id"/>
        </el-select>
      </el-form-item>
      <el-form-item v-if="!dlg.id" :label="$t('user.password')" :error="errors.password">
        <el-input v-model="form.password" type="password" show-password autocomplete="new-password" :placeholder="$t('user.passwordPlaceholder')" @input="errors.password = ''"/>
        <div class="field-hint">{{ $t('user.passwordRule') }}</div>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="dlg.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="dlg.saving" @click="save" data-test="save-user">{{ $t('common.save') }}</el-button>
    </template>
  </el-dialog>

  <el-dialog v-model="pw.open" :title="pw.user ? $t('user.resetTitle', { name: pw.user.name }) : ''" :width="ui.mobile ? '94%' : '460px'" data-test="password-dialog">
    <el-form @submit.prevent="savePw" label-position="top">
      <el-form-item :label="$t('user.newPassword')" :error="pw.error">
        <el-input v-model="pw.password" class="mono-input" autocomplete="new-password" @input="pw.error = ''">
          <template #append><el-button @click="pw.password = generatePassword()">{{ $t('user.generate') }}</el-button></template>
        </el-input>
        <div class="field-hint">{{ $t('user.passwordRule') }}</div>
      </el-form-item>
    </el-form>
    <template #footer>
      <el-button @click="pw.open = false">{{ $t('common.cancel') }}</el-button>
      <el-button type="primary" :loading="pw.saving" @click="savePw" data-test="save-password">{{ $t('common.confirm') }}</el-button>
    </template>
  </el-dialog>

  <el-dialog v-model="shown.open" :title="shown.reset ? $t('user.resetDoneTitle') : $t('user.createdTitle')" :width="ui.mobile ? '94%' : '460px'" :close-on-click-modal="false" data-test="shown-password">
    <p>{{ $t(shown.reset ? 'user.resetDonePassword' : 'user.createdPassword', { name: shown.name }) }}</p>
    <div class="password-once"><span class="mono" data-test="generated-password">{{ shown.password }}</span>
      <el-button size="small" :icon="Icons.CopyDocument" @click="copy(shown.password)">{{ $t('common.copy') }}</el-button></div>
    <template #footer><el-button type="primary" @click="shown.open = false; shown.password = ''">{{ $t('common.close') }}</el-button></template>
  </el-dialog>
</div>`,
};
