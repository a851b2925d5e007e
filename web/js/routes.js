// Pages and the side menu, as data.  A module adds its pages with
// addRoutes([...]); an entry with `menu` appears in the side menu for the
// roles listed (the server enforces the same roles on its API).
//   path   hash path, ":id" for a numeric parameter (passed as a prop)
//   page   () => import('./pages/x.js'), the module's default export is the component
//   roles  who may open it (roles.js)
//   menu   {title: i18n key, icon: Element Plus icon name, group, order}
//          badge: optional () => number, shown as a red count (0 = none)
//   parent the menu entry to highlight for sub-pages
import { ALL, ADMIN, PERSON_READ, PERSON_WRITE } from './roles.js';

// Menu groups, in order.  Entries without a group come first.
export const groups = [
  { key: 'work', title: 'menu.g.work', order: 10 },
  { key: 'system', title: 'menu.g.system', order: 80 },
  { key: 'account', title: 'menu.g.account', order: 90 },
];

export const routes = [
  { path: '/', page: () => import('./pages/home.js'), roles: ALL,
    menu: { title: 'menu.home', icon: 'HomeFilled', order: 0 } },
  { path: '/persons', page: () => import('./pages/persons.js'), roles: PERSON_READ,
    menu: { title: 'menu.persons', icon: 'User', group: 'work', order: 10 } },
  { path: '/persons/new', page: () => import('./pages/person-form.js'), roles: PERSON_WRITE, parent: '/persons' },
  { path: '/persons/:id', page: () => import('./pages/person-detail.js'), roles: PERSON_READ, parent: '/persons' },
  { path: '/persons/:id/edit', page: () => import('./pages/person-form.js'), roles: PERSON_WRITE, parent: '/persons' },
  // later modules: 医学观察 (order 20), 协查名单 (30), 检疫点 (40), 日报 (50) in group 'work'
  { path: '/villages', page: () => import('./pages/villages.js'), roles: ['admin', 'commander', 'verifier', 'observer', 'viewer'],
    menu: { title: 'menu.villages', icon: 'OfficeBuilding', group: 'system', order: 10 } },
  { path: '/users', page: () => import('./pages/users.js'), roles: ADMIN,
    menu: { title: 'menu.users', icon: 'UserFilled', group: 'system', order: 20 } },
  { path: '/audit', page: () => import('./pages/audit.js'), roles: ADMIN,
    menu: { title: 'menu.audit', icon: 'Tickets', group: 'system', order: 30 } },
  { path: '/password', page: () => import('./pages/password.js'), roles: ALL,
    menu: { title: 'menu.password', icon: 'Lock', group: 'account', order: 10 } },
];

export function addRoutes(more) { routes.push(...more); }
export function addGroups(more) { groups.push(...more); }

export function allowed(r, user) { return !!user && r.roles.includes(user.role); }

// The menu for a user: [{key, title, items: [route…]}] sorted, empty groups dropped.
export function menuFor(user) {
  const items = routes.filter((r) => r.menu && allowed(r, user));
  const sections = [{ key: '', title: '', order: -1 }, ...groups].map((g) => ({
    ...g,
    items: items.filter((r) => (r.menu.group || '') === g.key).sort((a, b) => a.menu.order - b.menu.order),
  }));
  return sections.filter((s) => s.items.length).sort((a, b) => a.order - b.order);
}
