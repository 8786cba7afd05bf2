#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/model/counter.h"
#include "wicket/core/date.h"
#include "wicket/common/i18n.h"
#include "wicket/model/list.h"
#include "wicket/model/wire.h"
#include "wicket/common/xalloc.h"

static const char *const refusal_texts[] = {
#define X(id, text) [REF_##id] = text,
	REFUSALS(X)
#undef X
};

const char *counter_refusal_text(enum refusal r)
{
	return refusal_texts[r];
}

static bool ticket_at_window(const struct counter *c)
{
	return c->has_ticket &&
	       (c->ticket.status == TS_CALLED || c->ticket.status == TS_SERVING);
}

/* The actions that work at the window itself (the counter screen). */
static enum refusal check_window_action(const struct counter *c, enum action a)
{
	switch (a) {
	case ACT_CALL_NEXT:
	case ACT_CALL_CHOSEN:
		if (c->window.status != WS_OPEN)
			return REF_WINDOW_NOT_OPEN;
		if (ticket_at_window(c))
			return REF_IN_PROGRESS;
		if (a == ACT_CALL_CHOSEN && c->queue_sel >= c->nqueue)
			return REF_NO_SELECTION;
		return REF_OK;
	case ACT_RECALL:
	case ACT_NO_SHOW:
	case ACT_START:
		if (!ticket_at_window(c))
			return REF_NO_TICKET;
		return c->ticket.status == TS_CALLED ? REF_OK : REF_NOT_CALLED;
	case ACT_TRANSFER:
		return ticket_at_window(c) ? REF_OK : REF_NO_TICKET;
	case ACT_FIND_CASE:
	case ACT_ABSENCE:    /* AB岗: the clerk's own absence, any time */
		return REF_OK;
	case ACT_REQUEUE:
		return c->nno_shows > 0 ? REF_OK : REF_NO_NO_SHOW;
	case ACT_FINISH:
	case ACT_CASE:
		if (!ticket_at_window(c))
			return REF_NO_TICKET;
		return c->ticket.status == TS_SERVING ? REF_OK : REF_NOT_SERVING;
	case ACT_PAUSE:
		/* Pausing leaves the applicant in hand where they are; a closed
		 * or paused window opens. */
		return REF_OK;
	default:
		return REF_NOT_HERE;
	}
}

/* True when the case owes material id (容缺受理). */
static bool counter_owes(const struct counter *c, int id)
{
	for (size_t j = 0; c->has_case && j < c->kase.nowed; j++)
		if (c->kase.owed[j].id == id)
			return true;
	return false;
}

/* An accepted (or suspended) case that still owes materials: they may be
 * ticked as brought and recorded with the accept key. */
static bool counter_owing(const struct counter *c)
{
	return c->has_case && c->kase.nowed > 0 &&
	       (c->kase.status == CS_ACCEPTED || c->kase.status == CS_SUSPENDED);
}

/* The actions on the case screen. */
static enum refusal check_case_action(const struct counter *c, enum action a)
{
	switch (a) {
	case ACT_TOGGLE:
		if (!c->have_guide)
			return REF_NO_MATTER;
		if (counter_owing(c))
			return c->material_sel < c->guide.nmaterials &&
			       counter_owes(c, c->guide.materials[c->material_sel].id) ? REF_OK : REF_CASE_OPEN;
		return !c->has_case || c->kase.status == CS_NOTIFIED ? REF_OK : REF_CASE_OPEN;
	case ACT_APPLICANT:
		return c->has_case ? REF_CASE_OPEN : c->at_home ? REF_AT_HOME : REF_OK;
	case ACT_ASSIST:
		if (!c->have_guide)
			return REF_NO_MATTER;
		return c->has_case ? REF_CASE_OPEN : c->at_home ? REF_AT_HOME : REF_OK;
	case ACT_ACCEPT:
		if (!c->have_guide)
			return REF_NO_MATTER;
		if (c->has_case)
			return c->kase.status == CS_NOTIFIED || counter_owing(c) ? REF_OK : REF_CASE_OPEN;
		/* A home visit's applicant is known to the server. */
		if (c->at_home)
			return REF_OK;
		if (!c->applicant_name[0] || !c->applicant_id[0] || !c->applicant_phone[0])
			return REF_NO_APPLICANT;
		return ticket_at_window(c) ? REF_OK : REF_NO_TICKET;
	case ACT_SUSPEND:
		if (!c->has_case)
			return REF_NO_CASE;
		return c->kase.status == CS_ACCEPTED || c->kase.status == CS_SUSPENDED ?
		       REF_OK : REF_CASE_STATE;
	case ACT_COMPLETE:
		if (!c->has_case)
			return REF_NO_CASE;
		return c->kase.status == CS_ACCEPTED ? REF_OK : REF_CASE_STATE;
	case ACT_PRINT:
		return c->has_case ? REF_OK : REF_NO_CASE;
	case ACT_RATE:
		if (!c->has_case)
			return REF_NO_CASE;
		if (c->kase.rating > 0)
			return REF_RATED;
		return c->kase.status == CS_COMPLETED || c->kase.status == CS_NOTIFIED ?
		       REF_OK : REF_CASE_STATE;
	default:
		return REF_NOT_HERE;
	}
}

