/* wire_sup.c - the tables of the supervisor's wire objects (model_sup.h;
 * wire.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stddef.h>
#include <stdint.h>

#include "wicket/model/wire.h"

#define W_T struct m_board_ticket
static const struct m_field m_board_ticket_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_ENUM("status", status, WF_REQ, enum m_ticket_status, m_wire_ticket_status),
	W_TIME("since", since, 0),
	W_I64("seconds", seconds, 0),
};
#undef W_T
const struct m_desc m_board_ticket_desc = W_DESC(struct m_board_ticket, m_board_ticket_fields);

#define W_T struct m_board_cover
static const struct m_field m_board_cover_fields[] = {
	W_STR("user", user, 0),
	W_STR("name", name, 0),
	W_STR("a", a, 0),
	W_STR("a_name", a_name, 0),
	W_TIME("since", since, 0),
};
#undef W_T
const struct m_desc m_board_cover_desc = W_DESC(struct m_board_cover, m_board_cover_fields);

#define W_T struct m_board_window
static const struct m_field m_board_window_fields[] = {
	W_INT("no", no, WF_REQ, 0),
	W_STR("name", name, WF_REQ),
	W_STR("zone", zone, 0),
	W_STR("zone_name", zone_name, 0),
	W_ENUM("status", status, WF_REQ, enum m_window_status, m_wire_window_status),
	W_STR("pause_reason", pause_reason, WF_NULL),
	W_TIME("status_since", status_since, 0),
	W_I64("status_seconds", status_seconds, 0),
	W_STR("clerk", clerk, WF_NULL),
	W_STR("clerk_name", clerk_name, WF_NULL),
	W_OPT(WK_BOOL, "attended", attended, bool, has_attended, NULL),
	W_OPT(WK_OBJ, "current", current, struct m_board_ticket, has_current, &m_board_ticket_desc),
	W_INT("served_today", served_today, 0, 0),
	W_OPT(WK_OBJ, "covering", covering, struct m_board_cover, has_covering, &m_board_cover_desc),
	W_BOOL("unattended", unattended, 0),
};
#undef W_T
const struct m_desc m_board_window_desc = W_DESC(struct m_board_window, m_board_window_fields);

#define W_T struct m_board_zone
static const struct m_field m_board_zone_fields[] = {
	W_STR("code", code, WF_REQ),
	W_STR("name", name, 0),
	W_ARR("windows", windows, nwindows, WF_REQ, struct m_board_window, m_board_window_desc),
};
#undef W_T
const struct m_desc m_board_zone_desc = W_DESC(struct m_board_zone, m_board_zone_fields);

#define W_T struct m_board_service
static const struct m_field m_board_service_fields[] = {
	W_STR("code", code, WF_REQ),
	W_STR("name", name, 0),
	W_INT("waiting", waiting, 0, 0),
	W_INT("open_windows", open_windows, 0, -1),
	W_I64("longest_wait", longest_wait, 0),
	W_STR("oldest", oldest, WF_NULL),
};
#undef W_T
const struct m_desc m_board_service_desc = W_DESC(struct m_board_service, m_board_service_fields);

/* A hall of GET /halls; a 409 choose_hall's choice has its id and name only. */
#define W_T struct m_platform_hall
static const struct m_field m_platform_hall_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("code", code, 0),
	W_STR("name", name, 0),
	W_STR("level", level, 0),
	W_INT("waiting", waiting, 0, 0),
	W_INT("windows", windows, 0, 0),
	W_INT("open_windows", open_windows, 0, 0),
	W_INT("overdue_cases", overdue_cases, 0, 0),
	W_INT("served_today", served_today, 0, 0),
};
#undef W_T
const struct m_desc m_platform_hall_desc = W_DESC(struct m_platform_hall, m_platform_hall_fields);

