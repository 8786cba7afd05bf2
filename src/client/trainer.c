/* trainer.c - the trainer's screens: the drills, the scenarios a drill
 * starts from, the console of a drill (its applicants to play, the clock,
 * the trainees' actions live), its score and a competition's leaderboard.
 *
 * The controller of struct trainer (trainer.h), the trainer's row of the
 * roles' table (app_role_trainer): keys become actions, actions become
 * requests (every POST through app_postf, so it is in the journal before
 * it goes), and the answers are folded into the state.  Reads of one kind
 * are coalesced (app_refresh): at most one in flight, and one more when it
 * was asked for meanwhile. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "wicket/model/list.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

#include "app_int.h"

/* Whether s is one of the trainer's screens. */
static bool trainer_screen(enum scr s)
{
	return s == SCR_DRILLS || s == SCR_SCENARIOS || s == SCR_CONSOLE || s == SCR_SCORE ||
	       s == SCR_LEADERBOARD;
}

/* ---- reads ---- */

/* The path a coalesced read of kind asks for now, into path; false when
 * there is nothing to read (no drill open, no competition chosen). */
static bool trainer_path(const struct app *a, enum req_kind kind, char *path, size_t len)
{
	const struct trainer *t = &a->tr;
	char esc[600];
	switch (kind) {
	case REQ_DRILLS:
		snprintf(path, len, "/api/v1/drills?limit=%d&offset=%lld", LIST_PAGE, (long long)t->drills_at);
		return true;
	case REQ_SCENARIOS:
		snprintf(path, len, "/api/v1/drills/scenarios");
		return true;
	case REQ_DRILL_READ:
		snprintf(path, len, "/api/v1/drills/%lld", (long long)t->drill_id);
		return t->drill_id > 0;
	case REQ_SCORE:
		snprintf(path, len, "/api/v1/drills/%lld/score", (long long)t->drill_id);
		return t->drill_id > 0;
	case REQ_LEADERBOARD:
		if (!t->board_for)
			return false;
		app_path_escape(t->board_for, esc, sizeof esc);
		snprintf(path, len, "/api/v1/drills/leaderboard?competition=%s", esc);
		return true;
	default:
		return false;
	}
}

static void trainer_read(struct app *a, enum req_kind kind)
{
	char path[700];
	if (trainer_path(a, kind, path, sizeof path))
		app_refresh(a, kind, "%s", path);
}

/* Each read asked again (the table's refresh). */
static void trainer_read_drills(struct app *a) { trainer_read(a, REQ_DRILLS); }
static void trainer_read_scenarios(struct app *a) { trainer_read(a, REQ_SCENARIOS); }
static void trainer_read_drill(struct app *a) { trainer_read(a, REQ_DRILL_READ); }
static void trainer_read_score(struct app *a) { trainer_read(a, REQ_SCORE); }
static void trainer_read_board(struct app *a) { trainer_read(a, REQ_LEADERBOARD); }

/* Read again what the current screen shows. */
static void trainer_refresh(struct app *a)
{
	switch (app_screen(a)) {
	case SCR_DRILLS: trainer_read(a, REQ_DRILLS); break;
	case SCR_SCENARIOS: trainer_read(a, REQ_SCENARIOS); break;
	case SCR_CONSOLE: trainer_read(a, REQ_DRILL_READ); break;
	case SCR_SCORE:
		trainer_read(a, REQ_SCORE);
		trainer_read(a, REQ_DRILL_READ);
		break;
	case SCR_LEADERBOARD: trainer_read(a, REQ_LEADERBOARD); break;
	default: break;
	}
}

/* A trainer signed in: the list of drills (read by the reload). */
static void trainer_signed_in(struct app *a)
{
	session_say(&a->s, false, _("Signed in as a trainer: your drills, newest first."));
}

/* Open drill id in the console and follow its feed from the start. */
static void trainer_open_console(struct app *a, int64_t id)
{
	trainer_open(&a->tr, id);
	trainer_clear_feed(&a->tr);
	app_push(a, SCR_CONSOLE);
	trainer_read(a, REQ_DRILL_READ);
	app_feed_restart(a);
}

/* Back to the list: the console's feed is no longer followed. */
static void trainer_close_console(struct app *a)
{
	trainer_open(&a->tr, 0);
	app_feed_restart(a);
	trainer_read(a, REQ_DRILLS);
}

/* The event long-poll's path for the open drill; false when no drill is
 * open (then nothing is polled). */