/* The actions on the bookings screen: Enter on a home visit takes its
 * case as h does. */
static enum refusal check_bookings_action(const struct counter *c, enum action a)
{
	if (a == ACT_CHECK_IN && !c->home_focus)
		return c->bookings_sel < c->nbookings ? REF_OK : REF_NO_ROW;
	if (a != ACT_CHECK_IN && a != ACT_HOME_CASE)
		return REF_NOT_HERE;
	if (!c->home_focus || c->home_sel >= c->nhome_visits ||
	    strcmp(c->home_visits[c->home_sel].status, "booked") != 0)
		return REF_NO_HOME_VISIT;
	/* Away from the hall: nobody is left at the window. */
	return ticket_at_window(c) ? REF_IN_PROGRESS : REF_OK;
}

/* Offline the clerk finishes the work in hand; what needs the server's
 * answer to go on (which applicant is next, a new case's number and due
 * date, the matter's guide, a transfer's new ticket) waits for it. */
static bool counter_needs_server(const struct counter *c, enum action a)
{
	switch (a) {
	case ACT_CALL_NEXT: case ACT_CALL_CHOSEN: case ACT_RECALL: case ACT_TRANSFER: case ACT_REQUEUE:
	case ACT_FIND_CASE: case ACT_OPEN_CASE: case ACT_CHECK_IN: case ACT_BOOK: case ACT_HOME_CASE:
		return true;
	case ACT_ACCEPT:
		return !c->has_case;
	case ACT_CASE:
		return !c->have_guide;
	default:
		return false;
	}
}

enum refusal counter_check(const struct counter *c, const struct session *s, enum scr scr,
			   enum action a)
{
	switch (a) {
	case ACT_HELP: case ACT_QUIT: case ACT_BACK: case ACT_REFRESH:
	case ACT_UP: case ACT_DOWN: case ACT_PAGE_UP: case ACT_PAGE_DOWN:
	case ACT_MY_CASES: case ACT_BOOKINGS: case ACT_ENQUIRY: case ACT_MY_ENQUIRIES:
		return REF_OK;
	default:
		break;
	}
	/* The clerk's enquiries (首问负责): reading them and closing one. */
	if (scr == SCR_GUIDE)
		return a == ACT_CLOSE_ENQUIRY || a == ACT_ALL_ENQUIRIES ? REF_OK : REF_NOT_HERE;
	if (s->busy)
		return REF_BUSY;
	if (s->conn == CONN_OFFLINE && counter_needs_server(c, a))
		return REF_OFFLINE;
	if (scr == SCR_BOOKINGS && a == ACT_BOOK)
		return REF_OK;
	if (scr == SCR_BOOKINGS)
		return check_bookings_action(c, a);
	if (scr == SCR_CASES)
		return a == ACT_FIND_CASE ? REF_OK : a != ACT_OPEN_CASE ? REF_NOT_HERE :
		       c->cases_sel < c->ncases ? REF_OK : REF_NO_ROW;
	/* A case worked on in the back office: calling an applicant is done
	 * from the counter, where the case in hand makes way for theirs. */
	if (scr == SCR_CASE && counter_back_office(c) &&
	    (a == ACT_CALL_NEXT || a == ACT_CALL_CHOSEN))
		return REF_NOT_HERE;
	if (scr == SCR_CASE) {
		enum refusal r = check_case_action(c, a);
		/* Window actions (finish, transfer, ...) work from the case screen too. */
		return r == REF_NOT_HERE ? check_window_action(c, a) : r;
	}
	if (scr == SCR_COUNTER)
		return check_window_action(c, a);
	return REF_NOT_HERE;
}

