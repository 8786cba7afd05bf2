/* wire_hall.c - the tables of the hall's wire objects (model.h; wire.h).
 *
 * One table per struct, in the order of its members where the JSON allows;
 * the net layer decodes by them and m_free() releases by them. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include "wicket/model/wire.h"

#define W_T struct m_booking
static const struct m_field m_booking_applicant_fields[] = {
	W_STR("name", applicant_name, 0),
	W_STR("id_number", applicant_id, 0),
	W_STR("phone", applicant_phone, 0),
};
static const struct m_desc m_booking_applicant_desc = W_DESC(struct m_booking, m_booking_applicant_fields);
static const struct m_field m_booking_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_STR("service", service, WF_REQ),
	W_TIME("at", at, WF_REQ),
	W_STR("status", status, WF_REQ),
	W_BOOL("late", late, 0),
	W_STR("channel", channel, 0),
	W_SUB("applicant", 0, m_booking_applicant_desc),
	W_I64("ticket", ticket, 0),
};
#undef W_T
const struct m_desc m_booking_desc = W_DESC(struct m_booking, m_booking_fields);

#define W_T struct m_home_visit
static const struct m_field m_home_applicant_fields[] = {
	W_STR("name", applicant_name, 0),
};
static const struct m_desc m_home_applicant_desc = W_DESC(struct m_home_visit, m_home_applicant_fields);
static const struct m_field m_home_visit_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_STR("matter", matter, 0),
	W_STR("group", group, 0),
	W_TIME("at", at, WF_REQ),
	W_STR("status", status, WF_REQ),
	W_SUB("applicant", 0, m_home_applicant_desc),
	W_STR("address", address, WF_NULL),
	W_STR("clerk", clerk, 0),
};
#undef W_T
const struct m_desc m_home_visit_desc = W_DESC(struct m_home_visit, m_home_visit_fields);

#define W_T struct m_enquiry
static const struct m_field m_enquiry_applicant_fields[] = {
	W_STR("name", applicant_name, WF_NULL),
	W_STR("phone", applicant_phone, WF_NULL),
};
static const struct m_desc m_enquiry_applicant_desc = W_DESC(struct m_enquiry, m_enquiry_applicant_fields);
static const struct m_field m_enquiry_ticket_fields[] = {
	W_I64("id", ticket_id, 0),
	W_STR("number", ticket_number, WF_NULL),
	W_STR("status", ticket_status, WF_NULL),
	W_I64("window", ticket_window, 0),
};
static const struct m_desc m_enquiry_ticket_desc = W_DESC(struct m_enquiry, m_enquiry_ticket_fields);
static const struct m_field m_enquiry_case_fields[] = {
	W_STR("number", case_number, WF_NULL),
};
static const struct m_desc m_enquiry_case_desc = W_DESC(struct m_enquiry, m_enquiry_case_fields);
static const struct m_field m_enquiry_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("owner", owner, 0),
	W_STR("asked", asked, WF_REQ),
	W_STR("matter", matter, WF_NULL),
	W_SUB("applicant", 0, m_enquiry_applicant_desc),
	W_STR("action", action, WF_REQ),
	W_SUB("ticket", 0, m_enquiry_ticket_desc),
	W_I64("to_window", to_window, 0),
	W_STR("to_dept", to_dept, WF_NULL),
	W_SUB("case", 0, m_enquiry_case_desc),
	W_TIME("created_at", created_at, 0),
	W_TIME("closed_at", closed_at, 0),
	W_STR("closed_how", closed_how, WF_NULL),
};
#undef W_T
const struct m_desc m_enquiry_desc = W_DESC(struct m_enquiry, m_enquiry_fields);

#define W_T struct m_extra_session
static const struct m_field m_extra_session_fields[] = {
	W_I64("id", id, WF_REQ),
	W_DATE("date", date, WF_REQ),
	W_STR("hours", hours, 0),
	W_TIME("starts_at", starts_at, 0),
	W_TIME("ends_at", ends_at, 0),
	W_INTV("windows", windows, nwindows, 0),
	W_STR("status", status, 0),
	W_STR("opened_by", opened_by, 0),
	W_STR("opened_by_name", opened_by_name, WF_NULL),
};
#undef W_T
const struct m_desc m_extra_session_desc = W_DESC(struct m_extra_session, m_extra_session_fields);

#define W_T struct m_ticket
static const struct m_field m_ticket_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_ENUM("status", status, WF_FULL, enum m_ticket_status, m_wire_ticket_status),
	W_STR("service", service, WF_REQ),
	W_STR("service_name", service_name, 0),
	W_STR("matter", matter, WF_NULL),
	W_ENUM("priority", priority, 0, enum m_priority, m_wire_priority),
	W_BOOL("appointment", appointment, 0),
	W_INT("window", window, 0, 0),
	W_INT("recalls", recalls, 0, 0),
	W_INT("requeues", requeues, 0, 0),
	W_I64("transferred_from", transferred_from, 0),
	W_TIME("issued_at", issued_at, WF_REQ),
	W_TIME("called_at", called_at, 0),
	W_TIME("started_at", started_at, 0),
	W_TIME("finished_at", finished_at, 0),
	W_I64("wait_seconds", wait_seconds, 0),
};
#undef W_T
const struct m_desc m_ticket_desc = W_DESC(struct m_ticket, m_ticket_fields);

#define W_T struct m_window
static const struct m_field m_window_fields[] = {
	W_INT("no", no, WF_REQ, 0),
	W_STR("name", name, WF_REQ),
	W_STR("zone_name", zone_name, 0),
	W_ENUM("status", status, WF_REQ, enum m_window_status, m_wire_window_status),
	W_STR("pause_reason", pause_reason, WF_NULL),
	W_TIME("status_since", status_since, 0),
	W_STR("clerk", clerk, WF_NULL),
	W_STR("clerk_name", clerk_name, WF_NULL),
	W_OPT(WK_BOOL, "attended", attended, bool, has_attended, NULL),
	W_STRV("services", services, nservices, 0),
	W_OPT(WK_OBJ, "current", current, struct m_ticket, has_current, &m_ticket_desc),
	W_INT("waiting", waiting, 0, 0),
	W_I64("longest_wait", longest_wait, 0),
	W_INT("served_today", served_today, 0, 0),
};
#undef W_T
const struct m_desc m_window_desc = W_DESC(struct m_window, m_window_fields);

#define W_T struct m_hall
static const struct m_field m_hall_fields[] = {
	W_STR("name", name, 0),
	W_STR("address", address, 0),
	W_STR("phone", phone, 0),
	W_STR("hours", hours, 0),
	W_STR("supervision_phone", supervision_phone, 0),
	W_STR("tz", tz, 0),
	W_DATE("today", today, 0),
	W_TIME("now", now, 0),
	W_STR("now", now_text, 0),
	W_STRV("pause_reasons", pause_reasons, npause_reasons, 0),
	W_INT("noshow_requeue_behind", requeue_behind, 0, 3),
	W_INT("noshow_requeue_max", requeue_max, 0, 1),
};
#undef W_T
const struct m_desc m_hall_desc = W_DESC(struct m_hall, m_hall_fields);

#define W_T struct m_material
static const struct m_field m_material_fields[] = {
	W_INT("id", id, WF_REQ, 0),
	W_STR("name", name, WF_REQ),
	W_ENUM("form", form, WF_FULL, enum m_material_form, m_wire_material_form),
	W_INT("copies", copies, 0, 0),
	W_BOOL("required", required, 0),
	W_STR("note", note, WF_LINES),
	W_INT("deferrable_days", deferrable_days, 0, -1),
};
#undef W_T
const struct m_desc m_material_desc = W_DESC(struct m_material, m_material_fields);

#define W_T struct m_owed
static const struct m_field m_owed_fields[] = {
	W_INT("id", id, WF_REQ, 0),
	W_STR("name", name, WF_REQ),
	W_DATE("due", due, 0),
	W_BOOL("provisional", provisional, 0),
	W_BOOL("overdue", overdue, 0),
};
#undef W_T
static const struct m_desc m_owed_desc = W_DESC(struct m_owed, m_owed_fields);

#define W_T struct m_deferred
static const struct m_field m_deferred_fields[] = {
	W_I64("case", case_id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_STR("status", status, 0),
	W_STR("matter", matter, 0),
	W_STR("matter_name", matter_name, 0),
	W_INT("window", window, WF_NULL, 0),
	W_INT("material", material, WF_REQ, 0),
	W_STR("name", name, WF_REQ),
	W_DATE("due", due, 0),
	W_BOOL("provisional", provisional, 0),
	W_BOOL("overdue", overdue, 0),
};
#undef W_T
const struct m_desc m_deferred_desc = W_DESC(struct m_deferred, m_deferred_fields);

/* In /services a matter is a list entry: code, name, kind, working_days. */
#define W_T struct m_matter
static const struct m_field m_matter_fields[] = {
	W_STR("code", code, WF_REQ),
	W_STR("name", name, WF_REQ),
	W_STR("service", service, WF_FULL),
	W_STR("department", department, WF_FULL),
	W_ENUM("kind", kind, WF_REQ, enum m_matter_kind, m_wire_matter_kind),
	W_INT("working_days", working_days, WF_REQ, 0),
	W_STR("legal_basis", legal_basis, WF_FULL | WF_LINES),
	W_STR("fee", fee, WF_FULL),
	W_STRV("steps", steps, nsteps, WF_FULL | WF_LINES),
	W_ARR("materials", materials, nmaterials, WF_FULL, struct m_material, m_material_desc),
};
#undef W_T
const struct m_desc m_matter_desc = W_DESC(struct m_matter, m_matter_fields);

