/* wire_calls.c - the tables of the call screen's wire objects
 * (callscreen.h; wire.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include "wicket/model/wire.h"

#define W_T struct m_call
static const struct m_field m_call_fields[] = {
	W_I64("seq", seq, WF_REQ),
	W_TIME("at", at, 0),
	W_PLAIN(recall, bool),    /* from kind, by api_decode_calls */
	W_I64("ticket", ticket, 0),
	W_STR("number", number, WF_REQ),
	W_INT("window", window, WF_REQ, 0),
	W_STR("window_name", window_name, 0),
	W_STR("zone", zone, 0),
	W_STR("service", service, 0),
	W_STR("service_name", service_name, 0),
	W_STR("kind", kind, WF_REQ),
};
#undef W_T
const struct m_desc m_call_desc = W_DESC(struct m_call, m_call_fields);

#define W_T struct m_zone
static const struct m_field m_zone_fields[] = {
	W_STR("code", code, WF_REQ),
	W_STR("name", name, 0),
};
#undef W_T
const struct m_desc m_zone_desc = W_DESC(struct m_zone, m_zone_fields);

#define W_T struct m_waiting
static const struct m_field m_waiting_fields[] = {
	W_STR("code", code, WF_REQ),
	W_STR("prefix", prefix, 0),
	W_STR("name", name, 0),
	W_INT("waiting", waiting, 0, 0),
};
#undef W_T
const struct m_desc m_waiting_desc = W_DESC(struct m_waiting, m_waiting_fields);

#define W_T struct m_calls
static const struct m_field m_calls_fields[] = {
	W_STR("zone", zone, WF_NULL),
	W_ARR("zones", zones, nzones, 0, struct m_zone, m_zone_desc),
	W_ARR("calls", calls, ncalls, WF_REQ, struct m_call, m_call_desc),
	W_ARR("services", services, nservices, 0, struct m_waiting, m_waiting_desc),
};
#undef W_T
const struct m_desc m_calls_desc = W_DESC(struct m_calls, m_calls_fields);
