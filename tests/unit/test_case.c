/* test_case.c - the case state machine, missing materials, and the checks
 * on the applicant's ID number, phone and free text.
 *
 * Decided here: a lowercase 'x' as the check character of an ID number is
 * accepted and stored as 'X' (it is the same number; people type it so). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "wicket/core/case.h"

/* ---- the state machine -------------------------------------------------- */

/* Every (status, action) pair with its expected outcome: -1 = illegal. */
static const int expected[CASE_NSTATUS][CASE_NACTION] = {
	[CASE_NOTIFIED]  = { CASE_ACCEPTED, -1, -1, -1 },
	[CASE_ACCEPTED]  = { -1, CASE_SUSPENDED, -1, CASE_COMPLETED },
	[CASE_SUSPENDED] = { -1, -1, CASE_ACCEPTED, -1 },
	[CASE_COMPLETED] = { -1, -1, -1, -1 },
};

static void test_every_transition(void **state)
{
	(void)state;
	for (int s = 0; s < CASE_NSTATUS; s++)
		for (int a = 0; a < CASE_NACTION; a++) {
			enum case_status to = (enum case_status)99;
			int rc = case_apply((enum case_status)s, (enum case_action)a, &to);
			if (expected[s][a] < 0) {
				assert_int_equal(rc, -1);
				assert_int_equal(to, 99);    /* untouched */
			} else {
				assert_int_equal(rc, 0);
				assert_int_equal(to, expected[s][a]);
			}
		}
}

static void test_transitions_out_of_range(void **state)
{
	enum case_status to = CASE_NOTIFIED;
	(void)state;
	assert_int_equal(case_apply((enum case_status)CASE_NSTATUS, CASE_SUSPEND, &to), -1);
	assert_int_equal(case_apply(CASE_ACCEPTED, (enum case_action)CASE_NACTION, &to), -1);
	assert_int_equal(case_apply((enum case_status)-1, CASE_SUSPEND, &to), -1);
	assert_int_equal(to, CASE_NOTIFIED);
}

static void test_a_whole_life(void **state)
{
	enum case_status s = CASE_NOTIFIED;
	static const enum case_action path[] = {
		CASE_MATERIALS_COMPLETE, CASE_SUSPEND, CASE_RESUME, CASE_SUSPEND, CASE_RESUME, CASE_COMPLETE
	};
	(void)state;
	for (size_t i = 0; i < sizeof path / sizeof path[0]; i++)
		assert_int_equal(case_apply(s, path[i], &s), 0);
	assert_int_equal(s, CASE_COMPLETED);
}

static void test_names_round_trip(void **state)
{
	(void)state;
	for (int s = 0; s < CASE_NSTATUS; s++) {
		enum case_status back = (enum case_status)99;
		assert_int_equal(case_status_parse(case_status_name((enum case_status)s), &back), 0);
		assert_int_equal(back, s);
	}
	for (int a = 0; a < CASE_NACTION; a++) {
		enum case_action back = (enum case_action)99;
		assert_int_equal(case_action_parse(case_action_name((enum case_action)a), &back), 0);
		assert_int_equal(back, a);
	}
	assert_string_equal(case_status_name(CASE_NOTIFIED), "notified");
	assert_string_equal(case_status_name(CASE_SUSPENDED), "suspended");
	assert_string_equal(case_action_name(CASE_MATERIALS_COMPLETE), "materials_complete");
	assert_string_equal(case_status_name((enum case_status)CASE_NSTATUS), "?");
	assert_string_equal(case_action_name((enum case_action)-1), "?");
}

static void test_names_rejected(void **state)
{
	enum case_status s = CASE_ACCEPTED;
	enum case_action a = CASE_RESUME;
	(void)state;
	assert_int_equal(case_status_parse("Accepted", &s), -1);
	assert_int_equal(case_status_parse("", &s), -1);
	assert_int_equal(case_status_parse("open", &s), -1);
	assert_int_equal(case_status_parse(NULL, &s), -1);
	assert_int_equal(case_action_parse("suspended", &a), -1);
	assert_int_equal(case_action_parse(NULL, &a), -1);
	assert_int_equal(s, CASE_ACCEPTED);
	assert_int_equal(a, CASE_RESUME);
}

/* ---- missing materials -------------------------------------------------- */

/* Like MAR-02 of the demo: 1..5 required, 6 optional; and a guide in
 * another order with optional ones in between. */
static const struct case_material guide[] = {
	{ 1, true }, { 2, true }, { 3, true }, { 4, true }, { 5, true }, { 6, false },
};
static const struct case_material mixed[] = {
	{ 7, false }, { 3, true }, { 9, false }, { 1, true },
};

