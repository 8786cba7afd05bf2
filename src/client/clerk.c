/* clerk.c - the clerk's counter (窗口): the window, its queue, the
 * applicant in hand and the case recorded for them, the open cases.  The
 * controller of struct counter (counter.h), the clerk's row of the roles'
 * table (app_role_clerk): keys become actions (checked by counter_check()),
 * actions become requests (every POST through app_postf, so it is in the
 * journal before it goes), and the answers are folded into the counter.
 * The hall's event feed says when the queue and the windows are to be read
 * again; the reads are coalesced (app_refresh). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* ---- refreshes, coalesced so that a burst of events is one request ---- */

static void clerk_refresh_queue(struct app *a)
{
	/* A page: the screen shows some 20 rows; the count is the server's. */
	app_refresh(a, REQ_QUEUE, "/api/v1/windows/%d/queue?limit=%d", a->c.window_no, COUNTER_QUEUE_PAGE);
}

static void clerk_refresh_window(struct app *a)
{
	app_refresh(a, REQ_WINDOWS, "/api/v1/windows");
}

/* The clerk's counter, reloaded. */
static void clerk_refresh(struct app *a)
{
	clerk_refresh_window(a);
	clerk_refresh_queue(a);
	app_getf(a, REQ_SERVICES, "/api/v1/services");
	if (app_screen(a) == SCR_CASES)
		app_cases_refresh(a);
	if (app_screen(a) == SCR_BOOKINGS)
		app_bookings_refresh(a);
}

/* The clerk at the counter: the first window of the session, unless one
 * was asked for; a trainee in a drill is at the drill's window. */
static void clerk_start(struct app *a)
{
	const struct m_session *s = &a->s.login;
	if (a->c.window_no == 0 && s->nwindows > 0)
		a->c.window_no = s->windows[0];
	if (s->drill)
		session_say(&a->s, false, _("Drill %s: signed in at drill window %d. Nothing here reaches the hall."),
			    s->drill, a->c.window_no);
	else
		session_say(&a->s, false, _("Signed in at window %d."), a->c.window_no);
	app_poll_events(a);
}

struct m_window *app_find_window(struct m_window *w, size_t n, int no)
{
	for (size_t i = 0; i < n; i++)
		if (w[i].no == no)
			return &w[i];
	return NULL;
}

static void clerk_ticket_action(struct app *a, enum action act, const char *verb);
static void clerk_message_outlived(struct app *a);

/* ---- answers ---- */

/* The hall's windows, ours among them (the refresh is not asked again
 * after an error: the next event asks).  Our ticket is taken from it only
 * when the read went after the last action's answer (p->sent): the answer
 * to a read that crossed F5's would undo the start. */
static void clerk_on_windows(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_window *w;
	size_t n;
	bool again = app_refreshed(a, REQ_WINDOWS);
	bool transfer = a->c.transfer_asked && !again;
	if (transfer)
		a->c.transfer_asked = false;
	if (r->status != 200 || api_decode_windows(r->body, r->len, &w, &n)) {
		a->c.transfer_asked = false;
		return app_say_error(a, r);
	}
	struct m_window *mine = app_find_window(w, n, a->c.window_no);
	bool first = !a->c.have_window;
	if (mine) {
		struct m_window copy = *mine;
		memset(mine, 0, sizeof *mine);
		mine->no = copy.no;
		counter_set_window(&a->c, &copy, p->sent);
	}
	counter_set_windows(&a->c, w, n);
	clerk_message_outlived(a);
	/* The list of where to, as the windows are now (one closed or opened
	 * a moment ago is marked truly). */
	if (transfer && a->c.has_ticket && a->picking == PICK_NONE && a->dlg_kind == DLG_NONE)
		clerk_transfer_picker(a);
	/* Signing in at a window means the clerk is there: open it. */
	if (first && a->c.have_window && a->c.window.status == WS_CLOSED && !a->s.busy)
		app_postf(a, (struct app_doing){ .act = ACT_PAUSE }, NULL, "/api/v1/windows/%d/open",
			  a->c.window_no);
	if (again)
		clerk_refresh_window(a);
}

/* A page of the queue; one read before the last action's answer may
 * show what the action changed (the ticket just called) and is read
 * again (the stamps of counter_read_stale). */
static void clerk_on_queue(struct app *a, const struct pending *p, const struct net_reply *r)
{
	bool again = app_refreshed(a, REQ_QUEUE);
	struct m_ticket *v;
	size_t n;
	int64_t total;
	if (counter_read_stale(&a->c, p->sent))
		return clerk_refresh_queue(a);
	if (r->status != 200 || api_decode_queue_page(r->body, r->len, &v, &n, &total))
		app_say_error(a, r);
	else {
		counter_set_queue(&a->c, v, n);
		a->c.queue_total = (size_t)total;
	}
	if (again)
		clerk_refresh_queue(a);
}

