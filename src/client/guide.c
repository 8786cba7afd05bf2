/* guide.c - 首问负责 (issue #18): the guide desk's role (导询台,
 * app_role_guide) and the enquiry that any staff member records when an
 * applicant asks them first, the guide at the door or a clerk at the
 * counter (the clerk's key reaches app_enquiry_begin).
 *
 * An enquiry is a form (what was asked, the matter's code, the
 * applicant's name and phone), then what was done (a picker): answered,
 * a ticket for the service chosen next (issued in the same request),
 * sent to a window or a department (a one-field form), or left open.  It
 * goes through app_postf: in the journal before it is sent.  The guide's
 * screen lists the enquiries it still owns and follows the feed: an
 * enquiry.* event, or a ticket event about a ticket of its list (called
 * at a window), reads the list again. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/model/wire.h"
#include "wicket/net/api.h"

#include "app_int.h"

#define GD_ASKED_MAX 200          /* characters, as the server takes them */
#define GD_NAME_MAX 50
#define GD_DEPT_MAX 100

/* Whether s holds more than spaces: the server refuses a blank one. */
static bool gd_has_text(const char *s)
{
	for (; *s; s++)
		if (*s != ' ')
			return true;
	return false;
}

static void gd_read(struct app *a)
{
	app_refresh(a, REQ_ENQUIRIES, "/api/v1/enquiries?status=%s", a->gd.show_all ? "all" : "open");
}

void app_enquiries_read(struct app *a)
{
	gd_read(a);
}

/* ---- recording an enquiry (the guide's and the clerk's) ---- */

void app_enquiry_begin(struct app *a)
{
	memset(&a->gd.draft, 0, sizeof a->gd.draft);
	app_dialog(a, DLG_ENQUIRY, N_("An enquiry you were asked first"));
	form_add(&a->dlg, N_("Asked"), "", false, GD_ASKED_MAX);
	form_add(&a->dlg, N_("Matter code (if known)"), "", false, 32);
	form_add(&a->dlg, N_("Applicant's name"), "", false, GD_NAME_MAX);
	form_add(&a->dlg, N_("Phone"), "", false, 13);
}

static void gd_action_picker(struct app *a)
{
	picker_clear(&a->picker);
	a->picker.title = N_("What did you do?");
	a->picker.digit_is_value = true;
	a->picking = PICK_ENQUIRY_ACTION;
	picker_add(&a->picker, _("Answered it"), GUIDE_ANSWERED);
	picker_add(&a->picker, _("Issued a ticket (choose the service)"), GUIDE_TICKET);
	picker_add(&a->picker, _("Sent to a window"), GUIDE_WINDOW);
	picker_add(&a->picker, _("Sent to a department"), GUIDE_DEPT);
	picker_add(&a->picker, _("Not yet: keep it open"), GUIDE_OPEN);
}

static void gd_service_picker(struct app *a)
{
	const struct counter *c = &a->c;
	if (c->nservices == 0) {
		/* Nothing typed is lost: the picker opens once they are read. */
		a->gd_wants_services = true;
		session_say(&a->s, false, "%s", _("Reading the hall's services..."));
		app_getf(a, REQ_SERVICES, "/api/v1/services");
		return;
	}
	a->gd_wants_services = false;
	picker_clear(&a->picker);
	a->picker.title = N_("A ticket for which service?");
	a->picking = PICK_ENQUIRY_SERVICE;
	for (size_t i = 0; i < c->nservices && i < PICKER_MAX; i++)
		picker_add(&a->picker, c->services[i].name, (int)i);
}

/* The draft goes, as what was done says (service: the ticket's, or NULL;
 * window, dept: a transfer's). */
static void gd_send(struct app *a, const char *service, int window, const char *dept)
{
	const struct guide_draft *d = &a->gd.draft;
	struct api_enquiry e = {
		.asked = d->asked, .matter = d->matter, .name = d->name, .phone = d->phone,
		.action = guide_action_name(d->action), .service = service, .window = window, .dept = dept,
	};
	app_postf(a, (struct app_doing){ .act = ACT_ENQUIRY, .label = d->asked }, api_encode_enquiry(&e),
		  "/api/v1/enquiries");
}