static void assert_missing(const struct case_material *mat, size_t nmat, const int *recv,
			   size_t nrecv, const int *want, size_t nwant)
{
	int missing[16], unknown = -7;
	size_t n = 99;
	assert_int_equal(case_missing(mat, nmat, recv, nrecv, missing, &n, &unknown), 0);
	assert_int_equal(n, nwant);
	for (size_t i = 0; i < nwant; i++)
		assert_int_equal(missing[i], want[i]);
	assert_int_equal(unknown, -7);
}

static void test_missing_exactly_the_unticked_required(void **state)
{
	(void)state;
	assert_missing(guide, 6, (int[]){ 1, 2, 3, 4, 5 }, 5, NULL, 0);
	assert_missing(guide, 6, (int[]){ 1, 2, 3, 4, 5, 6 }, 6, NULL, 0);
	assert_missing(guide, 6, (int[]){ 2, 4 }, 2, (int[]){ 1, 3, 5 }, 3);
	assert_missing(guide, 6, (int[]){ 5, 1 }, 2, (int[]){ 2, 3, 4 }, 3);
	assert_missing(guide, 6, NULL, 0, (int[]){ 1, 2, 3, 4, 5 }, 5);
}

static void test_missing_never_lists_optional(void **state)
{
	(void)state;
	/* Only the optional one received: all required missing, 6 not. */
	assert_missing(guide, 6, (int[]){ 6 }, 1, (int[]){ 1, 2, 3, 4, 5 }, 5);
	/* The guide's order is kept; 7 and 9 are optional. */
	assert_missing(mixed, 4, NULL, 0, (int[]){ 3, 1 }, 2);
	assert_missing(mixed, 4, (int[]){ 1 }, 1, (int[]){ 3 }, 1);
	/* A guide without required materials never misses anything. */
	assert_missing((struct case_material[]){ { 1, false } }, 1, NULL, 0, NULL, 0);
	assert_missing(NULL, 0, NULL, 0, NULL, 0);
}

static void test_missing_tolerates_duplicates(void **state)
{
	(void)state;
	assert_missing(guide, 6, (int[]){ 1, 1, 2, 2, 2, 3 }, 6, (int[]){ 4, 5 }, 2);
	assert_missing(mixed, 4, (int[]){ 3, 3, 1, 1 }, 4, NULL, 0);
}

static void test_missing_rejects_unknown_ids(void **state)
{
	int missing[8] = { 0 }, unknown = 0;
	size_t n = 5;
	(void)state;
	assert_int_equal(case_missing(guide, 6, (int[]){ 1, 7, 8 }, 3, missing, &n, &unknown), -1);
	assert_int_equal(unknown, 7);
	assert_int_equal(n, 0);
	assert_int_equal(case_missing(guide, 6, (int[]){ 0 }, 1, missing, &n, &unknown), -1);
	assert_int_equal(unknown, 0);
	assert_int_equal(case_missing(guide, 6, (int[]){ -3 }, 1, missing, &n, &unknown), -1);
	assert_int_equal(unknown, -3);
	assert_int_equal(case_missing(NULL, 0, (int[]){ 1 }, 1, missing, &n, &unknown), -1);
	assert_int_equal(unknown, 1);
}

static void test_ids_normalize(void **state)
{
	int ids[] = { 5, 1, 3, 1, 5, 5, 2 };
	int one[] = { 4 };
	(void)state;
	assert_int_equal(case_ids_normalize(ids, 7), 4);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 2);
	assert_int_equal(ids[2], 3);
	assert_int_equal(ids[3], 5);
	assert_int_equal(case_ids_normalize(one, 1), 1);
	assert_int_equal(case_ids_normalize(NULL, 0), 0);
}

/* ---- ID numbers ------------------------------------------------------------ */

static void assert_id_valid(const char *s, const char *canonical)
{
	char out[CASE_ID_SIZE];
	memset(out, '#', sizeof out);
	assert_true(case_id_number_check(s, out));
	assert_string_equal(out, canonical);
}

static void assert_id_invalid(const char *s)
{
	char out[CASE_ID_SIZE];
	memset(out, '#', sizeof out);
	assert_false(case_id_number_check(s, out));
	assert_string_equal(out, "");
}

static void test_id_check_char(void **state)
{
	(void)state;
	/* The example of GB 11643-1999 itself, and numbers computed by hand:
	 * sum of digit * weight (7 9 10 5 8 4 2 1 6 3 7 9 10 5 8 4 2) mod 11
	 * -> "10X98765432". */
	assert_int_equal(case_id_check_char("11010519491231002"), 'X');
	assert_int_equal(case_id_check_char("51082319900101123"), '8');
	assert_int_equal(case_id_check_char("51080220000229001"), '7');
	assert_int_equal(case_id_check_char("44030419851130571"), '2');
	assert_int_equal(case_id_check_char("51080219900101552"), '8');
	assert_int_equal(case_id_check_char("510802199001015"), '\0');
	assert_int_equal(case_id_check_char("5108021990010155A"), '\0');
	assert_int_equal(case_id_check_char(NULL), '\0');
}

