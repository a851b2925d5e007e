// The audit actions offered by the audit log's filter, by family.  A module
// that writes new actions adds them with addAuditActions('observation',
// ['observation.start', …]) and their labels with addMessages({zh: {audit:
// {a: {observation_start: '…'}}}}) (dots become underscores in the keys).
export const auditActions = [
  { family: 'person', items: ['person.create', 'person.update', 'person.reveal', 'person.merge'] },
  { family: 'user', items: ['user.create', 'user.update', 'user.disable', 'user.password'] },
  { family: 'village', items: ['village.create', 'village.update'] },
  { family: 'login', items: ['login.failed', 'login.locked'] },
];

export function addAuditActions(family, items) {
  const f = auditActions.find((x) => x.family === family);
  if (f) f.items.push(...items.filter((i) => !f.items.includes(i)));
  else auditActions.push({ family, items: [...items] });
}
