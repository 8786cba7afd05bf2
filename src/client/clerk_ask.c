/* clerk_ask.c - the clerk's pickers (where to transfer, which matter, the
 * hall's pause reasons, the no-shows to put back) and the questions asked
 * before what cannot be undone (no-show, finishing with a case open,
 * accepting or noticing, quitting at an open window).  Each builds a->picker;
 * the answer comes back to clerk.c's picker handler. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app_int.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

void clerk_open_picker(struct app *a, enum picker_kind kind, const char *title)
{
	picker_clear(&a->picker);
	a->picker.title = title;
	a->picking = kind;
}

/* A question before something that cannot be undone: its answers are
 * added with picker_add, each chosen by its value's digit. */
void clerk_ask(struct app *a, enum picker_kind kind, const char *title)
{
	clerk_open_picker(a, kind, title);
	a->picker.digit_is_value = true;
}

void clerk_transfer_picker(struct app *a)
{
	char line[256];
	clerk_open_picker(a, PICK_TRANSFER, N_("Transfer to"));
	for (size_t i = 0; i < a->c.nwindows; i++) {
		const struct m_window *w = &a->c.windows[i];
		if (w->no == a->c.window_no)
			continue;
		char name[128];
		view_window_name(w->no, w->name, name, sizeof name);
		/* A closed window is marked (sending there asks first), and so is
		 * an open one nobody is at. */
		if (w->status == WS_CLOSED)
			snprintf(line, sizeof line, _("%s (closed: asks first)"), name);
		else if (w->has_attended && !w->attended)
			snprintf(line, sizeof line, _("%s (%s, nobody there)"), name,
				 view_window_status_label(w->status));
		else
			snprintf(line, sizeof line, _("%s (%s)"), name, view_window_status_label(w->status));
		picker_add(&a->picker, line, w->no);
	}
	for (size_t i = 0; i < a->c.nservices; i++) {
		snprintf(line, sizeof line, _("Service: %s"), a->c.services[i].name);
		picker_add(&a->picker, line, -1 - (int)i);
	}
}

/* Whether the ticket in hand is of a service that has matters of its own:
 * a ticket of the 帮办代办 desk's service has none, and its applicant may
 * come for any matter of the hall. */
static bool clerk_ticket_has_matters(const struct app *a)
{
	for (size_t i = 0; a->c.has_ticket && i < a->c.nservices; i++)
		if (strcmp(a->c.services[i].code, a->c.ticket.service) == 0)
			return a->c.services[i].nmatters > 0;
	return false;
}

void clerk_matter_picker(struct app *a)
{
	char line[300];
	bool own = clerk_ticket_has_matters(a);
	clerk_open_picker(a, PICK_MATTER, N_("The applicant's matter"));
	for (size_t i = 0; i < a->c.nservices; i++) {
		const struct m_service *s = &a->c.services[i];
		if (own && strcmp(s->code, a->c.ticket.service) != 0)
			continue;
		for (size_t j = 0; j < s->nmatters; j++) {
			snprintf(line, sizeof line, "%s  %s", s->matters[j].code, s->matters[j].name);
			picker_add(&a->picker, line, (int)(i * 1000 + j));
		}
	}
}

void clerk_rating_picker(struct app *a)
{
	clerk_open_picker(a, PICK_RATING, N_("The applicant's rating"));
	a->picker.digit_is_value = true;
	for (int level = 5; level >= 1; level--)
		picker_add(&a->picker, view_rating_label(level), level);
}

/* The hall's preset reasons, and another in words. */
void clerk_pause_picker(struct app *a)
{
	const struct m_hall *h = &a->s.hall;
	if (!a->s.have_hall && !a->hall_refused) {
		/* Just signed in: the hall's reasons are on their way (never
		 * wait for them here); the question comes with them. */
		a->c.pause_after_hall = true;
		app_refresh(a, REQ_HALL, "/api/v1/hall");
		return;
	}
	if (h->npause_reasons == 0) {
		clerk_open_dialog(a, DLG_PAUSE, N_("Pause the window"));
		return;
	}
	clerk_open_picker(a, PICK_PAUSE, N_("Pause the window: why?"));
	for (size_t i = 0; i < h->npause_reasons && i + 1 < PICKER_MAX; i++)
		picker_add(&a->picker, h->pause_reasons[i], (int)i);
	picker_add(&a->picker, _("Another reason…"), -1);
}

/* The quit key at an open window: close it for the day (下班), leave it
 * open for another clerk, or stay; with an applicant at the window,
 * whether to leave them there.  False when there is nothing to ask. */
