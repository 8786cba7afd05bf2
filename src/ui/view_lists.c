#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "wicket/common/i18n.h"
#include "wicket/core/date.h"
#include "wicket/ui/ui.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"

/* ---- sign-in ---- */

static void signin_draw(const struct view_ctx *v)
{
	int top, bottom;
	view_frame(v, &view_signin, &top, &bottom);
	ui_put(v->win, top + 1, 2, _("wicket · service hall counter"), v->cols - 4, UI_TITLE);
	if (v->signin)
		view_draw_form(v, v->signin);
}

const struct view_ops view_signin = {
	.name = "signin", .scope = KM_GENERIC, .draw = signin_draw,
};

/* ---- my open cases ---- */

static enum ui_role cases_urgency(const struct m_case *k)
{
	if (!k->has_days_left)
		return UI_NORMAL;
	if (k->working_days_left < 0)
		return UI_RED;
	/* The last working day: today is the due day, or one day is left. */
	return k->working_days_left <= 1 ? UI_AMBER : UI_NORMAL;
}

static void cases_row(const struct view_ctx *v, const struct m_case *k, int y, bool sel)
{
	char date[64], due[128], left[64];
	view_date_words(k->due, date, sizeof date);
	/* A due date counted over a year the calendar does not cover yet. */
	snprintf(due, sizeof due, "%s%s", date, k->provisional ? _(" provisional") : "");
	if (!k->has_days_left)
		snprintf(left, sizeof left, "%s", view_case_status_label(k->status));
	else if (k->working_days_left < 0)
		snprintf(left, sizeof left, _("overdue %d"), -k->working_days_left);
	else if (k->working_days_left == 0)
		snprintf(left, sizeof left, _("due today"));
	else
		snprintf(left, sizeof left, _("%d left"), k->working_days_left);
	enum ui_role role = sel ? UI_SELECTED : cases_urgency(k);
	int x = 0, w = v->cols;
	char widest[64];
	snprintf(widest, sizeof widest, _("overdue %d"), 99);
	int wnum = 14, wleft = (int)utf8_width(widest) + 1, wname = 10;
	wleft = wleft < 12 ? 12 : wleft;
	/* A search lists cases of any status: the widest status shown fits. */
	for (size_t i = 0; i < v->c->ncases; i++) {
		const struct m_case *o = &v->c->cases[i];
		int sw = o->has_days_left ? 0 : (int)utf8_width(view_case_status_label(o->status)) + 1;
		wleft = sw > wleft ? sw : wleft;
	}
	/* As wide as the widest date the language writes ("2027年12月28日"), and
	 * the provisional mark whole: it is never cut. */
	char longest[64];
	date_t dec28 = 0;
	date_from_ymd(2027, 12, 28, &dec28);
	view_date_words(dec28, longest, sizeof longest);
	int wdue = (int)utf8_width(longest) + (int)utf8_width(_(" provisional"));
	int wmatter = w - wnum - wdue - wleft - wname - 4;
	if (wmatter < 8)
		wmatter = 8;
	x += ui_put(v->win, y, x, k->number, wnum, role) + 1;
	x += ui_put(v->win, y, x, k->matter_name, wmatter, role) + 1;
	x += ui_put(v->win, y, x, k->applicant_name, wname, role) + 1;
	x += ui_put(v->win, y, x, due, wdue, role) + 1;
	if (x < w)
		ui_put(v->win, y, x, left, w - x, role);
}

/* What the list is: the open cases of the window's services, or what was
 * searched and how many were found (of them, how many are shown). */
static void cases_title(const struct counter *c, char *out, size_t len)
{
	if (!c->find_query[0]) {
		snprintf(out, len, _("Open cases of the window's services (%zu)"), c->ncases);
		return;
	}
	char shown[64] = "";
	if ((int64_t)c->ncases < c->cases_total)
		snprintf(shown, sizeof shown, _(", %zu shown"), c->ncases);
	snprintf(out, len, _("Cases found for “%s”: %lld%s"), c->find_query, (long long)c->cases_total, shown);
}

