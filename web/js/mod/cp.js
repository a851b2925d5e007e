// Module 联合检疫点 (checkpoints): pages, menu entry, strings, audit actions,
// styles, and the outbox that sends screenings kept in the browser (loaded
// at start-up so a reload sends what waits even before the entry page is
// opened).  Imported once from main.js.
import { addRoutes } from '../routes.js';
import { addMessages } from '../i18n.js';
import { addAuditActions } from '../audit-actions.js';
import '../pages/cp-queue.js';

// the server's route table (src/api/routes.c): CP_WORK, and who may read counts
const CP_WORK = ['admin', 'commander', 'checkpoint'];
const CP_READ = [...CP_WORK, 'viewer', 'observer'];

addRoutes([
  { path: '/cp', page: () => import('../pages/cp.js'), roles: CP_READ,
    menu: { title: 'menu.cp', icon: 'Van', group: 'work', order: 40 } },
  { path: '/cp/entry', page: () => import('../pages/cp-entry.js'), roles: CP_WORK, parent: '/cp' },
  { path: '/cp/shifts', page: () => import('../pages/cp-shifts.js'), roles: CP_WORK, parent: '/cp' },
  { path: '/cp/screenings', page: () => import('../pages/cp-screenings.js'), roles: CP_WORK, parent: '/cp' },
  // a checkpoint worker's own records: the menu entry only they see (the office has 检测记录 on 检疫点)
  { path: '/cp/mine', page: () => import('../pages/cp-screenings.js'), roles: ['checkpoint'],
    menu: { title: 'cp.mine', icon: 'List', group: 'work', order: 41 } },
  { path: '/cp/wall', page: () => import('../pages/cp-wall.js'), roles: CP_READ, parent: '/cp' },
]);

// families are action prefixes (the audit filter's "all of a family" is action LIKE 'family.%')
addAuditActions('checkpoint', ['checkpoint.save']);
addAuditActions('shift', ['shift.create', 'shift.signin', 'shift.signout']);
addAuditActions('flagged', ['flagged.set']);
addAuditActions('screening', ['screening.alert', 'screening.import']);
addAuditActions('sighting', ['sighting.ack']);
addAuditActions('cp_alert', ['cp_alert.ack']);

const link = document.createElement('link');
link.rel = 'stylesheet';
link.href = '/cp.css';
document.head.appendChild(link);

