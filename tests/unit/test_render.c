/* Render tests: each view is drawn into an ncurses screen opened on
 * /dev/null, the text is read back from curses' own screen and compared
 * with a golden screen in tests/data/golden/.  WICKET_UPDATE_GOLDEN=1
 * rewrites the goldens and fails every golden test (read them, unset it and
 * run again before committing). */
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

#include "wicket/common/buf.h"
#include "wicket/core/date.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"
#include "wicket/common/xalloc.h"

/* 2026-11-23 09:30:00 UTC: a fixed clock for the status line. */
#define NOW 1795426200

static FILE *devnull;
static struct keymap *km;
/* The session every view is drawn in (who, the connection, the message):
 * made again by mk_counter(), mk_trainer() and mk_supervisor(). */
static struct session sess;

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

/* The cell at (y, x) of curses' screen: its characters and attributes. */
static void cell_at(int y, int x, wchar_t wc[CCHARW_MAX + 1], attr_t *attr, short *pair)
{
	cchar_t cc;
	mvwin_wch(stdscr, y, x, &cc);
	getcchar(&cc, wc, attr, pair, NULL);
}

/* Row y of curses' screen as UTF-8, trailing blanks trimmed. */
static char *screen_row(int y)
{
	int cols = getmaxx(stdscr);
	struct buf b = BUF_INIT;
	for (int x = 0; x < cols; x++) {
		wchar_t wc[CCHARW_MAX + 1];
		attr_t attr;
		short pair;
		cell_at(y, x, wc, &attr, &pair);
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
/* Whether the cell at (y, x) is drawn as role. */
static bool cell_has_role(int y, int x, enum ui_role role)
{
	wchar_t wc[CCHARW_MAX + 1];
	attr_t attr;
	short pair;
	cell_at(y, x, wc, &attr, &pair);
	return ui_has_colour() ? pair == (short)role : (attr & ui_attr(role)) == ui_attr(role);
}

static bool row_has_role(int y, enum ui_role role)
{
	for (int x = 0; x < getmaxx(stdscr); x++) {
		wchar_t wc[CCHARW_MAX + 1];
		attr_t attr;
		short pair;
		cell_at(y, x, wc, &attr, &pair);
		if (ui_has_colour() ? pair == (short)role : (attr & ui_attr(role)) == ui_attr(role))
			return true;
	}
	return false;
}

static void golden_check(const char *name, const char *got)
{
	char path[512];
	snprintf(path, sizeof path, "%s/golden/%s.txt", getenv("WICKET_TEST_DATA"), name);
	/* Update mode writes the golden and then fails: a run with it left on
	 * can never pass, so no golden is ever "checked" against itself. */
	if (getenv("WICKET_UPDATE_GOLDEN")) {
		FILE *f = fopen(path, "w");
		assert_non_null(f);
		fputs(got, f);
		assert_int_equal(fclose(f), 0);
		fail_msg("golden %s rewritten (WICKET_UPDATE_GOLDEN is set): read it, unset it, run again",
			 path);
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
	session_free(&sess);
	sess.conn = CONN_ONLINE;
	c->recall_limit = 3;
	sess.login.name = xstrdup("张雅婷");
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
	snprintf(sess.message, sizeof sess.message, "Serving A002.");
}

/* Draw a view, with the sign-in form f (may be NULL). */
static void draw_form(const struct view_ops *ops, struct counter *c, const struct form *f)
{
	struct view_ctx v = { .s = &sess, .c = c, .km = km, .win = stdscr, .now = NOW, .signin = f };
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
	sess.conn = CONN_OFFLINE;
	sess.message[0] = '\0';
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

/* Every double-width character on curses' screen is whole: its two cells
 * hold it.  A run of equal double-width cells of odd length is half of one
 * (or one with half overwritten): the terminal has erased it all and curses
 * would never send it again. */
static void assert_wide_whole(const char *what)
{
	for (int y = 0; y < getmaxy(stdscr); y++) {
		int run = 0;
		wchar_t prev = 0;
		for (int x = 0; x <= getmaxx(stdscr); x++) {
			wchar_t wc[CCHARW_MAX + 1] = { 0 };
			attr_t attr;
			short pair;
			if (x < getmaxx(stdscr))
				cell_at(y, x, wc, &attr, &pair);
			if (run && wc[0] == prev) {
				run++;
				continue;
			}
			if (run % 2)
				fail_msg("%s: half a double-width character at row %d before column %d", what, y, x);
			prev = wc[0];
			run = wcwidth(wc[0]) == 2 ? 1 : 0;
		}
	}
}

/* A dialog drawn over the case screen, whose material names put a CJK
 * character across the dialog's left edge (column 8 at 80 columns), keeps
 * every character whole; so does a picker over the counter. */
static void test_dialog_over_wide_characters(void **state)
{
	(void)state;
	struct counter c;
	mk_counter(&c);
	struct m_matter g = mk_guide();
	/* Materials down to the dialog's rows: each name's second character
	 * is across column 8. */
	size_t n0 = g.nmaterials;
	g.nmaterials = 12;
	g.materials = xrealloc(g.materials, g.nmaterials * sizeof *g.materials);
	for (size_t i = n0; i < g.nmaterials; i++) {
		g.materials[i] = g.materials[i % n0];
		g.materials[i].id = (int)i + 1;
		g.materials[i].name = xstrdup("婚前医学检查证明");
		g.materials[i].note = xstrdup("");
	}
	counter_set_guide(&c, &g);
	screen_open(24, 80);
	struct view_ctx v = { .s = &sess, .c = &c, .km = km, .win = stdscr, .now = NOW };
	getmaxyx(stdscr, v.rows, v.cols);
	struct form fm = { .title = "Applicant" };
	form_add(&fm, "Name", "", false, 0);
	form_add(&fm, "ID number", "", false, 0);
	form_add(&fm, "Phone", "", false, 0);
	draw(&view_case, &c);
	assert_wide_whole("case screen");
	view_draw_form(&v, &fm);
	assert_wide_whole("applicant dialog over the case screen");
	struct picker p = { .title = "Matter" };
	picker_add(&p, "MAR-01  内地居民结婚登记", 1);
	draw(&view_counter, &c);
	view_draw_picker(&v, &p);
	assert_wide_whole("picker over the counter");
	picker_clear(&p);
	screen_close();
	counter_free(&c);
}

/* Chinese breaks between any two characters: a numbered step stays on the
 * row of its number, and English still breaks at a space. */
static void test_wrap_chinese(void **state)
{
	(void)state;
	screen_open(24, 80);
	werase(stdscr);
	int rows = ui_put_wrapped(stdscr, 0, 0, "2. 男女双方共同到窗口提交身份证件及照片", 20, 5, UI_NORMAL);
	ui_put_wrapped(stdscr, 3, 0, "2. submit at the window", 12, 5, UI_NORMAL);
	char *r0 = screen_row(0), *r3 = screen_row(3), *r4 = screen_row(4);
	assert_int_equal(rows, 2);
	assert_string_equal(r0, "2. 男女双方共同到窗");
	assert_string_equal(r3, "2. submit at");
	assert_string_equal(r4, "the window");
	free(r0);
	free(r3);
	free(r4);
	/* A closing bracket or mark never starts a row: it takes the
	 * character before it along (行首禁则). */
	werase(stdscr);
	rows = ui_put_wrapped(stdscr, 0, 0, "《特困人员救助供养申请书》原件", 24, 5, UI_NORMAL);
	r0 = screen_row(0);
	char *r1 = screen_row(1);
	assert_int_equal(rows, 2);
	assert_string_equal(r0, "《特困人员救助供养申请");
	assert_string_equal(r1, "书》原件");
	free(r0);
	free(r1);
	/* Nor does an opening one end a row. */
	werase(stdscr);
	rows = ui_put_wrapped(stdscr, 0, 0, "第九条至第十三条；《最低生活保障》", 20, 5, UI_NORMAL);
	r0 = screen_row(0);
	r1 = screen_row(1);
	assert_int_equal(rows, 2);
	assert_string_equal(r0, "第九条至第十三条；");
	assert_string_equal(r1, "《最低生活保障》");
	free(r0);
	free(r1);
	screen_close();
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
	list[2].provisional = true;
	counter_set_cases(&c, list, 3);
	c.cases_sel = 2;
	render("cases-80x24", &view_cases, &c, 24, 80);
	/* Overdue red, the last day amber, the rest plain. */
	screen_open(24, 80);
	draw(&view_cases, &c);
	assert_true(row_has_role(2, UI_RED));
	assert_true(row_has_role(3, UI_AMBER));
	assert_false(row_has_role(2, UI_AMBER));
	/* A provisional due date says so. */
	char *row = screen_row(4);
	assert_non_null(strstr(row, "provisional"));
	free(row);
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

/* ---- a hostile server's strings ---- */

/* What a server could send in any string: escape sequences in 7-bit and
 * 8-bit form, other C0 and C1 controls, DEL, bidi controls, broken UTF-8,
 * combining marks with no base, and 10,000 characters (made in
 * hostile_text()); beside each, the text a view must show for it, written
 * out here by hand from the rules (not computed by the code under test):
 * every control (C0, DEL, C1), bidi control and invalid byte is one U+FFFD
 * ("R" below), a tab is a space, a newline a space on one line and kept
 * where the text wraps, and a mark with no base gets U+25CC before it.
 * wrapped is NULL where it is the same as one_line. */
#define R "\xEF\xBF\xBD"
static const struct {
	const char *in, *one_line, *wrapped;
} hostile_strings[] = {
	{ "x\x1b[2Jy\x1b[H", "x" R "[2Jy" R "[H", NULL },
	{ "\x1b]52;c;cm0gLXJmIH4=\x07", R "]52;c;cm0gLXJmIH4=" R, NULL },
	{ "\x1b]52;c;cm0gLXJmIH4=\x1b\\", R "]52;c;cm0gLXJmIH4=" R "\\", NULL },
	{ "\x1bP+q544e\x1b\\", R "P+q544e" R "\\", NULL },
	/* C2 9B is CSI, C2 9D OSC, C2 9C ST. */
	{ "x\xc2\x9b" "2Jy", "x" R "2Jy", NULL },
	{ "\xc2\x9d" "52;c;eA==\xc2\x9c", R "52;c;eA==" R, NULL },
	{ "a\xc2\x85" "b\xc2\x90" "c\xc2\x80", "a" R "b" R "c" R, NULL },
	{ "a\x7f" "b\x08" "c\x0e" "d\x1b" "e\x07", "a" R "b" R "c" R "d" R "e" R, NULL },
	{ "line\r\nbreak\ttab", "line" R " break tab", "line" R "\nbreak tab" },
	/* U+202E RLO, U+2066 LRI, U+2069 PDI. */
	{ "abc\xe2\x80\xae" "fed\xe2\x81\xa6" "x\xe2\x81\xa9", "abc" R "fed" R "x" R, NULL },
	/* An overlong "/" (C0 AF: two bytes, neither a character), a
	 * surrogate (ED A0 80: three), FF FE (two), and a cut-off CJK (E4 B8:
	 * two): one U+FFFD per byte. */
	{ "a\xc0\xaf" "b\xed\xa0\x80" "c\xff\xfe" "d\xe4\xb8",
	  "a" R R "b" R R R "c" R R "d" R R, NULL },
	{ "\xcc\x81\xcc\x81\xcc\x81" "combining first",
	  "\xE2\x97\x8C\xcc\x81\xcc\x81\xcc\x81" "combining first", NULL },
};
#undef R
#define NHOSTILE (sizeof hostile_strings / sizeof hostile_strings[0] + 2)

/* Hostile string i (malloc'd): the table, then 10,000 ASCII, 10,000 CJK. */
static char *hostile_text(size_t i)
{
	size_t n = sizeof hostile_strings / sizeof hostile_strings[0];
	if (i < n)
		return xstrdup(hostile_strings[i].in);
	struct buf b = BUF_INIT;
	for (int k = 0; k < 10000; k++)
		buf_adds(&b, i == n ? "A" : "长");
	return buf_steal(&b);
}

/* What a view must show for hostile string i (malloc'd), on one line or
 * where the text wraps: the table's, or the long text itself, which is
 * all printable. */
static char *hostile_shown(size_t i, bool wraps)
{
	size_t n = sizeof hostile_strings / sizeof hostile_strings[0];
	if (i >= n)
		return hostile_text(i);
	if (wraps && hostile_strings[i].wrapped)
		return xstrdup(hostile_strings[i].wrapped);
	return xstrdup(hostile_strings[i].one_line);
}

/* Every place a view shows text that came from the server. */
enum hfield {
	HF_QUEUE_NUMBER, HF_TICKET_NUMBER, HF_TICKET_SERVICE, HF_GUIDE_NAME, HF_GUIDE_CODE,
	HF_GUIDE_FEE, HF_DEPARTMENT, HF_MATERIAL_NAME, HF_MATERIAL_NOTE, HF_STEP, HF_LEGAL_BASIS,
	HF_CASE_NUMBER, HF_APPLICANT_NAME, HF_APPLICANT_ID, HF_MISSING_NAME, HF_LIST_NUMBER,
	HF_LIST_MATTER, HF_LIST_APPLICANT, HF_PAUSE_REASON, HF_CLERK_NAME, HF_MESSAGE, HF_COUNT
};

/* Its name, and how many rows of one screen it may take (steps and the
 * legal basis wrap). */
static const struct { const char *name; int rows; } hfields[HF_COUNT] = {
	[HF_QUEUE_NUMBER] = { "queue row's number", 1 },
	[HF_TICKET_NUMBER] = { "current ticket's number", 1 },
	[HF_TICKET_SERVICE] = { "current ticket's service", 1 },
	[HF_GUIDE_NAME] = { "matter name", 1 },
	[HF_GUIDE_CODE] = { "matter code", 1 },
	[HF_GUIDE_FEE] = { "fee", 1 },
	[HF_DEPARTMENT] = { "department", 1 },
	/* A name wraps to three rows, moving the materials below it down. */
	[HF_MATERIAL_NAME] = { "material name", 12 },
	[HF_MATERIAL_NOTE] = { "material note", 1 },
	[HF_STEP] = { "guide step", 30 },
	[HF_LEGAL_BASIS] = { "legal basis", 30 },
	[HF_CASE_NUMBER] = { "case number", 1 },
	[HF_APPLICANT_NAME] = { "applicant name", 1 },
	[HF_APPLICANT_ID] = { "applicant ID number", 1 },
	[HF_MISSING_NAME] = { "missing material", 1 },
	[HF_LIST_NUMBER] = { "case list number", 1 },
	[HF_LIST_MATTER] = { "case list matter", 1 },
	[HF_LIST_APPLICANT] = { "case list applicant", 1 },
	[HF_PAUSE_REASON] = { "pause reason", 1 },
	[HF_CLERK_NAME] = { "clerk's name", 1 },
	[HF_MESSAGE] = { "status message", 1 },
};

static void replace(char **slot, const char *s)
{
	free(*slot);
	*slot = xstrdup(s);
}

/* A counter showing server text everywhere: a ticket in hand, the guide, a
 * notified case, the open cases; s in field f. */
static void hostile_counter(struct counter *c, enum hfield f, const char *s)
{
	mk_counter(c);
	struct m_matter g = mk_guide();
	struct m_case k = { .id = 1, .number = xstrdup("20261123-0001"), .status = CS_NOTIFIED,
			    .working_days = 10, .applicant_name = xstrdup("张三"),
			    .applicant_id = xstrdup("11010519491231002X"),
			    .applicant_phone = xstrdup("13800138000"), .accepted_on = -1, .due = -1,
			    .completed_on = -1, .working_days_used = -1, .nmissing_materials = 1 };
	k.missing_materials = xcalloc(1, sizeof *k.missing_materials);
	k.missing_materials[0] = (struct m_material){ .id = 2, .name = xstrdup("声明书"), .note = xstrdup("") };
	struct m_case *list = xcalloc(2, sizeof *list);
	list[0] = mk_case(1, "20261101-0003", -2, 19);
	list[1] = mk_case(2, "20261110-0001", 3, 23);
	switch (f) {
	case HF_QUEUE_NUMBER: replace(&c->queue[0].number, s); break;
	case HF_TICKET_NUMBER: replace(&c->ticket.number, s); break;
	case HF_TICKET_SERVICE: replace(&c->ticket.service_name, s); break;
	case HF_GUIDE_NAME: replace(&g.name, s); break;
	case HF_GUIDE_CODE: replace(&g.code, s); break;
	case HF_GUIDE_FEE: replace(&g.fee, s); break;
	case HF_DEPARTMENT: replace(&g.department, s); break;
	case HF_MATERIAL_NAME: replace(&g.materials[0].name, s); break;
	case HF_MATERIAL_NOTE: replace(&g.materials[0].note, s); break;
	case HF_STEP: replace(&g.steps[1], s); break;
	case HF_LEGAL_BASIS: replace(&g.legal_basis, s); break;
	case HF_CASE_NUMBER: replace(&k.number, s); break;
	case HF_APPLICANT_NAME: replace(&k.applicant_name, s); break;
	case HF_APPLICANT_ID: replace(&k.applicant_id, s); break;
	case HF_MISSING_NAME: replace(&k.missing_materials[0].name, s); break;
	case HF_LIST_NUMBER: replace(&list[0].number, s); break;
	case HF_LIST_MATTER: replace(&list[0].matter_name, s); break;
	case HF_LIST_APPLICANT: replace(&list[0].applicant_name, s); break;
	case HF_PAUSE_REASON:
		c->window.status = WS_PAUSED;
		c->window.pause_reason = xstrdup(s);
		break;
	case HF_CLERK_NAME: replace(&sess.login.name, s); break;
	case HF_MESSAGE: snprintf(sess.message, sizeof sess.message, "%s", s); break;
	default: break;
	}
	counter_set_guide(c, &g);
	counter_set_case(c, &k);
	counter_set_cases(c, list, 2);
}

/* A drawing: each row as text, where the line drawing is, and the bytes
 * curses sent to the terminal. */
struct drawing {
	char *rows[64];
	char acs[64][256];
	int nrows;
	struct buf out;
};

static void drawing_make(struct drawing *d, const struct view_ops *ops, struct counter *c)
{
	memset(d, 0, sizeof *d);
	FILE *term = tmpfile();
	assert_non_null(term);
	setenv("LINES", "24", 1);
	setenv("COLUMNS", "80", 1);
	devnull = fopen("/dev/null", "r");
	assert_non_null(devnull);
	assert_int_equal(ui_start(term, devnull, "xterm"), 0);
	draw(ops, c);
	doupdate();
	d->nrows = getmaxy(stdscr);
	for (int y = 0; y < d->nrows; y++) {
		d->rows[y] = screen_row(y);
		for (int x = 0; x < getmaxx(stdscr); x++) {
			wchar_t wc[CCHARW_MAX + 1];
			attr_t attr;
			short pair;
			cell_at(y, x, wc, &attr, &pair);
			d->acs[y][x] = (attr & A_ALTCHARSET) ? (char)wc[0] : ' ';
			/* No cell holds a control character, raw or as curses' own
			 * ^X / ~X spelling of one. */
			for (int i = 0; wc[i]; i++)
				if (utf8_cp_unsafe((uint32_t)wc[i]))
					fail_msg("cell %d,%d holds U+%04X", y, x, (unsigned)wc[i]);
		}
	}
	fflush(term);
	rewind(term);
	char chunk[4096];
	size_t n;
	while ((n = fread(chunk, 1, sizeof chunk, term)) > 0)
		buf_add(&d->out, chunk, n);
	screen_close();
	fclose(term);
}

static void drawing_free(struct drawing *d)
{
	for (int y = 0; y < d->nrows; y++)
		free(d->rows[y]);
	buf_free(&d->out);
}

/* What curses sent holds nothing but its own control sequences: CSI, the
 * charset and keypad escapes, and CR, LF, BS and TAB for cursor moves.  No
 * OSC, DCS or other string sequence, no C1, DEL, BEL, no bidi control. */
static void assert_terminal_bytes_clean(const struct buf *out, const char *what)
{
	const char *s = out->data;
	size_t n = out->len, i = 0;
	while (i < n) {
		unsigned char ch = (unsigned char)s[i];
		if (ch == 0x1b) {
			if (i + 1 >= n)
				fail_msg("%s: a lone ESC at the end", what);
			char next = s[i + 1];
			if (next == '[') {
				i += 2;
				while (i < n && ((unsigned char)s[i] < 0x40 || (unsigned char)s[i] > 0x7e))
					i++;
				i++;
			} else if (next == '(' || next == ')') {
				i += 3;
			} else if (strchr("=>78M", next)) {
				i += 2;
			} else {
				fail_msg("%s: the terminal was sent ESC %c", what, next);
			}
			continue;
		}
		uint32_t cp;
		i += utf8_decode(s + i, n - i, &cp);
		if (utf8_cp_unsafe(cp) && cp != '\r' && cp != '\n' && cp != '\b' && cp != '\t')
			fail_msg("%s: the terminal was sent U+%04X", what, (unsigned)cp);
	}
}

/* The view with s in field f, drawn. */
static void draw_field(struct drawing *d, const struct view_ops *ops, enum hfield f, const char *s)
{
	struct counter c;
	hostile_counter(&c, f, s);
	drawing_make(d, ops, &c);
	counter_free(&c);
}

/* Each hostile string in each field, in each view, is drawn harmlessly
 * (nothing but curses' own sequences reaches the terminal) and the layout
 * holds: the screen is the one drawn from the text the table says must be
 * shown (hostile_shown(), newlines kept where the view wraps text), cell for
 * cell and line drawing for line drawing, so every line keeps the width
 * given to it; and the field takes no more rows than it may, compared with
 * a plain "x" there. */
static void test_hostile_strings(void **state)
{
	(void)state;
	const struct view_ops *views[] = { &view_counter, &view_case, &view_cases };
	for (int f = 0; f < HF_COUNT; f++) {
		bool wraps = hfields[f].rows > 1;
		for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
			struct drawing plain;
			draw_field(&plain, views[v], (enum hfield)f, "x");
			for (size_t h = 0; h < NHOSTILE; h++) {
				char what[160];
				snprintf(what, sizeof what, "%s on the %s screen, string %zu", hfields[f].name,
					 views[v]->name, h);
				char *s = hostile_text(h), *safe = hostile_shown(h, wraps);
				/* Where the field is part of a longer line, a lone mark
				 * has a base there, and the dotted circle sanitizing it
				 * alone gives it makes no like for like. */
				bool alike = strncmp(safe, "\xE2\x97\x8C", 3) != 0 || strncmp(s, safe, 3) == 0;
				struct drawing d, want;
				draw_field(&d, views[v], (enum hfield)f, s);
				draw_field(&want, views[v], (enum hfield)f, safe);
				free(s);
				free(safe);
				assert_terminal_bytes_clean(&d.out, what);
				int differ = 0;
				for (int y = 0; y < d.nrows; y++) {
					if (alike && (strcmp(d.rows[y], want.rows[y]) != 0 ||
						      memcmp(d.acs[y], want.acs[y], sizeof d.acs[y]) != 0))
						fail_msg("%s: row %d is\n%s\nnot\n%s", what, y, d.rows[y], want.rows[y]);
					differ += strcmp(d.rows[y], plain.rows[y]) != 0;
				}
				if (differ > hfields[f].rows)
					fail_msg("%s: %d rows changed", what, differ);
				drawing_free(&d);
				drawing_free(&want);
			}
			drawing_free(&plain);
		}
	}
}

/* ---- the trainer's screens ---- */

static struct m_drill_applicant mk_applicant(int no, const char *name, const char *matter, int arrival,
					     const char *says)
{
	struct m_drill_applicant a = {
		.no = no, .name = xstrdup(name), .arrival = arrival, .service = xstrdup("SOC"),
		.matter = xstrdup(matter), .id_number = xstrdup("510822196304150112"),
		.phone = xstrdup("13908391101"), .wrong_note = xstrdup(""), .says = xstrdup(says),
		.rating_comment = xstrdup(""), .expect = xstrdup("accept"), .expect_service = xstrdup(""),
	};
	a.nbrought = 3;
	a.brought = xcalloc(3, sizeof *a.brought);
	for (int i = 0; i < 3; i++)
		a.brought[i] = i + 1;
	return a;
}

static struct m_drill_ticket mk_drill_ticket(const char *trainee, int window, const char *number,
					     enum m_ticket_status st)
{
	return (struct m_drill_ticket){ .trainee = xstrdup(trainee), .window = window, .ticket = window,
					.number = xstrdup(number), .status = st };
}

static struct m_event mk_event(int64_t seq, int64_t at, const char *kind, int window, const char *number)
{
	return (struct m_event){ .seq = seq, .at = at, .kind = xstrdup(kind), .window = window,
				 .number = xstrdup(number) };
}

/* A drill of three applicants for two trainees, the first served by one
 * of them; its script and feed carry a hostile server's text. */
static void mk_trainer(struct counter *c, struct trainer *t)
{
	memset(c, 0, sizeof *c);
	memset(t, 0, sizeof *t);
	session_free(&sess);
	sess.conn = CONN_ONLINE;
	sess.login.role = xstrdup("trainer");
	sess.login.name = xstrdup("罗晓琳");
	snprintf(sess.message, sizeof sess.message, "Applicant 1, 周建国, has arrived: play the part.");
	struct m_drill d = {
		.id = 7, .code = xstrdup("K7Q2"), .scenario = xstrdup("materials-missing"),
		.title = xstrdup("材料不全\x1b]0;pwned\x07：一次性告知"), .trainer = xstrdup("trainer"),
		.competition = xstrdup("2026春季练兵"), .status = DS_RUNNING, .created_at = NOW - 600,
		.summary = xstrdup(""), .instructions = xstrdup(""), .started_at = NOW - 600,
		.run_on = true, .run_base = NOW - 60, .next = 2,
	};
	d.nwindows = 2;
	d.windows = xcalloc(2, sizeof *d.windows);
	d.windows[0] = (struct m_drill_window){ .trainee = xstrdup("clerk1"), .name = xstrdup("张雅婷"), .window = 1 };
	d.windows[1] = (struct m_drill_window){ .trainee = xstrdup("clerk2"), .name = xstrdup("李志强"), .window = 2 };
	d.napplicants = 3;
	d.applicants = xcalloc(3, sizeof *d.applicants);
	d.applicants[0] = mk_applicant(1, "周建国", "SOC-03", 0,
				       "您好，我家上个月房子着火了。\x1b[2J\x1b[31m申请书都带来了。\r\n还有社保卡。");
	d.applicants[0].released = true;
	d.applicants[0].priority = PRIO_ELDERLY;
	d.applicants[0].ntickets = 2;
	d.applicants[0].tickets = xcalloc(2, sizeof *d.applicants[0].tickets);
	d.applicants[0].tickets[0] = mk_drill_ticket("clerk1", 1, "B001", TS_SERVING);
	d.applicants[0].tickets[0].has_case = true;
	d.applicants[0].tickets[0].case_status = CS_NOTIFIED;
	d.applicants[0].tickets[1] = mk_drill_ticket("clerk2", 2, "B001", TS_WAITING);
	d.applicants[1] = mk_applicant(2, "刘淑珍", "SOC-01", 120, "同志你好，想申请低保。");
	d.applicants[1].arrives_at = NOW + 35;
	d.applicants[2] = mk_applicant(3, "\x1b[1;1H王五\x07", "SOC-04", 300, "");
	t->drill_id = 7;
	trainer_set_drill(t, &d);
	struct m_event ev[] = {
		mk_event(1, NOW - 300, "clerk.signed_in", 1, NULL),
		mk_event(2, NOW - 240, "ticket.issued", 0, "B001"),
		mk_event(3, NOW - 200, "ticket.called", 1, "B001"),
		mk_event(4, NOW - 190, "ticket.started", 1, "B001"),
		mk_event(5, NOW - 60, "case.notified", 1, "20261123-0001\x1b[2J"),
	};
	ev[0].user = xstrdup("clerk1");
	trainer_add_events(t, ev, sizeof ev / sizeof ev[0]);
}

/* The scopes the trainer's role gives the help (app_role_trainer). */
static const enum keymap_scope trainer_scopes[] = { KM_DRILLS, KM_SCENARIOS, KM_CONSOLE, KM_SCORE };

static void draw_trainer(const struct view_ops *ops, struct counter *c, struct trainer *t)
{
	struct view_ctx v = { .s = &sess, .c = c, .tr = t, .km = km, .win = stdscr, .now = NOW,
			      .help_scopes = trainer_scopes,
			      .nhelp_scopes = sizeof trainer_scopes / sizeof trainer_scopes[0] };
	getmaxyx(stdscr, v.rows, v.cols);
	werase(stdscr);
	ops->draw(&v);
	wnoutrefresh(stdscr);
}

/* The console at 80x24: the code, the clock's countdown, the script with
 * each trainee's ticket, the selected applicant's part, the feed; and not
 * a byte of the hostile text's controls on the screen. */
static void test_console_80x24(void **state)
{
	(void)state;
	struct counter c;
	struct trainer t;
	mk_trainer(&c, &t);
	screen_open(24, 80);
	draw_trainer(&view_console, &c, &t);
	char *text = screen_text();
	golden_check("console-80x24", text);
	assert_null(strchr(text, 0x1b));
	assert_null(strchr(text, 0x07));
	assert_null(strchr(text, '\r'));
	assert_non_null(strstr(text, "Code K7Q2"));
	assert_non_null(strstr(text, "next 2 of 3 in 00:35"));
	assert_non_null(strstr(text, "clerk1 called B001"));
	assert_null(strstr(text, "window 0"));               /* an arrival is the script's, no trainee's */
	free(text);
	screen_close();
	trainer_free(&t);
	counter_free(&c);
}

/* The score and the leaderboard at 80x24: every criterion's cell, "-"
 * where one does not apply. */
static void test_score_80x24(void **state)
{
	(void)state;
	struct counter c;
	struct trainer t;
	mk_trainer(&c, &t);
	struct m_score s = { .id = 7, .code = xstrdup("K7Q2"), .title = xstrdup("材料不全"),
			     .scenario = xstrdup("materials-missing"), .status = DS_FINISHED };
	s.ntrainees = 2;
	s.trainees = xcalloc(2, sizeof *s.trainees);
	for (size_t i = 0; i < 2; i++) {
		struct m_score_trainee *st = &s.trainees[i];
		st->trainee = xstrdup(i ? "clerk2" : "clerk1");
		st->name = xstrdup(i ? "李志强" : "张雅婷");
		st->window = (int)i + 1;
		st->total = i ? 0 : 45;
		st->max = 50;
		for (int k = 0; k < DRILL_NCRITERIA; k++) {
			st->crit.has[k] = k != DRILL_CRIT_NOTICE;
			st->crit.p[k] = (struct m_points){ i ? 0 : 10 - (k == DRILL_CRIT_TIME) * 5, 10 };
		}
		st->napplicants = 1;
		st->applicants = xcalloc(1, sizeof *st->applicants);
		st->applicants[0] = (struct m_score_applicant){ .no = 1, .name = xstrdup("周建国"),
			.expect = xstrdup("accept"), .ticket = 1, .number = xstrdup("B001"),
			.has_handling = true, .handling_seconds = 441, .total = st->total, .max = 50,
			.crit = st->crit };
	}
	trainer_set_score(&t, &s);
	screen_open(24, 80);
	draw_trainer(&view_score, &c, &t);
	char *text = screen_text();
	golden_check("score-80x24", text);
	assert_non_null(strstr(text, "clerk1 张雅婷           10/10   10/10   -       10/10   10/10   5/10    45/50"));
	free(text);
	screen_close();

	struct m_leaderboard b = { .competition = xstrdup("2026春季练兵"), .drills = 2 };
	b.nentries = 1;
	b.entries = xcalloc(1, sizeof *b.entries);
	b.entries[0] = (struct m_rank){ .rank = 1, .trainee = xstrdup("clerk1"), .name = xstrdup("张雅婷"),
					.drills = 2, .total = 90, .max = 100, .crit = t.score.trainees[0].crit };
	trainer_set_board(&t, &b);
	screen_open(24, 80);
	draw_trainer(&view_leaderboard, &c, &t);
	text = screen_text();
	assert_non_null(strstr(text, "Leaderboard · 2026春季练兵 · drills finished: 2"));
	assert_non_null(strstr(text, "1    clerk1 张雅婷 (2)"));
	free(text);
	screen_close();
	trainer_free(&t);
	counter_free(&c);
}

/* The trainer's help lists the trainer's keys, not the counter's. */
static void test_trainer_help(void **state)
{
	(void)state;
	struct counter c;
	struct trainer t;
	mk_trainer(&c, &t);
	screen_open(30, 80);
	draw_trainer(&view_help, &c, &t);
	char *text = screen_text();
	assert_non_null(strstr(text, "F2 r"));
	assert_non_null(strstr(text, "Let the script's next applicant arrive now"));
	assert_non_null(strstr(text, "Sign out and quit"));
	assert_null(strstr(text, "Call the next applicant"));
	assert_null(strstr(text, "Tick or untick"));
	free(text);
	screen_close();
	/* And the clerk's, the counter's only. */
	screen_open(30, 80);
	draw(&view_help, &c);
	text = screen_text();
	assert_non_null(strstr(text, "Call the next applicant"));
	assert_null(strstr(text, "Let the script's next applicant arrive now"));
	free(text);
	screen_close();
	trainer_free(&t);
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
			/* 就业失业: one waiting and no open window to call them */
			.open_windows = i == 4 ? 0 : 2,
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
	session_free(&sess);
	sess.conn = CONN_ONLINE;
	sess.login.role = xstrdup("supervisor");
	sess.login.name = xstrdup("何建华");
	sess.login.user = xstrdup("supervisor");
}

static void draw_desk(const struct view_ops *ops, struct counter *c, struct desk *d, int64_t now)
{
	struct view_ctx v = { .s = &sess, .c = c, .d = d, .km = km, .win = stdscr, .now = now };
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
	/* A service with people waiting and no open window: its name red; one
	 * with open windows and a short wait: plain. */
	text = screen_text();
	int stranded = -1, served = -1, sx = -1, vx = -1;
	y = 0;
	for (const char *p = text; *p; p = strchr(p, '\n') + 1, y++) {
		const char *eol = strchr(p, '\n'), *at;
		if ((at = strstr(p, "就业失业")) && at < eol) {
			stranded = y;
			char *pre = xstrndup(p, (size_t)(at - p));
			sx = (int)utf8_width(pre);
			free(pre);
		}
		if ((at = strstr(p, "户籍与居住证")) && at < eol) {
			served = y;
			char *pre = xstrndup(p, (size_t)(at - p));
			vx = (int)utf8_width(pre);
			free(pre);
		}
	}
	free(text);
	assert_true(stranded > 0 && served > 0);
	assert_true(cell_has_role(stranded, sx, UI_RED));
	assert_false(cell_has_role(served, vx, UI_RED));
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
	assert_non_null(strstr(text, "1h 32m"));      /* window 1 open for 1:30:05 + 1:00, rounded up */
	assert_non_null(strstr(text, " 3 min"));      /* A003 served for 1:25 + 1:00, rounded up */
	free(text);
	screen_close();
	counter_free(&c);
	desk_free(&d);
}

/* A page of a longer list says which rows it shows of how many, and the
 * keys that page on; a whole list says nothing of the kind. */
static void test_paged_list_80x24(void **state)
{
	(void)state;
	struct counter c;
	struct desk d;
	mk_supervisor(&c);
	desk_init(&d);
	struct m_finding *f = xcalloc(3, sizeof *f);
	for (int i = 0; i < 3; i++)
		f[i] = (struct m_finding){ .n = i + 1, .text = xstrdup("未佩戴工牌"), .due = 20790, .open = true,
					   .audit = 7, .window = 2, .audit_day = 20780 };
	desk_set_rectifications(&d, f, 3, &(struct m_page){ .total = 340, .offset = 100 });
	screen_open(24, 80);
	draw_desk(&view_rectify, &c, &d, NOW);
	char *text = screen_text();
	assert_non_null(strstr(text, "Findings to rectify: 340 · showing 101–103 of 340, PgUp/PgDn for more"));
	free(text);
	screen_close();
	/* The whole list: its count only. */
	f = xcalloc(1, sizeof *f);
	f[0] = (struct m_finding){ .n = 1, .text = xstrdup("未佩戴工牌"), .due = 20790, .open = true };
	desk_set_rectifications(&d, f, 1, &(struct m_page){ .total = 1 });
	screen_open(24, 80);
	draw_desk(&view_rectify, &c, &d, NOW);
	text = screen_text();
	assert_non_null(strstr(text, "Findings to rectify: 1"));
	assert_null(strstr(text, "showing"));
	free(text);
	screen_close();
	/* The day's timeline, in its narrow column: the short form. */
	d.have_day = true;
	d.day.window = 1;
	d.day.name = xstrdup("1号窗口");
	d.day.date = 20789;
	d.day.ntimeline = 2;
	d.day.timeline = xcalloc(2, sizeof *d.day.timeline);
	for (int i = 0; i < 2; i++)
		d.day.timeline[i] = (struct m_day_entry){ .seq = 101 + i, .at = NOW - 60, .kind = xstrdup("clerk.signed_in") };
	d.day.timeline_page = (struct m_page){ .total = 250, .offset = 100 };
	screen_open(24, 80);
	draw_desk(&view_day, &c, &d, NOW);
	text = screen_text();
	assert_non_null(strstr(text, "Timeline: 250 entries · 101–102 of 250"));
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
	session_free(&sess);
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
		cmocka_unit_test(test_dialog_over_wide_characters),
		cmocka_unit_test(test_wrap_chinese),
		cmocka_unit_test(test_cases_urgency),
		cmocka_unit_test(test_help_from_action_table),
		cmocka_unit_test(test_hostile_strings),
		cmocka_unit_test(test_signin_long_error),
		cmocka_unit_test(test_console_80x24),
		cmocka_unit_test(test_score_80x24),
		cmocka_unit_test(test_trainer_help),
		cmocka_unit_test(test_board_80x24),
		cmocka_unit_test(test_board_132x40),
		cmocka_unit_test(test_paged_list_80x24),
	};
	return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
