#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/core/case.h"
#include "wicket/core/date.h"
#include "wicket/core/names.h"
#include "wicket/common/utf8.h"

/* ---- the state machine ------------------------------------------------- */

#define CASE_ILLEGAL (-1)

/* case_table[from][action]: the status reached, or CASE_ILLEGAL.  The whole
 * machine is this table, so that a reviewer sees every move at once. */
static const signed char case_table[CASE_NSTATUS][CASE_NACTION] = {
	/*                  materials_complete  suspend          resume          complete */
	[CASE_NOTIFIED]  = { CASE_ACCEPTED,     CASE_ILLEGAL,    CASE_ILLEGAL,   CASE_ILLEGAL },
	[CASE_ACCEPTED]  = { CASE_ILLEGAL,      CASE_SUSPENDED,  CASE_ILLEGAL,   CASE_COMPLETED },
	[CASE_SUSPENDED] = { CASE_ILLEGAL,      CASE_ILLEGAL,    CASE_ACCEPTED,  CASE_ILLEGAL },
	[CASE_COMPLETED] = { CASE_ILLEGAL,      CASE_ILLEGAL,    CASE_ILLEGAL,   CASE_ILLEGAL },
};

static const char *const case_status_names[CASE_NSTATUS] = {
	"notified", "accepted", "suspended", "completed"
};
static const char *const case_action_names[CASE_NACTION] = {
	"materials_complete", "suspend", "resume", "complete"
};

int case_apply(enum case_status from, enum case_action action, enum case_status *to)
{
	if ((unsigned)from >= CASE_NSTATUS || (unsigned)action >= CASE_NACTION ||
	    case_table[from][action] == CASE_ILLEGAL)
		return -1;
	*to = (enum case_status)case_table[from][action];
	return 0;
}

const char *case_status_name(enum case_status status)
{
	return names_at(case_status_names, CASE_NSTATUS, (int)status);
}

int case_status_parse(const char *s, enum case_status *out)
{
	int i = names_find(case_status_names, CASE_NSTATUS, s);
	if (i < 0)
		return -1;
	*out = (enum case_status)i;
	return 0;
}

const char *case_action_name(enum case_action action)
{
	return names_at(case_action_names, CASE_NACTION, (int)action);
}

int case_action_parse(const char *s, enum case_action *out)
{
	int i = names_find(case_action_names, CASE_NACTION, s);
	if (i < 0)
		return -1;
	*out = (enum case_action)i;
	return 0;
}

/* ---- materials ----------------------------------------------------------- */

bool case_ids_has(const int *ids, size_t n, int id)
{
	for (size_t i = 0; i < n; i++)
		if (ids[i] == id)
			return true;
	return false;
}

int case_missing(const struct case_material *mat, size_t nmat, const int *received,
		 size_t nreceived, int *missing, size_t *nmissing, int *unknown)
{
	*nmissing = 0;
	/* An id the guide does not list is a typing error at the window: say
	 * so rather than let it count for nothing. */
	for (size_t i = 0; i < nreceived; i++) {
		bool known = false;
		for (size_t j = 0; j < nmat && !known; j++)
			known = mat[j].id == received[i];
		if (!known) {
			*unknown = received[i];
			return -1;
		}
	}
	for (size_t j = 0; j < nmat; j++)
		if (mat[j].required && !case_ids_has(received, nreceived, mat[j].id))
			missing[(*nmissing)++] = mat[j].id;
	return 0;
}

static int case_cmp_int(const void *a, const void *b)
{
	int x = *(const int *)a, y = *(const int *)b;
	return (x > y) - (x < y);
}

size_t case_ids_normalize(int *ids, size_t n)
{
	if (n == 0)
		return 0;
	qsort(ids, n, sizeof *ids, case_cmp_int);
	size_t k = 1;
	for (size_t i = 1; i < n; i++)
		if (ids[i] != ids[k - 1])
			ids[k++] = ids[i];
	return k;
}

/* ---- the applicant's ID number and phone ------------------------------- */

static bool case_all_digits(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return false;
	return true;
}