static int clerk_decode_services(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_services(r->body, r->len, &out->services.v, &out->services.n);
}

static void clerk_store_services(struct app *a, union app_decoded *in)
{
	counter_set_services(&a->c, in->services.v, in->services.n);
	app_enquiry_services_came(a);
}

static int clerk_decode_guide(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_matter(r->body, r->len, &out->matter);
}

/* The chosen matter's guide: the case screen. */
static void clerk_store_guide(struct app *a, union app_decoded *in)
{
	counter_set_guide(&a->c, &in->matter);
	app_push(a, SCR_CASE);
}

/* Where the applicant was sent, said with their number ("A003 已转至3号窗口"). */
static void clerk_say_transferred(struct app *a)
{
	const struct counter *c = &a->c;
	const char *number = c->transfer_number;
	if (c->transfer_label[0])
		session_say(&a->s, false, _("%s sent to %s."), number, c->transfer_label);
	else
		session_say(&a->s, false, _("Transferred."));
}

/* What became of the ticket t at our window, on the message line; one in
 * hand is what the message is about until it leaves the window. */
static void clerk_say_ticket(struct app *a, const struct m_ticket *t)
{
	struct counter *c = &a->c;
	if (t->status == TS_CALLED && t->recalls > 0)
		/* The server's count, as the screen shows it. */
		session_say(&a->s, false, _("Recalled %s (recall %d)."), t->number, t->recalls);
	else if (t->status == TS_CALLED)
		session_say(&a->s, false, _("Called %s."), t->number);
	else if (t->status == TS_SERVING)
		session_say(&a->s, false, _("Serving %s."), t->number);
	else if (t->status == TS_DONE)
		session_say(&a->s, false, _("Finished %s."), t->number);
	else if (t->status == TS_NO_SHOW)
		session_say(&a->s, false, _("%s marked as not present."), t->number);
	else
		session_say(&a->s, false, "%s: %s", t->number, view_ticket_status_label(t->status));
	if (t->status == TS_CALLED || t->status == TS_SERVING) {
		c->said_ticket = t->id;
		utf8_copy(c->said_number, sizeof c->said_number, t->number);
	}
}

/* The ticket the message line is about left the window without the
 * clerk's doing (the day ended, a supervisor, another client): the message
 * goes, and the ticket is read to say what became of it. */
static void clerk_message_outlived(struct app *a)
{
	struct counter *c = &a->c;
	if (!c->said_ticket || (c->has_ticket && c->ticket.id == c->said_ticket))
		return;
	if (!a->s.message_is_error && strstr(a->s.message, c->said_number))
		a->s.message[0] = '\0';
	app_getf(a, REQ_TICKET_READ, "/api/v1/tickets/%lld", (long long)c->said_ticket);
	c->said_ticket = 0;
}

/* The ticket that left the window: what became of it. */
static void clerk_on_ticket_read(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_ticket t;
	(void)p;
	if (r->status != 200 || api_decode_ticket(r->body, r->len, &t))
		return;
	if (t.status == TS_EXPIRED)
		session_say(&a->s, false, _("%s expired: the hall's day ended before it was finished."), t.number);
	else if (t.status != TS_CALLED && t.status != TS_SERVING)
		session_say(&a->s, false, _("%s is no longer at the window: %s."), t.number,
			    view_ticket_status_label(t.status));
	m_free(&m_ticket_desc, &t);
}

/* A no-show is back in the queue, or why not (requeue_limit). */
static void clerk_on_requeue(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_ticket t;
	(void)p;
	if (r->status / 100 != 2 || api_decode_ticket(r->body, r->len, &t))
		return app_say_error(a, r);
	counter_drop_no_show(&a->c, t.id);
	session_say(&a->s, false, _("%s is back in the queue."), t.number);
	m_free(&m_ticket_desc, &t);
	clerk_refresh_queue(a);
}

/* What the answer t of a live action at our window changed besides the
 * ticket in hand, folded in here rather than read again: the one called
 * leaves the queue, one finished counts; the feed's event about it is
 * then an echo.  False when the queue is to be read again. */
static bool clerk_fold_step(struct app *a, enum action act, const struct m_ticket *t)
{
	const char *kind = NULL;
	bool known = true;
	switch (act) {
	case ACT_CALL_NEXT: case ACT_CALL_CHOSEN:
		kind = "ticket.called";
		known = counter_drop_queued(&a->c, t->id);
		break;
	case ACT_RECALL: kind = "ticket.recalled"; break;
	case ACT_START: kind = "ticket.started"; break;
	case ACT_NO_SHOW: kind = "ticket.no_show"; break;
	case ACT_FINISH:
		kind = "ticket.finished";
		if (a->c.have_window)
			a->c.window.served_today++;
		break;
	default: return false;
	}
	counter_expect_echo(&a->c, t->id, kind);
	return known;
}