#define W_T struct m_due_case
static const struct m_field m_due_case_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_STR("matter", matter, 0),
	W_STR("matter_name", matter_name, 0),
	W_INT("window", window, 0, 0),
	W_STR("clerk", clerk, 0),
	W_DATE("due", due, 0),
	W_INT("working_days_overdue", working_days_overdue, 0, 0),
	W_BOOL("provisional", provisional, 0),
};
#undef W_T
const struct m_desc m_due_case_desc = W_DESC(struct m_due_case, m_due_case_fields);

#define W_T struct m_due_change
static const struct m_field m_due_change_fields[] = {
	W_I64("case", case_id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_INT("window", window, 0, 0),
	W_DATE("from", from, 0),
	W_DATE("to", to, WF_REQ),
	W_INT("year", year, 0, 0),
	W_BOOL("provisional", provisional, 0),
};
#undef W_T
static const struct m_desc m_due_change_desc = W_DESC(struct m_due_change, m_due_change_fields);

#define W_T struct m_board_hour
static const struct m_field m_board_hour_fields[] = {
	W_INT("hour", hour, WF_REQ, 0),
	W_INT("capacity", capacity, 0, 0),
	W_INT("booked", booked, 0, 0),
	W_INT("checked_in", checked_in, 0, 0),
	W_INT("no_show", no_show, 0, 0),
};
#undef W_T
static const struct m_desc m_board_hour_desc = W_DESC(struct m_board_hour, m_board_hour_fields);

#define W_T struct m_board
static const struct m_field m_board_calendar_fields[] = {
	W_INT("missing_year", calendar_missing_year, 0, 0),
	W_ARR("due_changes", due_changes, ndue_changes, 0, struct m_due_change, m_due_change_desc),
};
static const struct m_desc m_board_calendar_desc = W_DESC(struct m_board, m_board_calendar_fields);

static const struct m_field m_board_fields[] = {
	W_TIME("now", now, 0),
	W_DATE("today", today, 0),
	W_ARR("zones", zones, nzones, WF_REQ, struct m_board_zone, m_board_zone_desc),
	W_ARR("services", services, nservices, WF_REQ, struct m_board_service, m_board_service_desc),
	W_ARR("due_cases", due_cases, ndue_cases, WF_REQ, struct m_due_case, m_due_case_desc),
	W_SUB("calendar", 0, m_board_calendar_desc),
	/* Optional: a server without appointments sends none. */
	W_ARR("bookings", booking_hours, nbooking_hours, 0, struct m_board_hour, m_board_hour_desc),
};
#undef W_T
const struct m_desc m_board_desc = W_DESC(struct m_board, m_board_fields);

#define W_T struct m_day_entry
static const struct m_field m_day_entry_fields[] = {
	W_I64("seq", seq, WF_REQ),
	W_TIME("at", at, WF_REQ),
	W_STR("kind", kind, WF_REQ),
	W_I64("ticket", ticket, 0),
	W_I64("case", case_id, 0),
	W_STR("user", user, WF_NULL),
	W_STR("user_name", user_name, WF_NULL),
	/* From "data", picked by the net layer's hook (members of the
	 * expected type only). */
	W_STR(NULL, number, 0),
	W_STR(NULL, reason, 0),
	W_PLAIN(to_window, int),
	W_STR(NULL, to_service, 0),
	W_PLAIN(recalls, int),
	W_PLAIN(level, int),
	W_PLAIN(failed, int),
	W_PLAIN(findings, int),
	W_PLAIN(closed, bool),
};
#undef W_T
const struct m_desc m_day_entry_desc = W_DESC(struct m_day_entry, m_day_entry_fields);

#define W_T struct m_day_case
static const struct m_field m_day_case_fields[] = {
	W_I64("id", id, WF_REQ),
	W_STR("number", number, WF_REQ),
	W_STR("matter", matter, 0),
	W_STR("matter_name", matter_name, 0),
	W_ENUM("kind", kind, 0, enum m_matter_kind, m_wire_matter_kind),
	W_ENUM("status", status, WF_REQ, enum m_case_status, m_wire_case_status),
	W_DATE("notified_on", notified_on, 0),
	W_DATE("accepted_on", accepted_on, 0),
	W_DATE("due", due, 0),
	W_DATE("completed_on", completed_on, 0),
	W_OPT(WK_BOOL, "on_time", on_time, bool, has_on_time, NULL),
	W_BOOL("provisional", provisional, 0),
	W_STR("clerk", clerk, 0),
};
#undef W_T
const struct m_desc m_day_case_desc = W_DESC(struct m_day_case, m_day_case_fields);

#define W_T struct m_day_rating
static const struct m_field m_day_rating_fields[] = {
	W_I64("case", case_id, WF_REQ),
	W_STR("number", number, 0),
	W_INT("level", level, WF_REQ, 0),
	W_STR("comment", comment, 0),
	W_TIME("at", at, 0),
};
#undef W_T
const struct m_desc m_day_rating_desc = W_DESC(struct m_day_rating, m_day_rating_fields);

#define W_T struct m_day
static const struct m_field m_day_ratings_fields[] = {
	W_INTV("counts", counts, ncounts, WF_REQ),
	W_INT("rated", rated, 0, 0),
	W_ARR("list", ratings, nratings, WF_REQ, struct m_day_rating, m_day_rating_desc),
};
static const struct m_desc m_day_ratings_desc = W_DESC(struct m_day, m_day_ratings_fields);
static const struct m_field m_day_fields[] = {
	W_INT("window", window, WF_REQ, 0),
	W_STR("name", name, 0),
	W_DATE("date", date, WF_REQ),
	W_ARR("timeline", timeline, ntimeline, WF_REQ, struct m_day_entry, m_day_entry_desc),
	W_I64("timeline_total", timeline_page.total, 0),
	W_I64("offset", timeline_page.offset, 0),
	W_ARR("cases", cases, ncases, WF_REQ, struct m_day_case, m_day_case_desc),
	W_SUB("ratings", WF_REQ, m_day_ratings_desc),
};
#undef W_T
const struct m_desc m_day_desc = W_DESC(struct m_day, m_day_fields);

#define W_T struct m_follow_up
static const struct m_field m_follow_up_fields[] = {
	W_TIME("at", at, 0),
	W_STR("user", user, 0),
	W_STR("note", note, 0),
	W_BOOL("closed", closed, 0),
};
#undef W_T
const struct m_desc m_follow_up_desc = W_DESC(struct m_follow_up, m_follow_up_fields);

#define W_T struct m_finding
static const struct m_field m_finding_fields[] = {
	W_INT("n", n, WF_REQ, 0),
	W_STR("text", text, WF_REQ),
	W_INT("rectify_days", rectify_days, 0, 0),
	W_DATE("due", due, WF_REQ),
	W_BOOL("provisional", provisional, 0),
	W_OPEN("status", open, WF_REQ),
	W_BOOL("overdue", overdue, 0),
	W_OPT(WK_INT, "working_days_left", working_days_left, int, has_days_left, NULL),
	W_DATE("closed_on", closed_on, 0),
	W_ARR("follow_ups", follow_ups, nfollow_ups, 0, struct m_follow_up, m_follow_up_desc),
	W_I64("audit", audit, 0),
	W_INT("window", window, 0, 0),
	W_DATE("audit_day", audit_day, 0),
};
#undef W_T
const struct m_desc m_finding_desc = W_DESC(struct m_finding, m_finding_fields);

#define W_T struct m_audit
static const struct m_field m_checklist_fields[] = {
#define X(id, key, label) W_BOOL(key, checklist[AUDIT_##id], WF_REQ),
	M_AUDIT_ITEMS(X)
#undef X
};
static const struct m_desc m_checklist_desc = W_DESC(struct m_audit, m_checklist_fields);
static const struct m_field m_audit_fields[] = {
	W_I64("id", id, WF_REQ),
	W_INT("window", window, WF_REQ, 0),
	W_STR("window_name", window_name, 0),
	W_DATE("day", day, 0),
	W_TIME("at", at, 0),
	W_STR("supervisor", supervisor, 0),
	W_STR("supervisor_name", supervisor_name, 0),
	W_STR("clerk", clerk, WF_NULL),
	W_STR("clerk_name", clerk_name, WF_NULL),
	W_SUB("checklist", WF_REQ, m_checklist_desc),
	W_INT("failed", failed, 0, 0),
	W_INT("open_findings", open_findings, 0, 0),
	W_INT("overdue_findings", overdue_findings, 0, 0),
	/* "findings": a count in a list entry, the findings themselves in
	 * the full audit; read by the net layer's hook. */
	W_PLAIN(nfindings_total, int),
	W_ARR(NULL, findings, nfindings, 0, struct m_finding, m_finding_desc),
};
#undef W_T
const struct m_desc m_audit_desc = W_DESC(struct m_audit, m_audit_fields);

#define W_T struct m_outcome
static const struct m_field m_outcome_fields[] = {
	W_BOOL("reached", reached, WF_REQ),
	W_INT("attitude", attitude, 0, 0),
	W_INT("competence", competence, 0, 0),
	W_INT("rating", rating, 0, 0),
	W_STR("remarks", remarks, 0),
	W_TIME("at", at, 0),
	W_STR("user", user, 0),
};
#undef W_T
const struct m_desc m_outcome_desc = W_DESC(struct m_outcome, m_outcome_fields);

#define W_T struct m_callback
static const struct m_field m_cb_applicant_fields[] = {
	W_STR("name", applicant_name, 0),
	W_STR("id_number", applicant_id, 0),
	W_STR("phone", applicant_phone, 0),
};
static const struct m_desc m_cb_applicant_desc = W_DESC(struct m_callback, m_cb_applicant_fields);
static const struct m_field m_callback_fields[] = {
	W_I64("id", id, 0),
	W_ENUM("kind", kind, WF_REQ, enum m_callback_kind, m_wire_callback_kind),
	W_OPEN("status", open, 0),
	W_I64("sample", sample, 0),
	W_STR("source", source, WF_NULL),
	W_INT("source_level", source_level, 0, 0),
	W_I64("parent", parent, 0),
	W_I64("next", next, 0),
	W_TIME("created_at", created_at, 0),
	W_DATE("due", due, 0),
	W_BOOL("provisional", provisional, 0),
	W_BOOL("overdue", overdue, 0),
	W_OPT(WK_OBJ, "outcome", outcome, struct m_outcome, has_outcome, &m_outcome_desc),
	W_I64("case", case_id, 0),
	W_STR("case_number", case_number, 0),
	W_I64("ticket", ticket, 0),
	W_STR("ticket_number", ticket_number, 0),
	W_INT("window", window, 0, 0),
	W_STR("clerk", clerk, 0),
	W_STR("matter", matter, 0),
	W_STR("matter_name", matter_name, 0),
	W_DATE("completed_on", completed_on, 0),
	W_INT("case_rating", case_rating, 0, 0),
	W_SUB("applicant", 0, m_cb_applicant_desc),
};
#undef W_T
const struct m_desc m_callback_desc = W_DESC(struct m_callback, m_callback_fields);

#define W_T struct m_sample
static const struct m_field m_sample_fields[] = {
	W_I64("id", id, 0),
	W_DATE("from", from, 0),
	W_DATE("to", to, 0),
	W_I64("seed", seed, WF_REQ),
	W_INT("exclude_days", exclude_days, 0, 0),
	W_INT("population", population, 0, 0),
	W_INT("drawn", drawn, WF_REQ, 0),
};
#undef W_T
const struct m_desc m_sample_desc = W_DESC(struct m_sample, m_sample_fields);

#define W_T struct m_report_row
static const struct m_field m_report_row_fields[] = {
	W_STR("key", key, WF_NULL),
	W_STR("name", name, WF_NULL),
	W_I64("tickets_called", tickets_called, 0),
	W_I64("tickets_served", tickets_served, 0),
	W_I64("no_shows", no_shows, 0),
	W_I64("transferred", transferred, 0),
	W_I64N("wait_avg", wait_avg, 0),
	W_I64N("wait_p90", wait_p90, 0),
	W_I64N("handle_avg", handle_avg, 0),
	W_I64N("handle_p90", handle_p90, 0),
	W_I64N("paused_seconds", paused_seconds, 0),
	W_I64("promised_completed", promised_completed, 0),
	W_I64("promised_on_time", promised_on_time, 0),
	W_TENTHS("on_time_pct", on_time_pct, 0),
	W_I64("overdue_open", overdue_open, 0),
	W_I64("accepted", accepted, 0),
	W_I64("accepted_first_visit", accepted_first_visit, 0),
	W_TENTHS("one_visit_pct", one_visit_pct, 0),
	W_INTV("ratings", ratings, nratings, 0),
	W_I64("rated", rated, 0),
	W_TENTHS("satisfied_pct", satisfied_pct, 0),
	W_I64("extended_services", extended_services, 0),
	W_I64("extended_minutes", extended_minutes, 0),
	W_I64("assisted_help", assisted_help, 0),
	W_I64("assisted_proxy", assisted_proxy, 0),
};
#undef W_T
const struct m_desc m_report_row_desc = W_DESC(struct m_report_row, m_report_row_fields);

#define W_T struct m_rating_channels
static const struct m_field m_rating_channels_fields[] = {
	W_I64("evaluator", evaluator, 0),
	W_I64("paper", paper, 0),
	W_I64("callback", callback, 0),
	W_I64("system_default", system_default, 0),
	W_I64("services", services, 0),
	W_I64("services_rated", services_rated, 0),
	W_TENTHS("rated_pct", rated_pct, 0),
};
#undef W_T
const struct m_desc m_rating_channels_desc = W_DESC(struct m_rating_channels, m_rating_channels_fields);

#define W_T struct m_report_cover
static const struct m_field m_report_cover_fields[] = {
	W_INT("window", window, 0, 0),
	W_STR("a_name", a_name, 0),
	W_STR("name", name, 0),
	W_I64("seconds", seconds, 0),
};
#undef W_T
const struct m_desc m_report_cover_desc = W_DESC(struct m_report_cover, m_report_cover_fields);
#define W_T struct m_report_enquiries
static const struct m_field m_report_enquiries_fields[] = {
	W_STR("user", user, 0),
	W_STR("name", name, 0),
	W_I64("recorded", recorded, 0),
	W_I64("closed", closed, 0),
	W_I64("closed_same_day", closed_same_day, 0),
};
#undef W_T
const struct m_desc m_report_enquiries_desc = W_DESC(struct m_report_enquiries, m_report_enquiries_fields);

#define W_T struct m_report
static const struct m_field m_report_fields[] = {
	W_DATE("from", from, WF_REQ),
	W_DATE("to", to, WF_REQ),
	W_STR("by", by, 0),
	W_TIME("generated_at", generated_at, 0),
	W_ARR("rows", rows, nrows, WF_REQ, struct m_report_row, m_report_row_desc),
	W_OBJ("total", total, WF_REQ, struct m_report_row, m_report_row_desc),
	W_OPT(WK_OBJ, "rating_channels", channels, struct m_rating_channels, has_channels,
	      &m_rating_channels_desc),
	W_ARR("cover", covers, ncovers, 0, struct m_report_cover, m_report_cover_desc),
	W_ARR("enquiries", enquiries, nenquiries, 0, struct m_report_enquiries, m_report_enquiries_desc),
};
#undef W_T
const struct m_desc m_report_desc = W_DESC(struct m_report, m_report_fields);