static bool trainer_feed_path(const struct app *a, int64_t since, int wait, char *path, size_t len)
{
	/* A finished drill's feed, once read, has nothing more to say. */
	if (a->tr.drill_id <= 0 || (a->feed_read && a->tr.have_drill && a->tr.drill.status == DS_FINISHED))
		return false;
	snprintf(path, len, "/api/v1/drills/%lld/events?since=%lld&wait=%d", (long long)a->tr.drill_id,
		 (long long)since, wait);
	return true;
}

/* A batch of the drill's feed (the events are taken over). */
static void trainer_on_events(struct app *a, struct m_event *ev, size_t n)
{
	a->feed_read = true;
	if (n == 0)
		return;
	trainer_add_events(&a->tr, ev, n);
	/* What the trainees did shows in the tickets' states and the score. */
	trainer_read(a, REQ_DRILL_READ);
	if (app_screen(a) == SCR_SCORE && a->tr.have_drill && a->tr.drill.status == DS_RUNNING)
		trainer_read(a, REQ_SCORE);
}

/* The feed answered 410 (a reset restarted it): whether to read it again
 * from its start (the first time) rather than follow on from its end. */
static bool trainer_feed_restarted(struct app *a)
{
	/* Once from the start of the new feed; a second 410 means the start
	 * is gone: follow on from where the server says. */
	if (a->feed_restarted)
		return false;
	a->feed_restarted = true;
	trainer_clear_feed(&a->tr);
	return true;
}

/* Once a second: the applicants due on the script's clock are let in. */
static void trainer_tick(struct app *a, int64_t second)
{
	(void)second;
	int64_t due = trainer_next_arrival(&a->tr), now = app_ms();
	if (!due)
		return;
	if (app_screen(a) == SCR_CONSOLE)
		a->dirty = true;          /* the countdown to the next arrival */
	if ((int64_t)time(NULL) >= due && now >= a->tr_poll_at) {
		a->tr_poll_at = now + 1000;
		trainer_read(a, REQ_DRILL_READ);
	}
}

/* ---- answers ---- */

/* The released applicant the drill's answer let in last, for the message. */
static const struct m_drill_applicant *trainer_last_released(const struct m_drill *d)
{
	const struct m_drill_applicant *last = NULL;
	for (size_t i = 0; i < d->napplicants; i++)
		if (d->applicants[i].released)
			last = &d->applicants[i];
	return last;
}

/* The drill an action answered with, into d: true, or false with the
 * error said. */
static bool trainer_decode_drill(struct app *a, const struct net_reply *r, struct m_drill *d)
{
	if (r->status / 100 == 2 && api_decode_drill(r->body, r->len, d) == 0)
		return true;
	app_say_error(a, r);
	return false;
}

/* A drill in r: folded in (true), or the error said (false). */
static bool trainer_take_drill(struct app *a, const struct net_reply *r)
{
	struct m_drill d;
	if (!trainer_decode_drill(a, r, &d))
		return false;
	trainer_set_drill(&a->tr, &d);
	return true;
}

static void trainer_on_drill_started(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_drill d;
	(void)p;
	if (!trainer_decode_drill(a, r, &d))
		return;
	if (app_screen(a) == SCR_SCENARIOS)
		app_pop(a);
	trainer_open_console(a, d.id);
	trainer_set_drill(&a->tr, &d);
	session_say(&a->s, false, _("Drill started: the trainees sign in with the code %s."),
		    a->tr.drill.code);
}

/* Released, the clock run or stopped, reset: the drill as it is now. */
static void trainer_on_action(struct app *a, const struct pending *p, const struct net_reply *r)
{
	enum req_kind kind = p->kind;
	if (!trainer_take_drill(a, r)) {
		if (r->status == 409)
			trainer_read(a, REQ_DRILL_READ);   /* someone else moved it on */
		return;
	}
	const struct m_drill *d = &a->tr.drill;
	if (kind == REQ_DRILL_RELEASE) {
		const struct m_drill_applicant *last = trainer_last_released(d);
		if (last)
			session_say(&a->s, false, _("Applicant %d, %s, has arrived: play the part."),
				    last->no, last->name);
	} else if (kind == REQ_DRILL_RUN) {
		session_say(&a->s, false, "%s", d->run_on ?
			    _("The script's clock runs: the applicants arrive on their own.") :
			    _("The script's clock is stopped: release the applicants by hand."));
	} else {
		trainer_clear_feed(&a->tr);
		app_feed_restart(a);
		session_say(&a->s, false, "%s", _("The drill starts again: an empty sandbox, the clock stopped."));
	}
}