/* A ticket's action answered (a transfer's answer is the new ticket,
 * elsewhere: ours is gone); a refusal reads the window again. */
static void clerk_on_ticket(struct app *a, const struct pending *p, const struct net_reply *r)
{
	bool transfer = p->kind == REQ_TRANSFER;
	struct m_ticket t;
	int rc = transfer ? -1 : api_decode_ticket(r->body, r->len, &t);
	if (r->status / 100 != 2) {
		if (r->status == 404 || r->status == 409)
			clerk_refresh_window(a);
		return app_say_error(a, r);
	}
	a->c.said_ticket = 0;
	/* A live answer is folded in; a replayed one (or a transfer, which may
	 * bring the applicant back to our queue) reads the window again. */
	bool folded = false;
	if (transfer) {
		clerk_say_transferred(a);
		counter_clear_ticket(&a->c);
	} else if (rc == 0) {
		folded = t.window == a->c.window_no && clerk_fold_step(a, p->act, &t);
		clerk_say_ticket(a, &t);
		if (t.status == TS_NO_SHOW)
			counter_add_no_show(&a->c, t.id, t.number, app_now(a));
		counter_set_ticket(&a->c, &t);
		m_free(&m_ticket_desc, &t);
		if (!a->c.has_ticket && app_screen(a) == SCR_CASE)
			app_pop(a);
	}
	/* Reads sent until now may have been answered before this action was
	 * done; the one asked next goes after it. */
	counter_ticket_heard(&a->c, a->requests_sent);
	if (folded)
		return;
	clerk_refresh_window(a);
	clerk_refresh_queue(a);
}

/* The window opened, paused or closed: read again either way; closed
 * for the day (下班) on the way out, the clerk signs out. */
static void clerk_on_window_state(struct app *a, const struct pending *p, const struct net_reply *r)
{
	bool quit = a->c.quit_after_close;
	a->c.quit_after_close = false;
	struct api_error e;
	if (r->status == 409 && api_error_decode(r->status, r->body, r->len, &e) == 0 &&
	    strcmp(e.code, "still_waiting") == 0 && e.has_count)
		/* 延时服务: why the window stays open, and for how many. */
		session_say(&a->s, true, _("Extended hours: closing time has passed but %lld still wait for this "
					   "window; it closes when nobody waits."), e.count);
	else if (r->status / 100 != 2)
		app_say_error(a, r);
	else if (quit)
		return app_quit(a);
	else if (p && p->act == ACT_PAUSE && p->text)
		/* The message says what the window is now, not the last visit. */
		session_say(&a->s, false, _("Window paused: %s."), p->text);
	else if (p && p->act == ACT_PAUSE && p->value == 1)
		/* Known from the action: the feed's echo of it may have shown
		 * the window open before this answer came. */
		session_say(&a->s, false, "%s", _("Window open again: call the next applicant."));
	/* The answer is the window as the action left it: the screen and the
	 * keys typed meanwhile (run next, app_run_typeahead) go on from it, not
	 * from the read asked next (F7 then c called nobody: the window was
	 * still paused until that read came back). */
	struct m_window w;
	if (r->status / 100 == 2 && api_decode_window(r->body, r->len, &w) == 0) {
		if (w.no == a->c.window_no)
			counter_set_window(&a->c, &w, a->requests_sent + 1);
		else
			m_free(&m_window_desc, &w);
	}
	/* A read sent before this change may be answered after the one asked
	 * next: it must not open a paused window again (counter_set_window). */
	if (r->status / 100 == 2)
		counter_ticket_heard(&a->c, a->requests_sent);
	clerk_refresh_window(a);
}

/* The case recorded, or changed; one newly notified of missing materials
 * gets its one-time notice written. */
