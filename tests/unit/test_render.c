/* Render tests: each view is drawn into an ncurses screen opened on
 * /dev/null, the text is read back from curses' own screen and compared
 * with a golden screen in tests/data/golden/.  WICKET_UPDATE_GOLDEN=1
 * rewrites the goldens (then read them before committing). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include "wicket/buf.h"
#include "wicket/date.h"
#include "wicket/ui.h"
#include "wicket/utf8.h"
#include "wicket/view.h"
#include "wicket/xalloc.h"

/* 2026-11-23 09:30:00 UTC: a fixed clock for the status line. */
#define NOW 1795426200

static FILE *devnull;
static struct keymap *km;

static void screen_open(int rows, int cols)
{
	char r[16], c[16];
	snprintf(r, sizeof r, "%d", rows);
	snprintf(c, sizeof c, "%d", cols);
	setenv("LINES", r, 1);
	setenv("COLUMNS", c, 1);
	devnull = fopen("/dev/null", "w+");
	assert_non_null(devnull);
	assert_int_equal(ui_start(devnull, devnull, "xterm"), 0);
}

static void screen_close(void)
{
	ui_stop();
	fclose(devnull);
}

/* Row y of curses' screen as UTF-8, trailing blanks trimmed. */
static char *screen_row(int y)
{
	int cols = getmaxx(stdscr);
	struct buf b = BUF_INIT;
	for (int x = 0; x < cols; x++) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1];
		attr_t attr;
		short pair;
		mvwin_wch(stdscr, y, x, &cc);
		getcchar(&cc, wc, &attr, &pair, NULL);
		/* A wide character's second cell repeats it: skip that cell. */
		if (wc[0] && utf8_cp_width((uint32_t)wc[0]) == 2)
			x++;
		for (int i = 0; wc[i]; i++) {
			char enc[4];
			uint32_t cp = (uint32_t)wc[i];
			/* Line drawing comes back as ACS: show it as '-' and '|'. */
			if (attr & A_ALTCHARSET)
				cp = cp == 'x' ? '|' : '-';
			buf_add(&b, enc, utf8_encode(cp, enc));
		}
	}
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	return buf_steal(&b);
}

static char *screen_text(void)
{
	struct buf b = BUF_INIT;
	for (int y = 0; y < getmaxy(stdscr); y++) {
		char *row = screen_row(y);
		/* No row is wider than the screen: CJK is measured right. */
		assert_true(utf8_width(row) <= (size_t)getmaxx(stdscr));
		buf_printf(&b, "%s\n", row);
		free(row);
	}
	return buf_steal(&b);
}

/* The colour role of the first cell of row y that holds text. */
static bool row_has_role(int y, enum ui_role role)
{
	for (int x = 0; x < getmaxx(stdscr); x++) {
		cchar_t cc;
		wchar_t wc[CCHARW_MAX + 1];
		attr_t attr;
		short pair;
		mvwin_wch(stdscr, y, x, &cc);
		getcchar(&cc, wc, &attr, &pair, NULL);
		if (ui_has_colour() ? pair == (short)role : (attr & ui_attr(role)) == ui_attr(role))
			return true;
	}
	return false;
}

