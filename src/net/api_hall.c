/* api_hall.c - the hall's replies (api.h): the clerk's tickets, windows,
 * matters, cases, events, sign-in, and our own request bodies read back.
 *
 * The objects are decoded by their tables in wicket/model/wire.h; the
 * replies that wrap them are described here the same way, decoded whole,
 * then unwrapped. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/net/api.h"
#include "wicket/net/api_decode.h"
#include "wicket/model/wire.h"

/* {"ticket": old, "new_ticket": new} */
struct api_transfer { struct m_ticket next; };
/* {"error": {"code", "last", ...}} */
struct api_resync { char *code; int64_t last; };

#define W_T struct api_transfer
static const struct m_field api_transfer_fields[] = {
	W_OBJ("new_ticket", next, WF_REQ, struct m_ticket, m_ticket_desc),
};
#undef W_T
static const struct m_desc api_transfer_desc = W_DESC(struct api_transfer, api_transfer_fields);

#define W_T struct api_resync
static const struct m_field api_resync_error_fields[] = {
	W_STR("code", code, WF_REQ),
	W_I64("last", last, WF_REQ),
};
static const struct m_desc api_resync_error_desc =
	W_DESC(struct api_resync, api_resync_error_fields);
static const struct m_field api_resync_fields[] = {
	W_SUB("error", WF_REQ, api_resync_error_desc),
};
#undef W_T
static const struct m_desc api_resync_desc = W_DESC(struct api_resync, api_resync_fields);

/* {"booking": b, "ticket": t} */
struct api_check_in { struct m_booking booking; struct m_ticket ticket; };

#define W_T struct api_check_in
static const struct m_field api_check_in_fields[] = {
	W_OBJ("booking", booking, WF_REQ, struct m_booking, m_booking_desc),
	W_OBJ("ticket", ticket, WF_REQ, struct m_ticket, m_ticket_desc),
};
#undef W_T
static const struct m_desc api_check_in_desc = W_DESC(struct api_check_in, api_check_in_fields);

#define W_T struct api_list
static const struct m_field api_bookings_fields[] = { API_LIST("bookings", WF_LIST, m_booking_desc) };
static const struct m_field api_home_fields[] = { API_LIST("home_visits", WF_LIST, m_home_visit_desc) };
static const struct m_field api_deferred_fields[] = { API_LIST("deferred", WF_LIST, m_deferred_desc) };
static const struct m_field api_extra_fields[] = { API_LIST("extra_sessions", WF_LIST, m_extra_session_desc) };
static const struct m_field api_enquiries_fields[] = { API_LIST("enquiries", WF_LIST, m_enquiry_desc) };
static const struct m_field api_queue_fields[] = { API_LIST("tickets", WF_LIST, m_ticket_desc) };
static const struct m_field api_queue_page_fields[] = {
	API_LIST("tickets", WF_LIST, m_ticket_desc),
	W_I64("total", last, 0),
};
static const struct m_field api_windows_fields[] = { API_LIST("windows", 0, m_window_desc) };
static const struct m_field api_services_fields[] = { API_LIST("services", 0, m_service_desc) };
static const struct m_field api_cases_fields[] = { API_LIST("cases", 0, m_case_desc) };
static const struct m_field api_cases_page_fields[] = {
	API_LIST("cases", 0, m_case_desc),
	W_I64("total", last, WF_REQ),
};
static const struct m_field api_events_fields[] = {
	API_LIST("events", 0, m_event_desc),
	W_I64("last", last, WF_REQ),
};
#undef W_T
static const struct m_desc api_queue_desc = W_DESC(struct api_list, api_queue_fields);
static const struct m_desc api_bookings_desc = W_DESC(struct api_list, api_bookings_fields);
static const struct m_desc api_home_desc = W_DESC(struct api_list, api_home_fields);
static const struct m_desc api_deferred_desc = W_DESC(struct api_list, api_deferred_fields);
static const struct m_desc api_extra_desc = W_DESC(struct api_list, api_extra_fields);
static const struct m_desc api_enquiries_desc = W_DESC(struct api_list, api_enquiries_fields);
static const struct m_desc api_queue_page_desc = W_DESC(struct api_list, api_queue_page_fields);
static const struct m_desc api_windows_desc = W_DESC(struct api_list, api_windows_fields);
static const struct m_desc api_services_desc = W_DESC(struct api_list, api_services_fields);
static const struct m_desc api_cases_desc = W_DESC(struct api_list, api_cases_fields);
static const struct m_desc api_cases_page_desc = W_DESC(struct api_list, api_cases_page_fields);
static const struct m_desc api_events_desc = W_DESC(struct api_list, api_events_fields);

int api_decode_login(const char *body, size_t len, struct m_session *out)
{
	return api_decode(body, len, &m_session_desc, out);
}

int api_decode_evaluator(const char *body, size_t len, struct m_evaluator *out)
{
	return api_decode(body, len, &m_evaluator_desc, out);
}

int api_decode_me(const char *body, size_t len, struct m_session *out)
{
	return api_decode(body, len, &m_me_desc, out);
}

