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

void app_bookings_refresh(struct app *a)
{
	app_refresh(a, REQ_BOOKINGS, "/api/v1/bookings?window=%d", a->c.window_no);
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

void app_bookings_action(struct app *a, enum action act)
{
	struct counter *c = &a->c;
	switch (act) {
	case ACT_BOOKINGS:
		if (app_screen(a) != SCR_BOOKINGS)
			app_push(a, SCR_BOOKINGS);
		app_bookings_refresh(a);
		break;
	case ACT_CHECK_IN: {
		const struct m_booking *b = &c->bookings[c->bookings_sel];
		app_postf(a, (struct app_doing){ .act = act, .label = b->number }, NULL,
			  "/api/v1/bookings/%lld/check-in", (long long)b->id);
		break;
	}
	default:
		break;
	}
}