static void golden_check(const char *name, const char *got)
{
	char path[512];
	snprintf(path, sizeof path, "%s/golden/%s.txt", getenv("WICKET_TEST_DATA"), name);
	if (getenv("WICKET_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		fclose(f);
		return;
	}
	struct buf want = BUF_INIT;
	if (buf_read_file(&want, path, 1 << 20))
		fail_msg("no golden screen %s; run with WICKET_UPDATE_GOLDEN=1", path);
	if (strcmp(buf_str(&want), got) != 0) {
		fprintf(stderr, "--- golden %s\n%s--- drawn\n%s", name, buf_str(&want), got);
		fail_msg("screen %s differs from its golden", name);
	}
	buf_free(&want);
}

/* ---- a hall to draw ---- */

static struct m_ticket mk_ticket(int64_t id, const char *number, enum m_priority p, bool appt,
				 int64_t wait)
{
	return (struct m_ticket){ .id = id, .number = xstrdup(number), .status = TS_WAITING,
				  .service = xstrdup("MAR"), .service_name = xstrdup("婚姻登记"),
				  .priority = p, .appointment = appt, .wait_seconds = wait,
				  .issued_at = NOW - wait };
}

static struct m_matter mk_guide(void)
{
	static const struct { const char *name; enum m_material_form form; int copies; bool req; } mats[] = {
		{ "本人有效居民身份证", MF_ORIGINAL, 1, true },
		{ "《申请补领婚姻登记证声明书》", MF_ORIGINAL, 1, true },
		{ "近期2寸半身免冠照片", MF_ORIGINAL, 2, true },
		{ "居民户口簿 (Household register)", MF_ORIGINAL_AND_COPY, 1, false },
	};
	struct m_matter m = {
		.code = xstrdup("MAR-03"), .name = xstrdup("补领结婚证"), .service = xstrdup("MAR"),
		.department = xstrdup("青川县民政局"), .kind = MK_PROMISED, .working_days = 10,
		.legal_basis = xstrdup("《婚姻登记条例》第十七条"), .fee = xstrdup("免费"),
	};
	m.nsteps = 2;
	m.steps = xcalloc(2, sizeof *m.steps);
	m.steps[0] = xstrdup("取号");
	m.steps[1] = xstrdup("窗口提交材料 (submit at the window)");
	m.nmaterials = sizeof mats / sizeof mats[0];
	m.materials = xcalloc(m.nmaterials, sizeof *m.materials);
	for (size_t i = 0; i < m.nmaterials; i++)
		m.materials[i] = (struct m_material){ .id = (int)i + 1, .name = xstrdup(mats[i].name),
			.form = mats[i].form, .copies = mats[i].copies, .required = mats[i].req,
			.note = xstrdup(i == 0 ? "双方各一份" : "") };
	return m;
}

static void mk_counter(struct counter *c)
{
	memset(c, 0, sizeof *c);
	c->window_no = 1;
	c->have_window = true;
	c->window.status = WS_OPEN;
	c->window.served_today = 12;
	c->conn = CONN_ONLINE;
	c->recall_limit = 3;
	c->session.name = xstrdup("张雅婷");
	struct m_ticket *q = xcalloc(4, sizeof *q);
	q[0] = mk_ticket(3, "A003", PRIO_NONE, true, 47 * 60);
	q[1] = mk_ticket(8, "B002", PRIO_ELDERLY, false, 55 * 60);
	q[2] = mk_ticket(9, "A004", PRIO_MILITARY, false, 19 * 60);
	q[3] = mk_ticket(10, "A001", PRIO_NONE, false, 86 * 60);
	counter_set_queue(c, q, 4);
	struct m_ticket t = mk_ticket(2, "A002", PRIO_NONE, false, 0);
	t.status = TS_SERVING;
	t.called_at = NOW - 95;
	t.started_at = NOW - 65;
	t.recalls = 1;
	counter_set_ticket(c, &t);
	snprintf(c->message, sizeof c->message, "Serving A002.");
}

/* Draw a view, with the sign-in form f (may be NULL). */
static void draw_form(const struct view_ops *ops, struct counter *c, const struct form *f)
{
	struct view_ctx v = { .c = c, .km = km, .win = stdscr, .now = NOW, .signin = f };
	getmaxyx(stdscr, v.rows, v.cols);
	werase(stdscr);
	ops->draw(&v);
	wnoutrefresh(stdscr);
}

static void draw(const struct view_ops *ops, struct counter *c)
{
	draw_form(ops, c, NULL);
}

static void render(const char *name, const struct view_ops *ops, struct counter *c, int rows, int cols)
{
	screen_open(rows, cols);
	draw(ops, c);
	char *text = screen_text();
	golden_check(name, text);
	free(text);
	screen_close();
}

static void test_counter_80x24(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	struct m_matter g = mk_guide();
	counter_set_guide(&c, &g);
	render("counter-80x24", &view_counter, &c, 24, 80);
	counter_free(&c);
}

static void test_counter_wide(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	render("counter-132x30", &view_counter, &c, 30, 132);
	counter_free(&c);
}

static void test_counter_paused_empty(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	counter_set_queue(&c, NULL, 0);
	counter_clear_ticket(&c);
	c.window.status = WS_PAUSED;
	c.window.pause_reason = xstrdup("系统维护 (maintenance)");
	c.conn = CONN_OFFLINE;
	c.message[0] = '\0';
	render("counter-paused-offline", &view_counter, &c, 24, 80);
	counter_free(&c);
}

static void test_case_accepted(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	struct m_matter g = mk_guide();
	counter_set_guide(&c, &g);
	struct m_case k = { .id = 1, .number = xstrdup("20261123-0001"), .status = CS_ACCEPTED,
			    .working_days = 10, .applicant_name = xstrdup("张三"),
			    .applicant_id = xstrdup("11010519491231002X"),
			    .applicant_phone = xstrdup("13800138000"), .accepted_on = -1,
			    .completed_on = -1, .working_days_used = -1 };
	date_from_ymd(2026, 12, 7, &k.due);
	counter_set_case(&c, &k);
	render("case-accepted-80x24", &view_case, &c, 24, 80);
	counter_free(&c);
}

static void test_case_checklist(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	struct m_matter g = mk_guide();
	counter_set_guide(&c, &g);
	counter_toggle_material(&c, 0);
	counter_toggle_material(&c, 3);
	c.material_sel = 1;
	render("case-checklist-100x30", &view_case, &c, 30, 100);
	counter_free(&c);
}

static struct m_case mk_case(int id, const char *number, int left, int due_day)
{
	struct m_case k = { .id = id, .number = xstrdup(number), .status = CS_ACCEPTED,
			    .matter_name = xstrdup("城乡居民基本养老保险参保登记"),
			    .applicant_name = xstrdup("李*"), .has_days_left = true,
			    .working_days_left = left, .accepted_on = -1, .completed_on = -1 };
	date_from_ymd(2026, 11, due_day, &k.due);
	return k;
}

static void test_cases_urgency(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	struct m_case *list = xcalloc(3, sizeof *list);
	list[0] = mk_case(1, "20261101-0003", -2, 19);
	list[1] = mk_case(2, "20261110-0001", 0, 23);
	list[2] = mk_case(3, "20261120-0002", 6, 30);
	counter_set_cases(&c, list, 3);
	c.cases_sel = 2;
	render("cases-80x24", &view_cases, &c, 24, 80);
	/* Overdue red, the last day amber, the rest plain. */
	screen_open(24, 80);
	draw(&view_cases, &c);
	assert_true(row_has_role(2, UI_RED));
	assert_true(row_has_role(3, UI_AMBER));
	assert_false(row_has_role(2, UI_AMBER));
	screen_close();
	counter_free(&c);
}

static void test_help_from_action_table(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	render("help-80x30", &view_help, &c, 30, 80);
	counter_free(&c);
}

/* A long error on the sign-in form wraps at spaces over up to three rows
 * (the box grows for it) instead of being cut off before the remedy. */
static void test_signin_long_error(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	struct form f = { .title = "Sign in" };
	form_add(&f, "Server", "http://10.1.2.3:8470", false, 200);
	form_add(&f, "User", "clerk3", false, 60);
	form_add(&f, "Password", "secret", true, 120);
	form_add(&f, "Window", "3", false, 4);
	f.focus = 2;
	snprintf(f.error, sizeof f.error, "%s", "Password not sent: plain http to another machine is "
		 "unencrypted. Use https://, or --insecure-http on a trusted network.");
	screen_open(24, 80);
	draw_form(&view_signin, &c, &f);
	char *text = screen_text();
	golden_check("signin-error-80x24", text);
	assert_null(strstr(text, "secret"));
	free(text);
	screen_close();
	counter_free(&c);
}

/* A hostile server's strings are drawn harmlessly and the layout holds. */
static void test_hostile_strings(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	free(c.queue[0].number);
	c.queue[0].number = xstrdup("\x1b[2J\x1b]0;pwn\x07");
	struct m_matter g = mk_guide();
	free(g.name);
	struct buf long_name = BUF_INIT;
	buf_adds(&long_name, "\xc2\x9b" "31m");
	for (int i = 0; i < 10000; i++)
		buf_adds(&long_name, "长");
	g.name = buf_steal(&long_name);
	free(g.materials[0].name);
	g.materials[0].name = xstrdup("bad\xff\xfeutf8\r\n\ttext");
	counter_set_guide(&c, &g);
	screen_open(24, 80);
	draw(&view_counter, &c);
	char *text = screen_text();
	assert_null(strchr(text, 0x1b));
	assert_null(strchr(text, 0x07));
	assert_null(strchr(text, '\r'));
	assert_null(strstr(text, "\xc2\x9b"));
	assert_non_null(strstr(text, "长长长"));
	free(text);
	screen_close();
	counter_free(&c);
}

/* ---- the supervisor's hall board ---- */

static struct m_board_window mk_window(int no, const char *zone, enum m_window_status st,
				       const char *clerk, const char *reason, int64_t secs)
{
	struct m_board_window w = {
		.no = no, .name = xasprintf("%d号窗口", no), .zone = xstrdup(zone), .zone_name = xstrdup(""),
		.status = st, .status_seconds = secs, .status_since = NOW - secs,
		.pause_reason = reason ? xstrdup(reason) : NULL,
		.clerk = clerk ? xasprintf("clerk%d", no) : NULL, .clerk_name = xstrdup(clerk),
	};
	return w;
}

/* Five zones of two windows, as the demo hall: open, paused (with a
 * hostile reason and clerk name), closed; eight services; two cases due. */
static void mk_board(struct desk *d)
{
	static const char *const zones[][2] = {
		{ "A", "民政服务区" }, { "B", "社会保险服务区" }, { "C", "就业服务区" },
		{ "D", "医疗保障服务区" }, { "E", "残联及户政服务区" },
	};
	static const struct { const char *name; int waiting; int64_t longest; } svc[] = {
		{ "婚姻登记", 4, 47 * 60 + 5 }, { "社会救助与老龄福利", 0, 0 }, { "养老保险", 5, 12 * 60 },
		{ "社会保障卡", 2, 95 * 60 }, { "就业失业", 1, 59 }, { "医疗保障", 7, 25 * 60 },
		{ "残疾人服务", 0, 0 }, { "户籍与居住证", 3, 5 * 60 },
	};
	struct m_board b = { .now = NOW, .today = 20780 };
	b.nzones = 5;
	b.zones = xcalloc(5, sizeof *b.zones);
	for (int z = 0; z < 5; z++) {
		struct m_board_zone *zone = &b.zones[z];
		zone->code = xstrdup(zones[z][0]);
		zone->name = xstrdup(zones[z][1]);
		zone->nwindows = 2;
		zone->windows = xcalloc(2, sizeof *zone->windows);
	}
	b.zones[0].windows[0] = mk_window(1, "A", WS_OPEN, "张雅婷", NULL, 5405);
	b.zones[0].windows[0].has_current = true;
	b.zones[0].windows[0].current = (struct m_board_ticket){ .id = 17, .number = xstrdup("A003"),
		.status = TS_SERVING, .since = NOW - 85, .seconds = 85 };
	b.zones[0].windows[1] = mk_window(2, "A", WS_PAUSED, "\x1b]0;pwn\x07李志强",
					  "\x1b[2J午休\x07 (lunch)", 754);
	b.zones[1].windows[0] = mk_window(3, "B", WS_OPEN, "王丽娟", NULL, 600);
	b.zones[1].windows[0].has_current = true;
	b.zones[1].windows[0].current = (struct m_board_ticket){ .id = 20, .number = xstrdup("C012"),
		.status = TS_CALLED, .since = NOW - 30, .seconds = 30 };
	b.zones[1].windows[1] = mk_window(4, "B", WS_CLOSED, NULL, NULL, 90000);
	for (int no = 5; no <= 10; no++)
		b.zones[(no - 1) / 2].windows[(no - 1) % 2] =
			mk_window(no, zones[(no - 1) / 2][0], no == 7 ? WS_PAUSED : WS_CLOSED,
				  no == 7 ? "赵敏" : NULL, no == 7 ? "系统故障" : NULL, 3 * 3600 + 60);
	b.nservices = sizeof svc / sizeof svc[0];
	b.services = xcalloc(b.nservices, sizeof *b.services);
	for (size_t i = 0; i < b.nservices; i++)
		b.services[i] = (struct m_board_service){ .code = xasprintf("S%zu", i), .name = xstrdup(svc[i].name),
			.waiting = svc[i].waiting, .longest_wait = svc[i].longest,
			.oldest = svc[i].waiting ? xasprintf("A%03zu", i + 1) : NULL };
	b.ndue_cases = 2;
	b.due_cases = xcalloc(2, sizeof *b.due_cases);
	b.due_cases[0] = (struct m_due_case){ .id = 9, .number = xstrdup("20261118-0002"),
		.matter = xstrdup("SOC-03"), .matter_name = xstrdup("临时救助申请"), .window = 2,
		.clerk = xstrdup("clerk2"), .due = 20779, .working_days_overdue = 1 };
	b.due_cases[1] = (struct m_due_case){ .id = 11, .number = xstrdup("20261120-0001"),
		.matter = xstrdup("PEN-02"), .matter_name = xstrdup("养老保险关系转移"), .window = 3,
		.clerk = xstrdup("clerk3"), .due = 20780, .working_days_overdue = 0 };
	desk_init(d);
	desk_set_board(d, &b, NOW);
}

static void mk_supervisor(struct counter *c)
{
	memset(c, 0, sizeof *c);
	c->conn = CONN_ONLINE;
	c->session.role = xstrdup("supervisor");
	c->session.name = xstrdup("何建华");
	c->session.user = xstrdup("supervisor");
}

static void draw_desk(const struct view_ops *ops, struct counter *c, struct desk *d, int64_t now)
{
	struct view_ctx v = { .c = c, .d = d, .km = km, .win = stdscr, .now = now };
	getmaxyx(stdscr, v.rows, v.cols);
	werase(stdscr);
	ops->draw(&v);
	wnoutrefresh(stdscr);
}

static void render_desk(const char *name, const struct view_ops *ops, struct counter *c, struct desk *d,
			int rows, int cols)
{
	screen_open(rows, cols);
	draw_desk(ops, c, d, NOW);
	char *text = screen_text();
	golden_check(name, text);
	/* Nothing hostile reaches the terminal. */
	assert_null(strchr(text, 0x1b));
	assert_null(strchr(text, 0x07));
	free(text);
	screen_close();
}

static void test_board_80x24(void **state)
{
	(void)state;
	struct counter c;
	struct desk d;
	mk_supervisor(&c);
	mk_board(&d);
	render_desk("board-80x24", &view_board, &c, &d, 24, 80);
	/* Paused amber, a wait over half an hour and an overdue case red. */
	d.board_sel = 4;
	screen_open(24, 80);
	draw_desk(&view_board, &c, &d, NOW);
	char *text = screen_text();
	int paused = -1, late = -1, overdue = -1, y = 0;
	for (const char *p = text; *p; p = strchr(p, '\n') + 1, y++) {
		if (strncmp(p, "   2 ", 5) == 0)
			paused = y;
		if (!strncmp(p, "A 民政服务区", strlen("A 民政服务区")))
			late = y + 1;      /* 婚姻登记's row: 47 minutes */
		if (strstr(p, "20261118-0002") && strstr(p, "20261118-0002") < strchr(p, '\n'))
			overdue = y;
	}
	free(text);
	assert_true(paused > 0 && late > 0 && overdue > 0);
	assert_true(row_has_role(paused, UI_AMBER));
	assert_true(row_has_role(2, UI_RED));     /* the first service's row */
	assert_true(row_has_role(overdue, UI_RED));
	screen_close();
	counter_free(&c);
	desk_free(&d);
}

static void test_board_132x40(void **state)
{
	(void)state;
	struct counter c;
	struct desk d;
	mk_supervisor(&c);
	mk_board(&d);
	render_desk("board-132x40", &view_board, &c, &d, 40, 132);
	/* A minute later the durations have moved on by themselves. */
	screen_open(40, 132);
	draw_desk(&view_board, &c, &d, NOW + 60);
	char *text = screen_text();
	assert_non_null(strstr(text, "1:31"));        /* window 1 open for 1:30:05 + 1:00 */
	assert_non_null(strstr(text, "02:25"));       /* A003 served for 1:25 + 1:00 */
	free(text);
	screen_close();
	counter_free(&c);
	desk_free(&d);
}

static int group_setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	setenv("TZ", "UTC", 1);
	unsetenv("NO_COLOR");
	km = keymap_new();
	return 0;
}

static int group_teardown(void **state)
{
	(void)state;
	keymap_free(km);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_counter_80x24),
		cmocka_unit_test(test_counter_wide),
		cmocka_unit_test(test_counter_paused_empty),
		cmocka_unit_test(test_case_accepted),
		cmocka_unit_test(test_case_checklist),
		cmocka_unit_test(test_cases_urgency),
		cmocka_unit_test(test_help_from_action_table),
		cmocka_unit_test(test_hostile_strings),
		cmocka_unit_test(test_signin_long_error),
		cmocka_unit_test(test_board_80x24),
		cmocka_unit_test(test_board_132x40),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