bool clerk_quit(struct app *a)
{
	struct counter *c = &a->c;
	char line[200];
	if (!c->have_window || c->window_no == 0 || a->drill_over)
		return false;
	if (c->has_ticket && (c->ticket.status == TS_CALLED || c->ticket.status == TS_SERVING)) {
		clerk_ask(a, PICK_QUIT, N_("An applicant is at the window"));
		snprintf(line, sizeof line, _("Quit anyway: %s stays at the open window"), c->ticket.number);
		picker_add(&a->picker, line, 2);
		snprintf(line, sizeof line, _("Stay with %s"), c->ticket.number);
		picker_add(&a->picker, line, 3);
		a->picker.sel = 1;      /* Enter stays */
		return true;
	}
	if (c->window.status == WS_CLOSED)
		return false;
	clerk_ask(a, PICK_QUIT, N_("Signing out: and the window?"));
	picker_add(&a->picker, _("Close the window for the day, then quit"), 1);
	picker_add(&a->picker, _("Leave it open for another clerk, and quit"), 2);
	picker_add(&a->picker, _("Cancel: stay signed in"), 3);
	return true;
}

void clerk_ask_no_show(struct app *a)
{
	char line[200];
	clerk_ask(a, PICK_NO_SHOW, N_("Mark as not present?"));
	snprintf(line, sizeof line, _("Yes: %s did not come (no-show)"), a->c.ticket.number);
	picker_add(&a->picker, line, 1);
	picker_add(&a->picker, _("No: back to the window"), 2);
}

/* Finishing the visit while its immediate case (即办件) is open: complete
 * it first, or keep it open for the back office on purpose. */
void clerk_ask_finish(struct app *a)
{
	const struct counter *c = &a->c;
	char line[200];
	clerk_ask(a, PICK_FINISH_CASE, N_("The case of this visit is still open"));
	if (c->kase.status == CS_ACCEPTED) {
		snprintf(line, sizeof line, _("Complete case %s, then finish"), c->kase.number);
		picker_add(&a->picker, line, 1);
	}
	picker_add(&a->picker, _("Keep it open for the back office, and finish"), 2);
	picker_add(&a->picker, _("Cancel"), 3);
}

/* What the accept key will record, said before it does: the case
 * accepted (受理), or a one-time notice (一次性告知) of what is missing. */
void clerk_ask_accept(struct app *a)
{
	struct counter *c = &a->c;
	int *ids = xcalloc(c->guide.nmaterials + 1, sizeof *ids);
	size_t missing = counter_missing_ids(c, ids), brought = counter_brought_ids(c, ids);
	free(ids);
	char line[200];
	if (c->has_case && c->kase.status != CS_NOTIFIED) {
		/* 容缺受理: the owed materials brought since acceptance. */
		clerk_ask(a, PICK_ACCEPT, N_("Record the owed materials brought?"));
		if (brought) {
			snprintf(line, sizeof line, ngettext("Record %zu owed material as brought",
							     "Record %zu owed materials as brought", brought), brought);
			picker_add(&a->picker, line, 1);
		}
		picker_add(&a->picker, _("Cancel"), 2);
		return;
	}
	clerk_ask(a, PICK_ACCEPT, missing ? N_("Record a one-time notice?") : N_("Accept the case?"));
	if (missing && c->has_case)
		snprintf(line, sizeof line, ngettext("Update the one-time notice: %zu still missing",
						     "Update the one-time notice: %zu still missing", missing),
			 missing);
	else if (missing)
		snprintf(line, sizeof line, ngettext("One-time notice: %zu required material missing",
						     "One-time notice: %zu required materials missing", missing),
			 missing);
	else
		snprintf(line, sizeof line, "%s", _("Accept the case: every required material is here"));
	picker_add(&a->picker, line, 1);
	/* 容缺受理: only when the guide lets every missing material follow. */
	int days = counter_deferrable_days(c);
	if (missing && days >= 0) {
		snprintf(line, sizeof line, ngettext("Accept now, missing to follow within %d working day "
						     "(written promise)",
						     "Accept now, missing to follow within %d working days "
						     "(written promise)", days), days);
		picker_add(&a->picker, line, 3);
	}
	picker_add(&a->picker, _("Cancel"), 2);
}

/* The no-shows of this window since signing in, the latest first. */
void clerk_requeue_picker(struct app *a)
{
	char line[128], at[16];
	clerk_open_picker(a, PICK_REQUEUE, N_("Back in the queue: who has come back?"));
	for (size_t i = 0; i < a->c.nno_shows; i++) {
		view_clock(a->c.no_shows[i].at, at, sizeof at);
		snprintf(line, sizeof line, _("%s (not present at %s)"), a->c.no_shows[i].number, at);
		picker_add(&a->picker, line, (int)i);
	}
}

