/*
 * Passwords: argon2id hashes (libsodium, OWASP parameters t=2, m=19 MiB) and
 * the password rules users are told about.
 */
#ifndef FK_PASSWORD_H
#define FK_PASSWORD_H

#include <stddef.h>

#define PASSWORD_HASH_MAX 128

/* 0 and the encoded hash in out (NUL-terminated), or -1 (out of memory). */
int password_hash(const char *pw, char out[PASSWORD_HASH_MAX]);
/* 1 if pw matches the stored hash (constant time in libsodium), else 0. */
int password_verify(const char *hash, const char *pw);
/* NULL if the password is acceptable, else a stable error code:
 * "password_short" (< 8 characters), "password_long" (> 128 bytes),
 * "password_weak" (needs letters and digits), "password_username"
 * (same as the user name). */
const char *password_check(const char *pw, const char *username);
/* Fill out with a random password that passes password_check (12 chars). */
void password_generate(char out[16]);

#endif
