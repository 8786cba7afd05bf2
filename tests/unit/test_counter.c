/* The counter's rules (action + state -> allowed or why not, and the state
 * the server's answers leave), and the key-binding parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>

#include <curses.h>

#include "wicket/model/counter.h"
#include "wicket/model/wire.h"
#include "wicket/ui/keymap.h"
#include "wicket/ui/view.h"
#include "wicket/common/xalloc.h"

static struct m_ticket ticket(int64_t id, enum m_ticket_status st, int recalls)
{
	struct m_ticket t = { .id = id, .status = st, .recalls = recalls };
	t.number = xstrdup("A001");
	t.service = xstrdup("MAR");
	return t;
}

static struct counter open_counter(void)
{
	struct counter c = { .window_no = 1, .have_window = true, .recall_limit = 3 };
	c.window.status = WS_OPEN;
	return c;
}

static void test_call_rules(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_CONNECTING };
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_NEXT), REF_OK);
	/* Call a chosen one: only with a selection in the queue. */
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_CHOSEN), REF_NO_SELECTION);
	c.window.status = WS_PAUSED;
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_NEXT), REF_WINDOW_NOT_OPEN);
	c.window.status = WS_OPEN;
	struct m_ticket t = ticket(7, TS_CALLED, 0);
	counter_set_ticket(&c, &t);
	assert_true(c.has_ticket);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_NEXT), REF_IN_PROGRESS);
	s.busy = true;
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_START), REF_BUSY);
	/* Moving about and help never wait for the server. */
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_HELP), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_DOWN), REF_OK);
	counter_free(&c);
}

static void test_ticket_lifecycle(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_CONNECTING };
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_RECALL), REF_NO_TICKET);
	struct m_ticket t = ticket(7, TS_CALLED, 0);
	counter_set_ticket(&c, &t);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_RECALL), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_NO_SHOW), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_START), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_FINISH), REF_NOT_SERVING);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_TRANSFER), REF_OK);
	assert_false(counter_offer_no_show(&c));

	t = ticket(7, TS_CALLED, 3);            /* recalled up to the limit */
	counter_set_ticket(&c, &t);
	assert_true(counter_offer_no_show(&c));

	t = ticket(7, TS_SERVING, 3);
	counter_set_ticket(&c, &t);
	assert_false(counter_offer_no_show(&c));
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_FINISH), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CASE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_RECALL), REF_NOT_CALLED);

	t = ticket(7, TS_DONE, 3);              /* finished: the window is free */
	counter_set_ticket(&c, &t);
	assert_false(c.has_ticket);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_NEXT), REF_OK);
	counter_free(&c);
}

static struct m_matter guide(void)
{
	struct m_matter m = { .code = xstrdup("MAR-03"), .name = xstrdup("补领结婚证"),
			      .kind = MK_PROMISED, .working_days = 10 };
	m.nmaterials = 3;
	m.materials = xcalloc(3, sizeof *m.materials);
	for (int i = 0; i < 3; i++) {
		m.materials[i].id = i + 1;
		m.materials[i].name = xstrdup("材料");
		m.materials[i].note = xstrdup("");
		m.materials[i].required = i < 2;   /* 1 and 2 required, 3 optional */
	}
	return m;
}

