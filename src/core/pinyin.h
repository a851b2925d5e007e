/*
 * pinyin — find persons by the initials of their name's pinyin readings
 * ("cjm" finds 陈嘉敏).  Polyphonic characters match on every reading Unihan
 * lists (曾 zēng/céng matches z and c); an initial is the first letter of a
 * syllable only (zh -> z, ü -> v).  Pure functions over UTF-8 bytes, no
 * allocation visible to callers, safe on invalid input.
 */
#ifndef FK_PINYIN_H
#define FK_PINYIN_H

#include <stddef.h>
#include <stdint.h>

/* Longest query pinyin_is_query() accepts. */
#define PINYIN_QUERY_MAX 16

/* Initial-letter bitmask of one Unicode code point (bit 0 = 'a', bit 25 =
 * 'z'); 0 if it is not a Han character with a Mandarin reading. */
uint32_t pinyin_initials_cp(uint32_t cp);

/* Build the search key for a name: every combination of initials, lowercase,
 * space separated, in alphabetical order: "曾小单" -> "cxc cxd cxs zxc zxd zxs".
 * ASCII letters and digits are kept (lowercased) as one position each; other
 * characters (spaces, "·", Han characters without a reading, invalid UTF-8)
 * are skipped.
 *
 * At most `max_combos` combinations (values below 1 count as 1): once the
 * next character's readings would pass the cap, it and every later character
 * contribute only their most customary initial (Unihan kMandarin), so the
 * usual reading is always in the key.
 *
 * Writes a NUL-terminated string into `out` and returns its length.  When
 * `out` is too small the key stops at a combination boundary (a name whose
 * first combination does not fit yields ""); nothing is written if outsz is 0.
 * A key is at most max_combos * (positions + 1) bytes. */
size_t pinyin_key(const char *utf8, size_t len, char *out, size_t outsz, int max_combos);

/* 1 if `query` (NUL-terminated, case-insensitive) is a prefix or substring of
 * some combination of the initials of `name`, considering every reading of
 * every character (no combination cap, no allocation); 0 otherwise, and for
 * a NULL or empty query. */
int pinyin_match(const char *name, size_t len, const char *query);

/* 1 if `q` looks like a pinyin-initials query: 2..PINYIN_QUERY_MAX ASCII
 * letters and nothing else.  Callers use it to decide whether to search
 * names by initials in addition to plain text. */
int pinyin_is_query(const char *q);

/*
 * Tables generated into build/gen/pinyin_data.c by tools/gen_pinyin.awk from
 * Unihan_Readings.txt.  Internal to pinyin.c (declared here so the generated
 * file is type-checked against them); call pinyin_initials_cp() instead.
 *
 * pinyin_tab_vals[] holds the distinct values: bits 0..25 the initials mask,
 * bits 26..30 the primary initial (0 = 'a'); entry 0 is "no reading".
 * pinyin_tab_dense[cp - PINYIN_DENSE_LO] indexes it for the dense range;
 * pinyin_tab_sparse[] is sorted and holds cp << PINYIN_SPARSE_IX_BITS | index
 * for every other code point with a reading.
 */
#define PINYIN_DENSE_LO 0x3400u
#define PINYIN_DENSE_HI 0x9FFFu
#define PINYIN_SPARSE_IX_BITS 11
#define PINYIN_MASK_BITS 0x03FFFFFFu
#define PINYIN_PRIMARY_SHIFT 26

extern const uint32_t pinyin_tab_vals[];
extern const size_t pinyin_tab_nvals;
extern const uint16_t pinyin_tab_dense[PINYIN_DENSE_HI - PINYIN_DENSE_LO + 1];
extern const uint32_t pinyin_tab_sparse[];
extern const size_t pinyin_tab_nsparse;

#endif
