/* case.h - a case (办件): its state machine, the materials it still lacks,
 * and the checks on what an applicant gives at the window.
 *
 * Pure domain logic: nothing here touches a database, the network or a
 * screen, nothing allocates, and every function is thread-safe.
 *
 * The life of a case:
 *
 *   notified --materials_complete--> accepted --complete--> completed
 *   (一次性告知: the applicant      |      ^
 *    was told, once and in full,    suspend  resume
 *    what is still missing)         v      |
 *                                   suspended
 *
 * A case whose required materials are all there on the first visit starts
 * as accepted (受理); otherwise it starts as notified.  Every other move is
 * illegal. */
#ifndef WICKET_CASE_H
#define WICKET_CASE_H

#include <stdbool.h>
#include <stddef.h>

enum case_status {
	CASE_NOTIFIED,       /* told what is missing; the clock has not started */
	CASE_ACCEPTED,       /* accepted (受理); the working days are counting */
	CASE_SUSPENDED,      /* the clock is stopped (中止/暂停计时) */
	CASE_COMPLETED       /* done (办结) */
};
#define CASE_NSTATUS 4

enum case_action {
	CASE_MATERIALS_COMPLETE, /* the last required material came in */
	CASE_SUSPEND,
	CASE_RESUME,
	CASE_COMPLETE
};
#define CASE_NACTION 4

/* The status that action leads to from status from.  Returns 0 and stores
 * it in *to, or -1 (leaving *to alone) when the move is illegal or either
 * value is out of range. */
int case_apply(enum case_status from, enum case_action action, enum case_status *to);

/* "notified", "accepted", "suspended", "completed"; "?" when out of range.
 * The string is static. */
const char *case_status_name(enum case_status status);
/* Parse a name of case_status_name().  Returns 0 with *out set, or -1 for
 * anything else (also NULL); *out is then left alone. */
int case_status_parse(const char *s, enum case_status *out);
/* "materials_complete", "suspend", "resume", "complete"; "?" out of range. */
const char *case_action_name(enum case_action action);
/* Parse a name of case_action_name(): 0 with *out set, or -1. */
int case_action_parse(const char *s, enum case_action *out);

/* One material of a matter's guide (申请材料清单). */
struct case_material {
	int id;
	bool required;
};

/* The required materials of mat[0..nmat) whose id is not among
 * received[0..nreceived) (duplicates in received are fine).  Returns 0 with
 * their ids stored in missing[0..*nmissing), in the order of mat; missing
 * must have room for nmat ids.  Returns -1 with the first received id that
 * is not a material of mat in *unknown (and *nmissing = 0) when there is
 * one.  Optional materials are never listed as missing. */
int case_missing(const struct case_material *mat, size_t nmat, const int *received,
		 size_t nreceived, int *missing, size_t *nmissing, int *unknown);

/* Sort ids[0..n) ascending and drop repeats in place; returns the new count. */
size_t case_ids_normalize(int *ids, size_t n);
/* True when id is among ids[0..n) (material ids, in any order). */
bool case_ids_has(const int *ids, size_t n, int id);

/* 代办 (issue #18): the authorization letter (授权委托书) a case handled for
 * the applicant by an agent requires, whatever its matter's guide lists;
 * its material id, above any id a guide uses. */
#define CASE_MATERIAL_AUTHORIZATION 900

/* Room for an ID number and its NUL. */
#define CASE_ID_SIZE 19
/* Room for a phone number and its NUL (the longest form is "0839-12345678"). */
#define CASE_PHONE_SIZE 14
/* Room for a masked ID number or phone number and its NUL. */
#define CASE_MASK_SIZE 20

/* Check a resident ID number (居民身份证号码, GB 11643-1999): 18 characters,
 * 17 digits then the ISO 7064 MOD 11-2 check character 0-9 or X, with a real
 * date of birth (years 1900..2099) in characters 7-14.  A lowercase x is
 * accepted as X: people type it that way, and the number is the same.
 * Returns true and writes the canonical form (uppercase X) into out, or
 * false when s (which may be NULL) is not a valid number; out is then "". */
bool case_id_number_check(const char *s, char out[CASE_ID_SIZE]);
/* The check character ('0'..'9' or 'X') of the first 17 digits of s, or
 * '\0' when they are not 17 digits. */
char case_id_check_char(const char *s);

/* Check a phone number: a mainland mobile number (11 digits, "1" then 3..9)
 * or a landline with its area code: "0" and 2 or 3 more digits (not "00"),
 * an optional "-", then a local number of 7 or 8 digits that does not start
 * with 0 (0839-1234567, 08391234567, 010-12345678).  Returns true and copies s into
 * out, or false (out = "") for anything else, also spaces, "+86" or an
 * extension: the clerk types the number in one of these forms. */
bool case_phone_check(const char *s, char out[CASE_PHONE_SIZE]);

/* For display to someone not serving the applicant: the first 4 and the
 * last 4 characters of the ID number with '*' in between
 * ("5108**********1234"); all '*' when it is 8 characters or shorter.
 * Writes into out (truncating past CASE_MASK_SIZE - 1 characters). */
void case_mask_id(const char *id, char out[CASE_MASK_SIZE]);
/* The same for a phone number, keeping the first 3 and the last 4
 * characters: "138****5678", "083*****4567" (for 0839-1234567); all '*'
 * when it is 7 characters or shorter. */
void case_mask_phone(const char *phone, char out[CASE_MASK_SIZE]);

/* True when s is free text fit to store and show: well-formed UTF-8 of
 * min_chars..max_chars characters (code points), at least one of them not
 * white space when min_chars > 0, and no control character: no C0 control
 * (so no newline, tab or ESC), no DEL, no C1 control, and none of the bidi
 * controls U+202A..U+202E and U+2066..U+2069 that would reorder a screen. */
bool case_text_valid(const char *s, size_t min_chars, size_t max_chars);

#endif