static void trainer_on_finished(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_score s;
	(void)p;
	if (r->status / 100 != 2 || api_decode_score(r->body, r->len, &s)) {
		app_say_error(a, r);
		trainer_read(a, REQ_DRILL_READ);
		return;
	}
	trainer_set_score(&a->tr, &s);
	trainer_read(a, REQ_DRILL_READ);
	app_push(a, SCR_SCORE);
	session_say(&a->s, false, "%s", _("Drill finished: the score is frozen and the trainees signed out."));
}

/* The reads: decoded into a, taken over by the trainer's state. */
static int trainer_decode_drills(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_drills(r->body, r->len, &out->drills.v, &out->drills.n, &out->drills.page);
}

static void trainer_store_drills(struct app *a, union app_decoded *in)
{
	/* A page asked for before the page turned is not shown (the one
	 * asked for since follows it); an empty one from past the end asks
	 * for the last page instead. */
	bool past = in->drills.page.offset == a->tr.drills_at &&
		    list_page_past_end(&in->drills.page, in->drills.n, &a->tr.drills_at);
	if (past || in->drills.page.offset != a->tr.drills_at) {
		m_free_array(&m_drill_desc, in->drills.v, in->drills.n);
		if (past)
			trainer_read_drills(a);
		return;
	}
	a->tr.drills_page = in->drills.page;
	trainer_set_drills(&a->tr, in->drills.v, in->drills.n);
}

static int trainer_decode_scenarios(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_scenarios(r->body, r->len, &out->scenarios);
}

static void trainer_store_scenarios(struct app *a, union app_decoded *in)
{
	trainer_set_scenarios(&a->tr, &in->scenarios);
}

static int trainer_decode_read(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_drill(r->body, r->len, &out->drill);
}

static void trainer_store_drill(struct app *a, union app_decoded *in)
{
	trainer_set_drill(&a->tr, &in->drill);
}

static int trainer_decode_score(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_score(r->body, r->len, &out->score);
}

static void trainer_store_score(struct app *a, union app_decoded *in)
{
	trainer_set_score(&a->tr, &in->score);
}

static int trainer_decode_board(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_leaderboard(r->body, r->len, &out->leaderboard);
}

static void trainer_store_board(struct app *a, union app_decoded *in)
{
	trainer_set_board(&a->tr, &in->leaderboard);
}

/* Without a drill's feed to follow (none open, or finished), the answers
 * are all that says whether the server is there. */
static void trainer_answered(struct app *a, const struct net_reply *r)
{
	if (r->status == 0)
		a->s.conn = CONN_OFFLINE;
	else if (r->status != 401)
		a->s.conn = CONN_ONLINE;
}

/* A read that came back but could not be decoded. */
static const char trainer_unreadable[] = N_("The server's answer could not be read.");

static const struct app_reply trainer_replies[REQ_KIND_COUNT] = {
	[REQ_DRILLS] = { .decode = trainer_decode_drills, .store = trainer_store_drills,
			 .reread = trainer_read_drills, .unreadable = trainer_unreadable },
	[REQ_SCENARIOS] = { .decode = trainer_decode_scenarios, .store = trainer_store_scenarios,
			    .reread = trainer_read_scenarios, .unreadable = trainer_unreadable },
	[REQ_DRILL_READ] = { .decode = trainer_decode_read, .store = trainer_store_drill,
			     .reread = trainer_read_drill, .unreadable = trainer_unreadable },
	[REQ_DRILL_STARTED] = { .handle = trainer_on_drill_started },
	[REQ_DRILL_RELEASE] = { .handle = trainer_on_action },
	[REQ_DRILL_RUN] = { .handle = trainer_on_action },
	[REQ_DRILL_RESET] = { .handle = trainer_on_action },
	[REQ_DRILL_FINISHED] = { .handle = trainer_on_finished },
	[REQ_SCORE] = { .decode = trainer_decode_score, .store = trainer_store_score,
			.reread = trainer_read_score, .unreadable = trainer_unreadable },
	[REQ_LEADERBOARD] = { .decode = trainer_decode_board, .store = trainer_store_board,
			      .reread = trainer_read_board, .unreadable = trainer_unreadable },
};

/* The handler of a journal record's reply, by its path: a drill's, or
 * REQ_NONE. */
static enum req_kind trainer_kind_of(const char *path)
{
	if (strncmp(path, "/api/v1/drills", 14) != 0)
		return REQ_NONE;
	static const struct { const char *suffix; enum req_kind kind; } verbs[] = {
		{ "/release", REQ_DRILL_RELEASE }, { "/run", REQ_DRILL_RUN },
		{ "/reset", REQ_DRILL_RESET }, { "/finish", REQ_DRILL_FINISHED },
	};
	size_t n = strlen(path);
	for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++) {
		size_t k = strlen(verbs[i].suffix);
		if (n > k && strcmp(path + n - k, verbs[i].suffix) == 0)
			return verbs[i].kind;
	}
	return REQ_DRILL_STARTED;
}