#define W_T struct m_service
static const struct m_field m_service_fields[] = {
	W_STR("code", code, WF_REQ),
	W_STR("prefix", prefix, WF_REQ),
	W_STR("name", name, WF_REQ),
	W_ARR("matters", matters, nmatters, WF_LIST, struct m_matter, m_matter_desc),
};
#undef W_T
const struct m_desc m_service_desc = W_DESC(struct m_service, m_service_fields);

#define W_T struct m_case_step
static const struct m_field m_step_by_fields[] = {
	W_STR("user", by_user, WF_NULL),
	W_STR("name", by_name, WF_NULL),
};
static const struct m_desc m_step_by_desc = W_DESC(struct m_case_step, m_step_by_fields);

/* What the client shows of a step's detail: a due_changed step's. */
static const struct m_field m_step_detail_fields[] = {
	W_DATE("from", due_from, 0),
	W_DATE("to", due_to, 0),
	W_INT("year", due_year, 0, 0),
	W_BOOL("provisional", due_provisional, 0),
};
static const struct m_desc m_step_detail_desc = W_DESC(struct m_case_step, m_step_detail_fields);

static const struct m_field m_case_step_fields[] = {
	W_STR("at", at, 0),
	W_STR("action", action, WF_REQ),
	W_SUB("by", 0, m_step_by_desc),
	W_INT("window", window, 0, 0),
	W_STR("ticket_number", ticket_number, WF_NULL),
	W_SUB("detail", 0, m_step_detail_desc),
};
#undef W_T
const struct m_desc m_case_step_desc = W_DESC(struct m_case_step, m_case_step_fields);

