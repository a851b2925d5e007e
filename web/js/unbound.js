// A checkpoint or site worker whose account the admin has not bound to a
// checkpoint / an observation site can record nothing and sees nothing of
// their own: the pages say so instead of showing empty lists and zeros.
import { computed } from '/vendor/vue.js';
import { session } from './api.js';

// 'checkpoint' | 'site' | '' (bound, or a role without a binding of this kind)
export function unboundKind(user = session.user) {
  if (!user) return '';
  if (user.role === 'checkpoint' && !user.checkpoint_id) return 'checkpoint';
  if (user.role === 'site' && !user.site_id) return 'site';
  return '';
}

export const UnboundNotice = {
  setup() { return { kind: computed(() => unboundKind()) }; },
  template: `<el-alert v-if="kind" type="error" :closable="false" show-icon class="unbound-notice mb" data-test="unbound"
    :title="$t('user.unbound_' + kind)" :description="$t('user.unboundHint_' + kind)"/>`,
};