bool counter_offer_no_show(const struct counter *c)
{
	return ticket_at_window(c) && c->ticket.status == TS_CALLED &&
	       c->recall_limit > 0 && c->ticket.recalls >= c->recall_limit;
}

void counter_apply_local(struct counter *c, enum action a, int value, const char *text)
{
	switch (a) {
	case ACT_START:
		c->ticket.status = TS_SERVING;
		break;
	case ACT_FINISH: case ACT_NO_SHOW:
		counter_clear_ticket(c);
		break;
	case ACT_COMPLETE:
		/* Whether it was on time, and in how many working days, is the
		 * server's to say: nothing is computed here. */
		c->kase.status = CS_COMPLETED;
		c->kase.has_on_time = false;
		c->kase.has_days_left = false;
		c->kase.working_days_used = -1;
		break;
	case ACT_SUSPEND:
		c->kase.status = c->kase.status == CS_SUSPENDED ? CS_ACCEPTED : CS_SUSPENDED;
		break;
	case ACT_RATE:
		c->kase.rating = value;
		break;
	case ACT_PAUSE:
		free(c->window.pause_reason);
		c->window.pause_reason = text ? xstrdup(text) : NULL;
		c->window.status = text ? WS_PAUSED : WS_OPEN;
		break;
	default:
		break;
	}
}

void counter_add_no_show(struct counter *c, int64_t id, const char *number, int64_t at)
{
	size_t room = sizeof c->no_shows / sizeof c->no_shows[0];
	counter_drop_no_show(c, id);
	if (c->nno_shows == room)
		c->nno_shows--;
	memmove(&c->no_shows[1], &c->no_shows[0], c->nno_shows * sizeof c->no_shows[0]);
	c->no_shows[0].id = id;
	c->no_shows[0].at = at;
	snprintf(c->no_shows[0].number, sizeof c->no_shows[0].number, "%s", number ? number : "");
	c->nno_shows++;
}

void counter_drop_no_show(struct counter *c, int64_t id)
{
	for (size_t i = 0; i < c->nno_shows; i++)
		if (c->no_shows[i].id == id) {
			memmove(&c->no_shows[i], &c->no_shows[i + 1],
				(c->nno_shows - i - 1) * sizeof c->no_shows[0]);
			c->nno_shows--;
			return;
		}
}

bool counter_open_immediate_case(const struct counter *c)
{
	return ticket_at_window(c) && c->has_case && c->kase.kind == MK_IMMEDIATE &&
	       (c->kase.status == CS_ACCEPTED || c->kase.status == CS_SUSPENDED);
}

/* What is wrong with an ID number, as a msgid; NULL when it is valid. */
static const char *counter_id_problem(const char *id)
{
	size_t n = strlen(id);
	bool digits = n == 18;
	for (size_t i = 0; digits && i < 17; i++)
		digits = id[i] >= '0' && id[i] <= '9';
	if (!digits || !(isdigit((unsigned char)id[17]) || id[17] == 'X' || id[17] == 'x'))
		return N_("An ID number is 18 characters: 17 digits, then a digit or X.");
	int y = 0, m = 0, d = 0;
	for (int i = 6; i < 10; i++)
		y = 10 * y + (id[i] - '0');
	m = 10 * (id[10] - '0') + (id[11] - '0');
	d = 10 * (id[12] - '0') + (id[13] - '0');
	date_t birth;
	if (y < 1900 || y > 2099 || !date_from_ymd(y, m, d, &birth))
		return N_("The date of birth in the ID number (characters 7 to 14) is not a real date.");
	char canon[CASE_ID_SIZE];
	if (!case_id_number_check(id, canon))
		return N_("The ID number's check character (the last) does not match: a digit is mistyped.");
	return NULL;
}

const char *counter_applicant_problem(const char *name, const char *id, const char *phone,
				      char id_out[CASE_ID_SIZE], int *field)
{
	char ph[CASE_PHONE_SIZE];
	id_out[0] = '\0';
	*field = 0;
	if (!name || !name[0])
		return N_("Enter the applicant's name.");
	*field = 1;
	const char *why = counter_id_problem(id ? id : "");
	if (why)
		return why;
	case_id_number_check(id, id_out);
	*field = 2;
	if (!case_phone_check(phone ? phone : "", ph))
		return N_("The phone is an 11-digit mobile number, or a landline with its area code "
			  "(0839-1234567).");
	return NULL;
}

