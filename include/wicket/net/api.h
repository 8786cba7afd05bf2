/* api.h - wicketd's JSON (docs/api.md) to and from the structs of model.h.
 *
 * This is the edge: cJSON is used here and nowhere above the net layer.
 * Decoders check every field's type, reject what does not fit, and pass
 * every string through utf8_sanitize() so that no control character or
 * escape sequence from the network survives.  They return 0 and fill *out
 * (which the caller then owns), or -1
 * leaving *out empty and nothing allocated.  What a decoder fills is released
 * by the object's table (wicket/model/wire.h): m_free(&m_ticket_desc, &t),
 * and an array of n with m_free_array(&m_ticket_desc, v, n).  Encoders return a malloc'd
 * JSON string the caller frees.
 *
 * Limits against a hostile server: a string member is cut to 4 KiB (16 KiB
 * for multi-line texts: legal_basis, steps, notes) at a character boundary
 * before it is sanitised, and a reply with an array of more than 10,000
 * elements is refused.  Members of a known type are checked even when
 * optional; an absent or null optional member takes its "none" value:
 * 0, -1 for dates, NULL for the strings model.h says may be NULL (a
 * ticket's matter, a window's pause_reason, clerk and clerk_name), and ""
 * for every other string, so views can print them unchecked.  Unknown enum names decode to the *_UNKNOWN
 * value (or the first value where the enum has none), so a newer server
 * does not break an older client. */
#ifndef WICKET_API_H
#define WICKET_API_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/model/callscreen.h"
#include "wicket/model/drill.h"
#include "wicket/model/evaluator.h"
#include "wicket/model/model.h"
#include "wicket/model/model_sup.h"

/* {"token","role","user","name","windows":[..],"expires"}; only the first
 * 16 windows are kept. */
int api_decode_login(const char *body, size_t len, struct m_session *out);
/* GET /me: {"user","name","role","windows":[..]} (and "drill"), into a
 * session without its token (NULL). */
int api_decode_me(const char *body, size_t len, struct m_session *out);
int api_decode_ticket(const char *body, size_t len, struct m_ticket *out);
/* {"ticket": old, "new_ticket": new} of a transfer: the new ticket. */
int api_decode_transfer(const char *body, size_t len, struct m_ticket *out);
/* {"window": N, "tickets": [...]}: queue entries, a subset of the ticket
 * (status is then TS_WAITING). */
int api_decode_queue(const char *body, size_t len, struct m_ticket **out, size_t *n);
/* The same for a page of the queue (GET /windows/{no}/queue?limit=):
 * *total is how many wait in all (the list's length when the reply has no
 * total).  0 or -1. */
int api_decode_queue_page(const char *body, size_t len, struct m_ticket **out, size_t *n, int64_t *total);
/* {"windows": [...]} */
int api_decode_windows(const char *body, size_t len, struct m_window **out, size_t *n);
/* One window object. */
int api_decode_window(const char *body, size_t len, struct m_window *out);
/* GET /hall: the hall's settings and time.  Returns 0, or -1 (out zeroed);
 * free with m_free(&m_hall_desc, out). */
int api_decode_hall(const char *body, size_t len, struct m_hall *out);
/* GET /calls: the call screen's calls (newest first, recall set from
 * kind), waiting and zones.  Returns 0, or -1 (out left empty). */
int api_decode_calls(const char *body, size_t len, struct m_calls *out);
/* {"services": [...]} */
int api_decode_services(const char *body, size_t len, struct m_service **out, size_t *n);
/* A matter's full guide. */
int api_decode_matter(const char *body, size_t len, struct m_matter *out);
int api_decode_case(const char *body, size_t len, struct m_case *out);
/* {"cases": [...]} */
int api_decode_cases(const char *body, size_t len, struct m_case **out, size_t *n);
/* {"cases": [...], "total": N}: a page of a list or a search, and how many
 * match in all (into *total). */
int api_decode_cases_page(const char *body, size_t len, struct m_case **out, size_t *n,
			  int64_t *total);
/* {"bookings": [...]} (GET /bookings): a malloc'd array the caller frees
 * with m_free_array(&m_booking_desc, ...).  0, or -1. */
