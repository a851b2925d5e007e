// Module 日报 and the command dashboard: pages, menu entries, strings,
// audit actions, styles.  The dashboard is also the home page of the
// commander and the viewer (pages/home.js).  Imported once from main.js.
import { addRoutes } from '../routes.js';
import { addMessages } from '../i18n.js';
import { addAuditActions } from '../audit-actions.js';

// REPORT_READ of the server's route table (src/api/routes.c)
const REPORT_READ = ['admin', 'commander', 'observer', 'verifier', 'viewer'];

addRoutes([
  // a village worker reads their own village's figures (GET /reports/daily only)
  { path: '/report', page: () => import('../pages/report.js'), roles: [...REPORT_READ, 'village'],
    menu: { title: 'menu.report', icon: 'Document', group: 'work', order: 50 } },
  { path: '/report/layout', page: () => import('../pages/report-layout.js'), roles: ['admin'], parent: '/report' },
  // The dashboard is open to every REPORT_READ role; its menu entry is only
  // for those whose home page is not already the dashboard (layout.js takes
  // the first route that matches a path, the menu every entry with `menu`).
  { path: '/dashboard', page: () => import('../pages/dashboard.js'), roles: REPORT_READ },
  { path: '/dashboard', page: () => import('../pages/dashboard.js'), roles: ['admin', 'observer', 'verifier'],
    menu: { title: 'menu.dashboard', icon: 'DataAnalysis', group: 'work', order: 5 } },
  { path: '/wall', page: () => import('../pages/dashboard-wall.js'), roles: REPORT_READ, parent: '/dashboard' },
]);

addAuditActions('report', ['report.send', 'report.correct', 'report.layout', 'report.export']);

const link = document.createElement('link');
link.rel = 'stylesheet';
link.href = '/report.css';
document.head.appendChild(link);

const F_ZH = {
  screened_total: '摸排总人数（累计）', screened_day: '当日摸排人数', screened_pushed: '其中上级下发（累计）',
  screened_found: '其中自排发现（累计）', arrivals_day: '当日来（返）人数', arrivals_total: '累计来（返）人数',
  contacts_day: '当日新增密切接触者', contacts_total: '累计密切接触者', abnormal_day: '当日身体状况异常（发热）人数',
  home_new: '当日新增居家医学观察', home_current: '正在居家医学观察', central_new: '当日新增集中医学观察',
  central_current: '正在集中医学观察', observed_total: '累计医学观察人数', released_day: '当日解除医学观察',
  released_total: '累计解除医学观察', hospital_day: '当日转院', hospital_total: '累计转院', lost_current: '失联人数',
  referrals_day: '当日转诊发热门诊人次', cp_vehicles: '检疫点检测车辆', cp_persons: '检疫点检测人次',
  cp_fevers: '检疫点发热人数', cp_turned_back: '检疫点劝返人数', lists_day: '当日接收协查名单（份）',
  tasks_verified: '协查任务已核查（累计）', tasks_overdue: '协查任务超时未核查',
};
const F_EN = {
  screened_total: 'Screened (total)', screened_day: 'Screened today', screened_pushed: 'of which pushed down (total)',
  screened_found: 'of which found by the town (total)', arrivals_day: 'Arrivals today', arrivals_total: 'Arrivals (total)',
  contacts_day: 'New close contacts', contacts_total: 'Close contacts (total)', abnormal_day: 'Abnormal temperature today',
  home_new: 'New home observation', home_current: 'Under home observation', central_new: 'New centralized observation',
  central_current: 'Under centralized observation', observed_total: 'Ever under observation', released_day: 'Released today',
  released_total: 'Released (total)', hospital_day: 'To hospital today', hospital_total: 'To hospital (total)', lost_current: 'Lost contact',
  referrals_day: 'Fever clinic referrals today', cp_vehicles: 'Checkpoint vehicles', cp_persons: 'Checkpoint persons',
  cp_fevers: 'Checkpoint fevers', cp_turned_back: 'Checkpoint turned back', lists_day: 'Lists received today',
  tasks_verified: 'List tasks verified (total)', tasks_overdue: 'List tasks overdue',
};