#define W_T struct m_case
static const struct m_field m_applicant_fields[] = {
	W_STR("name", applicant_name, 0),
	W_STR("id_number", applicant_id, 0),
	W_STR("phone", applicant_phone, 0),
};
static const struct m_desc m_applicant_desc = W_DESC(struct m_case, m_applicant_fields);

static const struct m_field m_agent_fields[] = {
	W_STR("name", agent_name, WF_NULL),
	W_STR("id_number", agent_id, WF_NULL),
	W_STR("phone", agent_phone, WF_NULL),
	W_STR("relation", agent_relation, WF_NULL),
};
static const struct m_desc m_agent_desc = W_DESC(struct m_case, m_agent_fields);
static const struct m_field m_assist_fields[] = {
	W_STR("mode", assist, WF_NULL),
	W_STR("by", assist_by, WF_NULL),
	W_SUB("agent", 0, m_agent_desc),
};
static const struct m_desc m_assist_desc = W_DESC(struct m_case, m_assist_fields);

static const struct m_field m_case_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_ENUM("status", status, WF_REQ, enum m_case_status, m_wire_case_status),
	W_I64("ticket", ticket, 0),
	W_STR("matter", matter, WF_REQ),
	W_STR("matter_name", matter_name, 0),
	W_ENUM("kind", kind, 0, enum m_matter_kind, m_wire_matter_kind),
	W_INT("working_days", working_days, 0, 0),
	W_INT("window", window, 0, 0),
	W_SUB("applicant", 0, m_applicant_desc),
	W_INTV("received", received, nreceived, 0),
	W_INTV("missing", missing, nmissing, 0),
	W_ARR("missing_materials", missing_materials, nmissing_materials, WF_LIST,
	      struct m_material, m_material_desc),
	W_ARR("owed", owed, nowed, WF_LIST, struct m_owed, m_owed_desc),
	W_DATE("accepted_on", accepted_on, 0),
	W_DATE("due", due, 0),
	W_DATE("completed_on", completed_on, 0),
	W_BOOL("provisional", provisional, 0),
	W_INT("provisional_year", provisional_year, 0, 0),
	W_OPT(WK_INT, "working_days_left", working_days_left, int, has_days_left, NULL),
	W_OPT(WK_BOOL, "on_time", on_time, bool, has_on_time, NULL),
	W_INT("working_days_used", working_days_used, 0, -1),
	W_INT("rating", rating, 0, 0),
	W_STR("service", service, 0),
	W_STR("result", result, WF_NULL),
	W_STR("home_visit", home_visit, WF_NULL),
	W_SUB("assist", 0, m_assist_desc),
	W_ARR("steps", steps, nsteps, WF_LIST, struct m_case_step, m_case_step_desc),
};
#undef W_T
const struct m_desc m_case_desc = W_DESC(struct m_case, m_case_fields);