/* ---- actions ---- */

static void trainer_confirm(struct app *a, enum picker_kind kind, const char *title, const char *yes)
{
	picker_clear(&a->picker);
	a->picker.title = title;
	a->picking = kind;
	picker_add(&a->picker, _(yes), 1);
	picker_add(&a->picker, _("Not now"), 0);
}

/* The trainees and the competition of the last drill started here are the
 * form's defaults: a trainer often runs the same group again. */
static void trainer_start_form(struct app *a)
{
	app_dialog(a, DLG_START_DRILL, N_("Start a drill"));
	form_add(&a->dlg, N_("Trainees (user names)"), a->last_trainees, false, FORM_FIELD_BYTES - 1);
	form_add(&a->dlg, N_("Competition (optional)"), a->last_competition, false, 50);
}

static void trainer_leaderboard(struct app *a)
{
	const char *name = trainer_competition(&a->tr, app_screen(a));
	if (!name) {
		app_dialog(a, DLG_COMPETITION, N_("Leaderboard"));
		form_add(&a->dlg, N_("Competition"), a->tr.board_for, false, 50);
		return;
	}
	free(a->tr.board_for);
	a->tr.board_for = xstrdup(name);
	app_push(a, SCR_LEADERBOARD);
	trainer_read(a, REQ_LEADERBOARD);
}

/* Post verb (with body) to the open drill. */
static void trainer_post(struct app *a, enum action act, const char *verb, char *body)
{
	app_postf(a, (struct app_doing){ .act = act, .label = a->tr.have_drill ? a->tr.drill.code : NULL },
		  body, "/api/v1/drills/%lld/%s",
		  (long long)a->tr.drill_id, verb);
}

/* What needs the server's data and may be refused. */
static void trainer_act(struct app *a, enum action act)
{
	struct trainer *t = &a->tr;
	switch (act) {
	case ACT_NEW_DRILL:
		app_push(a, SCR_SCENARIOS);
		trainer_read(a, REQ_SCENARIOS);
		break;
	case ACT_OPEN_DRILL: trainer_open_console(a, trainer_selected_drill(t)->id); break;
	case ACT_START_DRILL: trainer_start_form(a); break;
	case ACT_RELEASE: trainer_post(a, act, "release", NULL); break;
	case ACT_RUN_CLOCK: trainer_post(a, act, "run", api_encode_run(!t->drill.run_on)); break;
	case ACT_RESET_DRILL:
		trainer_confirm(a, PICK_RESET, N_("Start the drill again?"),
				N_("Start again: the trainees' work so far is discarded"));
		break;
	case ACT_FINISH_DRILL:
		trainer_confirm(a, PICK_FINISH, N_("Finish the drill?"),
				N_("Finish now: the score is frozen, the trainees signed out"));
		break;
	case ACT_SCORE:
		app_push(a, SCR_SCORE);
		trainer_read(a, REQ_SCORE);
		break;
	case ACT_LEADERBOARD: trainer_leaderboard(a); break;
	case ACT_NEXT_TRAINEE: case ACT_PREV_TRAINEE: {
		size_t n = t->score.ntrainees;
		if (n)
			t->trainee_sel = (t->trainee_sel + (act == ACT_NEXT_TRAINEE ? 1 : n - 1)) % n;
		t->score_scroll = 0;
		break;
	}
	default:
		break;
	}
}

/* An action the loop leaves to the trainer (not help, quit, back, the
 * moves, nor the refused actions): taken, or refused as every role's are
 * (app_refused: kept for later while the last one is on its way, else the
 * reason said). */
static void trainer_action(struct app *a, enum action act)
{
	if (!app_refused(a, trainer_check(&a->tr, app_screen(a), act, a->s.busy), act))
		trainer_act(a, act);
}

/* The back key left screen from: leaving the console for the list stops
 * following its feed; another screen of the trainer's is read again. */
static void trainer_back(struct app *a, enum scr from)
{
	if (!trainer_screen(from))
		return;
	if (app_screen(a) == SCR_DRILLS && from == SCR_CONSOLE)
		trainer_close_console(a);
	else
		trainer_refresh(a);
}

/* On the drills, a page down from the last row reads the next page and a
 * page up from the first the one before (list_page_turn). */
static void trainer_select(struct app *a, long delta)
{
	struct trainer *t = &a->tr;
	if (app_screen(a) == SCR_DRILLS &&
	    list_page_turn(&t->drills_page, t->ndrills, t->drills_sel, delta, &t->drills_at)) {
		t->drills_sel = 0;
		trainer_read_drills(a);
		return;
	}
	trainer_move(t, app_screen(a), delta);
}