static void test_id_valid(void **state)
{
	(void)state;
	assert_id_valid("11010519491231002X", "11010519491231002X");
	assert_id_valid("510823199001011238", "510823199001011238");
	assert_id_valid("510802200002290017", "510802200002290017");   /* 29 Feb of a leap year */
	assert_id_valid("440304198511305712", "440304198511305712");
	assert_id_valid("510802190001010005", "510802190001010005");   /* the earliest year */
	assert_id_valid("510802209912310006", "510802209912310006");   /* the latest */
}

static void test_id_lowercase_x_becomes_uppercase(void **state)
{
	(void)state;
	assert_id_valid("11010519491231002x", "11010519491231002X");
	assert_id_valid("51080219900101551x", "51080219900101551X");
}

static void test_id_wrong_check_digit(void **state)
{
	(void)state;
	assert_id_invalid("110105194912310021");
	assert_id_invalid("510823199001011239");
	assert_id_invalid("51082319900101123X");
	assert_id_invalid("510802199001015529");
	/* Two digits swapped: the check character catches it. */
	assert_id_invalid("510832199001011238");
}

static void test_id_bad_birth_date(void **state)
{
	(void)state;
	/* The check characters are right for the digits; the dates are not. */
	assert_id_invalid("510802199002300013");             /* 30 February */
	assert_id_invalid("510802199913010017");             /* month 13 */
	assert_id_invalid("510802199001000019");             /* day 0 */
	assert_id_invalid("510802199001320012");             /* day 32 */
	assert_id_invalid("510802189912310019");             /* before 1900 */
	assert_id_invalid("510802210001010019");             /* after 2099 */
	assert_id_invalid("510802190102290018");             /* 1901 is not a leap year */
	assert_id_invalid("510802190002290010");             /* nor is 1900 */
	/* The same check arithmetic with a real date passes. */
	assert_id_valid("510802190012290014", "510802190012290014");
}

static void test_id_bad_shape(void **state)
{
	(void)state;
	assert_id_invalid(NULL);
	assert_id_invalid("");
	assert_id_invalid("51082319900101123");               /* 17 */
	assert_id_invalid("5108231990010112388");             /* 19 */
	assert_id_invalid(" 510823199001011238");
	assert_id_invalid("510823199001011238 ");
	assert_id_invalid("51082319900101123８");              /* fullwidth 8 */
	assert_id_invalid("5108231990010112X8");
	assert_id_invalid("X10823199001011238");
	assert_id_invalid("510823-99001011238");
	assert_id_invalid("51082319900101123Y");
	assert_id_invalid("510823199001011");                 /* the old 15-digit form */
}
/* ---- phone numbers --------------------------------------------------------- */

static void assert_phone(const char *s, bool valid)
{
	char out[CASE_PHONE_SIZE];
	memset(out, '#', sizeof out);
	if (case_phone_check(s, out) != valid)
		fail_msg("'%s' should be %s", s, valid ? "valid" : "invalid");
	assert_string_equal(out, valid ? s : "");
}

static void test_phone_valid(void **state)
{
	static const char *const ok[] = {
		"13812345678", "19912345678", "16612345678",       /* mobiles */
		"0839-1234567", "08391234567", "0839-12345678", "083912345678",
		"010-12345678", "01012345678", "021-2345678", "0212345678",
		"0839123456",                     /* 10 digits: read as 083-9123456 */
	};
	(void)state;
	for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++)
		assert_phone(ok[i], true);
}