int api_decode_bookings(const char *body, size_t len, struct m_booking **out, size_t *n);
/* {"booking": {...}, "ticket": {...}} (POST /bookings/{id}/check-in): the
 * two into the caller's structs (freed with m_free).  0, or -1. */
int api_decode_check_in(const char *body, size_t len, struct m_booking *booking, struct m_ticket *ticket);
/* {"events": [...], "last": N} */
int api_decode_events(const char *body, size_t len, struct m_event **out, size_t *n,
		      int64_t *last);
/* {"last": N} inside a 410 resync_required error: the seq to follow from. */
int api_decode_resync(const char *body, size_t len, int64_t *last);
/* One of our own request bodies (as api_encode_* made it), read back for the
 * clerk.  Returns 0, or -1 (out zeroed).  Free with m_free(&m_request_desc, out). */
int api_decode_request(const char *body, size_t len, struct m_request *out);

/* Parse an API time, "YYYY-MM-DDTHH:MM:SS" and "+HH:MM", "-HH:MM" or "Z"
 * (nothing else, nothing more), into seconds since the epoch; the offset
 * in the string decides, not the process's time zone.  Returns 0, or -1
 * leaving *out alone. */
int api_parse_time(const char *s, int64_t *out);

/* Encoders: the request bodies of docs/api.md.  The string they return is
 * cJSON's, made with malloc: release it with free().  NULL strings are
 * left out of the body. */
/* {"user","password"}, with "window" when window > 0, "drill" (a
 * trainee's sign-in to a drill) when drill is not NULL, and "hall" (the
 * platform's hall, its code or id) when hall is not NULL. */
char *api_encode_login(const char *user, const char *password, int window, const char *drill,
		       const char *hall);
/* {"reason": text}: the same body as api_encode_reason(). */
char *api_encode_pause(const char *reason);
/* {"ticket": id} for calling a chosen ticket; {} (the queue's next) when
 * ticket <= 0. */
char *api_encode_call(int64_t ticket);
/* {"window": N} when window > 0, else {"service": code}. */
char *api_encode_transfer(int window, const char *service);
/* The same, with "reason" when reason is not NULL or empty, and
 * "confirm": true when confirm (a transfer to a closed window). */
char *api_encode_transfer_to(int window, const char *service, const char *reason, bool confirm);
/* {"ticket","matter","applicant":{"name","id_number","phone"},"received":[..]} */
char *api_encode_case(int64_t ticket, const char *matter, const char *name,
		      const char *id_number, const char *phone,
		      const int *received, size_t nreceived);
/* {"home_visits": [...]} (GET /home-visits): a malloc'd array the caller
 * frees with m_free_array(&m_home_visit_desc, ...).  0, or -1. */
int api_decode_home_visits(const char *body, size_t len, struct m_home_visit **out, size_t *n);
/* {"deferred": [...]} (GET /cases/deferred, 容缺): a malloc'd array the
 * caller frees with m_free_array(&m_deferred_desc, ...); 0 or -1. */
int api_decode_deferred(const char *body, size_t len, struct m_deferred **out, size_t *n);
/* One home visit (the reply to POST /home-visits) into out (freed with
 * m_free).  0, or -1. */
int api_decode_home_visit(const char *body, size_t len, struct m_home_visit *out);
/* A home visit booked (POST /home-visits): {"matter", "group", "applicant":
 * {"name", "id_number", "phone"}, "address", "at", "clerk"}; malloc'd. */
char *api_encode_home_visit(const char *matter, const char *group, const char *name, const char *id_number,
			    const char *phone, const char *address, const char *at, const char *clerk);
/* {"enquiries": [...]} (GET /enquiries, 首问负责): a malloc'd array the
 * caller frees with m_free_array(&m_enquiry_desc, ...).  0, or -1. */
int api_decode_enquiries(const char *body, size_t len, struct m_enquiry **out, size_t *n);
/* One enquiry (the reply to POST /enquiries and its close) into out
 * (freed with m_free).  0, or -1. */
int api_decode_enquiry(const char *body, size_t len, struct m_enquiry *out);
/* An enquiry recorded (POST /enquiries).  Empty or NULL strings are left
 * out; window 0 is none. */