const char *counter_agent_problem(const char *name, const char *id, const char *relation, const char *phone,
				  const char *applicant_id, char id_out[CASE_ID_SIZE], int *field)
{
	char ph[CASE_PHONE_SIZE];
	id_out[0] = '\0';
	*field = 0;
	if (!name || !name[0])
		return N_("Enter the agent's name.");
	*field = 1;
	const char *why = counter_id_problem(id ? id : "");
	if (why)
		return why;
	case_id_number_check(id, id_out);
	if (applicant_id && strcmp(id_out, applicant_id) == 0)
		return N_("The agent is someone else than the applicant: enter the agent's own ID number.");
	*field = 2;
	if (!relation || !relation[0])
		return N_("Enter the agent's relation to the applicant (e.g. child, employee).");
	*field = 3;
	if (phone && phone[0] && !case_phone_check(phone, ph))
		return N_("The phone is an 11-digit mobile number, or a landline with its area code "
			  "(0839-1234567).");
	return NULL;
}

/* The index of the authorization letter in the guide, or -1. */
static long counter_letter_at(const struct counter *c)
{
	for (size_t i = 0; c->have_guide && i < c->guide.nmaterials; i++)
		if (c->guide.materials[i].id == CASE_MATERIAL_AUTHORIZATION)
			return (long)i;
	return -1;
}

/* 代办: the letter at the end of the guide's materials, not ticked. */
static void counter_add_letter(struct counter *c, const char *letter)
{
	if (!c->have_guide || counter_letter_at(c) >= 0)
		return;
	size_t n = c->guide.nmaterials;
	c->guide.materials = xreallocarray(c->guide.materials, n + 1, sizeof *c->guide.materials);
	c->guide.materials[n] = (struct m_material){
		.id = CASE_MATERIAL_AUTHORIZATION, .name = xstrdup(letter), .form = MF_ORIGINAL,
		.copies = 1, .required = true, .note = xstrdup(""), .deferrable_days = -1,
	};
	c->ticked = xreallocarray(c->ticked, n + 1, sizeof *c->ticked);
	c->ticked[n] = false;
	c->guide.nmaterials = n + 1;
}

static void counter_drop_letter(struct counter *c)
{
	long at = counter_letter_at(c);
	if (at < 0)
		return;
	struct m_material *m = &c->guide.materials[at];
	free(m->name);
	free(m->note);
	size_t rest = c->guide.nmaterials - (size_t)at - 1;
	memmove(m, m + 1, rest * sizeof *m);
	memmove(&c->ticked[at], &c->ticked[at + 1], rest * sizeof *c->ticked);
	c->guide.nmaterials--;
	if (c->material_sel >= c->guide.nmaterials && c->material_sel > 0)
		c->material_sel = c->guide.nmaterials ? c->guide.nmaterials - 1 : 0;
}

void counter_set_assist(struct counter *c, enum counter_assist mode, const char *name, const char *id,
			const char *relation, const char *phone, const char *letter)
{
	bool proxy = mode == CA_PROXY;
	c->assist = mode;
	snprintf(c->agent_name, sizeof c->agent_name, "%s", proxy && name ? name : "");
	snprintf(c->agent_id, sizeof c->agent_id, "%s", proxy && id ? id : "");
	snprintf(c->agent_relation, sizeof c->agent_relation, "%s", proxy && relation ? relation : "");
	snprintf(c->agent_phone, sizeof c->agent_phone, "%s", proxy && phone ? phone : "");
	if (proxy)
		counter_add_letter(c, letter);
	else
		counter_drop_letter(c);
}

const char *counter_assist_mode(const struct counter *c)
{
	return c->assist == CA_HELP ? "help" : c->assist == CA_PROXY ? "proxy" : NULL;
}

/* A read older than the ticket in hand: the window shows that ticket. */
static void counter_window_keeps_ticket(const struct counter *c, struct m_window *w)
{
	if (w->has_current)
		m_free(&m_ticket_desc, &w->current);
	w->has_current = c->has_ticket;
	if (c->has_ticket)
		m_ticket_copy(&w->current, &c->ticket);
}

