// 协查名单 (key-person lists) and 核查任务 (verification tasks): routes,
// strings, and helpers shared by pages/list-*.js and pages/task-*.js.
//   /lists              lists with progress; overdue villages
//   /lists/import       upload → preview (header, mapping, samples, problems) → commit
//   /lists/:id          one list: per-village progress, downloads
//   /lists/:id/problems the rejected and duplicate rows
//   /tasks              tasks: a village worker's cards, the office's table and bulk assignment
//   /tasks/:id          one task: the result form, same-person candidates
//   /tasks/self-found   after #/persons/new?next=/tasks/self-found: 自排发现
import { ref } from '/vendor/vue.js';
import { addRoutes } from '../routes.js';
import { addMessages, t, has, lang } from '../i18n.js';
import { addAuditActions } from '../audit-actions.js';
import { session, ApiError, qs } from '../api.js';

export const LISTS = ['admin', 'commander', 'verifier'];
export const TASKS = [...LISTS, 'village'];

addRoutes([
  { path: '/lists', page: () => import('../pages/list-index.js'), roles: LISTS,
    menu: { title: 'menu.lists', icon: 'Files', group: 'work', order: 30 } },
  { path: '/lists/import', page: () => import('../pages/list-import.js'), roles: LISTS, parent: '/lists' },
  { path: '/lists/:id', page: () => import('../pages/list-detail.js'), roles: LISTS, parent: '/lists' },
  { path: '/lists/:id/problems', page: () => import('../pages/list-problems.js'), roles: LISTS, parent: '/lists' },
  { path: '/tasks', page: () => import('../pages/task-list.js'), roles: TASKS,
    menu: { title: 'menu.tasks', icon: 'Checked', group: 'work', order: 31 } },
  { path: '/tasks/self-found', page: () => import('../pages/task-self-found.js'), roles: TASKS, parent: '/tasks' },
  { path: '/tasks/:id', page: () => import('../pages/task-detail.js'), roles: TASKS, parent: '/tasks' },
]);

addAuditActions('list', ['list.import', 'list.export', 'list.export_problems']);
addAuditActions('task', ['task.assign', 'task.result', 'task.self_found']);

// The pages' styles, kept beside the module rather than in the shared app.css.
if (!document.querySelector('link[data-mod=lists]')) {
  const l = document.createElement('link');
  l.rel = 'stylesheet';
  l.href = '/lists.css';
  l.dataset.mod = 'lists';
  document.head.appendChild(l);
}

// The results a village records, in the order offered.
export const RESULTS = ['已落实-居家医学观察', '已落实-集中医学观察', '已落实-健康监测', '不在本地', '查无此人', '信息有误', '其他'];
export const resultLabel = (r) => (r && has('lists.result.' + r) ? t('lists.result.' + r) : r || t('lists.result.未核查'));
export function resultType(r) {
  if (!r || r === '未核查') return 'info';
  if (r.startsWith('已落实')) return 'success';
  if (r === '不在本地') return 'warning';
  if (r === '查无此人' || r === '信息有误') return 'danger';
  return '';
}
// Import fields: the server's labels are Chinese only; ours follow the language.
export const fieldLabel = (f, fallback) => (has('lists.field.' + (f || 'none')) ? t('lists.field.' + (f || 'none')) : fallback || f);

