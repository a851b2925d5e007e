// 修改密码: the signed-in user's own password.  The server ends every
// session of the user and starts a new one for this browser.
import { reactive, ref } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import { t } from '../i18n.js';
import { put, session } from '../api.js';
import { ui } from '../ui.js';

export default {
  setup() {
    const form = reactive({ old: '', nw: '', again: '' });
    const errors = reactive({ old: '', nw: '', again: '' });
    const saving = ref(false);
    const done = ref(false);
    async function save() {
      Object.assign(errors, { old: '', nw: '', again: '' });
      done.value = false;
      if (!form.old) errors.old = t('common.required');
      if (!form.nw) errors.nw = t('common.required');
      if (form.nw && form.again !== form.nw) errors.again = t('password.mismatch');
      if (errors.old || errors.nw || errors.again) return;
      saving.value = true;
      try {
        await put('/me/password', { old_password: form.old, new_password: form.nw });
        Object.assign(form, { old: '', nw: '', again: '' });
        done.value = true;
        ElMessage.success(t('password.done'));
      } catch (e) {
        if (e.field === 'old_password') errors.old = e.message;
        else if (e.field === 'new_password') errors.nw = e.message;
        else ElMessage.error(e.message);
      } finally {
        saving.value = false;
      }
    }
    return { form, errors, saving, done, save, ui, session };
  },
  template: `
<div class="page password-page">
  <div class="page-head"><h2>{{ $t('password.title') }}</h2></div>
  <el-card shadow="never" class="narrow-card">
    <el-alert v-if="done" :title="$t('password.done')" type="success" show-icon :closable="false" class="mb" data-test="password-done"/>
    <el-form :model="form" label-position="top" @submit.prevent="save" class="password-form">
      <el-form-item :label="$t('password.old')" required :error="errors.old">
        <el-input v-model="form.old" type="password" show-password name="old_password" autocomplete="current-password" @input="errors.old = ''"/>
      </el-form-item>
      <el-form-item :label="$t('password.new')" required :error="errors.nw">
        <el-input v-model="form.nw" type="password" show-password name="new_password" autocomplete="new-password" @input="errors.nw = ''"/>
        <div class="field-hint">{{ $t('password.rule') }}</div>
      </el-form-item>
      <el-form-item :label="$t('password.confirm')" required :error="errors.again">
        <el-input v-model="form.again" type="password" show-password name="new_password2" autocomplete="new-password" @input="errors.again = ''"/>
      </el-form-item>
      <el-button type="primary" native-type="submit" :loading="saving" class="block-on-mobile" data-test="change-password">{{ $t('password.submit') }}</el-button>
    </el-form>
  </el-card>
</div>`,
};