addMessages({
  zh: {
    menu: { report: '日报', dashboard: '指挥看板', wall: '数据大屏' },
    audit: {
      a: { report: '日报（全部）', report_send: '上报日报', report_correct: '更正日报', report_layout: '修改日报版式', report_export: '导出日报' },
      e: { report: '日报' },
    },
    report: {
      title: '疫情防控日报', f: F_ZH, layout: '导出版式', send: '上报', correct: '更正', xlsx: '导出 Excel', xlsxVersion: '导出第 {n} 版',
      backToday: '查看今天的日报', notSent: '本日日报尚未上报', sentStatus: '已上报（第 {n} 版，{at}，{by}）',
      pending: '当前数据与已上报版本有 {n} 项不同，如需修改请提交更正', sendConfirm: '上报后 {date} 的日报将冻结为第 1 版，之后只能通过“更正”修改。确定上报？',
      sent: '已上报', corrected: '已提交更正（第 {n} 版）', copyFailed: '无法复制，请手动选择文字复制',
      viewing: '正在查看第 {n} 版（{at} 由 {by} 上报）', reason: '原因', changedFrom: '与第 {n} 版相比：', noChanges: '数据无变化',
      backCurrent: '返回当前数据',
      recOk: '数据核对一致', recBad: '数据核对不一致：相差 {n} 人',
      recFormula: '累计医学观察 {placed} = 已解除 {released} + 正在观察 {current} + 失联 {lost} + 转院 {hospital} + 其他结束 {other_exits}',
      recRecords: '其他结束的记录：', summary: '文字摘要（可直接粘贴发送）', byVillage: '各村居情况', village: '村居',
      versions: '上报记录', noVersions: '尚未上报', version: '版本', vN: '第 {n} 版', sentAt: '上报时间', sentBy: '上报人',
      changes: '变化', firstSend: '首次上报', correctTitle: '更正 {date} 日报', willChange: '与最近上报的版本相比，以下数据将更新：',
      nothingChanged: '当前数据与最近上报的版本相同。', reasonPh: '说明更正原因，如：补录 2 月 1 日解除观察 3 人', correctSubmit: '提交更正',
      layoutTitle: '报表标题', perVillage: '包含各村居分表', layoutFields: '字段（{n} 项，按顺序导出）', unused: '未使用的字段：',
      addKeyPh: '按字段名添加，如 home_current', addKey: '添加字段', defaults: '恢复默认', preview: '按当前版式导出今天',
      up: '上移', down: '下移', removeField: '移除', titleRequired: '请填写报表标题', defaultTitle: '{town}新冠肺炎疫情防控工作日报',
    },
    dash: {
      title: '指挥看板', updated: '更新于 {t}', trend: '医学观察与发热趋势', days: '{n} 天', perDay: '当日人数', currentAxis: '在观察',
      trendHint: '点击某一天查看当日日报', hours: '今日检疫点分时段检测', hoursHint: '点击查看检测记录', verify: '协查核查进度（按村居）',
      villages: '各村居情况（点击表头排序）', dueWindow: '{date} {slot}时段', dueClosed: '现在不在测温时段', persons: '检测人次', screenings: '检测车次',
      verDone: '已核查', verOpen: '待核查', verOverdue: '超时未核查',
      line: { new: '新增观察', current: '正在观察', released: '解除观察', fevers: '发热', referrals: '转诊' },
      tile: {
        home: '居家医学观察', central: '集中医学观察', due_now: '本时段应测未测', lost: '失联', open_alerts: '未处理发热预警', cp_fevers: '检疫点发热待确认', tasks_overdue: '协查超时未核查',
        lists_overdue: '有超时任务的名单', screened_today: '今日检疫点检测人次', sightings: '在观察人员外出被发现', site: '集中观察点占用',
      },
    },
    wall: { title: '{town}疫情防控数据大屏', trend14: '近 14 天趋势', top: '在观察人数最多的村居' },
  },
  en: {
    menu: { report: 'Daily report', dashboard: 'Dashboard', wall: 'Wall display' },
    audit: {
      a: { report: 'Daily report (all)', report_send: 'Report sent', report_correct: 'Report corrected', report_layout: 'Report layout changed', report_export: 'Report exported' },
      e: { report: 'Daily report' },
    },
    report: {
      title: 'Daily report', f: F_EN, layout: 'Export layout', send: 'Send', correct: 'Correct', xlsx: 'Export Excel', xlsxVersion: 'Export version {n}',
      backToday: "Show today's report", notSent: 'Not sent yet', sentStatus: 'Sent (version {n}, {at}, {by})',
      pending: '{n} figures differ from the version sent; send a correction to change them', sendConfirm: 'Sending freezes the report of {date} as version 1; later changes need a correction. Send?',
      sent: 'Sent', corrected: 'Correction sent (version {n})', copyFailed: 'Could not copy; select the text and copy it',
      viewing: 'Version {n} (sent {at} by {by})', reason: 'Reason', changedFrom: 'Changes since version {n}:', noChanges: 'No figure changed',
      backCurrent: 'Back to the current figures',
      recOk: 'The figures reconcile', recBad: 'The figures do not reconcile: {n} persons apart',
      recFormula: 'Ever under observation {placed} = released {released} + under observation {current} + lost {lost} + hospital {hospital} + other exits {other_exits}',
      recRecords: 'Other exits:', summary: 'Summary (ready to paste)', byVillage: 'By village', village: 'Village',
      versions: 'Versions sent', noVersions: 'Not sent yet', version: 'Version', vN: 'v{n}', sentAt: 'Sent at', sentBy: 'Sent by',
      changes: 'Changes', firstSend: 'First sent', correctTitle: 'Correct the report of {date}', willChange: 'Compared with the last version sent, these figures change:',
      nothingChanged: 'The figures are the same as in the last version sent.', reasonPh: 'Why, e.g. 3 releases of 1 Feb entered late', correctSubmit: 'Send correction',
      layoutTitle: 'Title', perVillage: 'Include the per-village table', layoutFields: 'Fields ({n}, exported in this order)', unused: 'Unused fields:',
      addKeyPh: 'Add by field key, e.g. home_current', addKey: 'Add field', defaults: 'Defaults', preview: "Export today's in this layout",
      up: 'Up', down: 'Down', removeField: 'Remove', titleRequired: 'Enter a title', defaultTitle: '{town}新冠肺炎疫情防控工作日报',
    },
    dash: {
      title: 'Command dashboard', updated: 'updated {t}', trend: 'Observation and fever trend', days: '{n} days', perDay: 'per day', currentAxis: 'current',
      trendHint: "Click a day for that day's report", hours: "Today's checkpoint screenings by hour", hoursHint: 'Click for the screenings', verify: 'List verification by village',
      villages: 'Villages (click a header to sort)', dueWindow: '{date} {slot} window', dueClosed: 'No check window open now', persons: 'Persons', screenings: 'Vehicles / pedestrians',
      verDone: 'Verified', verOpen: 'Open', verOverdue: 'Overdue',
      line: { new: 'New', current: 'Under observation', released: 'Released', fevers: 'Fevers', referrals: 'Referrals' },
      tile: {
        home: 'Home observation', central: 'Centralized observation', due_now: 'Checks due, not done', lost: 'Lost contact', open_alerts: 'Open fever alerts', cp_fevers: 'Checkpoint fevers to acknowledge', tasks_overdue: 'List tasks overdue',
        lists_overdue: 'Lists with overdue tasks', screened_today: 'Screened at checkpoints today', sightings: 'Under observation, seen outside', site: 'Site occupancy',
      },
    },
    wall: { title: '{town} epidemic control — live', trend14: 'Last 14 days', top: 'Villages with most under observation' },
  },
});