#define W_T struct m_event
/* What a trainer's feed shows of an event's data; the hall's clerk needs
 * none of it. */
static const struct m_field m_event_data_fields[] = {
	W_STR("number", number, WF_NULL),
	W_STR("user", user, WF_NULL),
	W_STR("status", status, WF_NULL),
	W_STR("to_service", to_service, WF_NULL),
	W_INT("to_window", to_window, 0, 0),
	W_INT("target_window", target_window, 0, 0),
	W_INT("level", level, 0, 0),
	W_STR("from", from, WF_NULL),
	W_STR("to", to, WF_NULL),
	W_INT("year", year, 0, 0),
	W_BOOL("provisional", due_provisional, 0),
	W_STR("channel", channel, WF_NULL),
	W_STR("reason", reason, WF_NULL),
};
static const struct m_desc m_event_data_desc = W_DESC(struct m_event, m_event_data_fields);

static const struct m_field m_event_fields[] = {
	W_I64("seq", seq, WF_REQ),
	W_TIME("at", at, 0),
	W_STR("kind", kind, WF_REQ),
	W_INT("window", window, 0, 0),
	W_I64("ticket", ticket, 0),
	W_I64("case", case_id, 0),
	W_SUB("data", 0, m_event_data_desc),
};
#undef W_T
const struct m_desc m_event_desc = W_DESC(struct m_event, m_event_fields);

#define W_T struct m_cover
static const struct m_field m_cover_fields[] = {
	W_INT("window", window, 0, 0),
	W_STR("a", a, 0),
	W_STR("a_name", a_name, 0),
	W_STR("reason", reason, 0),
	W_TIME("from", from, 0),
	W_TIME("to", to, 0),
	W_STR("note", note, 0),
	W_TIME("since", since, 0),
};
#undef W_T
const struct m_desc m_cover_desc = W_DESC(struct m_cover, m_cover_fields);