/* A read older than the window's last change (open, pause, close): the
 * window keeps its state; the read's pause reason is dropped for ours. */
static void counter_window_keeps_state(const struct counter *c, struct m_window *w)
{
	if (!c->have_window)
		return;
	w->status = c->window.status;
	w->status_since = c->window.status_since;
	free(w->pause_reason);
	w->pause_reason = c->window.pause_reason ? xstrdup(c->window.pause_reason) : NULL;
}

void counter_set_window(struct counter *c, struct m_window *w, uint64_t sent)
{
	bool stale = sent <= c->ticket_since;
	if (stale) {
		counter_window_keeps_ticket(c, w);
		counter_window_keeps_state(c, w);
	}
	m_take(&m_window_desc, &c->window, w);
	c->have_window = true;
	if (stale)
		return;
	/* The window says what it is serving: that is our current ticket. */
	if (c->window.has_current) {
		struct m_ticket t;
		m_ticket_copy(&t, &c->window.current);
		counter_set_ticket(c, &t);
	} else if (c->has_ticket) {
		counter_clear_ticket(c);
	}
}

/* ---- the lists ---- */


static bool counter_same_ticket(const void *a, const void *b)
{
	return ((const struct m_ticket *)a)->id == ((const struct m_ticket *)b)->id;
}

/* The clerk's selection stays on the same ticket while it is still
 * waiting; once it is gone, back to the top (the next to call). */
static const struct list_kind counter_queue_kind = {
	.desc = &m_ticket_desc,
	.same = counter_same_ticket, .lost_to_first = true,
};
static const struct list_kind counter_cases_kind = {
	.desc = &m_case_desc,
};
static const struct list_kind counter_services_kind = {
	.desc = &m_service_desc,
};
static const struct list_kind counter_windows_kind = {
	.desc = &m_window_desc,
};

void counter_set_queue(struct counter *c, struct m_ticket *q, size_t n)
{
	list_replace(&c->queue, &c->nqueue, &c->queue_sel, q, n, &counter_queue_kind);
	c->queue_total = n;
}

static void counter_drop_case(struct counter *c)
{
	if (c->have_guide)
		m_free(&m_matter_desc, &c->guide);
	c->have_guide = false;
	free(c->ticked);
	c->ticked = NULL;
	c->material_sel = 0;
	if (c->has_case)
		m_free(&m_case_desc, &c->kase);
	c->has_case = false;
	c->at_home = false;
	c->applicant_name[0] = c->applicant_id[0] = c->applicant_phone[0] = '\0';
	c->assist = CA_NONE;
	c->agent_name[0] = c->agent_id[0] = c->agent_relation[0] = c->agent_phone[0] = '\0';
}

void counter_clear_ticket(struct counter *c)
{
	if (c->has_ticket)
		m_free(&m_ticket_desc, &c->ticket);
	c->has_ticket = false;
	counter_drop_case(c);
}

void counter_set_ticket(struct counter *c, struct m_ticket *t)
{
	bool same = c->has_ticket && c->ticket.id == t->id;
	if (!same)
		counter_clear_ticket(c);
	else
		m_free(&m_ticket_desc, &c->ticket);
	c->ticket = *t;
	memset(t, 0, sizeof *t);
	c->has_ticket = true;
	if (c->ticket.status != TS_CALLED && c->ticket.status != TS_SERVING)
		counter_clear_ticket(c);
}

void counter_ticket_heard(struct counter *c, uint64_t now)
{
	if (now > c->ticket_since)
		c->ticket_since = now;
}

bool counter_read_stale(const struct counter *c, uint64_t sent)
{
	return sent <= c->ticket_since;
}

bool counter_drop_queued(struct counter *c, int64_t id)
{
	for (size_t i = 0; i < c->nqueue; i++) {
		if (c->queue[i].id != id)
			continue;
		m_free(&m_ticket_desc, &c->queue[i]);
		memmove(&c->queue[i], &c->queue[i + 1], (c->nqueue - i - 1) * sizeof *c->queue);
		c->nqueue--;
		/* The selection stays on its ticket; on the one called, the top. */
		if (c->queue_sel > i)
			c->queue_sel--;
		else if (c->queue_sel == i)
			c->queue_sel = 0;
		if (c->queue_sel >= c->nqueue)
			c->queue_sel = c->nqueue ? c->nqueue - 1 : 0;
		if (c->queue_total > 0)
			c->queue_total--;
		return true;
	}
	return false;
}