static void clerk_on_case(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_case k;
	(void)p;
	bool finish = a->c.finish_after_complete;
	a->c.finish_after_complete = false;
	if (r->status / 100 != 2 || api_decode_case(r->body, r->len, &k))
		return app_say_error(a, r);
	/* Completed on the way to finishing the visit: now finish it. */
	if (finish && k.status == CS_COMPLETED && a->c.has_ticket)
		clerk_ticket_action(a, ACT_FINISH, "finish");
	bool notice = k.status == CS_NOTIFIED && (!a->c.has_case || a->c.kase.nmissing != k.nmissing);
	/* A paper for each step the applicant takes one home from: accepted
	 * (from nothing or a notice, not from a suspension), completed. */
	enum m_case_status was = a->c.has_case ? a->c.kase.status : CS_UNKNOWN;
	bool receipt = k.status == CS_ACCEPTED && (was == CS_UNKNOWN || was == CS_NOTIFIED);
	bool completion = k.status == CS_COMPLETED && was != CS_COMPLETED;
	counter_set_case(&a->c, &k);
	if (notice || receipt || completion) {
		free(a->notice_path);
		a->notice_path = NULL;
		const struct app_config *cfg = a->cfg;
		app_paper(a, paper_kind_of(a->c.kase.status), notice ? cfg->print_on_notice :
			  receipt ? cfg->print_on_accept : cfg->print_on_completion);
	}
	if (notice)
		session_say(&a->s, false, _("One-time notice recorded: tell the applicant everything missing."));
	else
		session_say(&a->s, false, "%s", view_case_status_label(a->c.kase.status));
}

static const struct app_reply clerk_replies[REQ_KIND_COUNT] = {
	[REQ_WINDOWS] = { .handle = clerk_on_windows },
	[REQ_QUEUE] = { .handle = clerk_on_queue },
	[REQ_SERVICES] = { .decode = clerk_decode_services, .store = clerk_store_services, .quiet = true },
	[REQ_TICKET] = { .handle = clerk_on_ticket },
	[REQ_TRANSFER] = { .handle = clerk_on_ticket },
	[REQ_WINDOW_STATE] = { .handle = clerk_on_window_state },
	[REQ_GUIDE] = { .decode = clerk_decode_guide, .store = clerk_store_guide },
	[REQ_CASE] = { .handle = clerk_on_case },
	[REQ_CASES] = { .decode = app_cases_decode, .store = app_cases_store,
			.reread = app_cases_refresh },
	[REQ_CASE_READ] = { .handle = app_cases_on_case },
	[REQ_CASE_GUIDE] = { .handle = app_cases_on_guide },
	[REQ_VISIT] = { .handle = app_cases_on_visit },
	[REQ_CASE_AGAIN] = { .decode = app_cases_decode_one, .store = app_cases_store_one,
			     .reread = app_cases_reread, .quiet = true },
	[REQ_TICKET_READ] = { .handle = clerk_on_ticket_read },
	[REQ_REQUEUE] = { .handle = clerk_on_requeue },
	[REQ_BOOKINGS] = { .decode = app_bookings_decode, .store = app_bookings_store,
			   .reread = app_bookings_refresh },
	[REQ_CHECK_IN] = { .handle = app_bookings_on_check_in },
	[REQ_BOOK] = { .handle = app_bookings_on_book },
	/* Its reread also ends the refresh in flight: without it, the list was
	 * read once and never again. */
	[REQ_HOME_VISITS] = { .decode = app_home_decode, .store = app_home_store, .quiet = true,
			      .reread = app_home_refresh },
	[REQ_HOME_GUIDE] = { .handle = app_home_on_guide },
	[REQ_ABSENCE] = { .handle = clerk_on_absence },
	/* 首问负责: an enquiry recorded at the counter, or at the guide desk. */
	[REQ_ENQUIRY] = { .handle = app_enquiry_on_recorded },
	[REQ_ENQUIRIES] = APP_ENQUIRIES_REPLY,
	[REQ_ENQUIRY_CLOSE] = { .handle = app_enquiry_on_closed },
};

/* The handler of a journal record's reply, by its path: every path is
 * one of the clerk's (a window's state when nothing else). */
static enum req_kind clerk_kind_of(const char *path)
{
	size_t n = strlen(path);
	if (app_enquiry_kind_of(path) != REQ_NONE)
		return app_enquiry_kind_of(path);
	if (n >= 9 && strcmp(path + n - 9, "/transfer") == 0)
		return REQ_TRANSFER;
	if (n >= 8 && strcmp(path + n - 8, "/requeue") == 0)
		return REQ_REQUEUE;
	if (n >= 9 && strcmp(path + n - 9, "/check-in") == 0)
		return REQ_CHECK_IN;
	if (strcmp(path, "/api/v1/bookings") == 0)
		return REQ_BOOK;
	if (strcmp(path, "/api/v1/absences") == 0)
		return REQ_ABSENCE;
	if (strncmp(path, "/api/v1/tickets/", 16) == 0 || (n >= 5 && strcmp(path + n - 5, "/call") == 0))
		return REQ_TICKET;
	/* 上门服务: a home visit's case. */
	if (strncmp(path, "/api/v1/home-visits/", 20) == 0)
		return REQ_CASE;
	if (strncmp(path, "/api/v1/cases", 13) == 0)
		return n >= 7 && strcmp(path + n - 7, "/visits") == 0 ? REQ_VISIT : REQ_CASE;
	return REQ_WINDOW_STATE;
}