#define W_T struct m_session
static const struct m_field m_session_fields[] = {
	W_STR("token", token, WF_REQ | WF_SECRET),
	W_STR("role", role, WF_REQ),
	W_STR("user", user, WF_REQ),
	W_STR("name", name, 0),
	W_STR("drill", drill, WF_NULL),
	W_I64("hall", hall, 0),
	/* "windows": a fixed array, filled by the net layer's hook. */
	W_PLAIN(windows, int),
	W_PLAIN(nwindows, int),
	W_OPT(WK_OBJ, "covering", covering, struct m_cover, has_covering, &m_cover_desc),
	W_BOOL("absence_ended", absence_ended, 0),
};
#undef W_T
const struct m_desc m_session_desc = W_DESC(struct m_session, m_session_fields);

/* GET /me: the session of the token sent, which it does not repeat. */
#define W_T struct m_session
static const struct m_field m_me_fields[] = {
	W_STR("token", token, WF_SECRET),   /* not sent: the client has it */
	W_STR("role", role, WF_REQ),
	W_STR("user", user, WF_REQ),
	W_STR("name", name, 0),
	W_STR("drill", drill, WF_NULL),
	W_I64("hall", hall, 0),
	W_PLAIN(windows, int),
	W_PLAIN(nwindows, int),
	W_OPT(WK_OBJ, "covering", covering, struct m_cover, has_covering, &m_cover_desc),
	W_PLAIN(absence_ended, bool),       /* the sign-in's news only */
};
#undef W_T
const struct m_desc m_me_desc = W_DESC(struct m_session, m_me_fields);

/* Our own request bodies (api_encode_*), read back; the applicant's ID
 * number and phone are not read. */
#define W_T struct m_request
static const struct m_field m_request_fields[] = {
	W_INT("level", level, 0, 0),
	W_STR("reason", reason, WF_NULL),
	W_INTV("received", received, nreceived, 0),
	W_INT("window", window, 0, 0),
	W_STR("service", service, WF_NULL),
	W_I64("ticket", ticket, 0),
	W_STR("matter", matter, WF_NULL),
	W_STR("note", note, WF_NULL),
	W_INT("rating", rating, 0, 0),
};
#undef W_T
const struct m_desc m_request_desc = W_DESC(struct m_request, m_request_fields);

/* Not on the wire: a refused replay, shown to the clerk; described so that
 * m_free releases it like the others. */
#define W_T struct m_conflict
static const struct m_field m_conflict_fields[] = {
	W_PLAIN(seq, uint64_t),
	W_PLAIN(at, int64_t),
	W_STR(NULL, action, 0),
	W_STR(NULL, label, 0),
	W_STR(NULL, ours, 0),
	W_STR(NULL, theirs, 0),
	W_STR(NULL, message, 0),
	W_PLAIN(status, long),
};
#undef W_T
const struct m_desc m_conflict_desc = W_DESC(struct m_conflict, m_conflict_fields);

/* The evaluator's window (evaluator.h). */
#define W_T struct m_eval_clerk
static const struct m_field m_eval_clerk_fields[] = {
	W_STR("user", user, WF_REQ),
	W_STR("name", name, 0),
};
#undef W_T
const struct m_desc m_eval_clerk_desc = W_DESC(struct m_eval_clerk, m_eval_clerk_fields);

#define W_T struct m_eval_ask
static const struct m_field m_eval_ask_fields[] = {
	W_I64("ticket", ticket, WF_REQ),
	W_STR("number", number, 0),
	W_I64("seconds_left", seconds_left, 0),
};
#undef W_T
const struct m_desc m_eval_ask_desc = W_DESC(struct m_eval_ask, m_eval_ask_fields);

#define W_T struct m_evaluator
static const struct m_field m_evaluator_fields[] = {
	W_INT("window", window, WF_REQ, 0),
	W_STR("window_name", window_name, 0),
	W_ENUM("status", status, WF_REQ, enum m_window_status, m_wire_window_status),
	W_OPT(WK_OBJ, "clerk", clerk, struct m_eval_clerk, has_clerk, &m_eval_clerk_desc),
	W_BOOL("serving", serving, 0),
	W_STR("ticket_number", ticket_number, WF_NULL),
	W_OPT(WK_OBJ, "asking", asking, struct m_eval_ask, has_asking, &m_eval_ask_desc),
};
#undef W_T
const struct m_desc m_evaluator_desc = W_DESC(struct m_evaluator, m_evaluator_fields);
