// Login page: user name and password; the server's message (wrong password,
// account locked for 15 minutes, too many attempts from this address) shown
// as it is.
import { reactive, ref } from '/vendor/vue.js';
import { t, lang, setLang } from '../i18n.js';
import { login, session } from '../api.js';
import * as Icons from '/vendor/element-plus-icons.js';

export default {
  setup() {
    // after an expired session: the same user name, and what happens to the page
    const form = reactive({ username: session.expired && session.user ? session.user.username : '', password: '' });
    const error = ref(null); // {title, message, type}
    const busy = ref(false);
    const formRef = ref();
    const rules = {
      username: [{ required: true, message: () => t('login.usernameRequired'), trigger: 'blur' }],
      password: [{ required: true, message: () => t('login.passwordRequired'), trigger: 'blur' }],
    };
    async function submit() {
      error.value = null;
      try { await formRef.value.validate(); } catch { return; }
      busy.value = true;
      try {
        await login(form.username.trim(), form.password);
        if (!location.hash || location.hash === '#') location.hash = '#/';
      } catch (e) {
        form.password = '';
        error.value = {
          title: e.code === 'account_locked' ? t('login.lockedTitle') : '',
          message: e.message,
          code: e.code,
        };
      } finally {
        busy.value = false;
      }
    }
    const toggleLang = () => setLang(lang.value === 'en' ? 'zh' : 'en');
    return { form, error, busy, formRef, rules, submit, toggleLang, lang, session, Icons };
  },
  template: `
<div class="login-page">
  <div class="login-lang">
    <el-button text @click="toggleLang" data-test="lang-switch">{{ lang === 'en' ? '中文' : 'English' }}</el-button>
  </div>
  <div class="login-box">
    <div class="login-brand">
      <img src="/favicon.svg" alt="" width="48" height="48">
      <h1>{{ session.town ? $t('app.titleTown', { town: session.town }) : $t('app.title') }}</h1>
    </div>
    <el-card shadow="never" class="login-card">
      <h2>{{ $t('login.title') }}</h2>
      <el-alert v-if="session.expired && !error" :title="$t('login.expired')" type="warning" show-icon :closable="false" class="login-error" data-test="login-expired"/>
      <el-alert v-if="error" :title="error.title || error.message" :description="error.title ? error.message : ''"
        type="error" show-icon :closable="false" class="login-error" data-test="login-error" :data-code="error.code"/>
      <el-form ref="formRef" :model="form" :rules="rules" label-position="top" size="large" @submit.prevent="submit">
        <el-form-item :label="$t('login.username')" prop="username">
          <el-input v-model="form.username" name="username" autocomplete="username" autocapitalize="off" :prefix-icon="Icons.User"/>
        </el-form-item>
        <el-form-item :label="$t('login.password')" prop="password">
          <el-input v-model="form.password" name="password" type="password" show-password autocomplete="current-password" :prefix-icon="Icons.Lock"/>
        </el-form-item>
        <el-button type="primary" native-type="submit" class="login-submit" :loading="busy">
          {{ busy ? $t('login.submitting') : $t('login.submit') }}</el-button>
      </el-form>
      <p class="login-hint">{{ $t('login.hint') }}</p>
    </el-card>
  </div>
</div>`,
};