/* What a batch of events means for the clerk's counter (the refreshes
 * are coalesced: a burst is one request each). */
/* 好差评 at the clerk's window: the applicant is asked on the evaluator,
 * then rates (or not in time); the clerk sees which, on the message line
 * and at the window while nobody is served, and never rates for them. */
static void clerk_rating_event(struct app *a, const struct m_event *e)
{
	struct counter *c = &a->c;
	const char *number = e->number ? e->number : "", *reason = view_reason_label(e->reason);
	char *note = c->rating_note;
	size_t len = sizeof c->rating_note;
	c->rating_note_bad = false;
	if (strcmp(e->kind, "rating.asked") == 0) {
		snprintf(note, len, _("%s: the applicant is asked to rate the service on the evaluator…"), number);
	} else if (strcmp(e->kind, "rating.recorded") == 0) {
		c->rating_note_bad = e->level <= 2;
		if (*reason)
			snprintf(note, len, _("%s rated %s: %s (%s)"), number, view_channel_label(e->channel),
				 view_rating_label(e->level), reason);
		else
			snprintf(note, len, _("%s rated %s: %s"), number, view_channel_label(e->channel),
				 view_rating_label(e->level));
	} else if (strcmp(e->kind, "rating.expired") == 0 && e->channel) {
		snprintf(note, len, _("%s was not rated in time: %s, by the system's default"), number,
			 view_rating_label(e->level));
	} else if (strcmp(e->kind, "rating.expired") == 0) {
		snprintf(note, len, _("%s was not rated in time: unrated"), number);
	} else {
		return;
	}
	session_say(&a->s, c->rating_note_bad, "%s", note);
}

static void clerk_events(struct app *a, struct m_event *ev, size_t n)
{
	if (app_screen(a) == SCR_GUIDE)
		app_enquiries_events(a, ev, n);   /* the clerk's enquiries on screen */
	for (size_t i = 0; i < n; i++) {
		const struct m_event *e = &ev[i];
		if (strncmp(e->kind, "ticket.", 7) == 0 && counter_take_echo(&a->c, e->ticket, e->kind)) {
			continue;   /* our own action's, shown from its answer */
		} else if (strncmp(e->kind, "ticket.", 7) == 0 || strncmp(e->kind, "window.", 7) == 0) {
			clerk_refresh_queue(a);
			clerk_refresh_window(a);
			/* A check-in at the kiosk issues a ticket. */
			if (app_screen(a) == SCR_BOOKINGS)
				app_bookings_refresh(a);
		} else if (strncmp(e->kind, "booking.", 8) == 0 || strncmp(e->kind, "home_visit.", 11) == 0) {
			/* Booked, changed, cancelled, checked in or missed elsewhere
			 * (the app, the phone line, the kiosk), or a home visit
			 * booked or sent to another clerk: the list follows. */
			if (app_screen(a) == SCR_BOOKINGS)
				app_bookings_refresh(a);
		} else if (strncmp(e->kind, "case.", 5) == 0) {
			app_cases_event(a, e);
		} else if (strncmp(e->kind, "rating.", 7) == 0 && e->window == a->c.window_no) {
			clerk_rating_event(a, e);
		} else if (strcmp(e->kind, "drill.finished") == 0) {
			app_drill_over(a);
			return;
		}
	}
}

/* ---- actions ---- */

void clerk_open_dialog(struct app *a, enum dialog_kind kind, const char *title)
{
	app_dialog(a, kind, title);
	switch (kind) {
	case DLG_PAUSE:
		form_add(&a->dlg, N_("Reason"), "", false, 100);
		break;
	case DLG_TRANSFER:
		form_add(&a->dlg, N_("Reason (may be empty)"), "", false, 200);
		break;
	case DLG_APPLICANT:
		form_add(&a->dlg, N_("Name"), a->c.applicant_name, false, 50);
		form_add(&a->dlg, N_("ID number"), a->c.applicant_id, false, 18);
		form_add(&a->dlg, N_("Phone"), a->c.applicant_phone, false, 20);
		break;
	default:
		break;
	}
}

/* The body of the accept key's request; with defer, the missing
 * materials deferred on the applicant's written promise (容缺受理). */
static char *clerk_accept_body(struct app *a, const int *ids, size_t n, bool defer)
{
	struct counter *c = &a->c;
	char *body = c->has_case ? api_encode_materials_on(ids, n, app_case_ticket(a)) :
		     c->at_home ? api_encode_materials_on(ids, n, 0) :
		     app_assist_body(a, api_encode_case(c->ticket.id, c->guide.code, c->applicant_name,
							c->applicant_id, c->applicant_phone, ids, n));
	if (defer) {
		int *missing = xcalloc(c->guide.nmaterials + 1, sizeof *missing);
		body = api_encode_deferred(body, missing, counter_missing_ids(c, missing));
		free(missing);
	}
	return body;
}

