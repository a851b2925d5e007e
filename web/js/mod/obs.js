// 医学观察 (issue 3): the routes, menu entry, strings (zh + en), audit labels
// and the page styles of the medical observation module.  Pages live in
// js/pages/obs-*.js and site-*.js; main.js imports this file once.
//
// One menu entry (医学观察, group 'work', order 20) opens 今日待测; the other
// pages are reached from the tab bar on top of every observation page
// (js/pages/obs-common.js) and highlight the same menu entry (`parent`).
// The entry carries a red badge with the number of open alerts.
import { reactive, watch } from '/vendor/vue.js';
import { addRoutes } from '../routes.js';
import { addMessages } from '../i18n.js';
import { addAuditActions } from '../audit-actions.js';
import { session, get } from '../api.js';
import { route } from '../router.js';

// Role sets, the same as the server's route table (src/api/routes.c).
export const OFFICE = ['admin', 'commander', 'observer'];
export const OBS_READ = [...OFFICE, 'village', 'site'];
export const OBS_WRITE = ['admin', 'observer', 'village', 'site'];
export const SITE_EDIT = ['admin', 'observer'];
export const can = (set) => !!session.user && set.includes(session.user.role);

// The page styles (A4 print rules of the release notice included).
if (!document.querySelector('link[data-mod=obs]')) {
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = '/obs.css';
  link.dataset.mod = 'obs';
  document.head.appendChild(link);
}

// Open alerts for the menu badge: read when the user changes page (not on a
// timer, so an idle browser sends nothing) and at most every 20 s, or at
// once after a page changed an alert (refreshBadge(true)).
export const badge = reactive({ alerts: 0 });
let badgeAt = 0;
let badgeUser = null;
export async function refreshBadge(force = false) {
  const u = session.user;
  if (!u || !OBS_READ.includes(u.role)) { badge.alerts = 0; return; }
  if (u.id !== badgeUser) { badgeUser = u.id; force = true; }
  if (!force && Date.now() - badgeAt < 20000) return;
  badgeAt = Date.now();
  try {
    const c = await get('/obs/counts');
    if (session.user && session.user.id === u.id) badge.alerts = c.open_alerts || 0;
  } catch { /* the badge is a hint; the pages report errors */ }
}
watch(() => [route.path, session.user && session.user.id], () => refreshBadge(), { immediate: true });

const page = (name) => () => import(`../pages/${name}.js`);
addRoutes([
  { path: '/obs', page: page('obs-due'), roles: OBS_READ,
    menu: { title: 'menu.obs', icon: 'FirstAidKit', group: 'work', order: 20, badge: () => badge.alerts } },
  { path: '/obs/release', page: page('obs-release'), roles: OBS_READ, parent: '/obs' },
  { path: '/obs/alerts', page: page('obs-alerts'), roles: OBS_READ, parent: '/obs' },
  { path: '/obs/list', page: page('obs-list'), roles: OBS_READ, parent: '/obs' },
  { path: '/obs/new', page: page('obs-form'), roles: OBS_WRITE, parent: '/obs' },
  { path: '/obs/sites', page: page('site-list'), roles: OBS_READ, parent: '/obs' },
  { path: '/obs/sites/:id', page: page('site-detail'), roles: OBS_READ, parent: '/obs' },
  { path: '/obs/rules', page: page('obs-rules'), roles: OFFICE, parent: '/obs' },
  { path: '/obs/:id', page: page('obs-detail'), roles: OBS_READ, parent: '/obs' },
  { path: '/obs/:id/notice', page: page('obs-notice'), roles: OFFICE, parent: '/obs' },
]);

addAuditActions('observation', [
  'observation.start', 'check.create', 'observation.referral', 'observation.alert_outcome',
  'observation.release', 'observation.release_early', 'observation.hospital', 'observation.lost',
  'observation.found', 'observation.to_central', 'observation.to_home', 'observation.extend',
  'observation.notice', 'observation.notice_reprint', 'observation.sighted', 'rules.create',
  'site.save', 'site.room', 'need.create', 'need.status', 'settings.set',
]);