/* ---- dialogs ---- */

/* Split the trainees' field (spaces, commas, 、 or ；) into names[];
 * returns how many, or -1 with the reason in the form's error. */
static int trainer_split(struct form *f, char *text, char **names)
{
	static const char *const seps[] = { "，", "、", "；" };
	for (size_t i = 0; i < sizeof seps / sizeof seps[0]; i++)
		for (char *p = strstr(text, seps[i]); p; p = strstr(p, seps[i]))
			memset(p, ' ', strlen(seps[i]));
	int n = 0;
	for (char *tok = strtok(text, " ,;\t"); tok; tok = strtok(NULL, " ,;\t")) {
		if (n == TRAINER_MAX_TRAINEES) {
			snprintf(f->error, sizeof f->error, _("At most %d trainees in one drill."),
				 TRAINER_MAX_TRAINEES);
			return -1;
		}
		for (int j = 0; j < n; j++)
			if (strcmp(names[j], tok) == 0) {
				snprintf(f->error, sizeof f->error, _("%s is named twice."), tok);
				return -1;
			}
		names[n++] = tok;
	}
	if (n == 0)
		snprintf(f->error, sizeof f->error, "%s",
			 _("Name the trainees: their user names, separated by spaces."));
	return n ? n : -1;
}

/* Trim the spaces around s in place. */
static char *trainer_trim(char *s)
{
	while (*s == ' ')
		s++;
	size_t n = strlen(s);
	while (n > 0 && s[n - 1] == ' ')
		s[--n] = '\0';
	return s;
}

/* The trainer's dialog was confirmed: false keeps it open (its error says
 * why). */
static bool trainer_dialog_done(struct app *a)
{
	struct form *f = &a->dlg;
	if (a->dlg_kind == DLG_COMPETITION) {
		char *name = trainer_trim(f->f[0].value);
		if (!name[0]) {
			snprintf(f->error, sizeof f->error, "%s", _("Name the competition."));
			return false;
		}
		free(a->tr.board_for);
		a->tr.board_for = xstrdup(name);
		app_push(a, SCR_LEADERBOARD);
		trainer_read(a, REQ_LEADERBOARD);
		return true;
	}
	const struct m_scenario *s = trainer_selected_scenario(&a->tr);
	char text[FORM_FIELD_BYTES], *names[TRAINER_MAX_TRAINEES];
	snprintf(text, sizeof text, "%s", f->f[0].value);
	int n = trainer_split(f, text, names);
	if (n < 0 || !s)
		return false;
	char *competition = trainer_trim(f->f[1].value);
	snprintf(a->last_trainees, sizeof a->last_trainees, "%s", f->f[0].value);
	snprintf(a->last_competition, sizeof a->last_competition, "%s", competition);
	app_postf(a, (struct app_doing){ .act = ACT_START_DRILL, .label = s->title },
		  api_encode_drill_start(s->id, names, (size_t)n, competition[0] ? competition : NULL),
		  "/api/v1/drills");
	session_say(&a->s, false, _("Starting a drill of %s…"), s->title);
	return true;
}

static void trainer_dialog(struct app *a)
{
	if (trainer_dialog_done(a))
		a->dlg_kind = DLG_NONE;
}

/* A confirmation (reset, finish) was answered: value 1 is yes. */
static void trainer_picker_done(struct app *a, enum picker_kind kind, int value)
{
	if (value != 1)
		return;
	if (kind == PICK_RESET)
		trainer_post(a, ACT_RESET_DRILL, "reset", NULL);
	else if (kind == PICK_FINISH)
		trainer_post(a, ACT_FINISH_DRILL, "finish", NULL);
}

static const enum keymap_scope trainer_scopes[] = { KM_DRILLS, KM_SCENARIOS, KM_CONSOLE, KM_SCORE };

const struct app_role app_role_trainer = {
	.name = "trainer", .first = SCR_DRILLS,
	.scopes = trainer_scopes, .nscopes = sizeof trainer_scopes / sizeof trainer_scopes[0],
	.start = trainer_signed_in, .reload = trainer_refresh, .feed_path = trainer_feed_path,
	.events = trainer_on_events, .feed_restarted = trainer_feed_restarted, .tick = trainer_tick,
	.action = trainer_action, .select = trainer_select, .back = trainer_back,
	.dialog = trainer_dialog, .picker = trainer_picker_done, .replies = trainer_replies,
	.answered = trainer_answered,
	.kind_of = trainer_kind_of,
};