static void cases_draw(const struct view_ctx *v)
{
	const struct counter *c = v->c;
	int top, bottom;
	char title[512];
	view_frame(v, &view_cases, &top, &bottom);
	cases_title(c, title, sizeof title);
	ui_rule(v->win, top, 0, v->cols, title);
	int rows = bottom - top;
	size_t first = c->cases_sel >= (size_t)rows ? c->cases_sel - (size_t)rows + 1 : 0;
	for (int r = 0; r < rows && first + (size_t)r < c->ncases; r++)
		cases_row(v, &c->cases[first + (size_t)r], top + 1 + r, first + (size_t)r == c->cases_sel);
	if (c->ncases == 0)
		ui_put(v->win, top + 2, 2, c->find_query[0] ? _("No case found.") : _("No open cases."),
		       v->cols - 2, UI_DIM);
}

static const struct view_hint hints_cases[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_OPEN_CASE, .label = N_("Open case") },
	{ .a = ACT_FIND_CASE, .label = N_("Find") }, { .a = ACT_MY_CASES, .label = N_("Open cases") },
	{ .a = ACT_BACK, .label = N_("Back") }, { .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops view_cases = {
	.name = "cases", .scope = KM_CASES, .draw = cases_draw,
	.hints = hints_cases, .nhints = sizeof hints_cases / sizeof hints_cases[0],
};

/* ---- today's bookings (预约) ---- */

/* The label of a booking's status (and lateness); msgids. */
static const char *bookings_status_label(const struct m_booking *b)
{
	if (strcmp(b->status, "checked_in") == 0)
		return b->late ? _("Checked in late") : _("Checked in");
	if (strcmp(b->status, "no_show") == 0)
		return _("Did not come");
	if (strcmp(b->status, "cancelled") == 0)
		return _("Cancelled");
	return _("Booked");
}

/* The name of service code among the counter's services, else the code. */
static const char *bookings_service_name(const struct counter *c, const char *code)
{
	for (size_t i = 0; i < c->nservices; i++)
		if (c->services[i].code && strcmp(c->services[i].code, code) == 0 && c->services[i].name)
			return c->services[i].name;
	return code;
}

/* One booking: the slot's time, the number, the service, the applicant's
 * name and masked ID number, the status; a booking still to come is
 * normal, one done or missed dim. */
static void bookings_row(const struct view_ctx *v, const struct m_booking *b, int y, bool sel)
{
	char at[16];
	view_clock(b->at, at, sizeof at);
	bool open = strcmp(b->status, "booked") == 0;
	enum ui_role role = sel ? UI_SELECTED : open ? UI_NORMAL : UI_DIM;
	int x = 0;
	x += ui_put(v->win, y, x, at, 6, role);
	x += ui_put(v->win, y, x, b->number, 13, role);
	x += ui_put(v->win, y, x, bookings_service_name(v->c, b->service), 13, role);
	x += ui_put(v->win, y, x, b->applicant_name ? b->applicant_name : "", 9, role);
	x += ui_put(v->win, y, x, b->applicant_id ? b->applicant_id : "", 19, role);
	if (x < v->cols)
		ui_put(v->win, y, x, bookings_status_label(b), v->cols - x, role);
}

const char *view_home_group_label(const char *g)
{
	static const struct { const char *name, *label; } groups[] = {
		{ "elderly", N_("Elderly") }, { "disabled", N_("Severe disability") },
		{ "ill", N_("Serious illness") }, { "orphan", N_("Orphan") }, { "wubao", N_("Five guarantees") },
	};
	for (size_t i = 0; g && i < sizeof groups / sizeof groups[0]; i++)
		if (strcmp(g, groups[i].name) == 0)
			return _(groups[i].label);
	return "";
}

/* Today's home visits assigned to the clerk, from row y to bottom: the
 * time, the number, the group, the name and where; done ones dim, the
 * selected one (when the selection is on them) always in sight.  Returns
 * the rows used (none without visits). */
static int bookings_home(const struct view_ctx *v, int y, int bottom)
{
	const struct counter *c = v->c;
	char title[128], at[16];
	if (c->nhome_visits == 0 || y > bottom)
		return 0;
	snprintf(title, sizeof title, _("Home visits today (%zu)"), c->nhome_visits);
	ui_rule(v->win, y, 0, v->cols, title);
	int r = 1, rows = bottom - y;
	size_t first = c->home_focus && rows > 0 && c->home_sel >= (size_t)rows ? c->home_sel - (size_t)rows + 1 : 0;
	for (size_t i = first; i < c->nhome_visits && y + r <= bottom; i++, r++) {
		const struct m_home_visit *h = &c->home_visits[i];
		enum ui_role role = c->home_focus && i == c->home_sel ? UI_SELECTED :
				    strcmp(h->status, "booked") == 0 ? UI_NORMAL : UI_DIM;
		int x = 0;
		view_clock(h->at, at, sizeof at);
		x += ui_put(v->win, y + r, x, at, 6, role);
		x += ui_put(v->win, y + r, x, h->number, 13, role);
		x += ui_put(v->win, y + r, x, view_home_group_label(h->group), 13, role);
		x += ui_put(v->win, y + r, x, h->applicant_name ? h->applicant_name : "", 9, role);
		/* Where to go, while it is to be done; then what became of it. */
		const char *last = strcmp(h->status, "done") == 0 ? _("Visited, case taken") :
				   strcmp(h->status, "cancelled") == 0 ? _("Cancelled") : h->address ? h->address : "";
		if (x < v->cols)
			ui_put(v->win, y + r, x, last, v->cols - x, role);
	}
	return r;
}

static void bookings_draw(const struct view_ctx *v)
{
	const struct counter *c = v->c;
	int top, bottom;
	char title[256];
	view_frame(v, &view_bookings, &top, &bottom);
	/* The home visits below the bookings, as many rows as they need (at
	 * most half the screen). */
	int home = c->nhome_visits ? (int)c->nhome_visits + 1 : 0;
	if (home > (bottom - top) / 2)
		home = (bottom - top) / 2;
	bookings_home(v, bottom - home + 1, bottom);
	bottom -= home;
	snprintf(title, sizeof title, _("Today's bookings for window %d (%zu)"), c->window_no, c->nbookings);
	ui_rule(v->win, top, 0, v->cols, title);
	int rows = bottom - top;
	size_t first = c->bookings_sel >= (size_t)rows ? c->bookings_sel - (size_t)rows + 1 : 0;
	for (int r = 0; r < rows && first + (size_t)r < c->nbookings; r++)
		bookings_row(v, &c->bookings[first + (size_t)r], top + 1 + r,
			     !c->home_focus && first + (size_t)r == c->bookings_sel);
	if (c->nbookings == 0)
		ui_put(v->win, top + 2, 2, _("No bookings today."), v->cols - 2, UI_DIM);
}

static const struct view_hint hints_bookings[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_CHECK_IN, .label = N_("Check in") },
	{ .a = ACT_BOOK, .label = N_("Phone booking") },
	{ .a = ACT_HOME_CASE, .label = N_("Home visit"), .optional = true },
	{ .a = ACT_BOOKINGS, .label = N_("Reload"), .optional = true },
	{ .a = ACT_BACK, .label = N_("Back") }, { .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops view_bookings = {
	.name = "bookings", .scope = KM_BOOKINGS, .draw = bookings_draw,
	.hints = hints_bookings, .nhints = sizeof hints_bookings / sizeof hints_bookings[0],
};

/* ---- conflicts: actions the server refused when they were replayed ---- */

/* One refused action in four lines: when and what, yours, the server's,
 * and its answer.  Returns the rows used. */
static int conflicts_block(const struct view_ctx *v, const struct m_conflict *k, int y, int bottom,
			   bool sel)
{
	char head[512], when[16];
	time_t at = (time_t)k->at;
	struct tm tm;
	localtime_r(&at, &tm);
	strftime(when, sizeof when, "%H:%M", &tm);
	snprintf(head, sizeof head, "%s  %s  %s", when,
		 _(action_help(action_parse(k->action))), k->label);
	const struct { const char *label; const char *text; enum ui_role role; } rows[] = {
		{ NULL, head, sel ? UI_SELECTED : UI_TITLE },
		{ N_("Yours:"), k->ours, UI_NORMAL },
		{ N_("Server's:"), k->theirs ? k->theirs : _("reading…"), UI_NORMAL },
		{ N_("Refused:"), k->message, UI_RED },
	};
	int used = 0;
	for (size_t i = 0; i < sizeof rows / sizeof rows[0] && y + used <= bottom; i++, used++) {
		if (!rows[i].label) {
			ui_put(v->win, y + used, 0, rows[i].text, v->cols, rows[i].role);
			continue;
		}
		int x = 4 + ui_put(v->win, y + used, 4, _(rows[i].label), 12, UI_DIM);
		ui_put(v->win, y + used, x + 1, rows[i].text, v->cols - x - 1, rows[i].role);
	}
	return used;
}

static void conflicts_draw(const struct view_ctx *v)
{
	const struct session *s = v->s;
	int top, bottom;
	char title[128];
	view_frame(v, &view_conflicts, &top, &bottom);
	snprintf(title, sizeof title, _("Refused by the server on replay (%zu)"), s->nconflict);
	ui_rule(v->win, top, 0, v->cols, title);
	int y = top + 1;
	int per = 5, fit = (bottom - top) / per;
	size_t first = fit > 0 && s->conflict_sel >= (size_t)fit ? s->conflict_sel - (size_t)fit + 1 : 0;
	for (size_t i = first; i < s->nconflict && y <= bottom; i++)
		y += conflicts_block(v, &s->conflict[i], y, bottom, i == s->conflict_sel) + 1;
	if (s->nconflict == 0)
		ui_put(v->win, top + 2, 2, _("Nothing refused: every action reached the server."),
		       v->cols - 2, UI_DIM);
}

static const struct view_hint hints_conflicts[] = {
	{ .a = ACT_HELP, .label = N_("Help") }, { .a = ACT_ACKNOWLEDGE, .label = N_("Noted") },
	{ .a = ACT_BACK, .label = N_("Back") }, { .a = ACT_QUIT, .label = N_("Quit") },
};

const struct view_ops view_conflicts = {
	.name = "conflicts", .scope = KM_CONFLICTS, .draw = conflicts_draw,
	.hints = hints_conflicts, .nhints = sizeof hints_conflicts / sizeof hints_conflicts[0],
};

/* ---- help: generated from the action table and the keymap ---- */

/* Every distinct key that reaches a on the screens of scopes, function keys first. */
static void help_keys(const struct keymap *km, const enum keymap_scope *scopes, size_t nscopes,
		      enum action a, char *out, size_t len)
{
	int keys[32], nkeys = 0;
	for (size_t s = 0; s < nscopes; s++) {
		int found[16];
		size_t n = keymap_keys(km, scopes[s], a, found, 16);
		for (size_t i = 0; i < n && nkeys < 32; i++) {
			bool dup = false;
			for (int j = 0; j < nkeys; j++)
				dup |= keys[j] == found[i];
			if (!dup)
				keys[nkeys++] = found[i];
		}
	}
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < nkeys && used + 1 < len; i++) {
		char name[16];
		keymap_key_name(keys[i], name);
		used += (size_t)snprintf(out + used, len - used, "%s%s", used ? " " : "", name);
	}
}

/* The actions of the signed-in role, each with its keys: those no key
 * reaches on its screens are not listed. */
static void help_draw(const struct view_ctx *v)
{
	static const enum keymap_scope clerk[] = { KM_COUNTER, KM_CASE, KM_CASES, KM_CONFLICTS, KM_HELP,
						   KM_BOOKINGS };
	const enum keymap_scope *scopes = v->help_scopes ? v->help_scopes : clerk;
	size_t nscopes = v->help_scopes ? v->nhelp_scopes : sizeof clerk / sizeof clerk[0];
	int top, bottom;
	view_frame(v, &view_help, &top, &bottom);
	int kw = v->cols >= 100 ? 22 : 16;
	int row = top + 1, skip = v->help_scroll;
	bool more = false;
	for (int a = 0; a < ACT_COUNT; a++) {
		char keys[128];
		help_keys(v->km, scopes, nscopes, (enum action)a, keys, sizeof keys);
		/* The halls are offered only on a platform of several. */
		bool halls = a == ACT_HALLS || a == ACT_OPEN_HALL;
		if (!keys[0] || (halls && !(v->d && v->d->nhalls > 1)) || skip-- > 0)
			continue;
		if (row > bottom) {
			more = true;     /* the list goes on below: say so */
			break;
		}
		ui_put(v->win, row, 1, keys, kw, UI_KEY);
		ui_put(v->win, row, kw + 2, _(action_help((enum action)a)), v->cols - kw - 2, UI_NORMAL);
		row++;
	}
	ui_rule(v->win, top, 0, v->cols, more ? _("Keys (more below: PgDn)") : _("Keys"));
}

const struct view_ops view_help = {
	.name = "help", .scope = KM_HELP, .draw = help_draw,
};