void counter_expect_echo(struct counter *c, int64_t ticket, const char *kind)
{
	const size_t room = sizeof c->echo / sizeof c->echo[0];
	if (c->necho == room) {
		memmove(&c->echo[0], &c->echo[1], (room - 1) * sizeof c->echo[0]);
		c->necho--;
	}
	c->echo[c->necho].ticket = ticket;
	snprintf(c->echo[c->necho].kind, sizeof c->echo[0].kind, "%s", kind);
	c->necho++;
}

bool counter_take_echo(struct counter *c, int64_t ticket, const char *kind)
{
	for (size_t i = 0; i < c->necho; i++)
		if (c->echo[i].ticket == ticket && strcmp(c->echo[i].kind, kind) == 0) {
			memmove(&c->echo[i], &c->echo[i + 1], (c->necho - i - 1) * sizeof c->echo[0]);
			c->necho--;
			return true;
		}
	return false;
}

void counter_set_guide(struct counter *c, struct m_matter *m)
{
	counter_drop_case(c);
	c->guide = *m;
	memset(m, 0, sizeof *m);
	c->have_guide = true;
	c->ticked = xcalloc(c->guide.nmaterials ? c->guide.nmaterials : 1, sizeof *c->ticked);
}

static void counter_add_letter(struct counter *c, const char *letter);

void counter_set_case(struct counter *c, struct m_case *k)
{
	if (c->has_case)
		m_free(&m_case_desc, &c->kase);
	c->kase = *k;
	memset(k, 0, sizeof *k);
	c->has_case = true;
	/* 代办: the letter is a material of the case, to tick when it comes. */
	if (c->kase.assist && strcmp(c->kase.assist, "proxy") == 0)
		counter_add_letter(c, _("Authorization letter (授权委托书)"));
	/* What the server holds as received is what is ticked. */
	if (c->have_guide)
		for (size_t i = 0; i < c->guide.nmaterials; i++) {
			/* What is owed (容缺) is not here either. */
			bool missing = counter_owes(c, c->guide.materials[i].id);
			for (size_t j = 0; j < c->kase.nmissing; j++)
				if (c->kase.missing[j] == c->guide.materials[i].id)
					missing = true;
			if (c->guide.materials[i].required)
				c->ticked[i] = !missing;
		}
}

void counter_open_case(struct counter *c, struct m_matter *m, struct m_case *k)
{
	counter_set_guide(c, m);
	counter_set_case(c, k);
}

bool counter_back_office(const struct counter *c)
{
	return c->has_case && !ticket_at_window(c);
}

void counter_keep_opening(struct counter *c, struct m_case *k)
{
	if (c->has_opening)
		m_free(&m_case_desc, &c->opening);
	c->opening = *k;
	memset(k, 0, sizeof *k);
	c->has_opening = true;
}

bool counter_take_opening(struct counter *c, struct m_case *out)
{
	if (!c->has_opening)
		return false;
	*out = c->opening;
	memset(&c->opening, 0, sizeof c->opening);
	c->has_opening = false;
	return true;
}

void counter_set_cases(struct counter *c, struct m_case *list, size_t n)
{
	list_replace(&c->cases, &c->ncases, &c->cases_sel, list, n, &counter_cases_kind);
}

static bool counter_same_booking(const void *a, const void *b)
{
	return ((const struct m_booking *)a)->id == ((const struct m_booking *)b)->id;
}

static const struct list_kind counter_bookings_kind = {
	.desc = &m_booking_desc, .same = counter_same_booking,
};

void counter_set_bookings(struct counter *c, struct m_booking *list, size_t n)
{
	list_replace(&c->bookings, &c->nbookings, &c->bookings_sel, list, n, &counter_bookings_kind);
}

static bool counter_same_home(const void *a, const void *b)
{
	return ((const struct m_home_visit *)a)->id == ((const struct m_home_visit *)b)->id;
}

static const struct list_kind counter_home_kind = {
	.desc = &m_home_visit_desc, .same = counter_same_home,
};

