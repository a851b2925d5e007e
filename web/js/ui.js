// Viewport state shared by pages: phone layout below 768 px.
import { reactive } from '/vendor/vue.js';

const mq = window.matchMedia('(max-width: 768px)');
export const ui = reactive({ mobile: mq.matches, drawer: false });
mq.addEventListener('change', (e) => { ui.mobile = e.matches; if (!e.matches) ui.drawer = false; });