static void test_phone_invalid(void **state)
{
	static const char *const bad[] = {
		"", "12812345678", "11012345678",               /* no such mobile prefix */
		"1381234567", "138123456789",                     /* 10 and 12 digits */
		"+8613812345678", "138 1234 5678", "138-1234-5678",
		"0839-0234567",                                   /* local starts with 0 */
		"0839-123456", "0839-123456789",                  /* local too short/long */
		"00839-1234567", "08-1234567", "00-12345678",     /* area code */
		"839-1234567", "0839--1234567", "0839-1234567-1", "0839-", "-1234567",
		"0839\xe2\x80\x93" "1234567",                     /* en dash */
		"\xef\xbc\x91" "3812345678",                      /* fullwidth 1 */
		"0839123456789", "1381234567a",
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_phone(bad[i], false);
	char out[CASE_PHONE_SIZE];
	assert_false(case_phone_check(NULL, out));
	assert_string_equal(out, "");
}

/* ---- masking -------------------------------------------------------------- */

static void assert_mask_id(const char *s, const char *want)
{
	char out[CASE_MASK_SIZE];
	case_mask_id(s, out);
	assert_string_equal(out, want);
}

static void assert_mask_phone(const char *s, const char *want)
{
	char out[CASE_MASK_SIZE];
	case_mask_phone(s, out);
	assert_string_equal(out, want);
}

static void test_mask_id(void **state)
{
	(void)state;
	assert_mask_id("510823199001011234", "5108**********1234");
	assert_mask_id("11010519491231002X", "1101**********002X");
	assert_mask_id("123456789", "1234*6789");
	assert_mask_id("12345678", "********");
	assert_mask_id("12", "**");
	assert_mask_id("", "");
	assert_mask_id(NULL, "");
	/* Longer than the room: cut to 19 characters first, then masked. */
	assert_mask_id("1234567890123456789012345", "1234***********6789");
}

static void test_mask_phone(void **state)
{
	(void)state;
	assert_mask_phone("13812345678", "138****5678");
	assert_mask_phone("0839-1234567", "083*****4567");
	assert_mask_phone("08391234567", "083****4567");
	assert_mask_phone("12345678", "123*5678");
	assert_mask_phone("1234567", "*******");
	assert_mask_phone("", "");
	assert_mask_phone(NULL, "");
}

/* ---- free text ------------------------------------------------------------- */

static void test_text_valid(void **state)
{
	char fifty[51 * 3 + 1] = "", long_ascii[202];
	(void)state;
	for (int i = 0; i < 50; i++)
		strcat(fifty, "张");
	memset(long_ascii, 'a', 201);
	long_ascii[201] = '\0';
	assert_true(case_text_valid("张三", 1, 50));
	assert_true(case_text_valid("阿卜杜勒·阿齐兹", 1, 50));
	assert_true(case_text_valid("O'Brien-Smith Jr.", 1, 50));
	assert_true(case_text_valid(fifty, 1, 50));
	assert_true(case_text_valid("", 0, 200));
	assert_true(case_text_valid(long_ascii + 1, 1, 200));         /* 200 */
	assert_false(case_text_valid(long_ascii, 1, 200));            /* 201 */
	strcat(fifty, "三");
	assert_false(case_text_valid(fifty, 1, 50));                  /* 51 */
	assert_false(case_text_valid("", 1, 50));
	assert_false(case_text_valid("   ", 1, 50));
	assert_false(case_text_valid("\xe3\x80\x80", 1, 50));         /* ideographic space */
	assert_false(case_text_valid(NULL, 0, 50));
}

static void test_text_rejects_controls(void **state)
{
	static const char *const bad[] = {
		"张三\x1b[2J", "\x1b]0;pwned\x07", "a\nb", "a\rb", "a\tb", "a\x7f",
		"a\xc2\x85" "b",                  /* C1 NEL */
		"a\xc2\x9b" "31m",                /* C1 CSI */
		"\xe2\x80\xae" "cba",             /* right-to-left override */
		"a\xe2\x81\xa6" "b",              /* left-to-right isolate */
		"a\xff" "b", "\xe5\xbc",          /* not UTF-8 */
	};
	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		assert_false(case_text_valid(bad[i], 0, 200));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_every_transition),
		cmocka_unit_test(test_transitions_out_of_range),
		cmocka_unit_test(test_a_whole_life),
		cmocka_unit_test(test_names_round_trip),
		cmocka_unit_test(test_names_rejected),
		cmocka_unit_test(test_missing_exactly_the_unticked_required),
		cmocka_unit_test(test_missing_never_lists_optional),
		cmocka_unit_test(test_missing_tolerates_duplicates),
		cmocka_unit_test(test_missing_rejects_unknown_ids),
		cmocka_unit_test(test_ids_normalize),
		cmocka_unit_test(test_id_check_char),
		cmocka_unit_test(test_id_valid),
		cmocka_unit_test(test_id_lowercase_x_becomes_uppercase),
		cmocka_unit_test(test_id_wrong_check_digit),
		cmocka_unit_test(test_id_bad_birth_date),
		cmocka_unit_test(test_id_bad_shape),
		cmocka_unit_test(test_phone_valid),
		cmocka_unit_test(test_phone_invalid),
		cmocka_unit_test(test_mask_id),
		cmocka_unit_test(test_mask_phone),
		cmocka_unit_test(test_text_valid),
		cmocka_unit_test(test_text_rejects_controls),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
