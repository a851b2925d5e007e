// The string table (zh = 简体中文, the default; en = English) and t().
// Every string shown by the app goes through t('key', {param}).  A module
// adds its own strings with addMessages({zh: {...}, en: {...}}).
// The chosen language persists in localStorage and is sent to the API as
// Accept-Language, so server messages come back in the same language.
import { ref } from '/vendor/vue.js';

const KEY = 'fk.lang';
const stored = (() => {
  try { return localStorage.getItem(KEY); } catch { return null; }
})();
export const lang = ref(stored === 'en' ? 'en' : 'zh');

const messages = {
  zh: {
    app: {
      title: '疫情防控指挥系统',
      titleTown: '{town}疫情防控指挥系统',
      short: '防控指挥',
      loading: '正在加载…',
    },
    lang: { zh: '中文', en: 'English', switch: '语言' },
    common: {
      search: '查询', reset: '重置', save: '保存', cancel: '取消', confirm: '确定', edit: '编辑',
      create: '新增', back: '返回', close: '关闭', actions: '操作', yes: '是', no: '否',
      all: '全部', none: '无', more: '更多', copy: '复制', copied: '已复制', saved: '已保存',
      total: '共 {n} 条', refresh: '刷新', required: '此项为必填项', view: '查看', detail: '详情',
      noData: '暂无数据', optional: '选填', loadFailed: '加载失败',
    },
    err: {
      network: '无法连接服务器，请检查网络后重试',
      expired: '登录已过期，请重新登录',
      expiredKept: '登录已过期：请重新登录，已填写的内容仍保留，登录后再提交一次',
      forbidden: '您的角色无权访问此页面',
      notFound: '页面不存在',
      notFoundBody: '您访问的页面不存在或已被移除。',
      goHome: '返回首页',
    },
    login: {
      title: '用户登录',
      username: '用户名', password: '密码', submit: '登 录', submitting: '正在登录…',
      usernameRequired: '请输入用户名', passwordRequired: '请输入密码',
      hint: '本系统仅供防控工作人员使用，操作将记入审计日志。',
      lockedTitle: '账号已锁定',
      expired: '登录已过期，请重新登录。刚才的页面和已填写的内容仍保留，登录后可继续。',
    },
    layout: {
      logout: '退出登录', loggedOut: '已退出登录', menu: '菜单', changePassword: '修改密码',
      village: '所属村居：{name}',
    },
    menu: {
      home: '工作台', persons: '人员登记', villages: '村居管理', users: '用户管理',
      audit: '审计日志', password: '修改密码',
      g: { work: '防控业务', system: '系统管理', account: '个人' },
    },
    home: {
      hello: '您好，{name}', role: '角色：{role}', town: '全镇',
      persons: '登记人员', villages: '村居', myVillage: '本村居登记人员',
      quick: '常用功能', newPerson: '登记新人员',
      note: '人员证件号和电话默认脱敏显示；查看完整信息需点击“显示完整信息”，该操作记入审计日志。',
    },
    role: {
      admin: '系统管理员', commander: '指挥部', verifier: '信息核查组', observer: '医学观察组',
      village: '村居工作人员', checkpoint: '检疫点工作人员', site: '留观点工作人员', finance: '财务物资组',
      viewer: '领导（只读）',
    },
    sex: { 0: '未知', 1: '男', 2: '女', 9: '未说明' },
    doc: {
      id_card: '居民身份证', passport: '护照', hk_macao_permit: '港澳通行证',
      taiwan_permit: '台湾通行证', hk_macao_residence: '港澳居住证',
      taiwan_residence: '台湾居住证', other: '其他',
    },
    source: { '上级下发': '上级下发', '自排发现': '自排发现' },
    vtype: { '社区': '社区', '村': '村', '其他': '其他' },
    person: {
      name: '姓名', sex: '性别', docType: '证件类型', docNumber: '证件号码', birthDate: '出生日期',
      phone: '联系电话', address: '现住址', village: '所属村居', hukou: '户籍地', notes: '备注',
      source: '人员来源', createdAt: '登记时间', updatedAt: '更新时间', age: '{n} 岁',
      list: '人员登记', new: '登记人员', editTitle: '编辑人员信息', detail: '人员详情',
      searchPlaceholder: '姓名、拼音首字母（如 cjm）、证件号或电话片段',
      searchShort: '姓名 / 拼音首字母 / 证件号 / 电话',
      villageFilter: '所属村居', allVillages: '全部村居',
      reveal: '显示完整信息', hide: '隐藏完整信息',
      revealNote: '查看完整证件号码和联系电话将记入审计日志。',
      revealed: '已显示完整信息，本次查看已记入审计日志',
      masked: '已脱敏', audited: '完整信息 · 已记入审计',
      keepPlaceholder: '不修改请留空（当前：{v}）',
      docPlaceholder: '18 位身份证号，离开输入框即校验',
      phonePlaceholder: '手机 11 位，固话带区号',
      addressPlaceholder: '镇、村（社区）、路、门牌号',
      hukouPlaceholder: '如：广东省佛山市南海区',
      derived: '已根据身份证号填写性别和出生日期',
      duplicate: '该证件号码已登记：',
      openExisting: '查看已登记人员', useExisting: '使用此人员',
      created: '已登记人员“{name}”', updated: '已保存人员“{name}”',
      warnRegion: '身份证号的地区码不在区划表中（可能是已撤销的县区），请核对',
      myVillageOnly: '仅显示本村居（{name}）的人员',
      choose: '请选择',
      scopeNote: '村居工作人员只能登记本村居人员',
    },
    village: {
      title: '村居管理', name: '名称', code: '统计用区划代码', type: '类型', aliases: '别名',
      persons: '登记人员', new: '新增村居', edit: '编辑村居',
      aliasesPlaceholder: '输入别名后按回车', aliasesHelp: '用于从地址匹配村居，如“沙涌村委会”',
      codeHelp: '12 位数字', searchPlaceholder: '名称、代码或别名',
      created: '已新增村居“{name}”', updated: '已保存村居“{name}”', readOnly: '仅管理员可修改村居',
    },
    user: {
      title: '用户管理', username: '用户名', name: '姓名', role: '角色', village: '所属村居',
      status: '状态', enabled: '正常', disabled: '已停用', locked: '已锁定',
      lastLogin: '最近登录', sessions: '在线会话', never: '从未登录',
      new: '新建用户', edit: '修改用户', password: '初始密码',
      passwordPlaceholder: '留空则自动生成', passwordRule: '至少 8 位，须同时包含字母和数字',
      searchPlaceholder: '用户名或姓名', roleFilter: '角色',
      disable: '停用', enable: '启用', resetPassword: '重置密码', endSessions: '结束会话',
      confirmDisable: '停用用户“{name}”？停用后该用户无法登录。',
      confirmEnable: '启用用户“{name}”？',
      confirmEnd: '结束用户“{name}”的全部会话？该用户需要重新登录。',
      ended: '已结束 {n} 个会话', disabledOk: '已停用“{name}”', enabledOk: '已启用“{name}”',
      createdTitle: '用户已创建', resetDoneTitle: '密码已重置',
      resetDonePassword: '用户“{name}”的新密码如下，仅显示这一次，请妥善转交本人并提醒其登录后修改：', createdPassword: '用户“{name}”的初始密码如下，仅显示这一次，请妥善转交本人并提醒其登录后修改：',
      created: '已创建用户“{name}”', updated: '已保存用户“{name}”',
      newPassword: '新密码', generate: '随机生成', passwordReset: '已重置“{name}”的密码，该用户的会话已全部结束',
      resetTitle: '重置密码：{name}',
      villageRequired: '村居工作人员须绑定所属村居',
      checkpoint: '所在检疫点', site: '所在观察点', binding: '绑定单位', unbound: '未绑定',
      checkpointRequired: '检疫点工作人员须绑定所在检疫点', siteRequired: '留观点工作人员须绑定所在集中观察点',
      unbound_checkpoint: '账号未绑定检疫点，请联系管理员', unbound_site: '账号未绑定观察点，请联系管理员',
      unboundHint_checkpoint: '绑定前无法登记检测，也看不到检疫点的记录。管理员在“用户管理”中为您选择检疫点后，刷新本页即可。',
      unboundHint_site: '绑定前看不到观察点的人员和房间。管理员在“用户管理”中为您选择集中观察点后，刷新本页即可。',
      usernameHelp: '2–32 位字母、数字、下划线或点，创建后不可修改',
    },
    audit: {
      title: '审计日志', at: '时间', user: '用户', role: '角色', addr: '来源地址', action: '操作',
      entity: '对象', detail: '详情', trace: '追踪号', q: '关键字', qPlaceholder: '用户名、对象或地址',
      actionPlaceholder: '全部操作', userPlaceholder: '全部用户', range: '日期范围',
      start: '开始日期', end: '结束日期', fields: '涉及字段：{f}', mergedFrom: '合并自 #{id}',
      a: {
        person: '人员（全部）', person_create: '登记人员', person_update: '修改人员',
        person_reveal: '查看完整信息', person_merge: '合并人员',
        user: '用户（全部）', user_create: '新建用户', user_update: '修改用户',
        user_disable: '停用用户', user_password: '重置/修改密码',
        village: '村居（全部）', village_create: '新增村居', village_update: '修改村居',
        login: '登录成功', login_failed: '登录失败', login_locked: '账号锁定',
      },
      f: { login: '登录（全部）' },
      e: { person: '人员', user: '用户', village: '村居' },
    },
    password: {
      title: '修改密码', old: '原密码', new: '新密码', confirm: '确认新密码',
      rule: '至少 8 位，须同时包含字母和数字，且不能与用户名相同',
      mismatch: '两次输入的新密码不一致', submit: '修改密码',
      done: '密码已修改，其他设备上的登录已全部退出',
    },
  },
  en: {
    app: {
      title: 'Epidemic Prevention Command System',
      titleTown: '{town} Epidemic Prevention Command System',
      short: 'Command',
      loading: 'Loading…',
    },
    lang: { zh: '中文', en: 'English', switch: 'Language' },
    common: {
      search: 'Search', reset: 'Reset', save: 'Save', cancel: 'Cancel', confirm: 'OK', edit: 'Edit',
      create: 'New', back: 'Back', close: 'Close', actions: 'Actions', yes: 'Yes', no: 'No',
      all: 'All', none: 'None', more: 'More', copy: 'Copy', copied: 'Copied', saved: 'Saved',
      total: '{n} in total', refresh: 'Refresh', required: 'This field is required', view: 'View',
      detail: 'Detail', noData: 'No data', optional: 'optional', loadFailed: 'Loading failed',
    },
    err: {
      network: 'Cannot reach the server: check the network and try again',
      expired: 'Your session has expired: please log in again',
      expiredKept: 'Your session has expired: log in again; what you entered is kept, then submit it once more',
      forbidden: 'Your role may not open this page',
      notFound: 'Page not found',
      notFoundBody: 'The page does not exist or has been removed.',
      goHome: 'Back to home',
    },
    login: {
      title: 'Log in',
      username: 'User name', password: 'Password', submit: 'Log in', submitting: 'Logging in…',
      usernameRequired: 'Enter your user name', passwordRequired: 'Enter your password',
      hint: 'For prevention and control staff only. Actions are recorded in the audit log.',
      lockedTitle: 'Account locked',
      expired: 'Your session has expired: log in again. The page you were on and what you entered are kept.',
    },
    layout: {
      logout: 'Log out', loggedOut: 'Logged out', menu: 'Menu', changePassword: 'Change password',
      village: 'Village: {name}',
    },
    menu: {
      home: 'Home', persons: 'Persons', villages: 'Villages', users: 'Users',
      audit: 'Audit log', password: 'Change password',
      g: { work: 'Operations', system: 'Administration', account: 'Account' },
    },
    home: {
      hello: 'Hello, {name}', role: 'Role: {role}', town: 'Whole town',
      persons: 'Registered persons', villages: 'Villages', myVillage: 'Persons in my village',
      quick: 'Shortcuts', newPerson: 'Register a person',
      note: 'ID numbers and phones are masked. "Show full details" reveals them and is recorded in the audit log.',
    },
    role: {
      admin: 'Administrator', commander: 'Commander', verifier: 'Verifier', observer: 'Observer',
      village: 'Village', checkpoint: 'Checkpoint', site: 'Site staff', finance: 'Finance',
      viewer: 'Viewer (read-only)',
    },
    sex: { 0: 'Unknown', 1: 'Male', 2: 'Female', 9: 'Not stated' },
    doc: {
      id_card: 'Resident ID card', passport: 'Passport', hk_macao_permit: 'HK/Macao permit',
      taiwan_permit: 'Taiwan permit', hk_macao_residence: 'HK/Macao residence permit',
      taiwan_residence: 'Taiwan residence permit', other: 'Other',
    },
    source: { '上级下发': 'Assigned from above', '自排发现': 'Found locally' },
    vtype: { '社区': 'Community', '村': 'Village', '其他': 'Other' },
    person: {
      name: 'Name', sex: 'Sex', docType: 'Document type', docNumber: 'Document number',
      birthDate: 'Birth date', phone: 'Phone', address: 'Current address', village: 'Village',
      hukou: 'Hukou place', notes: 'Notes', source: 'Source',
      createdAt: 'Registered', updatedAt: 'Updated', age: '{n} y',
      list: 'Persons', new: 'Register a person', editTitle: 'Edit person', detail: 'Person',
      searchPlaceholder: 'Name, pinyin initials (e.g. cjm), ID or phone fragment',
      searchShort: 'Name / initials / ID / phone',
      villageFilter: 'Village', allVillages: 'All villages',
      reveal: 'Show full details', hide: 'Hide full details',
      revealNote: 'Showing the full document number and phone is recorded in the audit log.',
      revealed: 'Full details shown; this view has been recorded in the audit log',
      masked: 'masked', audited: 'full · recorded in the audit log',
      keepPlaceholder: 'Leave empty to keep ({v})',
      docPlaceholder: '18-character ID number, checked when you leave the field',
      phonePlaceholder: '11-digit mobile, or landline with area code',
      addressPlaceholder: 'Town, village, street, number',
      hukouPlaceholder: 'e.g. Nanhai District, Foshan, Guangdong',
      derived: 'Sex and birth date filled in from the ID number',
      duplicate: 'This document number is already registered: ',
      openExisting: 'open the existing person', useExisting: 'use this person',
      created: 'Registered “{name}”', updated: 'Saved “{name}”',
      warnRegion: 'The region code of this ID number is not in the table (it may belong to an abolished county)',
      myVillageOnly: 'Only persons of your village ({name}) are shown',
      choose: 'Choose',
      scopeNote: 'Village staff register persons of their own village only',
    },
    village: {
      title: 'Villages', name: 'Name', code: 'Statistical code', type: 'Type', aliases: 'Aliases',
      persons: 'Persons', new: 'New village', edit: 'Edit village',
      aliasesPlaceholder: 'Type an alias and press Enter',
      aliasesHelp: 'Used to match addresses to villages, e.g. “沙涌村委会”',
      codeHelp: '12 digits', searchPlaceholder: 'Name, code or alias',
      created: 'Created village “{name}”', updated: 'Saved village “{name}”',
      readOnly: 'Only administrators may change villages',
    },
    user: {
      title: 'Users', username: 'User name', name: 'Name', role: 'Role', village: 'Village',
      status: 'Status', enabled: 'Active', disabled: 'Disabled', locked: 'Locked',
      lastLogin: 'Last login', sessions: 'Sessions', never: 'Never',
      new: 'New user', edit: 'Edit user', password: 'Initial password',
      passwordPlaceholder: 'Leave empty to generate one',
      passwordRule: 'At least 8 characters with letters and digits',
      searchPlaceholder: 'User name or name', roleFilter: 'Role',
      disable: 'Disable', enable: 'Enable', resetPassword: 'Reset password', endSessions: 'End sessions',
      confirmDisable: 'Disable “{name}”? The user will no longer be able to log in.',
      confirmEnable: 'Enable “{name}”?',
      confirmEnd: 'End all sessions of “{name}”? The user will have to log in again.',
      ended: 'Ended {n} session(s)', disabledOk: 'Disabled “{name}”', enabledOk: 'Enabled “{name}”',
      createdTitle: 'User created', resetDoneTitle: 'Password reset',
      resetDonePassword: 'The new password of “{name}” is shown only this once. Pass it on and ask them to change it:',
      createdPassword: 'The initial password of “{name}” is shown only this once. Pass it on and ask them to change it:',
      created: 'Created user “{name}”', updated: 'Saved user “{name}”',
      newPassword: 'New password', generate: 'Generate',
      passwordReset: 'Password of “{name}” reset; their sessions have ended',
      resetTitle: 'Reset password: {name}',
      villageRequired: 'A village user must be bound to a village',
      checkpoint: 'Checkpoint', site: 'Observation site', binding: 'Bound to', unbound: 'Not bound',
      checkpointRequired: 'A checkpoint worker must be bound to a checkpoint', siteRequired: 'A site worker must be bound to an observation site',
      unbound_checkpoint: 'Your account is not bound to a checkpoint: ask the administrator', unbound_site: 'Your account is not bound to an observation site: ask the administrator',
      unboundHint_checkpoint: 'Until then no screening can be entered and no checkpoint records are shown. Reload this page once the administrator has chosen your checkpoint under Users.',
      unboundHint_site: 'Until then no persons or rooms of a site are shown. Reload this page once the administrator has chosen your site under Users.',
      usernameHelp: '2–32 letters, digits, _ or .; cannot be changed later',
    },
    audit: {
      title: 'Audit log', at: 'Time', user: 'User', role: 'Role', addr: 'Address', action: 'Action',
      entity: 'Record', detail: 'Detail', trace: 'Trace', q: 'Text', qPlaceholder: 'User, record or address',
      actionPlaceholder: 'All actions', userPlaceholder: 'All users', range: 'Dates',
      start: 'From', end: 'To', fields: 'Fields: {f}', mergedFrom: 'merged from #{id}',
      a: {
        person: 'Persons (all)', person_create: 'Register person', person_update: 'Edit person',
        person_reveal: 'Show full details', person_merge: 'Merge persons',
        user: 'Users (all)', user_create: 'Create user', user_update: 'Edit user',
        user_disable: 'Disable user', user_password: 'Password change/reset',
        village: 'Villages (all)', village_create: 'Create village', village_update: 'Edit village',
        login: 'Signed in', login_failed: 'Failed login', login_locked: 'Account locked',
      },
      f: { login: 'Logins (all)' },
      e: { person: 'Person', user: 'User', village: 'Village' },
    },
    password: {
      title: 'Change password', old: 'Current password', new: 'New password',
      confirm: 'Repeat new password',
      rule: 'At least 8 characters with letters and digits, not your user name',
      mismatch: 'The two new passwords differ', submit: 'Change password',
      done: 'Password changed; your sessions on other devices have ended',
    },
  },
};

