/* bookings.c - appointments (预约) at the counter: today's bookings for the
 * window's services (y), and checking the applicant in (Enter), which
 * issues their ticket: called first when it is due, within the grace; as
 * a walk-in after it.  A phone booking (电话预约) taken earlier is checked
 * in here when the caller comes.  Part of the clerk's controller
 * (clerk.c). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "app_int.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"
#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"

void app_home_refresh(struct app *a)
{
	char user[3 * 64];
	app_path_escape(a->s.login.user ? a->s.login.user : "", user, sizeof user);
	app_refresh(a, REQ_HOME_VISITS, "/api/v1/home-visits?clerk=%s", user);
}

void app_bookings_refresh(struct app *a)
{
	/* A page as large as the server gives: a day's bookings of a window
	 * are far fewer. */
	app_refresh(a, REQ_BOOKINGS, "/api/v1/bookings?window=%d&limit=500", a->c.window_no);
	app_home_refresh(a);
}

int app_home_decode(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_home_visits(r->body, r->len, &out->home_visits.v, &out->home_visits.n);
}

void app_home_store(struct app *a, union app_decoded *in)
{
	counter_set_home_visits(&a->c, in->home_visits.v, in->home_visits.n);
}

int app_bookings_decode(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_bookings(r->body, r->len, &out->bookings.v, &out->bookings.n);
}

void app_bookings_store(struct app *a, union app_decoded *in)
{
	counter_set_bookings(&a->c, in->bookings.v, in->bookings.n);
}

void app_bookings_on_check_in(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_booking b;
	struct m_ticket t;
	(void)p;
	if (r->status / 100 != 2 || api_decode_check_in(r->body, r->len, &b, &t)) {
		app_say_error(a, r);
	} else {
		if (b.late)
			session_say(&a->s, false, _("%s checked in late: ticket %s queues as a walk-in."),
				    b.number, t.number);
		else
			session_say(&a->s, false, _("%s checked in: ticket %s is called first when due."),
				    b.number, t.number);
		m_free(&m_booking_desc, &b);
		m_free(&m_ticket_desc, &t);
	}
	if (app_screen(a) == SCR_BOOKINGS)
		app_bookings_refresh(a);
}

void app_bookings_on_book(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_booking b;
	(void)p;
	if (r->status / 100 != 2 || api_decode_booking(r->body, r->len, &b)) {
		app_say_error(a, r);
		/* Refused (the day's limit, a full slot, a closed day): the form
		 * again as it was sent, with the reason, unless another is open. */
		if (r->status / 100 == 4 && a->have_book_draft && a->dlg_kind == DLG_NONE) {
			a->dlg = a->book_draft;
			a->dlg_kind = DLG_BOOK;
			utf8_copy(a->dlg.error, sizeof a->dlg.error, a->s.message);
		}
		a->have_book_draft = false;
		return;
	}
	a->have_book_draft = false;
	char at[16];
	view_clock(b.at, at, sizeof at);
	session_say(&a->s, false, _("Booked %s for %s: tell the caller the number."), b.number, at);
	m_free(&m_booking_desc, &b);
	if (app_screen(a) == SCR_BOOKINGS)
		app_bookings_refresh(a);
}

/* The phone booking's form: the service (the window's first, to start
 * with), the date and time, and the caller's name, ID number and phone. */
static void bookings_form(struct app *a)
{
	const struct m_window *w = &a->c.window;
	char today[DATE_ISO_SIZE + 1];
	date_format_iso(app_today(a), today);
	strcat(today, " ");
	app_dialog(a, DLG_BOOK, N_("A phone booking"));
	form_add(&a->dlg, N_("Service code"), a->c.have_window && w->nservices ? w->services[0] : "", false, 8);
	/* Today's date written: the clerk adds the hour, or changes the day. */
	form_add(&a->dlg, N_("Date and time"), today, false, 16);
	form_add(&a->dlg, N_("Name"), "", false, 50);
	form_add(&a->dlg, N_("ID number"), "", false, 18);
	form_add(&a->dlg, N_("Phone"), "", false, 20);
}

bool app_shape_ok(const char *s, const char *shape)
{
	if (strlen(s) != strlen(shape))
		return false;
	for (size_t i = 0; shape[i]; i++)
		if (shape[i] == 'd' ? (s[i] < '0' || s[i] > '9') : s[i] != shape[i])
			return false;
	return true;
}

bool app_bookings_dialog(struct app *a)
{
	struct form *f = &a->dlg;
	if (a->dlg_kind != DLG_BOOK)
		return false;
	char id[CASE_ID_SIZE];
	int field = 0;
	const char *why = f->f[0].value[0] ? NULL : N_("Give the service's code.");
	if (!why && !app_shape_ok(f->f[1].value, "dddd-dd-dd dd:dd")) {
		why = N_("Write the time as 2026-11-25 10:00.");
		field = 1;
	}
	if (!why) {
		why = counter_applicant_problem(f->f[2].value, f->f[3].value, f->f[4].value, id, &field);
		field += 2;
	}
	if (why) {
		snprintf(f->error, sizeof f->error, "%s", _(why));
		f->focus = field;
		return true;
	}
	app_postf(a, (struct app_doing){ .act = ACT_BOOK, .label = f->f[2].value },
		  api_encode_booking(f->f[0].value, f->f[1].value, "phone", f->f[2].value, id, f->f[4].value),
		  "/api/v1/bookings");
	a->book_draft = *f;
	a->book_draft.error[0] = '\0';
	a->have_book_draft = true;
	a->dlg_kind = DLG_NONE;
	return true;
}

/* 上门服务: the selected home visit's case is taken on the case screen,
 * with its matter's guide (asked for first). */
static void bookings_home_open(struct app *a)
{
	char code[3 * sizeof a->c.home.matter];
	if (!counter_choose_home(&a->c))
		return;
	app_path_escape(a->c.home.matter, code, sizeof code);
	app_getf(a, REQ_HOME_GUIDE, "/api/v1/matters/%s", code);
}

void app_home_on_guide(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_matter m;
	(void)p;
	if (r->status != 200 || api_decode_matter(r->body, r->len, &m))
		return app_say_error(a, r);
	counter_open_home(&a->c, &m);
	session_say(&a->s, false, _("Home visit %s: tick what the applicant has, then accept."), a->c.home.number);
	app_push(a, SCR_CASE);
}

void app_bookings_action(struct app *a, enum action act)
{
	struct counter *c = &a->c;
	switch (act) {
	case ACT_BOOKINGS:
		if (app_screen(a) != SCR_BOOKINGS)
			app_push(a, SCR_BOOKINGS);
		app_bookings_refresh(a);
		break;
	case ACT_BOOK:
		bookings_form(a);
		break;
	case ACT_HOME_CASE:
		bookings_home_open(a);
		break;
	case ACT_CHECK_IN: {
		if (c->home_focus) {
			bookings_home_open(a);
			break;
		}
		const struct m_booking *b = &c->bookings[c->bookings_sel];
		app_postf(a, (struct app_doing){ .act = act, .label = b->number }, NULL,
			  "/api/v1/bookings/%lld/check-in", (long long)b->id);
		break;
	}
	default:
		break;
	}
}
