/* The hall's call screen without a terminal or a server: the words the
 * voice says (announce.h), and which calls are said (callscreen.h): none of
 * those before the screen started, the new ones oldest first, each once,
 * none found too late; the latest flashes when it is new. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "wicket/common/xalloc.h"
#include "wicket/core/announce.h"
#include "wicket/model/callscreen.h"

static void test_announce_digit_by_digit(void **state)
{
	(void)state;
	char out[160];
	assert_string_equal(announce_text("A023", 3, false, out, sizeof out),
			    "请 A 零 二 三 号，到 3 号窗口办理");
	assert_string_equal(announce_text("B1000", 12, true, out, sizeof out),
			    "重呼，请 B 一 零 零 零 号，到 12 号窗口办理");
	/* Whatever else came from the network is not given to the engine. */
	assert_string_equal(announce_text("<A>1\n", 1, false, out, sizeof out), "请 A 一 号，到 1 号窗口办理");
	/* Cut to the room, never past it. */
	char small[12];
	announce_text("A023", 3, false, small, sizeof small);
	assert_true(strlen(small) < sizeof small);
}

/* GET /calls of seqs[0..n) (newest first), each made at at[i]. */
static struct m_calls calls_of(const int64_t *seqs, const int64_t *at, size_t n)
{
	struct m_calls c = { .ncalls = n, .calls = xcalloc(n ? n : 1, sizeof(struct m_call)) };
	for (size_t i = 0; i < n; i++) {
		c.calls[i].seq = seqs[i];
		c.calls[i].at = at[i];
		c.calls[i].number = xasprintf("A%03lld", (long long)seqs[i]);
		c.calls[i].kind = xstrdup("called");
	}
	return c;
}

static void test_said_once_in_order(void **state)
{
	(void)state;
	struct callscreen cs = { 0 };
	size_t say[8];
	int64_t now = 1000000;
	/* The first read: what was called before is past, nothing said. */
	struct m_calls c = calls_of((int64_t[]){ 5, 3 }, (int64_t[]){ now - 10, now - 20 }, 2);
	assert_int_equal(callscreen_store(&cs, &c, now, say, 8), 0);
	assert_false(callscreen_flash_on(&cs, now));
	/* A burst: three new calls, said oldest first; the latest flashes. */
	c = calls_of((int64_t[]){ 9, 8, 7, 5, 3 }, (int64_t[]){ now, now, now, now - 10, now - 20 }, 5);
	assert_int_equal(callscreen_store(&cs, &c, now, say, 8), 3);
	assert_int_equal(cs.now.calls[say[0]].seq, 7);
	assert_int_equal(cs.now.calls[say[1]].seq, 8);
	assert_int_equal(cs.now.calls[say[2]].seq, 9);
	assert_true(callscreen_flash_on(&cs, now) || callscreen_flash_on(&cs, now + 1));
	assert_false(callscreen_flash_on(&cs, now + CALLSCREEN_FLASH) &&
		     callscreen_flash_on(&cs, now + CALLSCREEN_FLASH + 1));
	/* Read again (a resync after an outage): nothing twice. */
	c = calls_of((int64_t[]){ 9, 8, 7 }, (int64_t[]){ now, now, now }, 3);
	assert_int_equal(callscreen_store(&cs, &c, now + 60, say, 8), 0);
	/* Back after a long outage: the late call is shown, not said; the
	 * fresh one is. */
	now += 600;
	c = calls_of((int64_t[]){ 12, 11 }, (int64_t[]){ now - 5, now - 300 }, 2);
	assert_int_equal(callscreen_store(&cs, &c, now, say, 8), 1);
	assert_int_equal(cs.now.calls[say[0]].seq, 12);
	assert_int_equal(cs.latest, 12);
	callscreen_free(&cs);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_announce_digit_by_digit),
		cmocka_unit_test(test_said_once_in_order),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