bool app_enquiry_dialog(struct app *a)
{
	struct form *f = &a->dlg;
	struct guide_draft *d = &a->gd.draft;
	switch (a->dlg_kind) {
	case DLG_ENQUIRY:
		if (!gd_has_text(f->f[0].value)) {
			snprintf(f->error, sizeof f->error, "%s", _("Write what the applicant asked."));
			f->focus = 0;
			return true;
		}
		utf8_copy(d->asked, sizeof d->asked, f->f[0].value);
		utf8_copy(d->matter, sizeof d->matter, f->f[1].value);
		utf8_copy(d->name, sizeof d->name, f->f[2].value);
		utf8_copy(d->phone, sizeof d->phone, f->f[3].value);
		a->dlg_kind = DLG_NONE;
		gd_action_picker(a);
		return true;
	case DLG_ENQUIRY_WINDOW: {
		char *end;
		long no = strtol(f->f[0].value, &end, 10);
		if (end == f->f[0].value || *end || no < 1 || no > 9999) {
			snprintf(f->error, sizeof f->error, "%s", _("Give the window's number."));
			return true;
		}
		a->dlg_kind = DLG_NONE;
		gd_send(a, NULL, (int)no, NULL);
		return true;
	}
	case DLG_ENQUIRY_DEPT: {
		if (!gd_has_text(f->f[0].value)) {
			snprintf(f->error, sizeof f->error, "%s", _("Name the department."));
			return true;
		}
		char dept[FORM_FIELD_BYTES];
		utf8_copy(dept, sizeof dept, f->f[0].value);
		a->dlg_kind = DLG_NONE;
		gd_send(a, NULL, 0, dept);
		return true;
	}
	default:
		return false;
	}
}

/* Close the selected enquiry as how. */
static void gd_close(struct app *a, const char *how)
{
	const struct m_enquiry *e = guide_selected_open(&a->gd);
	if (!e)
		return;
	app_postf(a, (struct app_doing){ .act = ACT_CLOSE_ENQUIRY, .label = e->asked },
		  api_encode_enquiry_close(how), "/api/v1/enquiries/%lld/close", (long long)e->id);
}

void app_enquiry_services_came(struct app *a)
{
	if (!a->gd_wants_services || a->picking != PICK_NONE || a->dlg_kind != DLG_NONE ||
	    a->c.nservices == 0)
		return;
	gd_service_picker(a);
}

bool app_enquiry_picker(struct app *a, enum picker_kind kind, int v)
{
	switch (kind) {
	case PICK_ENQUIRY_ACTION:
		a->gd.draft.action = (enum guide_action)v;
		if (v == GUIDE_TICKET) {
			gd_service_picker(a);
		} else if (v == GUIDE_WINDOW) {
			app_dialog(a, DLG_ENQUIRY_WINDOW, N_("Sent to which window?"));
			form_add(&a->dlg, N_("Window number"), "", false, 4);
		} else if (v == GUIDE_DEPT) {
			app_dialog(a, DLG_ENQUIRY_DEPT, N_("Sent to which department?"));
			form_add(&a->dlg, N_("Department"), "", false, GD_DEPT_MAX);
		} else {
			gd_send(a, NULL, 0, NULL);
		}
		return true;
	case PICK_ENQUIRY_SERVICE:
		if (v >= 0 && (size_t)v < a->c.nservices)
			gd_send(a, a->c.services[v].code, 0, NULL);
		return true;
	case PICK_ENQUIRY_CLOSE:
		gd_close(a, v == 2 ? "case" : "answered");
		return true;
	default:
		return false;
	}
}

/* The enquiry's answer: said (with the ticket's number to give the
 * applicant), the list read again. */
void app_enquiry_on_recorded(struct app *a, const struct pending *p, const struct net_reply *r)
{
	struct m_enquiry e;
	(void)p;
	if (r->status / 100 != 2 || api_decode_enquiry(r->body, r->len, &e)) {
		app_say_error(a, r);
		return;
	}
	if (e.ticket_number)
		session_say(&a->s, false, _("Enquiry recorded: ticket %s issued, give it to the applicant."),
			    e.ticket_number);
	else if (e.closed_at)
		session_say(&a->s, false, "%s", _("Enquiry recorded, answered and closed."));
	else
		session_say(&a->s, false, "%s", _("Enquiry recorded: it is yours until it is closed."));
	m_free(&m_enquiry_desc, &e);
	if (app_screen(a) == SCR_GUIDE)
		gd_read(a);
}

