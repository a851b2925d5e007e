/* argon2id password hashing and rules; see password.h. */
#include "password.h"

#include <sodium.h>
#include <string.h>

#include "text.h"

#define OPS 2
#define MEM ((size_t)19 << 20)

int password_hash(const char *pw, char out[PASSWORD_HASH_MAX])
{
	_Static_assert(PASSWORD_HASH_MAX >= crypto_pwhash_STRBYTES, "hash buffer");
	return crypto_pwhash_str(out, pw, strlen(pw), OPS, MEM) == 0 ? 0 : -1;
}

int password_verify(const char *hash, const char *pw)
{
	if (!hash || !pw)
		return 0;
	return crypto_pwhash_str_verify(hash, pw, strlen(pw)) == 0;
}

const char *password_check(const char *pw, const char *username)
{
	size_t len = strlen(pw);
	int letter = 0, digit = 0;
	if (text_utf8_chars(pw, len) < 8)
		return "password_short";
	if (len > 128)
		return "password_long";
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)pw[i];
		if ((c | 32) >= 'a' && (c | 32) <= 'z')
			letter = 1;
		else if (c >= '0' && c <= '9')
			digit = 1;
	}
	if (!letter || !digit)
		return "password_weak";
	if (username && strcmp(pw, username) == 0)
		return "password_username";
	return NULL;
}

void password_generate(char out[16])
{
	static const char al[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
	do {
		for (int i = 0; i < 12; i++)
			out[i] = al[randombytes_uniform(sizeof al - 1)];
		out[12] = '\0';
	} while (password_check(out, NULL));
}