static void test_case_rules(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_CONNECTING };
	struct m_ticket t = ticket(7, TS_SERVING, 0);
	counter_set_ticket(&c, &t);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_ACCEPT), REF_NO_MATTER);
	struct m_matter g = guide();
	counter_set_guide(&c, &g);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_ACCEPT), REF_NO_APPLICANT);
	strcpy(c.applicant_name, "张三");
	strcpy(c.applicant_id, "11010519491231002X");
	strcpy(c.applicant_phone, "13800138000");
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_ACCEPT), REF_OK);

	/* Exactly the unticked required materials are missing. */
	int ids[3];
	assert_int_equal(counter_missing_ids(&c, ids), 2);
	counter_toggle_material(&c, 0);
	counter_toggle_material(&c, 2);
	assert_int_equal(counter_missing_ids(&c, ids), 1);
	assert_int_equal(ids[0], 2);
	assert_int_equal(counter_ticked_ids(&c, ids), 2);
	assert_int_equal(ids[0], 1);
	assert_int_equal(ids[1], 3);

	/* The notice: materials can still be ticked, completing needs acceptance. */
	struct m_case k = { .id = 1, .status = CS_NOTIFIED, .nmissing = 1 };
	k.missing = xcalloc(1, sizeof *k.missing);
	k.missing[0] = 2;
	counter_set_case(&c, &k);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_TOGGLE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_ACCEPT), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_COMPLETE), REF_CASE_STATE);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_RATE), REF_OK);

	k = (struct m_case){ .id = 1, .status = CS_ACCEPTED };
	counter_set_case(&c, &k);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_TOGGLE), REF_CASE_OPEN);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_SUSPEND), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_COMPLETE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_RATE), REF_CASE_STATE);

	k = (struct m_case){ .id = 1, .status = CS_SUSPENDED };
	counter_set_case(&c, &k);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_SUSPEND), REF_OK);   /* resume */
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_COMPLETE), REF_CASE_STATE);

	k = (struct m_case){ .id = 1, .status = CS_COMPLETED };
	counter_set_case(&c, &k);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_RATE), REF_OK);
	k = (struct m_case){ .id = 1, .status = CS_COMPLETED, .rating = 5 };
	counter_set_case(&c, &k);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_RATE), REF_RATED);

	/* Window actions work from the case screen; case actions not elsewhere. */
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_FINISH), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_ACCEPT), REF_NOT_HERE);

	/* Finishing the ticket drops its guide and case. */
	t = ticket(7, TS_DONE, 0);
	counter_set_ticket(&c, &t);
	assert_false(c.have_guide);
	assert_false(c.has_case);
	assert_string_equal(c.applicant_name, "");
	counter_free(&c);
}

/* Cases outlive the visit: found and opened from the list, worked on
 * with nobody at the window; an offline completion says nothing of time. */
static void test_back_office_rules(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_ONLINE };
	/* The list: find anywhere, open a selected row only. */
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_FIND_CASE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASES, ACT_FIND_CASE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASES, ACT_OPEN_CASE), REF_NO_ROW);
	struct m_case *list = xcalloc(1, sizeof *list);
	list[0] = (struct m_case){ .id = 3, .status = CS_ACCEPTED };
	counter_set_cases(&c, list, 1);
	assert_int_equal(counter_check(&c, &s, SCR_CASES, ACT_OPEN_CASE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASES, ACT_CALL_NEXT), REF_NOT_HERE);
	s.conn = CONN_OFFLINE;
	assert_int_equal(counter_check(&c, &s, SCR_CASES, ACT_OPEN_CASE), REF_OFFLINE);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_FIND_CASE), REF_OFFLINE);
	s.conn = CONN_ONLINE;

	/* Opened with no ticket: the back office, every step allowed, but
	 * calling an applicant is the counter's. */
	struct m_matter g = guide();
	struct m_case k = { .id = 3, .status = CS_ACCEPTED, .working_days_used = -1 };
	counter_keep_opening(&c, &k);
	assert_true(counter_take_opening(&c, &k));
	assert_false(counter_take_opening(&c, &k));
	counter_open_case(&c, &g, &k);
	assert_true(c.have_guide);
	assert_true(counter_back_office(&c));
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_SUSPEND), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_COMPLETE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_CALL_NEXT), REF_NOT_HERE);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_FINISH), REF_NO_TICKET);

	/* Offline, completed: on time or not is left to the server. */
	s.conn = CONN_OFFLINE;
	c.kase.has_days_left = true;
	c.kase.working_days_left = 0;
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_COMPLETE), REF_OK);
	counter_apply_local(&c, ACT_COMPLETE, 0, NULL);
	assert_int_equal(c.kase.status, CS_COMPLETED);
	assert_false(c.kase.has_on_time);
	assert_false(c.kase.has_days_left);
	assert_int_equal(c.kase.working_days_used, -1);

	/* A ticket served: no longer the back office. */
	struct m_ticket t = ticket(7, TS_SERVING, 0);
	counter_set_ticket(&c, &t);
	assert_false(counter_back_office(&c));
	counter_free(&c);
}