static void clerk_accept(struct app *a, bool defer)
{
	struct counter *c = &a->c;
	int *ids = xcalloc(c->guide.nmaterials + 1, sizeof *ids);
	/* An accepted case that owes materials takes only those brought. */
	size_t n = c->has_case && c->kase.status != CS_NOTIFIED ? counter_brought_ids(c, ids) :
		   counter_ticked_ids(c, ids);
	char *body = clerk_accept_body(a, ids, n, defer);
	if (c->has_case)
		app_postf(a, (struct app_doing){ .act = ACT_ACCEPT }, body,
			  "/api/v1/cases/%lld/materials", (long long)c->kase.id);
	else if (c->at_home)
		/* 上门服务: the server has the visit's matter and applicant. */
		app_postf(a, (struct app_doing){ .act = ACT_ACCEPT, .label = c->home.number },
			  body, "/api/v1/home-visits/%lld/case", (long long)c->home.id);
	else
		app_postf(a, (struct app_doing){ .act = ACT_ACCEPT }, body, "/api/v1/cases");
	free(ids);
}

/* ---- the window's day: pause, 下班, and the questions asked first ---- */

static void clerk_pause(struct app *a, const char *reason)
{
	app_postf(a, (struct app_doing){ .act = ACT_PAUSE, .text = reason }, api_encode_pause(reason),
		  "/api/v1/windows/%d/pause", a->c.window_no);
}

/* Close the window (下班), then sign out when the server has answered (at
 * once when the close waits in the journal for the server). */
static void clerk_close_and_quit(struct app *a)
{
	a->c.quit_after_close = true;
	app_postf(a, (struct app_doing){ .act = ACT_QUIT }, NULL, "/api/v1/windows/%d/close", a->c.window_no);
	if (!a->s.busy) {
		a->c.quit_after_close = false;
		app_quit(a);
	}
}

static void clerk_requeue(struct app *a, size_t i)
{
	const struct counter_no_show *n = &a->c.no_shows[i];
	app_postf(a, (struct app_doing){ .act = ACT_REQUEUE, .label = n->number }, NULL,
		  "/api/v1/tickets/%lld/requeue", (long long)n->id);
}

/* Where the transfer goes (v: a window, or -1 - a service's index): a
 * closed window asks first; then the reason. */
static void clerk_transfer_chosen(struct app *a, int v)
{
	struct counter *c = &a->c;
	c->transfer_to = v;
	c->transfer_confirm = false;
	if (v > 0) {
		const struct m_window *w = app_find_window(c->windows, c->nwindows, v);
		utf8_copy(c->transfer_label, sizeof c->transfer_label, w && w->name ? w->name : "");
		if (w && w->status == WS_CLOSED) {
			char line[200];
			clerk_ask(a, PICK_CLOSED_WINDOW, N_("That window is closed"));
			snprintf(line, sizeof line, _("Send %s there anyway: they wait until it opens"),
				 c->ticket.number);
			picker_add(&a->picker, line, 1);
			picker_add(&a->picker, _("Choose another"), 2);
			return;
		}
	} else if ((size_t)(-1 - v) < c->nservices) {
		utf8_copy(c->transfer_label, sizeof c->transfer_label, c->services[-1 - v].name);
	}
	clerk_open_dialog(a, DLG_TRANSFER, N_("Transfer: the reason"));
}

static void clerk_transfer(struct app *a, const char *reason)
{
	struct counter *c = &a->c;
	int v = c->transfer_to;
	if (v <= 0 && (size_t)(-1 - v) >= c->nservices)
		return;
	char *body = v > 0 ? api_encode_transfer_to(v, NULL, reason, c->transfer_confirm) :
		     api_encode_transfer_to(0, c->services[-1 - v].code, reason, false);
	/* The ticket leaves the window by our doing: its answer says so. */
	c->said_ticket = 0;
	utf8_copy(c->transfer_number, sizeof c->transfer_number, c->ticket.number);
	app_postf(a, (struct app_doing){ .act = ACT_TRANSFER }, body, "/api/v1/tickets/%lld/transfer",
		  (long long)c->ticket.id);
}

static void clerk_ticket_action(struct app *a, enum action act, const char *verb)
{
	/* Finished or missed by our doing: its answer says so. */
	if (act == ACT_FINISH || act == ACT_NO_SHOW)
		a->c.said_ticket = 0;
	app_postf(a, (struct app_doing){ .act = act }, NULL, "/api/v1/tickets/%lld/%s",
		  (long long)a->c.ticket.id, verb);
}

