/* wire.h - one description per wire object: the tables of their members.
 *
 * Every struct that wicketd's JSON decodes into (model.h, model_sup.h,
 * drill.h) has one table here, pure data: each member's JSON key, its C
 * name, kind, offset, size and alignment, the nested table of an object or
 * an array's elements, and where an array's count (or an optional value's
 * "came" flag) lives.  Two engines walk the same tables: m_free() below,
 * which releases what a struct owns, and the net layer's decoder, which
 * fills one from JSON.  Nothing here knows JSON.
 *
 * A table that forgets an owned member would leak it; tests/unit/test_wire.c
 * rebuilds each struct's layout from its table and fails when a gap is left
 * that a pointer could sit in.  So every member is in its table, also the
 * ones no key decodes (key NULL: filled by the net layer's hook for that
 * struct, or not from the wire at all). */
#ifndef WICKET_MODEL_WIRE_H
#define WICKET_MODEL_WIRE_H

#include <stdbool.h>
#include <stddef.h>

#include "wicket/model/callscreen.h"
#include "wicket/model/drill.h"
#include "wicket/model/evaluator.h"
#include "wicket/model/model.h"
#include "wicket/model/model_sup.h"

enum m_wire_kind {
	WK_STR,         /* char *, owned */
	WK_INT,         /* int */
	WK_I64,         /* int64_t */
	WK_BOOL,        /* bool */
	WK_TIME,        /* int64_t seconds since the epoch, from an API time */
	WK_DATE,        /* int32_t day number, from "YYYY-MM-DD" */
	WK_ENUM,        /* an enum (int-sized), from a name by f->parse */
	WK_OPEN,        /* a status name: the bool is true when it is "open" */
	WK_TENTHS,      /* a number >= 0 with one decimal, as int64_t tenths */
	WK_ARRAY,       /* owned array of f->type; the count (size_t) at f->aux */
	WK_STRV,        /* owned array of owned strings; the count at f->aux */
	WK_INTV,        /* owned array of int; the count at f->aux */
	WK_OBJ,         /* a struct of f->type at f->off (WF_SUB: this same struct) */
	WK_PLAIN,       /* owns nothing and no key decodes it (see key) */
};

#define WF_REQ    1u    /* must be present and not null */
#define WF_FULL   2u    /* required in a whole object, not in a list entry */
#define WF_LIST   4u    /* WK_ARRAY: the elements are list entries (WF_FULL not required) */
#define WF_LINES  8u    /* strings keep their newlines, and may be long */
#define WF_HAS   16u    /* set the bool at f->aux when a non-null value came */
#define WF_NULL  32u    /* WK_STR: absent or null stays NULL (otherwise "") */
#define WF_SUB   64u    /* WK_OBJ: a JSON object whose members land in this same struct */
#define WF_SECRET 128u  /* WK_STR: wiped before it is freed (a credential) */

struct m_desc;

struct m_field {
	const char *key;                /* the JSON member; NULL: no key decodes it */
	const char *member;             /* the C member's name (NULL for WF_SUB) */
	enum m_wire_kind kind;
	unsigned flags;
	size_t off, size, align;        /* the member: offset, sizeof, alignment */
	size_t aux, aux_size, aux_align;/* the count or the WF_HAS bool; aux_size 0: none */
	const struct m_desc *type;      /* WK_ARRAY, WK_OBJ */
	int (*parse)(const char *s);    /* WK_ENUM: the value of a name (never fails) */
	int none;                       /* WK_INT, WK_I64, WK_TENTHS: the value when absent or null */
};

struct m_desc {
	const char *name;               /* the struct's, for messages */
	size_t size, align;
	const struct m_field *fields;
	size_t nfields;
};

/* Release what obj (described by d) owns, and zero it; obj itself is the
 * caller's.  A zeroed struct is a valid empty one, also after this. */
void m_free(const struct m_desc *d, void *obj);
/* Move src into dst (both described by d): what dst owned is released
 * first, dst then owns what src owned, and src is left zeroed (a valid
 * empty struct, still the caller's). */
void m_take(const struct m_desc *d, void *dst, void *src);
/* Release n elements of d at v (may be NULL), and the array itself. */
void m_free_array(const struct m_desc *d, void *v, size_t n);
/* A deep copy of src into dst (whose old contents are overwritten, not
 * freed); the copy is the caller's, released with m_free. */
void m_copy(const struct m_desc *d, void *dst, const void *src);

/* The tables of model.h. */
extern const struct m_desc m_hall_desc;
extern const struct m_desc m_ticket_desc, m_window_desc, m_material_desc, m_matter_desc,
	m_service_desc, m_case_step_desc, m_case_desc, m_event_desc, m_session_desc, m_request_desc,
	m_conflict_desc, m_cover_desc;
/* GET /me's answer: a struct m_session without its token. */
extern const struct m_desc m_me_desc;
/* Of model_sup.h. */
extern const struct m_desc m_board_ticket_desc, m_board_cover_desc, m_board_window_desc, m_board_zone_desc,
	m_board_service_desc, m_due_case_desc, m_board_desc, m_day_entry_desc, m_day_case_desc,
	m_day_rating_desc, m_day_desc, m_follow_up_desc, m_finding_desc, m_audit_desc,
	m_outcome_desc, m_callback_desc, m_sample_desc, m_report_row_desc, m_report_cover_desc, m_report_desc,
	m_platform_hall_desc;
