// Input checks shared by the forms, one of each, with the server's rules and
// messages so that a form can show every problem at once before sending:
// temperatures (the checkpoint entry and the observation check dialog),
// 居民身份证 numbers (GB 11643, as src/core/idcard.c), other document
// numbers, phones (as src/core/phone.c) and birth dates (src/core/person.c).
// The server still decides; these only catch what it would refuse.
import { t, addMessages } from './i18n.js';

// "36.5", "36,5", "36。5", "36.5℃"; "365" typed without the dot means 36.5.
// Rounded to tenths as the server stores them (lround(t * 10) there).
// null when empty, NaN when not a number.
export function parseTemp(v) {
  const s = String(v ?? '').trim().replace(/[,，。]/g, '.').replace(/[℃°c]/gi, '');
  if (!s) return null;
  if (!/^(\d+\.?\d*|\.\d+)$/.test(s)) return NaN;
  let n = Number(s);
  if (/^\d{3}$/.test(s) && n >= 340 && n <= 430) n /= 10;
  return Math.round(n * 10) / 10;
}

// '' when the temperature is empty or plausible (34.0–43.0 °C), else what is wrong.
export function tempError(v) {
  const x = parseTemp(v);
  if (x == null) return '';
  if (Number.isNaN(x)) return t('valid.tempNaN');
  if (x < 34 || x > 43) return t('valid.tempRange', { t: x.toFixed(1) });
  return '';
}

const W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const checkChar = (d17) => '10X98765432'[[...d17].reduce((s, c, i) => s + Number(c) * W[i], 0) % 11];

// GB 11643 check character of an 18-character number (others pass: the
// checkpoint form sends 15-digit and other numbers to the server as typed).
export function idCheckOk(d) {
  if (!/^\d{17}[\dX]$/.test(d)) return true;
  return checkChar(d.slice(0, 17)) === d[17];
}

const fullWidth = (s) => String(s ?? '').replace(/[\uff01-\uff5e]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0));

export function ymd(d = new Date()) {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}
function realDate(y, m, d) {
  const x = new Date(Date.UTC(y, m - 1, d));
  return x.getUTCFullYear() === y && x.getUTCMonth() === m - 1 && x.getUTCDate() === d;
}

// A 居民身份证 number: {error} (the server's message) or {number, birth, sex}.
// `today` = YYYY-MM-DD bounds the birth date.
export function parseId(raw, today = ymd()) {
  const s = fullWidth(raw).replace(/\s/g, '').toUpperCase();
  if (!s) return { error: t('valid.id.empty') };
  if (/^\d(\.\d+)?E\+?\d+$/.test(s)) return { error: t('valid.id.excel') };
  if (!/^\d+X?$/.test(s)) return { error: t('valid.id.chars') };
  let n = s;
  if (/^\d{15}$/.test(s)) n = s.slice(0, 6) + '19' + s.slice(6);
  else if (s.length !== 18) return { error: t('valid.id.length') };
  const y = Number(n.slice(6, 10)), m = Number(n.slice(10, 12)), d = Number(n.slice(12, 14));
  const birth = n.slice(6, 10) + '-' + n.slice(10, 12) + '-' + n.slice(12, 14);
  if (y < 1800 || !realDate(y, m, d) || birth > today) return { error: t('valid.id.date') };
  if (n.length === 17) n += checkChar(n);
  else if (checkChar(n.slice(0, 17)) !== n[17]) return { error: n.endsWith('000') ? t('valid.id.excel') : t('valid.id.checksum') };
  return { number: n, birth, sex: Number(n[16]) % 2 ? 1 : 2 };
}

// '' or the message for a document number of type `docType`.
export function docError(docType, raw, today) {
  if (docType === 'id_card') return parseId(raw, today).error || '';
  const s = fullWidth(raw).replace(/\s/g, '');
  return /^[A-Za-z0-9-]{4,30}$/.test(s) ? '' : t('valid.doc');
}