static void test_queue_selection_follows_ticket(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_CONNECTING };
	struct m_ticket *q = xcalloc(3, sizeof *q);
	for (int i = 0; i < 3; i++)
		q[i] = ticket(10 + i, TS_WAITING, 0);
	counter_set_queue(&c, q, 3);
	c.queue_sel = 2;                        /* ticket 12 */
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_CHOSEN), REF_OK);
	q = xcalloc(2, sizeof *q);              /* 10 was called elsewhere */
	q[0] = ticket(11, TS_WAITING, 0);
	q[1] = ticket(12, TS_WAITING, 0);
	counter_set_queue(&c, q, 2);
	assert_int_equal(c.queue_sel, 1);
	assert_int_equal(c.queue[c.queue_sel].id, 12);
	assert_int_equal(counter_move(1, 2, 5), 1);
	assert_int_equal(counter_move(1, 2, -5), 0);
	assert_int_equal(counter_move(0, 0, 1), 0);
	counter_free(&c);
}

static void test_keymap_defaults(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	/* The counter keypads' function keys, everywhere. */
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(1)), ACT_HELP);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(2)), ACT_CALL_NEXT);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(3)), ACT_RECALL);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(4)), ACT_NO_SHOW);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(5)), ACT_START);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(6)), ACT_TRANSFER);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(7)), ACT_PAUSE);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(9)), ACT_FINISH);
	assert_int_equal(keymap_lookup(km, KM_CASE, KEY_F(10)), ACT_QUIT);
	/* A screen's binding wins over the generic one. */
	assert_int_equal(keymap_lookup(km, KM_CASE, ' '), ACT_TOGGLE);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, ' '), ACT_NONE);
	char label[16];
	assert_string_equal(keymap_label(km, KM_COUNTER, ACT_CALL_NEXT, label), "F2");
	assert_string_equal(keymap_label(km, KM_CASE, ACT_ACCEPT, label), "a");
	/* The trainer's screens: their own function keys, the clerk's hidden. */
	assert_int_equal(keymap_lookup(km, KM_CONSOLE, KEY_F(2)), ACT_RELEASE);
	assert_int_equal(keymap_lookup(km, KM_CONSOLE, KEY_F(3)), ACT_RUN_CLOCK);
	assert_int_equal(keymap_lookup(km, KM_CONSOLE, KEY_F(9)), ACT_FINISH_DRILL);
	assert_int_equal(keymap_lookup(km, KM_CONSOLE, KEY_F(5)), ACT_NONE);
	assert_int_equal(keymap_lookup(km, KM_CONSOLE, KEY_F(10)), ACT_QUIT);
	assert_int_equal(keymap_lookup(km, KM_DRILLS, '\r'), ACT_OPEN_DRILL);
	assert_int_equal(keymap_lookup(km, KM_SCENARIOS, '\r'), ACT_START_DRILL);
	assert_int_equal(keymap_lookup(km, KM_SCORE, '\t'), ACT_NEXT_TRAINEE);
	for (int f = 2; f <= 9; f++) {
		enum keymap_scope scopes[] = { KM_DRILLS, KM_SCENARIOS, KM_CONSOLE, KM_SCORE };
		for (size_t i = 0; i < sizeof scopes / sizeof scopes[0]; i++) {
			enum action a = keymap_lookup(km, scopes[i], KEY_F(f));
			assert_true(a == ACT_NONE || a >= ACT_NEW_DRILL || a == ACT_QUIT);
		}
	}
	keymap_free(km);
}