void app_enquiry_on_closed(struct app *a, const struct pending *p, const struct net_reply *r)
{
	(void)p;
	if (r->status / 100 != 2)
		app_say_error(a, r);
	else
		session_say(&a->s, false, "%s", _("Enquiry closed."));
	if (app_screen(a) == SCR_GUIDE)
		gd_read(a);
}

enum req_kind app_enquiry_kind_of(const char *path)
{
	if (strcmp(path, "/api/v1/enquiries") == 0)
		return REQ_ENQUIRY;
	if (strncmp(path, "/api/v1/enquiries/", 18) == 0)
		return REQ_ENQUIRY_CLOSE;
	return REQ_NONE;
}

/* ---- the guide desk's screen ---- */

static void gd_start(struct app *a)
{
	session_say(&a->s, false, "%s", _("The guide desk: record what you are asked first, and issue tickets."));
	app_getf(a, REQ_SERVICES, "/api/v1/services");
	gd_read(a);
	app_poll_events(a);
}

static void gd_reload(struct app *a)
{
	app_getf(a, REQ_SERVICES, "/api/v1/services");
	gd_read(a);
}

/* Whether ticket is one of the list's. */
static bool gd_has_ticket(const struct guide *g, int64_t ticket)
{
	for (size_t i = 0; ticket > 0 && i < g->n; i++)
		if (g->v[i].ticket_id == ticket)
			return true;
	return false;
}

void app_enquiries_events(struct app *a, struct m_event *ev, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (ev[i].kind && (strncmp(ev[i].kind, "enquiry.", 8) == 0 || gd_has_ticket(&a->gd, ev[i].ticket))) {
			gd_read(a);
			return;
		}
}

static void gd_close_picker(struct app *a)
{
	if (!guide_selected_open(&a->gd)) {
		session_say(&a->s, true, "%s", _("Choose an open enquiry first."));
		return;
	}
	picker_clear(&a->picker);
	a->picker.title = N_("How was it closed?");
	a->picker.digit_is_value = true;
	a->picking = PICK_ENQUIRY_CLOSE;
	picker_add(&a->picker, _("Answered"), 1);
	picker_add(&a->picker, _("Its case was taken up"), 2);
}

bool app_enquiries_action(struct app *a, enum action act)
{
	switch (act) {
	case ACT_ENQUIRY: app_enquiry_begin(a); return true;
	case ACT_CLOSE_ENQUIRY: gd_close_picker(a); return true;
	case ACT_ALL_ENQUIRIES:
		a->gd.show_all = !a->gd.show_all;
		gd_read(a);
		return true;
	case ACT_MY_ENQUIRIES:
		/* A clerk's: the guide desk's screen over the counter. */
		if (app_screen(a) != SCR_GUIDE)
			app_push(a, SCR_GUIDE);
		app_getf(a, REQ_SERVICES, "/api/v1/services");
		gd_read(a);
		return true;
	default:
		return false;
	}
}

static void gd_action(struct app *a, enum action act)
{
	(void)app_enquiries_action(a, act);
}

static void gd_select(struct app *a, long delta)
{
	guide_move(&a->gd, delta);
}

static void gd_dialog(struct app *a)
{
	if (!app_enquiry_dialog(a))
		a->dlg_kind = DLG_NONE;
}

static void gd_picker(struct app *a, enum picker_kind kind, int v)
{
	app_enquiry_picker(a, kind, v);
}

int app_enquiries_decode(const struct net_reply *r, union app_decoded *out)
{
	return api_decode_enquiries(r->body, r->len, &out->enquiries.v, &out->enquiries.n);
}

void app_enquiries_store(struct app *a, union app_decoded *in)
{
	guide_set_enquiries(&a->gd, in->enquiries.v, in->enquiries.n);
}

static const struct app_reply gd_replies[REQ_KIND_COUNT] = {
	[REQ_ENQUIRIES] = APP_ENQUIRIES_REPLY,
};

static const enum keymap_scope gd_scopes[] = { KM_GUIDE };

const struct app_role app_role_guide = {
	.name = "guide", .first = SCR_GUIDE,
	.scopes = gd_scopes, .nscopes = sizeof gd_scopes / sizeof gd_scopes[0],
	.start = gd_start, .reload = gd_reload, .events = app_enquiries_events,
	.action = gd_action, .select = gd_select, .dialog = gd_dialog, .picker = gd_picker,
	.replies = gd_replies, .kind_of = app_enquiry_kind_of,
};