function lookup(table, key) {
  let v = table;
  for (const part of key.split('.')) {
    if (v == null || typeof v !== 'object') return undefined;
    v = v[part];
  }
  return typeof v === 'string' ? v : undefined;
}

// t('person.name'), t('common.total', {n: 5}).  Falls back to Chinese, then the key.
export function t(key, params) {
  let s = lookup(messages[lang.value], key) ?? lookup(messages.zh, key) ?? key;
  if (params) s = s.replace(/\{(\w+)\}/g, (m, k) => (params[k] ?? m));
  return s;
}

// True when the table has the key (for optional labels such as audit actions).
export function has(key) {
  return lookup(messages[lang.value], key) !== undefined || lookup(messages.zh, key) !== undefined;
}

export function setLang(l) {
  lang.value = l === 'en' ? 'en' : 'zh';
  try { localStorage.setItem(KEY, lang.value); } catch { /* private mode */ }
  document.documentElement.lang = lang.value === 'en' ? 'en' : 'zh-CN';
}

// Later modules: addMessages({zh: {obs: {...}}, en: {obs: {...}}}).
export function addMessages(more) {
  for (const l of Object.keys(more)) merge(messages[l] ||= {}, more[l]);
}
function merge(into, from) {
  for (const [k, v] of Object.entries(from)) {
    if (v && typeof v === 'object' && !Array.isArray(v)) merge(into[k] ||= {}, v);
    else into[k] = v;
  }
}

setLang(lang.value);