/* The value of the n digits at s (n <= 9; s checked to be digits). */
static int case_digits_value(const char *s, size_t n)
{
	int v = 0;
	for (size_t i = 0; i < n; i++)
		v = 10 * v + (s[i] - '0');
	return v;
}

char case_id_check_char(const char *s)
{
	/* ISO 7064 MOD 11-2: weight 2^(17-i) mod 11 for digit i (0-based). */
	static const int weight[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
	static const char check[11] = { '1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2' };
	if (!s || strnlen(s, 17) < 17 || !case_all_digits(s, 17))
		return '\0';
	int sum = 0;
	for (int i = 0; i < 17; i++)
		sum += (s[i] - '0') * weight[i];
	return check[sum % 11];
}

bool case_id_number_check(const char *s, char out[CASE_ID_SIZE])
{
	out[0] = '\0';
	if (!s || strlen(s) != 18)
		return false;
	char last = s[17] == 'x' ? 'X' : s[17];
	date_t birth;
	int year = case_digits_value(s + 6, 4);
	if (case_id_check_char(s) != last || year < 1900 || year > 2099 ||
	    !date_from_ymd(year, case_digits_value(s + 10, 2), case_digits_value(s + 12, 2), &birth))
		return false;
	memcpy(out, s, 17);
	out[17] = last;
	out[18] = '\0';
	return true;
}

/* A landline split as area code (0 + 2..3 digits, not 00) and local number
 * (7..8 digits, first not 0: that would be another area code). */
static bool case_landline_parts(const char *area, size_t alen, const char *local, size_t llen)
{
	return alen >= 3 && alen <= 4 && area[0] == '0' && area[1] != '0' &&
	       case_all_digits(area, alen) && llen >= 7 && llen <= 8 &&
	       local[0] != '0' && case_all_digits(local, llen);
}

static bool case_phone_valid(const char *s)
{
	size_t n = strlen(s);
	const char *dash = strchr(s, '-');
	if (dash)
		return case_landline_parts(s, (size_t)(dash - s), dash + 1, strlen(dash + 1));
	if (n == 11 && s[0] == '1' && s[1] >= '3' && case_all_digits(s, n))
		return true;
	/* Without the dash, any split that makes a landline will do. */
	for (size_t alen = 3; alen <= 4 && alen < n; alen++)
		if (case_landline_parts(s, alen, s + alen, n - alen))
			return true;
	return false;
}

bool case_phone_check(const char *s, char out[CASE_PHONE_SIZE])
{
	out[0] = '\0';
	if (!s || strlen(s) >= CASE_PHONE_SIZE || !case_phone_valid(s))
		return false;
	strcpy(out, s);
	return true;
}

/* Keep the first head and last tail characters of s, '*' for the rest;
 * everything '*' when s is not longer than head + tail. */
static void case_mask(const char *s, size_t head, size_t tail, char out[CASE_MASK_SIZE])
{
	size_t n = s ? strnlen(s, CASE_MASK_SIZE - 1) : 0;
	bool show = n > head + tail;
	for (size_t i = 0; i < n; i++)
		out[i] = show && (i < head || i >= n - tail) ? s[i] : '*';
	out[n] = '\0';
}

void case_mask_id(const char *id, char out[CASE_MASK_SIZE])
{
	case_mask(id, 4, 4, out);
}

void case_mask_phone(const char *phone, char out[CASE_MASK_SIZE])
{
	case_mask(phone, 3, 4, out);
}

/* ---- free text ------------------------------------------------------------ */

static bool case_cp_is_space(uint32_t cp)
{
	return cp == ' ' || cp == 0x3000 || cp == 0xa0;   /* incl. the ideographic space */
}

bool case_text_valid(const char *s, size_t min_chars, size_t max_chars)
{
	if (!s)
		return false;
	size_t len = strlen(s), chars = 0;
	bool visible = false;
	if (!utf8_valid(s, len))
		return false;
	for (size_t i = 0; i < len; chars++) {
		uint32_t cp;
		i += utf8_decode(s + i, len - i, &cp);
		if (utf8_cp_unsafe(cp))
			return false;
		visible |= !case_cp_is_space(cp);
	}
	return chars >= min_chars && chars <= max_chars && (min_chars == 0 || visible);
}