static void test_keymap_user_bindings(void **state)
{
	(void)state;
	struct keymap *km = keymap_new();
	char err[256];
	const char *conf =
		"# a clerk's own keys\n"
		"server http://hall:8470\n"
		"bind counter F12 call-next   # the big green key\n"
		"bind generic F2 none\n"
		"bind case ^A accept\n";
	assert_int_equal(keymap_load(km, "config", conf, err, sizeof err), 0);
	assert_int_equal(keymap_lookup(km, KM_COUNTER, KEY_F(12)), ACT_CALL_NEXT);
	assert_int_equal(keymap_lookup(km, KM_CASE, KEY_F(2)), ACT_NONE);
	assert_int_equal(keymap_lookup(km, KM_CASE, 1), ACT_ACCEPT);
	char label[16];
	assert_string_equal(keymap_label(km, KM_COUNTER, ACT_CALL_NEXT, label), "F12");

	assert_int_equal(keymap_load(km, "config", "\n\nbind counter F13 call-next\n", err, sizeof err), -1);
	assert_string_equal(err, "config:3: unknown key 'F13'");
	assert_int_equal(keymap_load(km, "c", "bind counter x fly\n", err, sizeof err), -1);
	assert_string_equal(err, "c:1: unknown action 'fly'");
	assert_int_equal(keymap_load(km, "c", "bind lobby x help\n", err, sizeof err), -1);
	assert_non_null(strstr(err, "unknown scope 'lobby'"));
	assert_non_null(strstr(err, "console"));
	assert_int_equal(keymap_load(km, "c", "bind console F12 release\n", err, sizeof err), 0);
	assert_int_equal(keymap_lookup(km, KM_CONSOLE, KEY_F(12)), ACT_RELEASE);
	assert_int_equal(keymap_load(km, "c", "bind counter x\n", err, sizeof err), -1);
	assert_int_equal(keymap_load(km, "c", "bind counter x help extra\n", err, sizeof err), -1);
	keymap_free(km);
}

static void test_key_names(void **state)
{
	(void)state;
	static const char *const names[] = { "F1", "F12", "Enter", "Esc", "Space", "Tab", "Up",
					     "PgDn", "^L", "x", "?" };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		char back[16];
		int k = keymap_key_parse(names[i]);
		assert_true(k >= 0);
		keymap_key_name(k, back);
		assert_string_equal(back, names[i]);
	}
	assert_int_equal(keymap_key_parse("F0"), -1);
	assert_int_equal(keymap_key_parse("Ctrl"), -1);
	assert_int_equal(keymap_key_parse(""), -1);
	assert_int_equal(action_parse("call-next"), ACT_CALL_NEXT);
	assert_int_equal(action_parse("nope"), ACT_NONE);
	for (int a = 0; a < ACT_COUNT; a++) {
		assert_int_equal(action_parse(action_name((enum action)a)), a);
		assert_true(strlen(action_help((enum action)a)) > 0);
	}
}

/* Offline the work in hand goes on (and shows done at once); what needs
 * the server's answer waits for it. */
static void test_offline_work_in_hand(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_CONNECTING };
	s.conn = CONN_OFFLINE;
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_NEXT), REF_OFFLINE);
	struct m_ticket t = ticket(7, TS_CALLED, 0);
	counter_set_ticket(&c, &t);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_RECALL), REF_OFFLINE);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_TRANSFER), REF_OFFLINE);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_START), REF_OK);
	counter_apply_local(&c, ACT_START, 0, NULL);
	assert_int_equal(c.ticket.status, TS_SERVING);
	/* No guide yet: choosing the matter needs the server. */
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CASE), REF_OFFLINE);
	struct m_matter g = guide();
	counter_set_guide(&c, &g);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CASE), REF_OK);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_TOGGLE), REF_OK);
	strcpy(c.applicant_name, "张三");
	strcpy(c.applicant_id, "11010519491231002X");
	strcpy(c.applicant_phone, "13800138000");
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_ACCEPT), REF_OFFLINE);

	/* An accepted case is completed, rated, the applicant finished. */
	struct m_case k = { .id = 1, .status = CS_ACCEPTED };
	counter_set_case(&c, &k);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_COMPLETE), REF_OK);
	counter_apply_local(&c, ACT_COMPLETE, 0, NULL);
	assert_int_equal(c.kase.status, CS_COMPLETED);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_RATE), REF_OK);
	counter_apply_local(&c, ACT_RATE, 4, NULL);
	assert_int_equal(c.kase.rating, 4);
	assert_int_equal(counter_check(&c, &s, SCR_CASE, ACT_RATE), REF_RATED);
	counter_apply_local(&c, ACT_FINISH, 0, NULL);
	assert_false(c.has_ticket);
	assert_false(c.has_case);

	/* Pause with a reason and open again. */
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_PAUSE), REF_OK);
	counter_apply_local(&c, ACT_PAUSE, 0, "午休");
	assert_int_equal(c.window.status, WS_PAUSED);
	assert_string_equal(c.window.pause_reason, "午休");
	counter_apply_local(&c, ACT_PAUSE, 0, NULL);
	assert_int_equal(c.window.status, WS_OPEN);
	assert_null(c.window.pause_reason);
	s.conn = CONN_ONLINE;
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_NEXT), REF_OK);
	counter_free(&c);
}

