// <e-chart :option="…" theme="dark" height="320px" @pick="…"/>: one ECharts
// (height="fill": as tall as a flex parent gives it, class echart-fill)
// instance that follows its container's size and the option object.
// `pick` reports a click anywhere over the plot area as the category index
// under the pointer ({index, name}), so a thin bar or a line between points
// is as clickable as the point itself.
import { ref, watch, onMounted, onBeforeUnmount } from '/vendor/vue.js';
import * as echarts from '/vendor/echarts.js';
import { lang } from '../i18n.js';

export { echarts };

export default {
  name: 'EChart',
  props: {
    option: { type: Object, required: true },
    theme: { type: String, default: '' },
    height: { type: String, default: '300px' },
  },
  emits: ['pick'],
  setup(props, { emit }) {
    const el = ref(null);
    let chart = null;
    let ro = null;
    function render() {
      if (chart) chart.setOption(props.option, true);
    }
    onMounted(() => {
      chart = echarts.init(el.value, props.theme || null, { locale: lang.value === 'en' ? 'EN' : 'ZH' });
      render();
      // one handler for the whole plot: points, bars, lines, filled areas and the gaps between them
      chart.getZr().on('click', (e) => {
        const pt = [e.offsetX, e.offsetY];
        if (!chart.containPixel('grid', pt)) return;
        const horizontal = props.option.yAxis && props.option.yAxis.type === 'category';
        const v = chart.convertFromPixel({ gridIndex: 0 }, pt);
        const index = Math.round(horizontal ? v[1] : v[0]);
        const axis = horizontal ? props.option.yAxis : props.option.xAxis;
        const data = axis && axis.data;
        if (data && index >= 0 && index < data.length) emit('pick', { index, name: data[index] });
      });
      ro = new ResizeObserver(() => chart && chart.resize());
      ro.observe(el.value);
    });
    watch(() => props.option, render);
    onBeforeUnmount(() => {
      if (ro) ro.disconnect();
      if (chart) chart.dispose();
      chart = null;
    });
    return { el };
  },
  template: '<div ref="el" class="echart" :class="{ \'echart-fill\': height === \'fill\' }" :style="height === \'fill\' ? null : { height }"></div>',
};