void counter_set_home_visits(struct counter *c, struct m_home_visit *list, size_t n)
{
	list_replace(&c->home_visits, &c->nhome_visits, &c->home_sel, list, n, &counter_home_kind);
	if (c->nhome_visits == 0)
		c->home_focus = false;
}

void counter_bookings_move(struct counter *c, long delta)
{
	size_t at = c->home_focus ? c->nbookings + c->home_sel : c->bookings_sel;
	at = counter_move(at, c->nbookings + c->nhome_visits, delta);
	c->home_focus = at >= c->nbookings;
	if (c->home_focus)
		c->home_sel = at - c->nbookings;
	else
		c->bookings_sel = at;
}

bool counter_choose_home(struct counter *c)
{
	if (!c->home_focus || c->home_sel >= c->nhome_visits)
		return false;
	const struct m_home_visit *h = &c->home_visits[c->home_sel];
	memset(&c->home, 0, sizeof c->home);
	c->home.id = h->id;
	snprintf(c->home.number, sizeof c->home.number, "%s", h->number);
	snprintf(c->home.matter, sizeof c->home.matter, "%s", h->matter ? h->matter : "");
	snprintf(c->home.name, sizeof c->home.name, "%s", h->applicant_name ? h->applicant_name : "");
	snprintf(c->home.address, sizeof c->home.address, "%s", h->address ? h->address : "");
	return true;
}

void counter_open_home(struct counter *c, struct m_matter *m)
{
	/* What was in hand in the back office is put away. */
	if (!ticket_at_window(c))
		counter_clear_ticket(c);
	counter_set_guide(c, m);
	c->at_home = true;
	snprintf(c->applicant_name, sizeof c->applicant_name, "%s", c->home.name);
}

void counter_set_services(struct counter *c, struct m_service *s, size_t n)
{
	list_replace(&c->services, &c->nservices, NULL, s, n, &counter_services_kind);
}

void counter_set_windows(struct counter *c, struct m_window *w, size_t n)
{
	list_replace(&c->windows, &c->nwindows, NULL, w, n, &counter_windows_kind);
}

void counter_toggle_material(struct counter *c, size_t i)
{
	if (c->have_guide && i < c->guide.nmaterials)
		c->ticked[i] = !c->ticked[i];
}

size_t counter_ticked_ids(const struct counter *c, int *ids)
{
	size_t n = 0;
	for (size_t i = 0; c->have_guide && i < c->guide.nmaterials; i++)
		if (c->ticked[i])
			ids[n++] = c->guide.materials[i].id;
	return n;
}

size_t counter_missing_ids(const struct counter *c, int *ids)
{
	size_t n = 0;
	for (size_t i = 0; c->have_guide && i < c->guide.nmaterials; i++)
		if (c->guide.materials[i].required && !c->ticked[i])
			ids[n++] = c->guide.materials[i].id;
	return n;
}

size_t counter_brought_ids(const struct counter *c, int *ids)
{
	size_t n = 0;
	for (size_t i = 0; counter_owing(c) && c->have_guide && i < c->guide.nmaterials; i++)
		if (c->ticked[i] && counter_owes(c, c->guide.materials[i].id))
			ids[n++] = c->guide.materials[i].id;
	return n;
}

int counter_deferrable_days(const struct counter *c)
{
	int days = -1;
	for (size_t i = 0; c->have_guide && i < c->guide.nmaterials; i++) {
		const struct m_material *m = &c->guide.materials[i];
		if (!m->required || c->ticked[i])
			continue;
		if (m->deferrable_days < 0)
			return -1;
		if (m->deferrable_days > days)
			days = m->deferrable_days;
	}
	return days;
}

size_t counter_move(size_t sel, size_t n, long delta)
{
	if (n == 0)
		return 0;
	long v = (long)sel + delta;
	if (v < 0)
		v = 0;
	if (v >= (long)n)
		v = (long)n - 1;
	return (size_t)v;
}

void counter_free(struct counter *c)
{
	counter_clear_ticket(c);
	if (c->has_opening)
		m_free(&m_case_desc, &c->opening);
	counter_set_queue(c, NULL, 0);
	counter_set_cases(c, NULL, 0);
	counter_set_bookings(c, NULL, 0);
	counter_set_home_visits(c, NULL, 0);
	counter_set_services(c, NULL, 0);
	counter_set_windows(c, NULL, 0);
	m_free(&m_window_desc, &c->window);
	memset(c, 0, sizeof *c);
}