int api_decode_hall(const char *body, size_t len, struct m_hall *out)
{
	return api_decode(body, len, &m_hall_desc, out);
}

int api_decode_ticket(const char *body, size_t len, struct m_ticket *out)
{
	return api_decode(body, len, &m_ticket_desc, out);
}

int api_decode_transfer(const char *body, size_t len, struct m_ticket *out)
{
	struct api_transfer w;
	int rc = api_decode(body, len, &api_transfer_desc, &w);
	*out = w.next;
	return rc;
}

int api_decode_window(const char *body, size_t len, struct m_window *out)
{
	return api_decode(body, len, &m_window_desc, out);
}

int api_decode_matter(const char *body, size_t len, struct m_matter *out)
{
	return api_decode(body, len, &m_matter_desc, out);
}

int api_decode_case(const char *body, size_t len, struct m_case *out)
{
	return api_decode(body, len, &m_case_desc, out);
}

int api_decode_queue(const char *body, size_t len, struct m_ticket **out, size_t *n)
{
	return api_decode_list(body, len, &api_queue_desc, out, n, NULL);
}

int api_decode_queue_page(const char *body, size_t len, struct m_ticket **out, size_t *n, int64_t *total)
{
	*total = -1;
	int rc = api_decode_list(body, len, &api_queue_page_desc, out, n, total);
	if (rc == 0 && *total < (int64_t)*n)     /* a server without paging: the list is all */
		*total = (int64_t)*n;
	return rc;
}

int api_decode_windows(const char *body, size_t len, struct m_window **out, size_t *n)
{
	return api_decode_list(body, len, &api_windows_desc, out, n, NULL);
}

int api_decode_services(const char *body, size_t len, struct m_service **out, size_t *n)
{
	return api_decode_list(body, len, &api_services_desc, out, n, NULL);
}

int api_decode_cases(const char *body, size_t len, struct m_case **out, size_t *n)
{
	return api_decode_list(body, len, &api_cases_desc, out, n, NULL);
}

int api_decode_cases_page(const char *body, size_t len, struct m_case **out, size_t *n,
			  int64_t *total)
{
	return api_decode_list(body, len, &api_cases_page_desc, out, n, total);
}

int api_decode_bookings(const char *body, size_t len, struct m_booking **out, size_t *n)
{
	return api_decode_list(body, len, &api_bookings_desc, out, n, NULL);
}

int api_decode_home_visits(const char *body, size_t len, struct m_home_visit **out, size_t *n)
{
	return api_decode_list(body, len, &api_home_desc, out, n, NULL);
}

int api_decode_deferred(const char *body, size_t len, struct m_deferred **out, size_t *n)
{
	return api_decode_list(body, len, &api_deferred_desc, out, n, NULL);
}

int api_decode_home_visit(const char *body, size_t len, struct m_home_visit *out)
{
	return api_decode(body, len, &m_home_visit_desc, out);
}

int api_decode_enquiries(const char *body, size_t len, struct m_enquiry **out, size_t *n)
{
	return api_decode_list(body, len, &api_enquiries_desc, out, n, NULL);
}

int api_decode_enquiry(const char *body, size_t len, struct m_enquiry *out)
{
	return api_decode(body, len, &m_enquiry_desc, out);
}

int api_decode_extra_sessions(const char *body, size_t len, struct m_extra_session **out, size_t *n)
{
	return api_decode_list(body, len, &api_extra_desc, out, n, NULL);
}

int api_decode_extra_session(const char *body, size_t len, struct m_extra_session *out)
{
	return api_decode(body, len, &m_extra_session_desc, out);
}

int api_decode_booking(const char *body, size_t len, struct m_booking *out)
{
	return api_decode(body, len, &m_booking_desc, out);
}

int api_decode_check_in(const char *body, size_t len, struct m_booking *booking, struct m_ticket *ticket)
{
	struct api_check_in w;
	int rc = api_decode(body, len, &api_check_in_desc, &w);
	*booking = w.booking;
	*ticket = w.ticket;
	return rc;
}

int api_decode_events(const char *body, size_t len, struct m_event **out, size_t *n,
		      int64_t *last)
{
	return api_decode_list(body, len, &api_events_desc, out, n, last);
}

int api_decode_resync(const char *body, size_t len, int64_t *last)
{
	struct api_resync w;
	int rc = api_decode(body, len, &api_resync_desc, &w);
	if (rc == 0 && (strcmp(w.code, "resync_required") != 0 || w.last < 0))
		rc = -1;
	*last = rc == 0 ? w.last : 0;
	free(w.code);
	return rc;
}

int api_decode_request(const char *body, size_t len, struct m_request *out)
{
	return api_decode(body, len, &m_request_desc, out);
}

int api_decode_calls(const char *body, size_t len, struct m_calls *out)
{
	if (api_decode(body, len, &m_calls_desc, out))
		return -1;
	for (size_t i = 0; i < out->ncalls; i++)
		out->calls[i].recall = strcmp(out->calls[i].kind, "recalled") == 0;
	return 0;
}