static void clerk_case_action(struct app *a, struct app_doing d, const char *verb, char *body)
{
	app_postf(a, d, body, "/api/v1/cases/%lld/%s", (long long)a->c.kase.id, verb);
}

/* The clerk's actions at the counter and on the case screen. */
static void clerk_action(struct app *a, enum action act)
{
	struct counter *c = &a->c;
	if (app_refused(a, counter_check(c, &a->s, app_screen(a), act), act))
		return;
	switch (act) {
	case ACT_CALL_NEXT:
		app_postf(a, (struct app_doing){ .act = act }, NULL, "/api/v1/windows/%d/call",
			  c->window_no);
		break;
	case ACT_CALL_CHOSEN:
		app_postf(a, (struct app_doing){ .act = act }, api_encode_call(c->queue[c->queue_sel].id),
			  "/api/v1/windows/%d/call", c->window_no);
		break;
	case ACT_RECALL: clerk_ticket_action(a, act, "recall"); break;
	case ACT_NO_SHOW: clerk_ask_no_show(a); break;
	case ACT_START: clerk_ticket_action(a, act, "start"); break;
	case ACT_FINISH:
		if (counter_open_immediate_case(c))
			clerk_ask_finish(a);
		else
			clerk_ticket_action(a, act, "finish");
		break;
	case ACT_REQUEUE: clerk_requeue_picker(a); break;
	case ACT_TRANSFER:
		c->transfer_asked = true;
		clerk_refresh_window(a);
		break;
	case ACT_PAUSE:
		if (c->window.status == WS_OPEN)
			clerk_pause_picker(a);
		else    /* value 1: a paused window resumes (its message says so) */
			app_postf(a, (struct app_doing){ .act = act, .value = c->window.status == WS_PAUSED },
				  NULL, "/api/v1/windows/%d/open", c->window_no);
		break;
	case ACT_CASE:
		if (c->have_guide)
			app_push(a, SCR_CASE);
		else
			clerk_matter_picker(a);
		break;
	case ACT_TOGGLE: counter_toggle_material(c, c->material_sel); break;
	case ACT_APPLICANT: clerk_open_dialog(a, DLG_APPLICANT, N_("The applicant")); break;
	case ACT_ASSIST: app_assist_action(a); break;
	case ACT_ACCEPT: clerk_ask_accept(a); break;
	case ACT_SUSPEND: case ACT_COMPLETE:
	case ACT_MY_CASES: case ACT_FIND_CASE: case ACT_OPEN_CASE:
		/* (my-cases is a generic key: it may reach the clerk on any screen) */
		app_cases_action(a, act);
		break;
	case ACT_RATE: clerk_rating_picker(a); break;
	case ACT_PRINT:
		/* Asked for: printed whatever the print-on-* settings say. */
		app_paper(a, paper_kind_of(c->kase.status), true);
		session_say(&a->s, false, "%s", _("Printing the paper..."));
		break;
	case ACT_BOOKINGS: case ACT_CHECK_IN: case ACT_BOOK: case ACT_HOME_CASE: app_bookings_action(a, act); break;
	case ACT_ABSENCE: clerk_absence_open(a); break;
	case ACT_ENQUIRY: case ACT_MY_ENQUIRIES: case ACT_CLOSE_ENQUIRY: case ACT_ALL_ENQUIRIES:
		app_enquiries_action(a, act);
		break;
	default: break;
	}
}

/* Up or down on the clerk's own screens. */
static void clerk_select(struct app *a, long delta)
{
	struct counter *c = &a->c;
	switch (app_screen(a)) {
	case SCR_COUNTER: c->queue_sel = counter_move(c->queue_sel, c->nqueue, delta); break;
	case SCR_CASE: c->material_sel = counter_move(c->material_sel, c->guide.nmaterials, delta); break;
	case SCR_CASES: c->cases_sel = counter_move(c->cases_sel, c->ncases, delta); break;
	case SCR_BOOKINGS: counter_bookings_move(c, delta); break;
	case SCR_GUIDE: guide_move(&a->gd, delta); break;
	default: break;
	}
}

/* ---- dialogs and pickers ---- */

/* A dialog of the clerk's was confirmed: done (and closed), or its error
 * said on it. */
