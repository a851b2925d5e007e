// 自排发现: the task list's button opens the person form
// (#/persons/new?next=/tasks/self-found); once the person is saved the form
// comes here with ?person=ID, and this page makes the person a verification
// task of their village (POST /tasks/self-found), then opens it for the
// result.  The query is dropped first so a reload does not register twice.
import { ref, onMounted } from '/vendor/vue.js';
import { ElMessage } from '/vendor/element-plus.js';
import { t } from '../i18n.js';
import { post } from '../api.js';
import { route, replace, go } from '../router.js';

export default {
  setup() {
    const error = ref('');
    onMounted(async () => {
      const person = Number(route.query.person);
      replace('/tasks/self-found');
      if (!(person > 0)) { go('/tasks'); return; }
      const key = 'fk.selffound.' + person;
      const before = sessionStorage.getItem(key);
      if (before) { go('/tasks/' + before); return; }
      try {
        const task = await post('/tasks/self-found', { person_id: person });
        sessionStorage.setItem(key, String(task.id));
        ElMessage.success(t('task.selfFoundDone'));
        go('/tasks/' + task.id);
      } catch (e) {
        error.value = e.message;
      }
    });
    return { error };
  },
  template: `
<div class="page task-self-found-page">
  <div class="page-head"><h2>{{ $t('task.selfFoundTitle') }}</h2></div>
  <el-alert v-if="error" :title="error" type="error" show-icon :closable="false"/>
  <div v-else v-loading="true" class="self-found-wait">{{ $t('task.selfFoundWorking') }}</div>
</div>`,
};