addMessages({
  zh: {
    menu: { cp: '检疫点' },
    audit: { a: {
      checkpoint: '检疫点（全部）', shift: '值班（全部）', flagged: '重点地区（全部）', screening: '检疫点检测（全部）',
      sighting: '在观察人员外出（全部）', checkpoint_save: '保存检疫点', shift_create: '排班', shift_signin: '签到', shift_signout: '签退',
      flagged_set: '设置重点地区', screening_alert: '检疫点发热预警', sighting_ack: '确认在观察人员外出',
      cp_alert: '检疫点发热（全部）', cp_alert_ack: '确认检疫点发热预警', screening_import: '导入检测记录',
    }, e: {
      checkpoint: '检疫点', shift: '值班', screening: '检测记录', flagged_area: '重点地区', cp_alert: '检疫点发热', sighting: '在观察人员外出',
    } },
    cpf: {
      title: '检疫点发热预警', open: '{n} 条待确认', hint: '检疫点登记发热后立即出现，每 30 秒刷新', none: '没有待确认的检疫点发热',
      referral: '转诊', noReferral: '未转诊（转集中观察）', left: '{t} 出发', obs: '集中观察', obsWaiting: '已开始，待分配观察点',
      obsAt: '已开始，{site}', from: '来自{o}', ack: '确认', ackTitle: '确认检疫点发热预警', ackPrompt: '确认已知悉并跟进 {name} 的发热转诊？可填写说明。',
      notePh: '说明（选填），如：已电话确认到院', acked: '已确认', obsAlerts: '医学观察预警',
    },
    cp: {
      title: '联合检疫点', entry: '检测登记', shifts: '值班排班', screenings: '检测记录', wall: '检疫点大屏',
      tabCounts: '统计', tabCheckpoints: '检疫点', tabAreas: '重点地区', tabSightings: '应在家人员外出',
      byCheckpoint: '各检疫点', byShift: '各班次', byHour: '分时段检测人次',
      checkpoint: '检疫点', shift: '班次', noShift: '（未排班时段）', allCheckpoints: '全部检疫点',
      f: { vehicles: '车辆', persons: '检测人次', fevers: '发热', referrals: '转诊', turned_back: '劝返', flagged_persons: '重点地区来人', to_observation: '转集中观察' },
      name: '名称', type: '类型', location: '位置', active: '状态', inUse: '启用', stopped: '停用',
      newCheckpoint: '新增检疫点', editCheckpoint: '编辑检疫点',
      ty: { '公路卡口': '公路卡口', '高速出口': '高速出口', '火车站': '火车站', '客运站': '客运站', '其他': '其他' },
      areasNote: '重点地区会作为检测登记时“来自”的快捷选项，来自这些地区的人员单独统计。',
      areaPh: '如：湖北、河南信阳', addArea: '添加', activate: '启用', deactivate: '停用',
      sightingsNote: '正在医学观察的人员在检疫点被检测到（应在家或在观察点），已通知所属村居和医学观察组。',
      noSightings: '没有待处理的记录', when: '时间', personName: '姓名', village: '村居', obsKind: '观察方式',
      kind: { home: '居家', central: '集中' }, ack: '已处理', acked: '已确认处理',
      // entry
      noCheckpoint: '（未绑定检疫点）', pickCheckpoint: '选择检疫点', online: '在线', offline: '离线',
      waiting: '{n} 条待发送', allSent: '已全部发送',
      shiftNow: '当前班次 {from}–{to}', signIn: '签到', signOut: '签退', signedIn: '已签到', signedOut: '已签退',
      signedInAt: '{t} 已签到', myShifts: '值班记录', mine: '我的检测记录', last24h: '最近 24 小时', last24hNote: '最近 24 小时（跨零点的夜班也在内）',
      storageError: '浏览器存储不可用：请勿关闭本页，联网后记录会自动发送',
      rejectedTitle: '{n} 条记录被服务器退回，请修改后重新提交', fix: '修改', discard: '删除',
      fixing: '正在修改被退回的记录，提交后将重新发送', rejected: '记录被退回',
      vehicle: '车型', plate: '车牌', platePh: 'A12345', noPlate: '无车牌',
      vt: { '小客车': '小客车', '货车': '货车', '客车': '客车', '摩托车': '摩托车', '行人': '行人', '其他': '其他' },
      origin: '来自', originPh: '省/市，如 湖北武汉', flaggedArea: '重点地区',
      dest: '去往', destPh: '本镇村居或过境', transit: '过境',
      personNo: '第 {n} 人', fever: '发热', known: '系统内已登记', remove: '移除',
      temp: '体温', tempPh: '体温', method: '测温方式',
      m: { forehead: '额温', axillary: '腋温', ear: '耳温', oral: '口温' },
      result: '处置结果',
      r: { '放行': '放行', '登记后放行': '登记后放行', '劝返': '劝返', '转诊': '转诊', '转集中观察': '转集中观察' },
      feverNote: '体温达到 {t}℃：须转诊（填写医院）或转集中观察',
      nameOpt: '姓名（选填）', nameReq: '姓名（必填）', phonePh: '电话', docOpt: '证件号（选填）', docReq: '证件号或电话（必填其一）',
      hospitalPh: '转诊医院（必填），如 镇卫生院发热门诊',
      tr: { '120救护车': '120 救护车', '专车转运': '专车转运', '自行前往': '自行前往' },
      notePh: '备注（选填）', addPerson: '同车人员', save: '提交登记',
      saved: '已保存', savedOffline: '已保存在本机，联网后自动发送',
      recent: '最近登记', nPersons: '{n} 人', stWaiting: '待发送', stSent: '已发送', stSighted: '已发送 · 在观察人员',
      stObs: '已转集中观察，观察组已收到', stObsSite: '已转集中观察：{site}', stFever: '发热已报指挥部',
      startObs: '同时转集中医学观察', obsNote: '提交后即开始集中医学观察，医学观察组安排观察点',
      lastError: '上次发送失败：{m}', pedestrian: '行人',
      e: {
        checkpoint: '请选择检疫点', plateRequired: '请输入车牌，或勾选“无车牌”',
        plate: '车牌格式错误：省份简称 + 字母 + 5 位（新能源 6 位）',
        tempRequired: '请输入体温', tempRange: '体温须在 34.0–43.0℃ 之间', fever: '发热人员须转诊或转集中观察',
        nameRequired: '非“放行”须登记姓名', idOrPhone: '非“放行”须登记证件号或电话', idCheck: '身份证号校验位错误',
        phone: '电话号码格式错误', hospital: '转诊须填写医院',
      },
      // shifts
      tabShifts: '班次', tabHours: '值班时长', plan: '排班', planned: '已排班', from: '开始日期', to: '结束日期',
      onNow: '当班', shiftScreenings: '检测 {n} 次', inAt: '签到 {t}', outAt: '签退 {t}', notSigned: '未签到',
      handover: '交接班记录', handoverPh: '本班情况、遗留事项、物资交接…',
      shiftDay: '日期', dayShift: '白班 08:00–20:00', nightShift: '夜班 20:00–次日 08:00',
      startsAt: '开始时间', endsAt: '结束时间', staff: '值班人员', staffPh: '选择或输入姓名后回车', note: '备注',
      weekOf: '{d} 起一周', maxDay: '单日最长', totalHours: '合计',
      // wall
      wallTitle: '检疫点实时监测', wallShift: '当前班次 {from}–{to}',
    },
    wall: { fullscreen: '全屏', updated: '最后更新 {t} · 每 {n} 秒自动刷新' },
  },
  en: {
    menu: { cp: 'Checkpoints' },
    audit: { a: {
      checkpoint: 'Checkpoints (all)', shift: 'Shifts (all)', flagged: 'Flagged areas (all)', screening: 'Screenings (all)',
      sighting: 'Sightings (all)', checkpoint_save: 'Checkpoint saved', shift_create: 'Shift planned', shift_signin: 'Signed in', shift_signout: 'Signed out',
      flagged_set: 'Flagged area set', screening_alert: 'Fever at a checkpoint', sighting_ack: 'Sighting acknowledged',
      cp_alert: 'Checkpoint fevers (all)', cp_alert_ack: 'Checkpoint fever acknowledged', screening_import: 'Screenings imported',
    }, e: {
      checkpoint: 'Checkpoint', shift: 'Shift', screening: 'Screening', flagged_area: 'Flagged area', cp_alert: 'Checkpoint fever', sighting: 'Sighting',
    } },
    cpf: {
      title: 'Fevers at checkpoints', open: '{n} to acknowledge', hint: 'Shown as soon as a checkpoint enters a fever; refreshed every 30 s', none: 'No checkpoint fever to acknowledge',
      referral: 'Referral', noReferral: 'Not referred (centralized observation)', left: 'left {t}', obs: 'Observation', obsWaiting: 'Started, waiting for a site',
      obsAt: 'Started, {site}', from: 'from {o}', ack: 'Acknowledge', ackTitle: 'Acknowledge a checkpoint fever', ackPrompt: 'Acknowledge the fever referral of {name}? You may add a note.',
      notePh: 'Note (optional)', acked: 'Acknowledged', obsAlerts: 'Observation alerts',
    },
    cp: {
      title: 'Road checkpoints', entry: 'Screening entry', shifts: 'Shifts', screenings: 'Screenings', wall: 'Checkpoint wall screen',
      tabCounts: 'Counts', tabCheckpoints: 'Checkpoints', tabAreas: 'Flagged areas', tabSightings: 'Should be at home',
      byCheckpoint: 'By checkpoint', byShift: 'By shift', byHour: 'Persons screened by hour',
      checkpoint: 'Checkpoint', shift: 'Shift', noShift: '(no shift planned)', allCheckpoints: 'All checkpoints',
      f: { vehicles: 'Vehicles', persons: 'Persons', fevers: 'Fevers', referrals: 'Referrals', turned_back: 'Turned back', flagged_persons: 'From flagged areas', to_observation: 'To observation' },
      name: 'Name', type: 'Type', location: 'Location', active: 'Status', inUse: 'Active', stopped: 'Inactive',
      newCheckpoint: 'New checkpoint', editCheckpoint: 'Edit checkpoint',
      ty: { '公路卡口': 'Road', '高速出口': 'Motorway exit', '火车站': 'Railway station', '客运站': 'Bus station', '其他': 'Other' },
      areasNote: 'Flagged areas are offered as quick picks for the origin; persons from them are counted apart.',
      areaPh: 'e.g. 湖北', addArea: 'Add', activate: 'Activate', deactivate: 'Deactivate',
      sightingsNote: 'Persons under medical observation screened at a checkpoint (they should be at home or at the site); their village and the observation group were alerted.',
      noSightings: 'Nothing to handle', when: 'Time', personName: 'Name', village: 'Village', obsKind: 'Observation',
      kind: { home: 'Home', central: 'Centralized' }, ack: 'Handled', acked: 'Marked as handled',
      noCheckpoint: '(no checkpoint bound)', pickCheckpoint: 'Choose a checkpoint', online: 'Online', offline: 'Offline',
      waiting: '{n} waiting to be sent', allSent: 'All sent',
      shiftNow: 'Shift {from}–{to}', signIn: 'Sign in', signOut: 'Sign out', signedIn: 'Signed in', signedOut: 'Signed out',
      signedInAt: 'signed in {t}', myShifts: 'Shifts', mine: 'My screenings', last24h: 'Last 24 hours', last24hNote: 'Last 24 hours (a night shift past midnight included)',
      storageError: 'Browser storage is unavailable: keep this page open; entries are sent when the network returns',
      rejectedTitle: '{n} entries refused by the server: fix and submit them again', fix: 'Fix', discard: 'Delete',
      fixing: 'Fixing a refused entry; it is sent again when submitted', rejected: 'Entry refused',
      vehicle: 'Vehicle', plate: 'Plate', platePh: 'A12345', noPlate: 'No plate',
      vt: { '小客车': 'Car', '货车': 'Truck', '客车': 'Bus', '摩托车': 'Motorbike', '行人': 'On foot', '其他': 'Other' },
      origin: 'From', originPh: 'province / city', flaggedArea: 'Flagged',
      dest: 'To', destPh: 'a village of the town, or transit', transit: 'Transit',
      personNo: 'Person {n}', fever: 'Fever', known: 'Registered', remove: 'Remove',
      temp: 'Temperature', tempPh: 'Temp.', method: 'Method',
      m: { forehead: 'Forehead', axillary: 'Axillary', ear: 'Ear', oral: 'Oral' },
      result: 'Result',
      r: { '放行': 'Pass', '登记后放行': 'Pass, registered', '劝返': 'Turn back', '转诊': 'Refer', '转集中观察': 'Centralized obs.' },
      feverNote: '{t} °C or more: refer to a hospital or to centralized observation',
      nameOpt: 'Name (optional)', nameReq: 'Name (required)', phonePh: 'Phone', docOpt: 'ID number (optional)', docReq: 'ID number or phone (one required)',
      hospitalPh: 'Hospital (required)',
      tr: { '120救护车': 'Ambulance', '专车转运': 'Transfer car', '自行前往': 'On their own' },
      notePh: 'Note (optional)', addPerson: 'Another person', save: 'Save',
      saved: 'Saved', savedOffline: 'Saved on this device; sent when the network returns',
      recent: 'Recent entries', nPersons: '{n} pers.', stWaiting: 'waiting', stSent: 'sent', stSighted: 'sent · under observation',
      stObs: 'In centralized observation; the observation group has it', stObsSite: 'In centralized observation: {site}', stFever: 'Fever reported to the command office',
      startObs: 'Also start centralized observation', obsNote: 'Centralized observation starts when this is sent; the observation group assigns the site',
      lastError: 'Last attempt failed: {m}', pedestrian: 'On foot',
      e: {
        checkpoint: 'Choose a checkpoint', plateRequired: 'Enter the plate, or tick “No plate”',
        plate: 'Invalid plate: province + letter + 5 characters (6 for new energy)',
        tempRequired: 'Enter the temperature', tempRange: 'Temperature between 34.0 and 43.0 °C', fever: 'A fever must be referred or sent to centralized observation',
        nameRequired: 'A name is required unless the result is Pass', idOrPhone: 'An ID number or phone is required unless the result is Pass',
        idCheck: 'Wrong check digit in the ID number', phone: 'Invalid phone number', hospital: 'A referral needs a hospital',
      },
      tabShifts: 'Shifts', tabHours: 'Hours', plan: 'Plan a shift', planned: 'Shift planned', from: 'From', to: 'To',
      onNow: 'On now', shiftScreenings: '{n} screenings', inAt: 'in {t}', outAt: 'out {t}', notSigned: 'not signed in',
      handover: 'Handover note', handoverPh: 'What happened, what is left, materials handed over…',
      shiftDay: 'Day', dayShift: 'Day 08:00–20:00', nightShift: 'Night 20:00–08:00',
      startsAt: 'Starts', endsAt: 'Ends', staff: 'Staff', staffPh: 'Pick or type a name, then Enter', note: 'Note',
      weekOf: 'Week of {d}', maxDay: 'Longest day', totalHours: 'Total',
      wallTitle: 'Checkpoints live', wallShift: 'Shift {from}–{to}',
    },
    wall: { fullscreen: 'Full screen', updated: 'Updated {t} · refreshes every {n} s' },
  },
});