/* The applicant's form: what is wrong is said, by field, before sending. */
static void test_applicant_checks(void **state)
{
	(void)state;
	char id[CASE_ID_SIZE];
	int field = -1;
	assert_null(counter_applicant_problem("李四", "11010519491231002x", "13800138000", id, &field));
	assert_string_equal(id, "11010519491231002X");          /* x written as X */
	assert_null(counter_applicant_problem("李四", "11010519491231002X", "0839-1234567", id, &field));
	const char *why = counter_applicant_problem("", "11010519491231002X", "13800138000", id, &field);
	assert_string_equal(why, "Enter the applicant's name.");
	assert_int_equal(field, 0);
	/* 17 characters: one is missing. */
	why = counter_applicant_problem("李四", "11010519491231002", "13800138000", id, &field);
	assert_non_null(strstr(why, "18 characters"));
	assert_int_equal(field, 1);
	why = counter_applicant_problem("李四", "1101051949123100AX", "13800138000", id, &field);
	assert_non_null(strstr(why, "18 characters"));
	/* February 30th is no birthday, whatever the check character. */
	why = counter_applicant_problem("李四", "110105194902300011", "13800138000", id, &field);
	assert_non_null(strstr(why, "date of birth"));
	assert_int_equal(field, 1);
	/* One digit mistyped: the check character says so. */
	why = counter_applicant_problem("李四", "11010519491231003X", "13800138000", id, &field);
	assert_non_null(strstr(why, "check character"));
	assert_string_equal(id, "");
	why = counter_applicant_problem("李四", "11010519491231002X", "1380013800", id, &field);
	assert_non_null(strstr(why, "11-digit mobile"));
	assert_int_equal(field, 2);
}

/* A field holds an 18-character ID number whole; the 19th character is not
 * taken, and the form says so. */
static void test_form_never_cuts_silently(void **state)
{
	(void)state;
	struct form f;
	memset(&f, 0, sizeof f);
	form_add(&f, "ID number", "", false, 18);
	const char *typed = "11010519491231002X9";
	for (const char *p = typed; *p; p++)
		form_key(&f, (unsigned char)*p, true);
	assert_string_equal(f.f[0].value, "11010519491231002X");
	assert_non_null(strstr(f.error, "at most 18 characters"));
	form_key(&f, KEY_BACKSPACE, false);
	form_key(&f, 'X', true);
	assert_string_equal(f.error, "");
}

/* The no-shows to put back: the latest first, a few remembered; the
 * requeue key needs one. */
static void test_no_shows_and_requeue(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_ONLINE };
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_REQUEUE), REF_NO_NO_SHOW);
	char number[8];
	for (int i = 1; i <= 10; i++) {
		snprintf(number, sizeof number, "A%03d", i);
		counter_add_no_show(&c, i, number, 1000 + i);
	}
	assert_int_equal(c.nno_shows, 8);
	assert_string_equal(c.no_shows[0].number, "A010");
	assert_string_equal(c.no_shows[7].number, "A003");
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_REQUEUE), REF_OK);
	counter_drop_no_show(&c, 10);
	assert_string_equal(c.no_shows[0].number, "A009");
	assert_int_equal(c.nno_shows, 7);
	s.conn = CONN_OFFLINE;
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_REQUEUE), REF_OFFLINE);
	counter_free(&c);
}

/* Finishing asks only while the visit's immediate case is still open. */
static void test_open_immediate_case(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct m_ticket t = ticket(5, TS_SERVING, 0);
	counter_set_ticket(&c, &t);
	assert_false(counter_open_immediate_case(&c));
	c.has_case = true;
	c.kase.kind = MK_IMMEDIATE;
	c.kase.status = CS_ACCEPTED;
	assert_true(counter_open_immediate_case(&c));
	c.kase.status = CS_SUSPENDED;
	assert_true(counter_open_immediate_case(&c));
	c.kase.status = CS_COMPLETED;
	assert_false(counter_open_immediate_case(&c));
	c.kase.status = CS_ACCEPTED;
	c.kase.kind = MK_PROMISED;                    /* the back office's anyway */
	assert_false(counter_open_immediate_case(&c));
	counter_free(&c);
}

