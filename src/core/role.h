/*
 * Roles (DESIGN.md): each user has exactly one.  Routes declare the set of
 * roles they admit as a bit mask, so checks are one AND.
 */
#ifndef FK_ROLE_H
#define FK_ROLE_H

enum role {
	ROLE_ADMIN = 1 << 0,
	ROLE_COMMANDER = 1 << 1,
	ROLE_VERIFIER = 1 << 2,
	ROLE_OBSERVER = 1 << 3,
	ROLE_VILLAGE = 1 << 4,
	ROLE_CHECKPOINT = 1 << 5,
	ROLE_SITE = 1 << 6,
	ROLE_FINANCE = 1 << 7,
	ROLE_VIEWER = 1 << 8,
};
#define ROLE_ALL 0x1ffu
/* Roles that work with named persons (the registry). */
#define ROLE_PERSON_READ                                                                           \
	(ROLE_ADMIN | ROLE_COMMANDER | ROLE_VERIFIER | ROLE_OBSERVER | ROLE_VILLAGE | ROLE_SITE)
#define ROLE_PERSON_WRITE (ROLE_ADMIN | ROLE_VERIFIER | ROLE_OBSERVER | ROLE_VILLAGE)

/* Role bit from its name ("admin"…); 0 if unknown. */
unsigned role_from_name(const char *name);
/* Name of a single role bit; NULL if not exactly one known bit. */
const char *role_name(unsigned role);
/* Display label (中文 by default). */
const char *role_label(unsigned role, int english);
/* Every role name in order, NULL-terminated. */
extern const char *const role_names[];

#endif