addMessages({
  zh: {
    menu: { obs: '医学观察' },
    audit: {
      a: {
        observation: '医学观察（全部）', observation_start: '开始医学观察', check_create: '录入体温',
        observation_referral: '转诊发热门诊', observation_alert_outcome: '转诊结果',
        observation_release: '期满解除', observation_release_early: '提前解除',
        observation_hospital: '转院', observation_lost: '失联', observation_found: '找回',
        observation_to_central: '转为集中观察', observation_to_home: '转为居家观察',
        observation_extend: '延长观察期', observation_notice: '出具解除告知书',
        observation_notice_reprint: '重新打印告知书', observation_sighted: '检疫点发现其外出', rules_create: '新增观察规则版本',
        site_save: '保存观察点', site_room: '新增房间', need_create: '登记诉求', need_status: '更新诉求状态',
        settings_set: '修改系统设置',
      },
      e: { observation: '医学观察', obs_rules: '观察规则', site: '观察点', need: '诉求', settings: '系统设置' },
    },
    obs: {
      nav: { due: '今日待测', release: '期满解除', alerts: '异常预警', list: '观察名单', sites: '集中观察点', rules: '规则设置' },
      status: { active: '观察中', released: '已解除', hospital: '已转院', lost: '失联' },
      kind: { home: '居家观察', central: '集中观察' },
      kindShort: { home: '居家', central: '集中' },
      method: { axillary: '腋温', forehead: '额温', ear: '耳温', oral: '口温' },
      visit: { ok: '配合', refused: '不配合', absent: '未见到人' },
      slot: { 0: '早', 1: '晚' },
      slotLong: { 0: '早间', 1: '晚间' },
      reason: { '密切接触者': '密切接触者', '疫区返回': '疫区返回', '协查名单': '协查名单', '检疫点转来': '检疫点转来', '自行申报': '自行申报', '其他': '其他' },
      reasonDetail: { '密切接触者': '关联病例', '疫区返回': '来自何地', other: '原因详情' },
      reasonDetailPh: { '密切接触者': '如：病例陈某（2月3日确诊）的同事', '疫区返回': '如：湖北省武汉市', other: '选填' },
      action: {
        start: '开始观察', release: '期满解除', release_early: '提前解除', hospital: '转院', lost: '失联',
        found: '找回', to_central: '转为集中观察', to_home: '转为居家观察', extend: '延长观察期',
        referral: '转诊发热门诊', alert_outcome: '转诊结果',
      },
      blocked: {
        release_too_early: '未到期满日', release_open_alert: '有未关闭的异常预警',
        release_checks_missing: '期满日早晚测温不全（已测 {n} 次）', obs_not_active: '当前状态不能解除',
      },
      grid: {
        title: '体温记录表', day: '第 {n} 天', day0: '第 0 天', normal: '正常', fever: '发热', symptom: '有症状',
        missed: '漏测', due: '待测', future: '未到', absent: '未测到', none: '—',
      },
      alertStatus: { open: '待处置', referred: '已转诊', closed: '已关闭' },
      outcome: { excluded: '排除', suspected: '疑似', confirmed: '确诊' },
      need: {
        title: '诉求', category: '类别', text: '内容', status: '状态', new: '登记诉求', created: '已登记诉求',
        c: { '生活物资': '生活物资', '医疗': '医疗', '心理': '心理', '联系家属': '联系家属', '其他': '其他' },
        s: { open: '待处理', in_progress: '处理中', handled: '已处理' },
        start: '开始处理', done: '处理完毕', updated: '诉求状态已更新', at: '登记时间', by: '处理人',
        none: '暂无诉求', room: '房间', person: '人员', all: '全部（含已处理）',
      },
      f: {
        name: '姓名', village: '村居', address: '地址', kind: '观察方式', status: '状态', reason: '观察原因',
        reasonDetail: '原因详情', exposure: '接触/抵达日期', day1: '观察第 1 天', plannedEnd: '期满日期',
        period: '观察期', dayN: '第 {n} 天', site: '观察点', room: '房间', bed: '床位', worker: '责任村居工作人员',
        doctor: '责任医生', startedAt: '开始时间', endedAt: '结束时间', endReason: '结束方式', lostAt: '最后联系时间',
        lastCheck: '最近测温', openAlerts: '未关闭预警', rules: '适用规则', noticeNo: '告知书编号',
        extended: '已延长 {n} 天', person: '人员', doc: '证件号码', phone: '联系电话', sex: '性别',
        q: '姓名、拼音首字母、证件号或电话片段', qShort: '姓名 / 拼音 / 证件号 / 电话',
        allStatus: '观察中和失联', allKinds: '全部方式', allVillages: '全部村居', statusAll: '全部状态',
        place: '观察地点', roomBed: '{room} 室 {bed} 床', unplaced: '待分配观察点',
      },
      counts: {
        home: '居家观察', central: '集中观察', released: '今日解除', releasedTotal: '累计解除 {n}',
        hospital: '已转院', lost: '失联', alerts: '未关闭预警', ending: '今日期满', startedToday: '今日新增 {n}',
        total: '累计观察 {n}',
      },
      due: {
        title: '今日待测', window: '当前时段：{date} {slot}（{from}–{to}）', closed: '现在不在测温时段，显示上一时段：{date} {slot}（{from}–{to}）的漏测',
        active: '观察中', dueNow: '本时段未测', missed1: '漏测 1 次', missed2: '漏测 2 次', missed3: '漏测 3 次及以上',
        byVillage: '各村居情况', list: '未测温名单', enter: '录入体温', day: '第 {n} 天', lastCheck: '上次测温 {t}',
        never: '尚未测温', missedTag: '漏测 {n} 次', allDone: '本时段已全部测温', search: '筛选姓名或地址',
        filterAll: '全部', filterDue: '本时段未测', filterMissed: '有漏测', visitTag: '本时段：{v}',
        myVillage: '仅显示本村居（{name}）', mySite: '仅显示本观察点', showVillage: '查看名单', clearVillage: '显示全部村居',
        roundList: '共 {n} 人待测',
      },
      check: {
        title: '录入体温', temp: '体温（°C）', tempPh: '如 36.5', method: '测温方式', symptoms: '症状',
        noSymptom: '无症状', visit: '随访情况', note: '备注', at: '测量时间', atNow: '现在', atPh: '不填则为现在',
        backfill: '补录其他时间', save: '保存', saved: '已保存 {name} 的体温 {temp} °C',
        savedNoTemp: '已记录 {name}：{visit}', alert: '{name} 体温异常或有症状，已生成异常预警，请立即转诊',
        fever: '≥ {t} °C 为发热，保存后将生成异常预警', tempRange: '体温须为 34.0–43.0 之间的数字',
        tempRequired: '见到本人时须填写体温', optional: '未见到人或不配合时可不填',
        symptomAlert: '有症状，保存后将生成异常预警',
      },
      release: {
        title: '期满解除', today: '今日期满', tomorrow: '明日期满', qualifies: '可解除', blocked: '不能解除：',
        selectAll: '全选本页可解除', batch: '批量解除（{n}）', confirm: '确定解除以下 {n} 人的医学观察？解除记入审计日志。',
        done: '已解除 {n} 人', failed: '{n} 人未能解除', notice: '解除告知书', released: '本次已解除',
        overdue: '已过期满日 {n} 天', note: '期满日当天早晚两次测温齐全、没有未关闭的预警，才能解除；否则列出原因。',
        none: '没有期满人员', summary: '{date} 及以前期满、仍在观察：共 {total} 人', lastDayChecks: '期满日测温',
        due: '{date} 期满 {n} 人', overdueAll: '已过期满日 {n} 人', pageSummary: '本页 {n} 人，其中 {q} 人可解除',
        all: '解除全部符合条件者（名单共 {n} 人）…', noneQualify: '名单中暂无符合解除条件的人员',
        confirmAll: '{scope}：{date} 及以前期满的 {total} 人中，{q} 人符合解除条件，确定全部解除？每人的解除分别记入审计日志。',
        stay: '其余 {n} 人不能解除、留在名单中（{why}）。',
        why: { release_too_early: '未到期满日', release_open_alert: '有未关闭的预警', release_checks_missing: '期满日测温不全' },
        wholeTown: '全镇', noVillage: '（未分配村居）', allSites: '全部集中观察点',
        more: '还有 {n} 人，全部显示', noticesLater: '告知书也可以之后在观察名单（已解除）中逐人打印',
        notOffice: '解除由医学观察组或指挥部办理',
      },
      alerts: {
        title: '异常预警', open: '未关闭', closed: '已关闭', all: '全部', openedAt: '预警时间', temp: '体温',
        symptoms: '症状', status: '状态', referral: '转诊', outcome: '转诊结果', hospital: '转诊医院',
        transport: '转运方式', departedAt: '出发时间', departedPh: '不填则为现在', note: '说明',
        referralTitle: '转诊发热门诊：{name}', outcomeTitle: '转诊结果：{name}', referred: '已记录转诊',
        outcomeSaved: '已记录转诊结果', outcomeHint: '排除：解除预警，继续医学观察；疑似或确诊：观察结束，转院治疗。',
        none: '没有未关闭的预警', byHospital: '{hospital}，{transport}，{t} 出发',
        transports: { a: '120 负压救护车', b: '专车转运', c: '自行前往（有人陪同）' },
        hospitalPh: '如：南海区第四人民医院发热门诊', obsStatus: '观察状态',
      },
      list: { title: '观察名单', new: '开始医学观察' },
      detail: {
        title: '医学观察', person: '人员信息', obs: '观察信息', events: '处理记录', checks: '测温记录',
        alerts: '异常预警', needs: '诉求', actions: '操作', openPerson: '人员详情', noAlerts: '无预警',
        noEvents: '无记录', by: '{who}', addCheck: '录入体温', notice: '解除告知书', issueNotice: '出具解除告知书',
        recordedBy: '记录人', inWindow: '时段外', legend: '图例',
      },
      act: {
        title: '{action}：{name}', place: '安排观察点', reason: '理由', reasonReq: '理由（必填）', hospital: '医院', at: '最后联系时间',
        atPh: '不填则为现在', days: '延长天数', site: '观察点', room: '房间', roomAuto: '自动分配空床', bed: '床位',
        done: '已办理：{action}', placed: '已安排观察点', releaseHint: '期满日当天早晚测温齐全且没有未关闭的预警才能解除。',
        earlyHint: '仅在密接的关联病例已排除等情况下提前解除，须写明理由。', freeBeds: '空床 {n}',
        extendHint: '如同住人员发病等，延长观察期（1–28 天）。', lostHint: '记录最后一次联系的时间和情况；找回后恢复观察。',
        foundReason: '找回说明',
      },
      form: {
        title: '开始医学观察', person: '观察对象', pickPerson: '输入姓名、拼音首字母或证件号查找', kind: '观察方式',
        site: '集中观察点', room: '房间', roomAuto: '自动分配空床', bed: '床位', reason: '观察原因',
        exposure: '接触/抵达日期', exposureHint: '最近一次接触病例或离开疫区、抵达本地的日期', doctor: '责任医生',
        doctorPh: '如：镇卫生院 梁医生', worker: '责任村居工作人员', workerSelf: '由您本人负责（{name}）',
        planned: '按现行规则（第 {v} 版）：观察第 1 天 {day1}，{end} 期满（共 {days} 天）',
        started: '已开始对 {name} 的医学观察', exists: '此人已有进行中的医学观察：', openExisting: '查看',
        save: '开始观察', personMissing: '请先选择观察对象', fromPerson: '从人员详情开始',
      },
      notice: {
        title: '解除医学观察告知书', no: '编号：{no}', print: '打印', back: '返回', dear: '{name}：',
        body: '您因“{reason}”自 {day1} 起接受{kind}{site}，观察期至 {end}。',
        bodyDone: '经观察期满，未发现发热、咳嗽等异常症状，依据防控工作规定，自 {date} 起解除医学观察。',
        bodyEarly: '经研判，自 {date} 起提前解除医学观察。',
        advice: '解除医学观察后，请继续做好自我健康监测，规范佩戴口罩，减少聚集；如出现发热、咳嗽等症状，请及时到发热门诊就诊并主动告知接触史。',
        person: '被观察人', sex: '性别', doc: '证件号码', address: '住址', village: '所属村居',
        signDoctor: '医学观察负责人（签名）', signPerson: '被观察人（签名）', date: '日期', seal: '（盖章）',
        issued: '出具时间 {t}', maskedNote: '证件号码按设置脱敏显示', notReleased: '尚未解除医学观察，不能出具告知书',
        withReason: '（{detail}）',
      },
      sites: {
        title: '集中观察点', name: '名称', address: '地址', capacity: '容量（人）', contact: '联系人', phone: '联系电话',
        rooms: '房间', beds: '床位', occupied: '在住', free: '空床', occupancy: '入住率', openNeeds: '待处理诉求',
        active: '启用', inactive: '已停用', new: '新建观察点', edit: '编辑观察点', saved: '已保存观察点“{name}”',
        addRoom: '新增房间', roomNumber: '房间号', roomBeds: '床位数', roomAdded: '已新增房间 {n}',
        roomGrid: '房间与入住', emptyBed: '空床', none: '尚无观察点', usedOf: '{used} / {cap} 人',
        bedsOf: '床位 {used} / {beds}', mine: '本观察点',
        present: '在住（人）', lostHeld: '失联（保留床位）', roomsBeds: '{rooms} 个房间 · {beds} 张床位',
        capacityOf: '核定容量 {n} 人', heldOf: '占用 {used} / {n}',
      },
      rules: {
        title: '规则设置', content: '规则内容', current: '现行规则', history: '版本记录', version: '版本', effective: '生效日期',
        period: '观察期（天）', day0: '接触/抵达当日', day0Yes: '计为第 0 天（次日为第 1 天）', day0No: '计为第 1 天',
        morning: '早间测温时段', evening: '晚间测温时段', windows: '测温时段', thresholds: '发热阈值（°C）', symptoms: '症状列表',
        note: '说明', createdAt: '创建时间', createdBy: '创建人', used: '使用中的观察', new: '新增规则版本',
        newHint: '新版本自生效日期起用于新开始的观察；已开始的观察保持原版本，历史记录不会被改写。',
        saved: '已新增第 {v} 版规则', symptomsPh: '输入症状后按回车', readOnly: '仅系统管理员可修改规则',
        settings: '告知书设置', office: '出具单位', mask: '告知书中的证件号码', masked: '脱敏显示', full: '完整显示',
        settingsSaved: '已保存告知书设置', summary: '{days} 天 · 早 {m} · 晚 {e}',
        unchanged: '未修改', unchangedHint: '与该日期执行的版本相同，修改规则后才能保存',
      },
    },
  },
  en: {
    menu: { obs: 'Medical observation' },
    audit: {
      a: {
        observation: 'Observation (all)', observation_start: 'Start observation', check_create: 'Record check',
        observation_referral: 'Referral to fever clinic', observation_alert_outcome: 'Referral outcome',
        observation_release: 'Release', observation_release_early: 'Early release',
        observation_hospital: 'Transfer to hospital', observation_lost: 'Lost contact', observation_found: 'Found',
        observation_to_central: 'To centralized', observation_to_home: 'To home',
        observation_extend: 'Extend period', observation_notice: 'Issue release notice',
        observation_notice_reprint: 'Reprint release notice', observation_sighted: 'Seen at a checkpoint', rules_create: 'New rule version',
        site_save: 'Save site', site_room: 'Add room', need_create: 'Record need', need_status: 'Need status',
        settings_set: 'Change settings',
      },
      e: { observation: 'Observation', obs_rules: 'Rules', site: 'Site', need: 'Need', settings: 'Settings' },
    },
    obs: {
      nav: { due: 'Due now', release: 'Release queue', alerts: 'Alerts', list: 'Observations', sites: 'Sites', rules: 'Rules' },
      status: { active: 'Under observation', released: 'Released', hospital: 'In hospital', lost: 'Lost contact' },
      kind: { home: 'Home observation', central: 'Centralized observation' },
      kindShort: { home: 'Home', central: 'Central' },
      method: { axillary: 'Axillary', forehead: 'Forehead', ear: 'Ear', oral: 'Oral' },
      visit: { ok: 'Cooperative', refused: 'Refused', absent: 'Not seen' },
      slot: { 0: 'AM', 1: 'PM' },
      slotLong: { 0: 'morning', 1: 'evening' },
      reason: { '密切接触者': 'Close contact', '疫区返回': 'Back from an affected area', '协查名单': 'Key-person list', '检疫点转来': 'From a checkpoint', '自行申报': 'Self-reported', '其他': 'Other' },
      reasonDetail: { '密切接触者': 'Index case', '疫区返回': 'Coming from', other: 'Details' },
      reasonDetailPh: { '密切接触者': 'e.g. colleague of case Chen (confirmed 3 Feb)', '疫区返回': 'e.g. Wuhan, Hubei', other: 'optional' },
      action: {
        start: 'Started', release: 'Release', release_early: 'Early release', hospital: 'To hospital', lost: 'Lost contact',
        found: 'Found', to_central: 'To centralized', to_home: 'To home', extend: 'Extend',
        referral: 'Referral', alert_outcome: 'Referral outcome',
      },
      blocked: {
        release_too_early: 'Planned end not reached', release_open_alert: 'An alert is open',
        release_checks_missing: 'Last day lacks its two checks ({n} done)', obs_not_active: 'Not active',
      },
      grid: {
        title: 'Follow-up grid', day: 'Day {n}', day0: 'Day 0', normal: 'Normal', fever: 'Fever', symptom: 'Symptoms',
        missed: 'Missed', due: 'Due', future: 'Future', absent: 'Not measured', none: '—',
      },
      alertStatus: { open: 'Open', referred: 'Referred', closed: 'Closed' },
      outcome: { excluded: 'Excluded', suspected: 'Suspected', confirmed: 'Confirmed' },
      need: {
        title: 'Needs', category: 'Category', text: 'Need', status: 'Status', new: 'Record a need', created: 'Need recorded',
        c: { '生活物资': 'Supplies', '医疗': 'Medical', '心理': 'Psychological', '联系家属': 'Contact family', '其他': 'Other' },
        s: { open: 'Open', in_progress: 'In progress', handled: 'Handled' },
        start: 'Start', done: 'Handled', updated: 'Status updated', at: 'Recorded', by: 'Handled by',
        none: 'No needs', room: 'Room', person: 'Person', all: 'All (incl. handled)',
      },
      f: {
        name: 'Name', village: 'Village', address: 'Address', kind: 'Kind', status: 'Status', reason: 'Reason',
        reasonDetail: 'Details', exposure: 'Exposure/arrival', day1: 'Day 1', plannedEnd: 'Planned end',
        period: 'Period', dayN: 'Day {n}', site: 'Site', room: 'Room', bed: 'Bed', worker: 'Village worker',
        doctor: 'Doctor', startedAt: 'Started', endedAt: 'Ended', endReason: 'Ended by', lostAt: 'Last contact',
        lastCheck: 'Last check', openAlerts: 'Open alerts', rules: 'Rules', noticeNo: 'Notice no.',
        extended: 'extended by {n} d', person: 'Person', doc: 'Document no.', phone: 'Phone', sex: 'Sex',
        q: 'Name, pinyin initials, ID or phone fragment', qShort: 'Name / initials / ID / phone',
        allStatus: 'Active and lost', allKinds: 'All kinds', allVillages: 'All villages', statusAll: 'All statuses',
        place: 'Place', roomBed: 'room {room} bed {bed}', unplaced: 'Waiting for a site',
      },
      counts: {
        home: 'At home', central: 'Centralized', released: 'Released today', releasedTotal: '{n} released in all',
        hospital: 'In hospital', lost: 'Lost contact', alerts: 'Open alerts', ending: 'Ending today', startedToday: '{n} started today',
        total: '{n} in all',
      },
      due: {
        title: 'Due now', window: 'Window: {date} {slot} ({from}–{to})', closed: 'Outside the check windows; showing the misses of {date} {slot} ({from}–{to})',
        active: 'Active', dueNow: 'Not yet checked', missed1: 'Missed 1', missed2: 'Missed 2', missed3: 'Missed 3+',
        byVillage: 'By village', list: 'Not yet checked', enter: 'Record', day: 'Day {n}', lastCheck: 'Last check {t}',
        never: 'Never checked', missedTag: 'Missed {n}', allDone: 'Everyone is checked in this window', search: 'Filter by name or address',
        filterAll: 'All', filterDue: 'Due now', filterMissed: 'Missed', visitTag: 'This window: {v}',
        myVillage: 'Your village only ({name})', mySite: 'Your site only', showVillage: 'Show list', clearVillage: 'All villages',
        roundList: '{n} to check',
      },
      check: {
        title: 'Record a check', temp: 'Temperature (°C)', tempPh: 'e.g. 36.5', method: 'Method', symptoms: 'Symptoms',
        noSymptom: 'None', visit: 'Visit', note: 'Note', at: 'Measured at', atNow: 'Now', atPh: 'Empty = now',
        backfill: 'Enter an earlier time', save: 'Save', saved: 'Saved {temp} °C for {name}',
        savedNoTemp: 'Recorded for {name}: {visit}', alert: '{name}: fever or symptoms, an alert was opened: refer at once',
        fever: '≥ {t} °C is a fever: saving opens an alert', tempRange: 'Enter a number between 34.0 and 43.0',
        tempRequired: 'Temperature is required when the person was seen', optional: 'optional when not seen or refused',
        symptomAlert: 'Symptoms: saving opens an alert',
      },
      release: {
        title: 'Release queue', today: 'Ending today', tomorrow: 'Ending tomorrow', qualifies: 'May be released', blocked: 'Blocked: ',
        selectAll: 'Select qualifying on this page', batch: 'Release ({n})', confirm: 'Release these {n} persons? This is recorded in the audit log.',
        done: '{n} released', failed: '{n} could not be released', notice: 'Release notice', released: 'Released just now',
        overdue: '{n} d past the end', note: 'Release needs both checks of the last day and no open alert; otherwise the reason is shown.',
        none: 'Nobody ends on this day', summary: 'Ending on {date} or earlier, still under observation: {total}', lastDayChecks: 'Last-day checks',
        due: '{n} end on {date}', overdueAll: '{n} past their end', pageSummary: '{n} on this page, {q} may be released',
        all: 'Release everyone qualifying (queue: {n})…', noneQualify: 'Nobody in the queue qualifies yet',
        confirmAll: '{scope}: of the {total} persons ending on {date} or earlier, {q} qualify. Release them all? Each release is recorded in the audit log.',
        stay: ' The other {n} stay in the queue ({why}).',
        why: { release_too_early: 'end not reached', release_open_alert: 'open alert', release_checks_missing: 'last-day checks missing' },
        wholeTown: 'Whole town', noVillage: '(no village)', allSites: 'All sites',
        more: '{n} more: show all', noticesLater: 'notices can also be printed later from the observation list (released)',
        notOffice: 'Releases are done by the observation office or the commander',
      },
      alerts: {
        title: 'Alerts', open: 'Open', closed: 'Closed', all: 'All', openedAt: 'Opened', temp: 'Temp.',
        symptoms: 'Symptoms', status: 'Status', referral: 'Refer', outcome: 'Outcome', hospital: 'Hospital',
        transport: 'Transport', departedAt: 'Departed', departedPh: 'Empty = now', note: 'Note',
        referralTitle: 'Referral: {name}', outcomeTitle: 'Outcome: {name}', referred: 'Referral recorded',
        outcomeSaved: 'Outcome recorded', outcomeHint: 'Excluded: the alert closes and observation goes on; suspected or confirmed: observation ends in hospital.',
        none: 'No open alerts', byHospital: '{hospital}, {transport}, left {t}',
        transports: { a: 'Negative-pressure ambulance (120)', b: 'Dedicated car', c: 'On their own (accompanied)' },
        hospitalPh: 'e.g. Nanhai 4th People’s Hospital fever clinic', obsStatus: 'Observation',
      },
      list: { title: 'Observations', new: 'Start observation' },
      detail: {
        title: 'Observation', person: 'Person', obs: 'Observation', events: 'History', checks: 'Checks',
        alerts: 'Alerts', needs: 'Needs', actions: 'Actions', openPerson: 'Person record', noAlerts: 'No alerts',
        noEvents: 'No history', by: '{who}', addCheck: 'Record a check', notice: 'Release notice', issueNotice: 'Issue release notice',
        recordedBy: 'By', inWindow: 'outside window', legend: 'Legend',
      },
      act: {
        title: '{action}: {name}', place: 'Assign a site', reason: 'Reason', reasonReq: 'Reason (required)', hospital: 'Hospital', at: 'Last contact',
        atPh: 'Empty = now', days: 'Days', site: 'Site', room: 'Room', roomAuto: 'Any free bed', bed: 'Bed',
        done: 'Done: {action}', placed: 'Site assigned', releaseHint: 'Release needs both checks of the last day and no open alert.',
        earlyHint: 'Early release only when e.g. the index case was ruled out; give the reason.', freeBeds: '{n} free',
        extendHint: 'E.g. a household member fell ill: extend by 1–28 days.', lostHint: 'Record when they were last reached; when found, observation resumes.',
        foundReason: 'How found',
      },
      form: {
        title: 'Start medical observation', person: 'Person', pickPerson: 'Type a name, initials or ID number', kind: 'Kind',
        site: 'Site', room: 'Room', roomAuto: 'Any free bed', bed: 'Bed', reason: 'Reason',
        exposure: 'Exposure/arrival date', exposureHint: 'Last contact with the case, or the day they left the area / arrived', doctor: 'Doctor',
        doctorPh: 'e.g. Dr Liang, town health centre', worker: 'Village worker', workerSelf: 'You are responsible ({name})',
        planned: 'Under the current rules (v{v}): day 1 is {day1}, ends {end} ({days} days)',
        started: 'Observation of {name} started', exists: 'This person already has an open observation: ', openExisting: 'open it',
        save: 'Start', personMissing: 'Choose the person first', fromPerson: 'From the person record',
      },
      notice: {
        title: 'Notice of release from medical observation', no: 'No. {no}', print: 'Print', back: 'Back', dear: 'To {name}:',
        body: 'Because of “{reason}”, you have been under {kind}{site} from {day1}; the period ended on {end}. ',
        bodyDone: 'The period has ended without fever, cough or other symptoms; you are released from medical observation as of {date}.',
        bodyEarly: 'After assessment you are released from medical observation early, as of {date}.',
        advice: 'Please keep watching your health, wear a mask and avoid gatherings; with fever or cough, go to a fever clinic and tell them of your contacts.',
        person: 'Person', sex: 'Sex', doc: 'Document no.', address: 'Address', village: 'Village',
        signDoctor: 'Observation doctor (signature)', signPerson: 'Person observed (signature)', date: 'Date', seal: '(seal)',
        issued: 'Issued {t}', maskedNote: 'The document number is masked (setting)', notReleased: 'Not released: no notice can be issued',
        withReason: ' ({detail})',
      },
      sites: {
        title: 'Observation sites', name: 'Name', address: 'Address', capacity: 'Capacity', contact: 'Contact', phone: 'Phone',
        rooms: 'Rooms', beds: 'Beds', occupied: 'Residents', free: 'Free beds', occupancy: 'Occupancy', openNeeds: 'Open needs',
        active: 'Active', inactive: 'Closed', new: 'New site', edit: 'Edit site', saved: 'Saved site “{name}”',
        addRoom: 'Add room', roomNumber: 'Room number', roomBeds: 'Beds', roomAdded: 'Added room {n}',
        roomGrid: 'Rooms and residents', emptyBed: 'free', none: 'No sites yet', usedOf: '{used} / {cap}',
        bedsOf: 'beds {used} / {beds}', mine: 'Your site',
        present: 'present', lostHeld: 'lost contact (bed kept)', roomsBeds: '{rooms} rooms · {beds} beds',
        capacityOf: 'capacity {n}', heldOf: '{used} / {n} taken',
      },
      rules: {
        title: 'Rules', content: 'Rules', current: 'Rules in force', history: 'Versions', version: 'Version', effective: 'Effective',
        period: 'Period (days)', day0: 'Exposure/arrival day', day0Yes: 'is day 0 (day 1 is the next day)', day0No: 'is day 1',
        morning: 'Morning window', evening: 'Evening window', windows: 'Check windows', thresholds: 'Fever thresholds (°C)', symptoms: 'Symptoms',
        note: 'Note', createdAt: 'Created', createdBy: 'By', used: 'Observations', new: 'New rule version',
        newHint: 'A new version applies to observations started from its effective date; running ones keep theirs and history is never rewritten.',
        saved: 'Rule version {v} added', symptomsPh: 'Type a symptom and press Enter', readOnly: 'Only administrators change the rules',
        settings: 'Release notice', office: 'Issuing office', mask: 'Document number on the notice', masked: 'Masked', full: 'In full',
        settingsSaved: 'Notice settings saved', summary: '{days} d · AM {m} · PM {e}',
        unchanged: 'Unchanged', unchangedHint: 'Same as the version in force on that date: change something to save',
      },
    },
  },
});