/* The hall's zone by the offset of its clock, where the PC has no file
 * for its name; the hall's clock by the skew. */
static void test_hall_time(void **state)
{
	(void)state;
	char tz[32];
	assert_int_equal(session_posix_tz("2026-11-23T09:15:02+08:00", tz, sizeof tz), 0);
	assert_string_equal(tz, "<+0800>-08:00");
	assert_int_equal(session_posix_tz("2026-11-23T09:15:02-05:30", tz, sizeof tz), 0);
	assert_string_equal(tz, "<-0530>+05:30");
	assert_int_equal(session_posix_tz("2026-11-23T01:15:02Z", tz, sizeof tz), 0);
	assert_string_equal(tz, "UTC0");
	assert_int_equal(session_posix_tz("2026-11-23T09:15:02", tz, sizeof tz), -1);
	assert_int_equal(session_posix_tz(NULL, tz, sizeof tz), -1);
	/* The value works as TZ: the epoch is 08:00 there. */
	assert_int_equal(session_posix_tz("x+08:00", tz, sizeof tz), 0);
	setenv("TZ", tz, 1);
	tzset();
	time_t zero = 0;
	struct tm tm;
	localtime_r(&zero, &tm);
	assert_int_equal(tm.tm_hour, 8);

	struct session s;
	memset(&s, 0, sizeof s);
	struct m_hall h = { .now = 1000000, .today = -1 };
	session_set_hall(&s, &h, 1000000 - 3600);      /* the PC an hour slow */
	assert_int_equal(session_now(&s, 2000000), 2000000 + 3600);
	h = (struct m_hall){ .now = 1000001, .today = -1 };
	session_set_hall(&s, &h, 1000000);             /* a second: the network */
	assert_int_equal(session_now(&s, 5), 5);
	session_free(&s);
}

/* GET /windows as the server answered it: window 1, serving t (NULL:
 * nobody). */
static struct m_window window_read(const struct m_ticket *t)
{
	struct m_window w = { .no = 1, .status = WS_OPEN };
	if (t) {
		m_ticket_copy(&w.current, t);
		w.has_current = true;
	}
	return w;
}

/* The interleaving of issue 12, replayed with hand-made replies in the
 * order the client received them: stamp 1 F2 (call) sent, its answer
 * (CALLED), stamp 2 a GET /windows sent (the call's refresh), stamp 3 F5
 * (start) sent; F5's answer (SERVING) arrives before the read's, which the
 * server answered before it did the start (the ticket still CALLED).  The
 * read must not undo the start: F9 (finish) is allowed. */
static void test_older_read_never_undoes_an_action(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_ONLINE };
	struct m_ticket t = ticket(7, TS_CALLED, 0), called, serving;
	m_ticket_copy(&called, &t);
	counter_set_ticket(&c, &t);                   /* F2's answer */
	counter_ticket_heard(&c, 1);
	t = ticket(7, TS_SERVING, 0);
	m_ticket_copy(&serving, &t);
	counter_set_ticket(&c, &t);                   /* F5's answer */
	counter_ticket_heard(&c, 3);
	struct m_window w = window_read(&called);     /* the read stamped 2 */
	counter_set_window(&c, &w, 2);
	assert_true(c.has_ticket);
	assert_int_equal(c.ticket.status, TS_SERVING);
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_FINISH), REF_OK);
	/* The window shown is the ticket in hand, not the old answer's. */
	assert_true(c.window.has_current);
	assert_int_equal(c.window.current.status, TS_SERVING);
	/* An older read saying nobody is there does not clear it either. */
	w = window_read(NULL);
	counter_set_window(&c, &w, 3);
	assert_true(c.has_ticket);
	assert_int_equal(c.ticket.status, TS_SERVING);
	/* A read sent after the last answer is the server's word: another
	 * client finished the applicant. */
	w = window_read(&serving);
	counter_set_window(&c, &w, 4);
	assert_int_equal(c.ticket.status, TS_SERVING);
	w = window_read(NULL);
	counter_set_window(&c, &w, 5);
	assert_false(c.has_ticket);
	assert_false(c.window.has_current);
	/* Stamps only go forward: an older action's count changes nothing. */
	counter_ticket_heard(&c, 2);
	assert_int_equal(c.ticket_since, 3);
	m_free(&m_ticket_desc, &called);
	m_free(&m_ticket_desc, &serving);
	counter_free(&c);
}