struct api_enquiry {
	const char *asked, *matter, *name, *phone;
	const char *action;       /* answered, ticket, transferred, open */
	const char *service;      /* the ticket's service (action ticket) */
	int window;               /* a transfer's window */
	const char *dept;         /* a transfer's department */
};
/* The body of POST /enquiries for e; malloc'd. */
char *api_encode_enquiry(const struct api_enquiry *e);
/* {"how": how} (POST /enquiries/{id}/close); malloc'd. */
char *api_encode_enquiry_close(const char *how);
/* {"clerk": clerk} (POST /home-visits/{id}/assign); malloc'd. */
char *api_encode_clerk(const char *clerk);
/* {"extra_sessions": [...]} (GET /extra-sessions): a malloc'd array the
 * caller frees with m_free_array(&m_extra_session_desc, ...).  0, or -1. */
int api_decode_extra_sessions(const char *body, size_t len, struct m_extra_session **out, size_t *n);
/* One 不打烊 session (the reply to POST /extra-sessions and its close) into
 * out (freed with m_free).  0, or -1. */
int api_decode_extra_session(const char *body, size_t len, struct m_extra_session *out);
/* A 不打烊 session opened (POST /extra-sessions): {"date", "hours",
 * "windows"}; malloc'd. */
char *api_encode_extra_session(const char *date, const char *hours, const int *windows, size_t n);
/* A booking (POST /bookings): {"service", "at", "channel", "applicant":
 * {"name", "id_number", "phone"}}; malloc'd. */
char *api_encode_booking(const char *service, const char *at, const char *channel, const char *name,
			 const char *id_number, const char *phone);
/* One booking (the reply to POST /bookings) into out (freed with m_free).
 * 0, or -1. */
int api_decode_booking(const char *body, size_t len, struct m_booking *out);
/* 容缺受理: body (a JSON object, taken over and freed) with "deferred":
 * [ids] and "promise": true added; malloc'd, NULL when body is not an
 * object. */
char *api_encode_deferred(char *body, const int *deferred, size_t n);
/* 帮办代办: body (a JSON object, taken over and freed) with "assist":
 * {"mode": mode} added, and for "proxy" its "agent" {name, id_number,
 * relation, phone}; malloc'd, NULL when body is not an object. */
char *api_encode_assist(char *body, const char *mode, const char *name, const char *id_number,
			const char *relation, const char *phone);
/* {"received": [..]} */
char *api_encode_materials(const int *received, size_t nreceived);
/* {"reason": text}, e.g. for suspending a case. */
char *api_encode_reason(const char *reason);
/* {"received": [..], "ticket": id}: materials brought on the visit of
 * ticket (<= 0: none, the back office). */
char *api_encode_materials_on(const int *received, size_t nreceived, int64_t ticket);
/* A case's step (docs/api.md, "Where a step is done"): {"ticket": id}
 * when ticket > 0, and {key: text} when both are given (e.g. "result" of
 * a completion, "reason" of a suspension); {} otherwise. */
char *api_encode_step(int64_t ticket, const char *key, const char *text);
/* {"level": 1..5} */
char *api_encode_rating(int level);

/* ---- the evaluator (评价器; evaluator.h; docs/api.md, "The evaluator") ---- */

/* GET /evaluator. */
int api_decode_evaluator(const char *body, size_t len, struct m_evaluator *out);
/* {"ticket", "level", "reason" (omitted when NULL), "comment" (omitted
 * when NULL or empty)}: the applicant's rating of a service. */
char *api_encode_eval_rating(int64_t ticket, int level, const char *reason, const char *comment);

/* ---- drills (drill.h; docs/api.md, "Drills") ---- */

/* {"scenarios": [...], "rejected": [{"file","error"}]}. */
int api_decode_scenarios(const char *body, size_t len, struct m_scenarios *out);
/* {"drills": [...], "total", "offset", "limit"}: a page of list entries (no
 * windows, no applicants), and where it stands in *page (unless NULL). */
int api_decode_drills(const char *body, size_t len, struct m_drill **out, size_t *n, struct m_page *page);
/* One whole drill: GET /drills/{id}, and the answer to starting, releasing,
 * running and resetting one. */
