// A small hash router: #/persons/12/edit?x=1 → route {path, query}.
// Route patterns use :name for numeric parameters (see routes.js).
import { reactive } from '/vendor/vue.js';

export const route = reactive({ path: '/', query: {}, full: '/' });

function parse() {
  const h = decodeURI(location.hash.replace(/^#/, '')) || '/';
  const i = h.indexOf('?');
  route.path = (i < 0 ? h : h.slice(0, i)) || '/';
  route.query = Object.fromEntries(new URLSearchParams(i < 0 ? '' : h.slice(i + 1)));
  route.full = h;
}
window.addEventListener('hashchange', parse);
parse();

function href(path, query) {
  const q = query ? new URLSearchParams(Object.entries(query).filter(([, v]) => v !== '' && v != null)).toString() : '';
  return '#' + path + (q ? '?' + q : '');
}

export function go(path, query) { location.hash = href(path, query); }

// Change the query of the current page without a new history entry.
export function replace(path, query) {
  history.replaceState(history.state, '', href(path, query));
  parse();
}

// Match "/persons/12" against "/persons/:id" → {id: 12}, else null.
export function matchPath(pattern, path) {
  const a = pattern.split('/'), b = path.split('/');
  if (a.length !== b.length) return null;
  const params = {};
  for (let i = 0; i < a.length; i++) {
    if (a[i].startsWith(':')) {
      if (!/^[1-9][0-9]{0,15}$/.test(b[i])) return null;
      params[a[i].slice(1)] = Number(b[i]);
    } else if (a[i] !== b[i]) return null;
  }
  return params;
}