static void clerk_dialog_done(struct app *a)
{
	struct form *f = &a->dlg;
	if (app_cases_dialog(a) || app_bookings_dialog(a) || app_assist_dialog(a) || clerk_absence_dialog(a) ||
	    app_enquiry_dialog(a))
		return;
	switch (a->dlg_kind) {
	case DLG_PAUSE:
		if (!f->f[0].value[0]) {
			snprintf(f->error, sizeof f->error, "%s", _("Say why the window pauses."));
			return;
		}
		clerk_pause(a, f->f[0].value);
		break;
	case DLG_APPLICANT: {
		/* Checked here, as the server will, so the clerk corrects it now. */
		char id[CASE_ID_SIZE];
		int field = 0;
		const char *why = counter_applicant_problem(f->f[0].value, f->f[1].value, f->f[2].value, id,
							    &field);
		if (why) {
			snprintf(f->error, sizeof f->error, "%s", _(why));
			f->focus = field;
			return;
		}
		utf8_copy(a->c.applicant_name, sizeof a->c.applicant_name, f->f[0].value);
		utf8_copy(a->c.applicant_id, sizeof a->c.applicant_id, id);
		utf8_copy(a->c.applicant_phone, sizeof a->c.applicant_phone, f->f[2].value);
		break;
	}
	case DLG_TRANSFER:
		a->dlg_kind = DLG_NONE;
		clerk_transfer(a, f->f[0].value);
		return;
	default:
		break;
	}
	a->dlg_kind = DLG_NONE;
}

/* One of the clerk's pickers chose the item of value v. */
static void clerk_picker_done(struct app *a, enum picker_kind kind, int v)
{
	if (app_enquiry_picker(a, kind, v))
		return;
	switch (kind) {
	case PICK_TRANSFER: clerk_transfer_chosen(a, v); break;
	case PICK_CLOSED_WINDOW:
		if (v == 1) {
			a->c.transfer_confirm = true;
			clerk_open_dialog(a, DLG_TRANSFER, N_("Transfer: the reason"));
		} else {
			clerk_transfer_picker(a);
		}
		break;
	case PICK_PAUSE:
		if (v >= 0 && (size_t)v < a->s.hall.npause_reasons)
			clerk_pause(a, a->s.hall.pause_reasons[v]);
		else
			clerk_open_dialog(a, DLG_PAUSE, N_("Pause the window"));
		break;
	case PICK_QUIT:
		if (v == 1)
			clerk_close_and_quit(a);
		else if (v == 2)
			app_quit(a);
		break;
	case PICK_NO_SHOW:
		if (v == 1)
			clerk_ticket_action(a, ACT_NO_SHOW, "no-show");
		break;
	case PICK_FINISH_CASE:
		if (v == 1) {
			a->c.finish_after_complete = true;
			clerk_case_action(a, (struct app_doing){ .act = ACT_COMPLETE }, "complete", NULL);
			/* Waiting in the journal: the finish follows it there. */
			if (!a->s.busy) {
				a->c.finish_after_complete = false;
				clerk_ticket_action(a, ACT_FINISH, "finish");
			}
		} else if (v == 2) {
			clerk_ticket_action(a, ACT_FINISH, "finish");
		}
		break;
	case PICK_ACCEPT:
		if (v == 1 || v == 3)
			clerk_accept(a, v == 3);
		break;
	case PICK_ASSIST: app_assist_picked(a, v); break;
	case PICK_REQUEUE:
		if (v >= 0 && (size_t)v < a->c.nno_shows)
			clerk_requeue(a, (size_t)v);
		break;
	case PICK_MATTER: {
		char code[200];
		app_path_escape(a->c.services[v / 1000].matters[v % 1000].code, code, sizeof code);
		app_getf(a, REQ_GUIDE, "/api/v1/matters/%s", code);
		break;
	}
	case PICK_RATING:
		clerk_case_action(a, (struct app_doing){ .act = ACT_RATE, .value = v }, "rating",
				api_encode_rating(v));
		break;
	default:
		break;
	}
}

static const enum keymap_scope clerk_scopes[] = { KM_COUNTER, KM_CASE, KM_CASES, KM_CONFLICTS, KM_HELP,
						   KM_BOOKINGS, KM_GUIDE };

/* F7 was pressed before the hall's pause reasons came: ask now, if the
 * window is still open and nothing else is being asked. */
static void clerk_hall(struct app *a)
{
	if (!a->c.pause_after_hall)
		return;
	a->c.pause_after_hall = false;
	if (a->c.have_window && a->c.window.status == WS_OPEN && a->picking == PICK_NONE &&
	    a->dlg_kind == DLG_NONE)
		clerk_action(a, ACT_PAUSE);
}

const struct app_role app_role_clerk = {
	.name = "clerk", .first = SCR_COUNTER,
	.scopes = clerk_scopes, .nscopes = sizeof clerk_scopes / sizeof clerk_scopes[0],
	.start = clerk_start, .reload = clerk_refresh, .events = clerk_events,
	.action = clerk_action, .select = clerk_select, .back = app_cases_back,
	.dialog = clerk_dialog_done,
	.picker = clerk_picker_done, .replies = clerk_replies, .kind_of = clerk_kind_of,
	.quit = clerk_quit, .hall = clerk_hall,
};