// Spreadsheet column letters: 0 → A, 26 → AA.
export function colLetter(i) {
  let s = '';
  for (let n = i + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

// A clock for countdowns, ticking every 30 s while some page uses it.
export const now = ref(Date.now() / 1000);
let users = 0, timer = 0;
export function useClock() {
  if (users++ === 0) { now.value = Date.now() / 1000; timer = setInterval(() => { now.value = Date.now() / 1000; }, 30000); }
  return () => { if (--users === 0) clearInterval(timer); };
}
// "剩 3 小时 12 分" / "已超时 2 小时" for a deadline (UTC seconds).
export function countdown(deadline, at = now.value) {
  if (!deadline) return '';
  const d = Math.round(deadline - at);
  const a = Math.abs(d);
  const days = Math.floor(a / 86400), h = Math.floor((a % 86400) / 3600), m = Math.floor((a % 3600) / 60);
  const span = days ? t('lists.span.dh', { d: days, h }) : h >= 3 ? t('lists.span.h', { h }) : h ? t('lists.span.hm', { h, m })
    : t('lists.span.m', { m: Math.max(m, d < 0 ? 1 : 0) });
  return d < 0 ? t('lists.overdueBy', { span }) : t('lists.left', { span });
}
// el-tag type for a deadline: overdue red, under 4 h orange.
export function deadlineType(deadline, done, at = now.value) {
  if (done) return 'info';
  if (deadline < at) return 'danger';
  return deadline - at < 4 * 3600 ? 'warning' : 'success';
}

// A progress bar in three parts: verified (green), overdue (red), the rest (grey).
export const StackBar = {
  props: { total: Number, done: Number, late: Number },
  setup(props) {
    const w = (n) => (props.total ? (100 * n) / props.total : 0) + '%';
    return { w };
  },
  template: `
<div class="stack-bar" role="progressbar" :aria-valuenow="done" aria-valuemin="0" :aria-valuemax="total" :data-done="done" :data-late="late">
  <i class="seg done" :style="{ width: w(done) }"></i><i class="seg late" :style="{ width: w(late || 0) }"></i>
</div>`,
};

// POST the raw file to /lists/uploads with upload progress (fetch cannot
// report it); resolves to the preview, rejects with ApiError.
export function uploadList(file, query, onProgress) {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const q = qs(query);
    xhr.open('POST', '/api/v1/lists/uploads' + (q ? '?' + q : ''));
    xhr.setRequestHeader('Accept', 'application/json');
    xhr.setRequestHeader('Accept-Language', lang.value === 'en' ? 'en' : 'zh-CN');
    xhr.setRequestHeader('Content-Type', 'application/octet-stream');
    if (session.csrf) xhr.setRequestHeader('X-CSRF-Token', session.csrf);
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.upload.onload = () => onProgress(1);
    xhr.onload = () => {
      let json = null;
      try { json = xhr.responseText ? JSON.parse(xhr.responseText) : null; } catch { /* not JSON */ }
      if (xhr.status >= 200 && xhr.status < 300) resolve(json);
      else reject(new ApiError(xhr.status, json));
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.send(file);
  });
}

// Start a download of a same-origin URL (the session cookie authenticates it).
export function download(url) {
  const a = document.createElement('a');
  a.href = url;
  a.download = '';
  document.body.appendChild(a);
  a.click();
  a.remove();
}

// Mask what looks like an ID number or a phone in a cell of the received file.
export function maskCell(s, field) {
  s = s == null ? '' : String(s);
  const v = s.trim();
  if (field === 'doc_number' && v.length >= 8) return v.slice(0, Math.min(6, v.length - 8)) + '********' + v.slice(-4);
  if (field === 'phone' && /^\d{7,}$/.test(v.replace(/[\s-]/g, ''))) return v.slice(0, 3) + '****' + v.slice(-4);
  return s;
}

addMessages({
  zh: {
    menu: { lists: '协查名单', tasks: '核查任务' },
    audit: {
      a: {
        list: '协查名单（全部）', list_import: '导入名单', list_export: '导出反馈表', list_export_problems: '导出问题行',
        task: '核查任务（全部）', task_assign: '分派任务', task_result: '录入核查结果', task_self_found: '自排发现',
      },
      e: { list: '名单', task: '核查任务' },
    },
    lists: {
      title: '协查名单', import: '导入名单', source: '发文单位', batch: '批次/文号', filename: '文件',
      receivedAt: '接收时间', deadline: '核查时限', deadlineHours: '核查时限（小时）', deadlineAt: '截止 {t}',
      rows: '行数', accepted: '有效行', rejected: '错误行', duplicates: '重复行', doubtful: '存疑行',
      progress: '核查进度', verified: '已核查', unverified: '未核查', overdue: '超时', unassigned: '未分配',
      flagged: '已在管控', tasks: '任务', createdBy: '导入人', createdAt: '导入时间', headerRow: '表头行',
      none: '暂无名单。收到上级下发的名单后，点击“导入名单”。',
      overdueAlert: '{v} 个村居共 {n} 条核查任务已超过时限', overdueVillages: '超时村居',
      left: '剩 {span}', overdueBy: '已超时 {span}',
      span: { dh: '{d} 天 {h} 小时', h: '{h} 小时', hm: '{h} 小时 {m} 分', m: '{m} 分钟' },
      back: '返回名单',
      // import
      step: { file: '选择文件', preview: '预览核对', done: '导入' },
      drop: '将 Excel / CSV 文件拖到此处，或 <em>点击选择</em>',
      dropTip: '支持 .xlsx、.xls、.csv（含 GBK 编码），不超过 100 MB；文件先上传预览，确认后才导入',
      tooBig: '文件超过 100 MB，请拆分后再导入', uploading: '正在上传 {p}%', parsing: '正在解析文件…',
      sourceHelp: '同一发文单位的列对应关系会被记住，下次自动套用',
      sourcePlaceholder: '如：佛山市疫情防控指挥部', batchPlaceholder: '如：佛卫疾控〔2020〕31号',
      receivedHelp: '时限从接收时间起算', deadlineCalc: '截止时间：{t}',
      sheet: '工作表', sheetDefault: '（默认）', reupload: '重新选择文件',
      previewTitle: '预览：{name}', format: '格式', headerAt: '表头在第 {n} 行',
      columns: '列对应关系', column: '列', header: '原表头', fieldAs: '导入为', fieldSource: '识别方式',
      sample: '示例', fsrc: { auto: '自动识别', saved: '已保存', user: '手工修改', none: '未识别' },
      mappingHelp: '自动识别不准时，在“导入为”中改正，预览会立即更新',
      dupField: '“{f}”对应了多列，只有一列会被导入',
      nameMissing: '没有列对应“姓名”，无法导入',
      samples: '示例行', row: '行号', rowOk: '正确', status: '状态',
      problems: '问题行', problemsNone: '没有发现问题', level: '级别', reason: '原因',
      error: '错误', warning: '存疑', duplicate: '重复', filterAll: '全部 {n}', filterError: '错误 {n}', filterWarning: '存疑 {n}',
      filterDuplicate: '重复 {n}',
      problemsMore: '仅显示前 {n} 条，导入后可在“问题行报告”中查看全部并下载',
      importedBefore: '该文件已于之前导入过（名单 #{id}），重复导入会产生重复任务',
      openExisting: '查看已导入的名单', force: '仍要重复导入（强制导入）',
      acceptPartial: '仅导入正确的行（{n} 行有错误，跳过并记入问题行报告）',
      saveMapping: '保存列对应关系，供该发文单位下次使用',
      commit: '确认导入 {n} 行', committing: '正在导入…',
      needSource: '请填写发文单位', needPartial: '有 {n} 行错误：修正后重新上传，或勾选“仅导入正确的行”',
      needForce: '该文件已导入过：如确需重复导入，请勾选“强制导入”', nothing: '没有可导入的行',
      imported: '已导入 {n} 行：新建人员 {new}，匹配已登记 {matched}，分派村居 {dispatched}，未分配 {unassigned}',
      // detail
      detail: '名单详情', overall: '总体进度', byVillage: '各村居核查进度', byResult: '核查结果',
      village: '村居', goAssign: '去分派', feedback: '下载反馈表', feedbackMasked: '反馈表（证件号、电话脱敏）',
      feedbackFull: '反馈表（完整号码）',
      fullConfirm: '完整号码的反馈表含身份证号和电话原文，仅用于向上级报送。本次导出将记入审计日志（导出人、时间、追踪号），文件中也有导出人水印。确定导出？',
      fullTitle: '导出完整号码', fullOk: '确定导出', problemsReport: '问题行报告', tasksOf: '查看任务',
      candidates: '待确认同一人',
      // problems
      problemsTitle: '问题行报告', problemsXlsx: '下载问题行（Excel）', rejectedRow: '错误', duplicateRow: '重复', doubtfulRow: '存疑',
      dupOf: '与第 {n} 行重复', problemsNote: '行号是原文件中的行号；证件号和电话除出错的单元格外均脱敏显示。',
    },
    task: {
      title: '核查任务', mine: '本村居核查任务', queue: '未分配队列',
      status: { open: '待核查', overdue: '已超时', done: '已核查', all: '全部' },
      list: '名单', allLists: '全部名单', village: '村居', allVillages: '全部村居', unassigned: '未分配',
      q: '姓名、证件号或电话', deadline: '时限', result: '核查结果', origin: '来源地', originArrival: '来源地 · 到达', arrival: '到达日期',
      source: '来源', selfFound: '自排发现', fromAbove: '上级下发', selfFoundBtn: '自排发现登记',
      selected: '已选 {n} 条', assignTo: '分派到村居', assign: '分派', assigned: '已分派 {n} 条任务到{v}',
      selectHint: '勾选任务后可批量分派（仅未核查的任务）', none: '没有符合条件的任务',
      noneOpen: '本村居暂无待核查任务',
      detail: '核查任务', person: '人员信息', personDetail: '人员详情（可查看完整号码）', info: '任务信息',
      flagNote: '此人已在管控（正在医学观察或在此前名单中已落实），仍需核查并反馈',
      rawCell: '原表：{v}', rowWarnings: '名单原表存疑', rowWarningsHelp: '导入时以下信息无法采用，原表内容如下，请核实或更正',
      form: '录入核查结果', whereabouts: '去向', whereaboutsPlaceholder: '如：仍在湖北武汉，已电话联系',
      whereaboutsRequired: '“不在本地”须填写去向', resultRequired: '请选择核查结果',
      note: '备注', notePlaceholder: '核查方式、联系情况等', site: '集中观察点', sitePlaceholder: '选择观察点',
      siteRequired: '集中医学观察须选择观察点', sitesUnavailable: '无法读取观察点列表，请联系医学观察组安排',
      siteBeds: '床位 {occupied}/{beds}',
      obsNote: '选择居家或集中医学观察，提交后即按规则开始医学观察（从到达日期起算）',
      submit: '提交核查结果', saved: '已录入核查结果', obsStarted: '已开始医学观察 #{id}',
      done: '已核查', resultAt: '核查时间', observation: '医学观察', openObs: '#{id}',
      candidates: '可能是同一人', candidatesHelp: '以下已登记人员与此人同名且出生日期相同。确认是同一人后，名单中的人员将合并到已登记人员。',
      candidatesVillage: '有 {n} 名同名、同出生日期的已登记人员，由信息核查组确认是否同一人。',
      samePerson: '是同一人', sameConfirm: '确认“{a}”与已登记人员 #{id}“{b}”是同一人？合并后记入审计日志，不能撤销。',
      sameTitle: '确认同一人', merged: '已合并为同一人', thisPerson: '名单中的人员', registered: '已登记人员',
      selfFoundTitle: '自排发现', selfFoundWorking: '正在登记为自排发现…',
      selfFoundDone: '已登记为自排发现，请录入核查结果', selfFoundNote: '登记后自动加入核查任务（自排发现）',
      back: '返回任务',
    },
  },
  en: {
    menu: { lists: 'Key-person lists', tasks: 'Verification tasks' },
    audit: {
      a: {
        list: 'Key-person lists (all)', list_import: 'Import list', list_export: 'Export feedback', list_export_problems: 'Export problem rows',
        task: 'Tasks (all)', task_assign: 'Assign tasks', task_result: 'Record result', task_self_found: 'Found locally',
      },
      e: { list: 'List', task: 'Task' },
    },
    lists: {
      title: 'Key-person lists', import: 'Import a list', source: 'Issued by', batch: 'Batch / document no.', filename: 'File',
      receivedAt: 'Received', deadline: 'Deadline', deadlineHours: 'Deadline (hours)', deadlineAt: 'due {t}',
      rows: 'Rows', accepted: 'Valid', rejected: 'Errors', duplicates: 'Duplicates', doubtful: 'Doubtful',
      progress: 'Progress', verified: 'Verified', unverified: 'Not verified', overdue: 'Overdue', unassigned: 'Unassigned',
      flagged: 'Already controlled', tasks: 'Tasks', createdBy: 'Imported by', createdAt: 'Imported', headerRow: 'Header row',
      none: 'No lists yet. When a list arrives, click “Import a list”.',
      overdueAlert: '{n} task(s) in {v} village(s) are past their deadline', overdueVillages: 'Overdue villages',
      left: '{span} left', overdueBy: 'overdue by {span}',
      span: { dh: '{d} d {h} h', h: '{h} h', hm: '{h} h {m} min', m: '{m} min' },
      back: 'Back to lists',
      step: { file: 'File', preview: 'Check', done: 'Import' },
      drop: 'Drop an Excel / CSV file here, or <em>click to choose</em>',
      dropTip: '.xlsx, .xls or .csv (GBK too), up to 100 MB; the file is previewed first and imported only when you confirm',
      tooBig: 'The file is over 100 MB: split it first', uploading: 'Uploading {p}%', parsing: 'Reading the file…',
      sourceHelp: 'The column mapping is remembered per issuer and reused next time',
      sourcePlaceholder: 'e.g. 佛山市疫情防控指挥部', batchPlaceholder: 'e.g. 佛卫疾控〔2020〕31号',
      receivedHelp: 'The deadline counts from this time', deadlineCalc: 'Due: {t}',
      sheet: 'Sheet', sheetDefault: '(default)', reupload: 'Choose another file',
      previewTitle: 'Preview: {name}', format: 'Format', headerAt: 'Header on row {n}',
      columns: 'Column mapping', column: 'Col.', header: 'Header in file', fieldAs: 'Import as', fieldSource: 'How',
      sample: 'Example', fsrc: { auto: 'recognised', saved: 'saved', user: 'changed', none: 'not recognised' },
      mappingHelp: 'Correct a column under “Import as”; the preview updates at once',
      dupField: '“{f}” is mapped from several columns; only one is imported',
      nameMissing: 'No column is mapped to “Name”: nothing can be imported',
      samples: 'Sample rows', row: 'Row', rowOk: 'OK', status: 'Status',
      problems: 'Problems', problemsNone: 'No problems found', level: 'Level', reason: 'Reason',
      error: 'Error', warning: 'Doubtful', duplicate: 'Duplicate', filterAll: 'All {n}', filterError: 'Errors {n}', filterWarning: 'Doubtful {n}',
      filterDuplicate: 'Duplicates {n}',
      problemsMore: 'Only the first {n} are shown; after the import the problem-row report lists and downloads them all',
      importedBefore: 'This file was imported before (list #{id}); importing it again duplicates the tasks',
      openExisting: 'Open that list', force: 'Import it again anyway (force)',
      acceptPartial: 'Import only the valid rows ({n} row(s) with errors are skipped and reported)',
      saveMapping: 'Remember this column mapping for this issuer',
      commit: 'Import {n} row(s)', committing: 'Importing…',
      needSource: 'Enter the issuer', needPartial: '{n} row(s) have errors: fix and upload again, or tick “Import only the valid rows”',
      needForce: 'This file was imported before: tick “force” to import it again', nothing: 'No row can be imported',
      imported: 'Imported {n} row(s): {new} new person(s), {matched} matched, {dispatched} dispatched, {unassigned} unassigned',
      detail: 'List', overall: 'Overall progress', byVillage: 'Progress by village', byResult: 'Results',
      village: 'Village', goAssign: 'Assign', feedback: 'Download feedback', feedbackMasked: 'Feedback (IDs and phones masked)',
      feedbackFull: 'Feedback (full numbers)',
      fullConfirm: 'The full-number feedback file contains ID numbers and phones in full, for reporting upward only. This export is recorded in the audit log (who, when, trace id) and the file carries a watermark. Export?',
      fullTitle: 'Export full numbers', fullOk: 'Export', problemsReport: 'Problem rows', tasksOf: 'Tasks',
      candidates: 'Same-person checks',
      problemsTitle: 'Problem rows', problemsXlsx: 'Download problem rows (Excel)', rejectedRow: 'Error', duplicateRow: 'Duplicate', doubtfulRow: 'Doubtful',
      dupOf: 'duplicate of row {n}', problemsNote: 'Row numbers are those of the received file; IDs and phones are masked except in the faulty cell.',
    },
    task: {
      title: 'Verification tasks', mine: 'Tasks of my village', queue: 'Unassigned queue',
      status: { open: 'Open', overdue: 'Overdue', done: 'Verified', all: 'All' },
      list: 'List', allLists: 'All lists', village: 'Village', allVillages: 'All villages', unassigned: 'Unassigned',
      q: 'Name, ID or phone', deadline: 'Deadline', result: 'Result', origin: 'From', originArrival: 'From · arrived', arrival: 'Arrived',
      source: 'Source', selfFound: 'Found locally', fromAbove: 'From a list', selfFoundBtn: 'Register a person found locally',
      selected: '{n} selected', assignTo: 'Assign to village', assign: 'Assign', assigned: 'Assigned {n} task(s) to {v}',
      selectHint: 'Tick tasks to assign them in bulk (open tasks only)', none: 'No tasks match',
      noneOpen: 'No open tasks for your village',
      detail: 'Verification task', person: 'Person', personDetail: 'Person details (full numbers)', info: 'Task',
      flagNote: 'Already controlled (under observation, or verified on an earlier list): verify and report anyway',
      rawCell: 'In the list: {v}', rowWarnings: 'Doubtful in the list', rowWarningsHelp: 'The import could not take these as they were; the list said:',
      form: 'Record the result', whereabouts: 'Whereabouts', whereaboutsPlaceholder: 'e.g. still in Wuhan, reached by phone',
      whereaboutsRequired: 'Say where the person is', resultRequired: 'Choose a result',
      note: 'Note', notePlaceholder: 'How verified, contact made…', site: 'Quarantine site', sitePlaceholder: 'Choose a site',
      siteRequired: 'Choose a site for central observation', sitesUnavailable: 'Cannot read the sites: ask the observation group',
      siteBeds: 'beds {occupied}/{beds}',
      obsNote: 'Home or central observation starts the observation under the rules when saved (counted from the arrival date)',
      submit: 'Save the result', saved: 'Result saved', obsStarted: 'Observation #{id} started',
      done: 'Verified', resultAt: 'Verified at', observation: 'Observation', openObs: '#{id}',
      candidates: 'Possibly the same person', candidatesHelp: 'These registered persons have the same name and birth date. Confirming merges the listed person into the registered one.',
      candidatesVillage: '{n} registered person(s) share the name and birth date; the verification group decides whether they are the same.',
      samePerson: 'Same person', sameConfirm: 'Is “{a}” the registered person #{id} “{b}”? The merge is audited and cannot be undone.',
      sameTitle: 'Confirm same person', merged: 'Merged into one person', thisPerson: 'On the list', registered: 'Registered',
      selfFoundTitle: 'Found locally', selfFoundWorking: 'Registering as found locally…',
      selfFoundDone: 'Registered as found locally: record the result', selfFoundNote: 'After saving, the person becomes a verification task (found locally)',
      back: 'Back to tasks',
    },
  },
});

addMessages({
  zh: {
    lists: {
      result: {
        '已落实-居家医学观察': '已落实-居家医学观察', '已落实-集中医学观察': '已落实-集中医学观察', '已落实-健康监测': '已落实-健康监测',
        '不在本地': '不在本地', '查无此人': '查无此人', '信息有误': '信息有误', '其他': '其他', '未核查': '未核查',
      },
      field: {
        none: '（不导入）', name: '姓名', doc_number: '证件号码', doc_type: '证件类型', phone: '联系电话', address: '现住址',
        hukou: '户籍地址', village: '所属村居', origin: '来源地', arrival: '到达日期', transport: '交通方式',
        vehicle: '车次/航班/车牌', sex: '性别', age: '年龄', note: '备注',
      },
    },
  },
  en: {
    lists: {
      result: {
        '已落实-居家医学观察': 'Confirmed: home observation', '已落实-集中医学观察': 'Confirmed: central observation',
        '已落实-健康监测': 'Confirmed: health monitoring', '不在本地': 'Not here', '查无此人': 'No such person',
        '信息有误': 'Wrong information', '其他': 'Other', '未核查': 'Not verified',
      },
      field: {
        none: '(skip)', name: 'Name', doc_number: 'Document number', doc_type: 'Document type', phone: 'Phone', address: 'Address',
        hukou: 'Hukou', village: 'Village', origin: 'From', arrival: 'Arrival date', transport: 'Transport',
        vehicle: 'Train/flight/plate', sex: 'Sex', age: 'Age', note: 'Note',
      },
    },
  },
});