/* The same for the window's state: F7 paused it (answer stamped 3, the
 * read after it says paused), then a read sent before the pause (stamp 2)
 * arrives saying open.  The window stays paused, and F7 resumes it. */
static void test_older_read_never_reopens_a_window(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct session s = { .conn = CONN_ONLINE };
	counter_ticket_heard(&c, 3);                  /* the pause's answer */
	struct m_window w = window_read(NULL);
	w.status = WS_PAUSED;
	w.pause_reason = xstrdup("午休");
	counter_set_window(&c, &w, 4);                /* the read after it */
	assert_int_equal(c.window.status, WS_PAUSED);
	w = window_read(NULL);                        /* the older read: open */
	counter_set_window(&c, &w, 2);
	assert_int_equal(c.window.status, WS_PAUSED);
	assert_string_equal(c.window.pause_reason, "午休");
	assert_int_equal(counter_check(&c, &s, SCR_COUNTER, ACT_CALL_NEXT), REF_WINDOW_NOT_OPEN);
	/* A newer read is the server's word. */
	w = window_read(NULL);
	counter_set_window(&c, &w, 5);
	assert_int_equal(c.window.status, WS_OPEN);
	counter_free(&c);
}

/* The call's answer is folded in without reading the queue: the ticket
 * leaves the page and the count, the selection stays on its ticket; a
 * read sent before that answer is stale; the feed's event about it is an
 * echo, taken once. */
static void test_call_folded_from_answer(void **state)
{
	(void)state;
	struct counter c = open_counter();
	struct m_ticket *q = calloc(3, sizeof *q);
	q[0] = ticket(1, TS_WAITING, 0);
	q[1] = ticket(2, TS_WAITING, 0);
	q[2] = ticket(3, TS_WAITING, 0);
	counter_set_queue(&c, q, 3);
	c.queue_total = 40;
	c.queue_sel = 2;
	assert_true(counter_drop_queued(&c, 1));
	assert_int_equal(c.nqueue, 2);
	assert_int_equal(c.queue_total, 39);
	assert_int_equal(c.queue[0].id, 2);
	assert_int_equal(c.queue[c.queue_sel].id, 3);
	assert_false(counter_drop_queued(&c, 1));     /* not there: read the queue */
	assert_int_equal(c.queue_total, 39);
	counter_ticket_heard(&c, 5);
	assert_true(counter_read_stale(&c, 5));
	assert_false(counter_read_stale(&c, 6));
	counter_expect_echo(&c, 1, "ticket.called");
	assert_false(counter_take_echo(&c, 1, "ticket.started"));
	assert_false(counter_take_echo(&c, 2, "ticket.called"));
	assert_true(counter_take_echo(&c, 1, "ticket.called"));
	assert_false(counter_take_echo(&c, 1, "ticket.called"));   /* once */
	/* Only the latest eight are remembered. */
	for (int i = 10; i < 19; i++)
		counter_expect_echo(&c, i, "ticket.finished");
	assert_false(counter_take_echo(&c, 10, "ticket.finished"));
	assert_true(counter_take_echo(&c, 18, "ticket.finished"));
	counter_free(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_call_rules),
		cmocka_unit_test(test_ticket_lifecycle),
		cmocka_unit_test(test_case_rules),
		cmocka_unit_test(test_offline_work_in_hand),
		cmocka_unit_test(test_back_office_rules),
		cmocka_unit_test(test_queue_selection_follows_ticket),
		cmocka_unit_test(test_keymap_defaults),
		cmocka_unit_test(test_keymap_user_bindings),
		cmocka_unit_test(test_key_names),
		cmocka_unit_test(test_applicant_checks),
		cmocka_unit_test(test_form_never_cuts_silently),
		cmocka_unit_test(test_no_shows_and_requeue),
		cmocka_unit_test(test_open_immediate_case),
		cmocka_unit_test(test_hall_time),
		cmocka_unit_test(test_older_read_never_undoes_an_action),
		cmocka_unit_test(test_older_read_never_reopens_a_window),
		cmocka_unit_test(test_call_folded_from_answer),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