int api_decode_drill(const char *body, size_t len, struct m_drill *out);
/* The score per trainee and per applicant (GET /drills/{id}/score, and the
 * answer to finishing). */
int api_decode_score(const char *body, size_t len, struct m_score *out);
/* {"competition","drills","entries":[...]}. */
int api_decode_leaderboard(const char *body, size_t len, struct m_leaderboard *out);
/* {"scenario","trainees":[...],"competition"} (competition left out when
 * NULL). */
char *api_encode_drill_start(const char *scenario, char *const *trainees, size_t ntrainees,
			     const char *competition);
/* {"on": true|false}: the script's clock. */
char *api_encode_run(bool on);

/* ---- the supervisor's (docs/api.md, "Supervisors"; model_sup.h) ---- */

/* GET /halls: the halls at and under the caller's, with their figures
 * (m_free_array(&m_platform_hall_desc, ...)).  0, or -1. */
int api_decode_halls(const char *body, size_t len, struct m_platform_hall **out, size_t *n);
/* A 409 choose_hall's body: the halls to choose from, with their names
 * ("choices"), or with their ids alone ("" names) from a server that
 * names none; the caller frees them as api_decode_halls's.  0, or -1
 * when the body is not a choose_hall error. */
int api_decode_choose_hall(const char *body, size_t len, struct m_platform_hall **out, size_t *n);
/* GET /board. */
int api_decode_board(const char *body, size_t len, struct m_board *out);
/* GET /windows/{no}/day: a page of the timeline in timeline/ntimeline,
 * where it stands in timeline_page (total at least offset + ntimeline). */
int api_decode_day(const char *body, size_t len, struct m_day *out);
/* One audit: the full one (findings with their follow-ups), or a list
 * entry (the findings' count in nfindings_total, no findings). */
int api_decode_audit(const char *body, size_t len, struct m_audit *out);
/* The paged lists below: a page of elements in *out (the caller's, released
 * with m_free_array), n of them, and where the page stands in *page unless
 * page is NULL (total at least offset + n: a reply without them is the
 * whole list).  Return 0, or -1 keeping nothing. */
/* {"from","to","audits": [...], "total","offset","limit"} */
int api_decode_audits(const char *body, size_t len, struct m_audit **out, size_t *n, struct m_page *page);
/* {"rectifications": [...], ...}: findings with their audit, window and day. */
int api_decode_rectifications(const char *body, size_t len, struct m_finding **out, size_t *n,
			      struct m_page *page);
/* {"callbacks": [...], ...} */
int api_decode_callbacks(const char *body, size_t len, struct m_callback **out, size_t *n,
			 struct m_page *page);
/* One callback (an outcome's reply). */
int api_decode_callback(const char *body, size_t len, struct m_callback *out);
/* {"sample": {...}, "callbacks": [...]}: on failure *sample is zeroed and
 * no callbacks are kept. */
int api_decode_sample(const char *body, size_t len, struct m_sample *sample,
		      struct m_callback **out, size_t *n);
/* GET /reports (JSON): the rows and the total. */
int api_decode_report(const char *body, size_t len, struct m_report *out);

/* {"window", "checklist": {item: complied, ...}, "findings": [{"text",
 * "rectify_days"}, ...]} with ok[] in the order of M_AUDIT_ITEMS. */
char *api_encode_audit(int window, const bool ok[M_AUDIT_NITEMS], const char *const *texts,
		       const int *days, size_t n);
/* {"note", "closed"} */
char *api_encode_follow_up(const char *note, bool closed);
/* POST /absences (AB岗): {user, reason, from, to, note}; user NULL for the
 * signed-in clerk's own absence (a supervisor names the clerk).  The
 * caller frees it. */
char *api_encode_absence(const char *user, const char *reason, const char *from, const char *to,
			 const char *note);
/* {"from", "to", "size", "seed" (left out when seed < 0), "exclude_days"} */
char *api_encode_sample(const char *from, const char *to, int size, int64_t seed, int exclude_days);
/* {"reached"} and, when reached, "attitude", "competence", "rating"; then
 * "remarks" unless NULL or empty. */
char *api_encode_outcome(bool reached, int attitude, int competence, int rating, const char *remarks);

#endif