// A mainland mobile (13x–19x, optionally +86) or a landline with its area
// code and an optional extension (after a separator, 转, 分机 or ext), read
// in digit groups as src/core/phone.c does; '' or the server's message.
export function phoneError(raw) {
  let s = fullWidth(raw).trim();
  if (!s) return '';
  let ext = false;
  let intl = false;
  s = s.replace(/(转|分机|ext\.?)\s*\d{1,6}$/i, () => { ext = true; return ''; });
  s = s.replace(/^(\+86|0086)/, () => { intl = true; return ''; });
  if (/[^\d\s\-()（）]/.test(s)) return t('valid.phone');
  const groups = s.split(/[\s\-()（）]+/).filter(Boolean);
  const all = groups.join('');
  if (!ext && (/^1[3-9]\d{9}$/.test(all) || (!intl && /^861[3-9]\d{9}$/.test(all)))) return '';
  const land = (d) => /^(010|02\d|0[3-9]\d\d)[2-9]\d{6,7}$/.test(intl && !d.startsWith('0') ? '0' + d : d);
  if (land(all)) return '';
  const last = groups.length > 1 ? groups[groups.length - 1] : '';
  if (!ext && last && last.length <= 6 && land(all.slice(0, -last.length))) return '';
  return t('valid.phone');
}

// '' or why a birth date (YYYY-MM-DD) cannot be: after today or before 1900.
export function birthError(v, today = ymd()) {
  if (!v) return '';
  if (!/^\d{4}-\d{2}-\d{2}$/.test(v) || !realDate(Number(v.slice(0, 4)), Number(v.slice(5, 7)), Number(v.slice(8, 10)))) return t('valid.date');
  if (v > today) return t('valid.birthFuture');
  if (v < '1900-01-01') return t('valid.birthEarly');
  return '';
}

addMessages({
  zh: {
    valid: {
      tempNaN: '体温须为数字，如 36.5（也可不带小数点输入 365）',
      tempRange: '体温 {t} °C 不在 34.0–43.0 °C 之间，请核对',
      id: {
        empty: '身份证号为空',
        excel: '身份证号被 Excel 转成了数字（科学计数法），请提供原始文本',
        chars: '身份证号只能包含数字，最后一位可以是 X',
        length: '身份证号应为18位（旧版15位）',
        date: '身份证号中的出生日期无效（日期不存在、早于1800年或晚于今天）',
        checksum: '身份证号校验位错误（最后一位与前17位不符），请核对是否抄错',
      },
      doc: '证件号码格式错误（4–30 位字母或数字）',
      phone: '电话号码格式错误（手机 11 位，固话需带区号）',
      date: '日期格式错误，应为 YYYY-MM-DD',
      birthFuture: '出生日期不能晚于今天',
      birthEarly: '出生日期不能早于 1900-01-01',
    },
  },
  en: {
    valid: {
      tempNaN: 'Temperature must be a number, e.g. 36.5 (or 365 without the dot)',
      tempRange: '{t} °C is not between 34.0 and 43.0 °C: check it',
      id: {
        empty: 'ID number is empty',
        excel: 'ID number was turned into a number by Excel (scientific notation or trailing 000): give the original text',
        chars: 'ID number may contain only digits, with X allowed as the last character',
        length: 'ID number must have 18 characters (15 digits on old cards)',
        date: 'birth date in the ID number is not a real date, before 1800 or in the future',
        checksum: 'ID number check character does not match the first 17 digits; check for a typo',
      },
      doc: 'Invalid document number (4–30 letters or digits)',
      phone: 'Invalid phone number (11-digit mobile, or landline with area code)',
      date: 'Invalid date, expected YYYY-MM-DD',
      birthFuture: 'Birth date cannot be after today',
      birthEarly: 'Birth date cannot be before 1900-01-01',
    },
  },
});