/* Of drill.h. */
extern const struct m_desc m_scenario_desc, m_rejected_desc, m_scenarios_desc,
	m_drill_window_desc, m_drill_ticket_desc, m_drill_applicant_desc, m_drill_desc,
	m_points_desc, m_criteria_desc, m_score_applicant_desc, m_score_trainee_desc,
	m_score_desc, m_rank_desc, m_leaderboard_desc;

/* Appointments (model.h). */
extern const struct m_desc m_booking_desc, m_home_visit_desc, m_extra_session_desc;
extern const struct m_desc m_deferred_desc;
extern const struct m_desc m_enquiry_desc, m_report_enquiries_desc;
/* Of callscreen.h. */
extern const struct m_desc m_call_desc, m_zone_desc, m_waiting_desc, m_calls_desc;
/* Of evaluator.h. */
extern const struct m_desc m_eval_clerk_desc, m_eval_ask_desc, m_evaluator_desc, m_rating_channels_desc;

/* The enums' parsers of model.h, model_sup.h and drill.h, as WK_ENUM wants
 * them: the value of a name (an unknown one gives the enum's fallback). */
int m_wire_priority(const char *s);
int m_wire_ticket_status(const char *s);
int m_wire_window_status(const char *s);
int m_wire_case_status(const char *s);
int m_wire_material_form(const char *s);
int m_wire_matter_kind(const char *s);
int m_wire_drill_status(const char *s);
int m_wire_callback_kind(const char *s);

/* Every table above, for the tests that check them all; NULL-terminated. */
extern const struct m_desc *const m_wire_descs[];

/* --- writing a table ------------------------------------------------------
 * Define W_T as the struct, then one W_* per member.  A member whose type
 * is not the one its kind writes does not compile (W_AT). */

#define W_AT(m, type) _Generic(((W_T *)0)->m, type: offsetof(W_T, m))
#define W_MEM(m, type) .member = #m, .off = W_AT(m, type), .size = sizeof(type), \
	.align = _Alignof(type)
#define W_AUX(n, type) .aux = W_AT(n, type), .aux_size = sizeof(type), .aux_align = _Alignof(type)

#define W_STR(k, m, fl)       { .key = k, W_MEM(m, char *), .kind = WK_STR, .flags = fl }
#define W_INT(k, m, fl, n)    { .key = k, W_MEM(m, int), .kind = WK_INT, .flags = fl, .none = n }
#define W_I64(k, m, fl)       { .key = k, W_MEM(m, int64_t), .kind = WK_I64, .flags = fl }
/* A whole number or null (-1). */
#define W_I64N(k, m, fl)      { .key = k, W_MEM(m, int64_t), .kind = WK_I64, .flags = fl, .none = -1 }
#define W_TENTHS(k, m, fl)    { .key = k, W_MEM(m, int64_t), .kind = WK_TENTHS, .flags = fl, .none = -1 }
#define W_BOOL(k, m, fl)      { .key = k, W_MEM(m, bool), .kind = WK_BOOL, .flags = fl }
#define W_TIME(k, m, fl)      { .key = k, W_MEM(m, int64_t), .kind = WK_TIME, .flags = fl }
#define W_DATE(k, m, fl)      { .key = k, W_MEM(m, int32_t), .kind = WK_DATE, .flags = fl }
#define W_ENUM(k, m, fl, etype, fn) { .key = k, W_MEM(m, etype), .kind = WK_ENUM, .flags = fl, .parse = fn }
#define W_OPEN(k, m, fl)      { .key = k, W_MEM(m, bool), .kind = WK_OPEN, .flags = fl }
#define W_ARR(k, m, n, fl, etype, t) \
	{ .key = k, W_MEM(m, etype *), W_AUX(n, size_t), .kind = WK_ARRAY, .flags = fl, .type = &t }
#define W_STRV(k, m, n, fl)   { .key = k, W_MEM(m, char **), W_AUX(n, size_t), .kind = WK_STRV, .flags = fl }
#define W_INTV(k, m, n, fl)   { .key = k, W_MEM(m, int *), W_AUX(n, size_t), .kind = WK_INTV, .flags = fl }
#define W_OBJ(k, m, fl, otype, t) { .key = k, W_MEM(m, otype), .kind = WK_OBJ, .flags = fl, .type = &t }
/* A nested JSON object whose members land in this same struct (t describes
 * W_T too). */
#define W_SUB(k, fl, t)       { .key = k, .kind = WK_OBJ, .flags = WF_SUB | (fl), .type = &t }
/* A value or null, with a bool telling which; kind WK_OBJ needs t. */
#define W_OPT(kd, k, m, ctype, has, t) \
	{ .key = k, W_MEM(m, ctype), W_AUX(has, bool), .kind = kd, .flags = WF_HAS, .type = t }
/* An enum or null, with a bool telling which. */
#define W_OPT_ENUM(k, m, etype, has, fn) \
	{ .key = k, W_MEM(m, etype), W_AUX(has, bool), .kind = WK_ENUM, .flags = WF_HAS, .parse = fn }
/* A member that owns nothing and that no key decodes (an array of a fixed
 * size is described by its element type). */
#define W_PLAIN(m, etype)     { .member = #m, .off = offsetof(W_T, m), \
	.size = sizeof(((W_T *)0)->m), .align = _Alignof(etype), .kind = WK_PLAIN }

#define W_DESC(T, table) { .name = #T, .size = sizeof(T), .align = _Alignof(T), \
	.fields = table, .nfields = sizeof table / sizeof table[0] }

#endif
