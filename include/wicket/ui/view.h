/* view.h - the screens, each a table of operations (tig's struct view_ops).
 *
 * Views only read state and draw it (htop's split): the client owns the
 * state (struct counter, the sign-in form, the open dialog), turns keys into
 * actions, changes the state and marks it dirty; then, once per loop turn,
 * the current view draws. */
#ifndef WICKET_VIEW_H
#define WICKET_VIEW_H

#include <stdbool.h>
#include <stdint.h>

#include <curses.h>

#include "wicket/model/callscreen.h"
#include "wicket/model/counter.h"
#include "wicket/model/desk.h"
#include "wicket/model/evaluator.h"
#include "wicket/model/guide.h"
#include "wicket/ui/keymap.h"
#include "wicket/model/trainer.h"
#include "wicket/ui/ui.h"

/* ---- a text form: sign-in, pause reason, applicant details ---- */
#define FORM_MAX_FIELDS 8         /* a home visit booked: the matter to the clerk */
#define FORM_FIELD_BYTES DESK_TEXT_BYTES   /* a finding: 200 characters of Chinese */

struct form_field {
	const char *label;        /* msgid */
	char value[FORM_FIELD_BYTES];
	bool masked;              /* passwords: drawn as '*' */
	size_t max_chars;         /* 0 = no limit beyond the buffer */
};

struct form {
	const char *title;        /* msgid */
	struct form_field f[FORM_MAX_FIELDS];
	int nfields;
	int focus;
	char error[256];          /* shown under the fields; "" when none */
};

enum form_result { FORM_EDITING, FORM_SUBMIT, FORM_CANCEL };

/* Feed one key (a curses key code, or a Unicode code point for text with
 * is_char set).  Returns whether the form was submitted or cancelled. */
enum form_result form_key(struct form *fm, int key, bool is_char);
/* Add a field; returns its index. */
int form_add(struct form *fm, const char *label, const char *value, bool masked, size_t max_chars);

/* ---- a list to choose from: transfer target, matter, rating ---- */
#define PICKER_MAX 64

struct picker {
	const char *title;        /* msgid */
	char *items[PICKER_MAX];  /* owned; already sanitised by whoever filled them */
	int values[PICKER_MAX];   /* what each item stands for */
	int n;
	int sel;
	bool digit_is_value;      /* digit d chooses the item whose value is d */
};

enum picker_result { PICKER_OPEN, PICKER_CHOSEN, PICKER_CANCEL };

/* Feed one key; digits 1-9 choose directly. */
enum picker_result picker_key(struct picker *p, int key);
/* Add an item (copied). */
void picker_add(struct picker *p, const char *text, int value);
void picker_clear(struct picker *p);

/* ---- the views ---- */
struct view_ctx {
	const struct session *s;  /* who, the connection, the journal, the message: every role's */
	const struct counter *c;  /* a clerk's counter (empty in another role's session) */
	const struct desk *d;     /* a supervisor's screens; NULL in another role's session */
	const struct trainer *tr; /* a trainer's screens; NULL in another role's session */
	const struct callscreen *cs; /* the hall's call screen; NULL in another role's session */
	const struct evaluator *ev; /* an evaluator's window; NULL in another role's session */
	const struct guide *gd;   /* the enquiries one owns: the guide desk's, or a clerk's (E) */
	const struct keymap *km;
	WINDOW *win;
	int rows, cols;
	int64_t now;              /* the client's clock, seconds */
	const struct form *signin;/* the sign-in form (signin view) */
	const char *server_url;
	const char *notice_path;  /* the last one-time notice written, or NULL */
	int help_scroll;
	const enum keymap_scope *help_scopes; /* whose keys the help lists; NULL: the clerk's */
	size_t nhelp_scopes;
};

/* A key hint on the bottom line: the key the keymap gives the action, and
 * a short label. */
struct view_hint {
	enum action a;
	const char *label;        /* msgid */
	bool optional;            /* left out first when the line is too narrow */
};

struct view_ops {
	const char *name;         /* the ready-signal name: "counter", "case", ... */
	enum keymap_scope scope;
	void (*draw)(const struct view_ctx *v);
	const struct view_hint *hints;   /* NULL: the frame's own choice */
	size_t nhints;
};

/* Each screen's view (screen.h's SCREENS): the clerk's (view_counter.c,
 * view_case.c, view_lists.c), the supervisor's (view_board.c,
 * view_desk.c, with the screen of a role that has none in this client),
 * the trainer's (view_drill.c). */
#define X(id, name) extern const struct view_ops view_##name;
SCREENS(X)
#undef X
/* The view of every screen, indexed by enum scr. */
extern const struct view_ops *const view_screens[SCR_COUNT];

/* The shared frame: status line on top, message and key hints below.
 * Returns the first and last rows left for the view's body. */
void view_frame(const struct view_ctx *v, const struct view_ops *ops, int *top, int *bottom);
/* Draw an open dialog (form or picker) over the view. */
void view_draw_form(const struct view_ctx *v, const struct form *fm);
void view_draw_picker(const struct view_ctx *v, const struct picker *p);

/* When page p (n rows shown) is less than its whole list (list.h), add to
 * title[len] which rows are shown of how many and the keys of scope that
 * page on: " · showing 101–200 of 340, PgUp/PgDn for more"; or, when that
 * would make the title wider than cols columns, " · 101–200 of 340". */
void view_page_title(const struct view_ctx *v, enum keymap_scope scope, const struct m_page *p, size_t n,
		     int cols, char *title, size_t len);
/* "2026年12月7日" (or the locale's form) of a day number, into out. */
void view_date_words(int32_t day, char *out, size_t len);
/* What a reload of the calendar did to a due date, into out: "due date
 * changed by the 2027 calendar: 01-04 → 01-05", or "... confirmed ...:
 * 01-05" when it kept the date (no longer provisional), with the
 * provisional mark when the new date still is. */
void view_due_change(int year, int32_t from, int32_t to, bool provisional, char *out, size_t len);
/* Why a due date is provisional, into out: year's holiday notice is not
 * installed, so its statutory holidays are counted but not its make-up
 * working days. */
void view_provisional_why(int year, char *out, size_t len);
/* "mm:ss" or "h:mm:ss" of a duration. */
void view_duration(int64_t seconds, char *out, size_t len);
/* A wait or a time in a state, with its unit, the one form the board and
 * the queue show: "12 min" under an hour, "1h 05m" from one on (minutes
 * rounded up; "12分钟", "1小时05分" in Chinese). */
void view_span(int64_t seconds, char *out, size_t len);
/* "12-05" of a day number ("-" for none). */
void view_day_short(int32_t day, char *out, size_t len);
/* "HH:MM" of a time in the local zone ("" for none). */
void view_clock(int64_t t, char *out, size_t len);
/* The label of a home visit's group (elderly, disabled, ill, orphan,
 * wubao), translated; "" for one unknown.  Static storage. */
const char *view_home_group_label(const char *g);
/* A time (seconds since the epoch) in the local zone by the strftime
 * format fmt, into out ("" for none, t <= 0). */
void view_local_time(int64_t t, const char *fmt, char *out, size_t len);
/* Draw s in exactly cols columns at (y, x), aligned right when right
 * (display width counted, so CJK lines up).  Returns cols. */
int view_cell(const struct view_ctx *v, int y, int x, const char *s, int cols, bool right,
	      enum ui_role role);
/* The translated label of a priority, of a ticket status, of a window status. */
const char *view_priority_label(enum m_priority p);
const char *view_ticket_status_label(enum m_ticket_status s);
const char *view_window_status_label(enum m_window_status s);
/* A window as a clerk names it, into out: its name alone when the name says
 * its number ("2号窗口"), else "Window 2 <name>".  Returns out. */
const char *view_window_name(int no, const char *name, char *out, size_t len);
const char *view_case_status_label(enum m_case_status s);
const char *view_drill_status_label(enum m_drill_status s);
const char *view_form_label(enum m_material_form f);
/* The translated name of a role code ("kiosk" -> "Kiosk", 自助机 in
 * Chinese); an unknown code as it is. */
const char *view_role_label(const char *role);
/* AB岗: an absence's reason (leave, meeting, training, other) as the
 * language says it, e.g. "请假"; an unknown one as "away".  Static. */
const char *view_absence_reason_label(const char *reason);
/* AB岗: "顶岗：代 张雅婷（请假，至 12-09 00:00）" of a session covering
 * A's post, into out[len]. */
void view_cover_words(const struct m_cover *c, char *out, size_t len);
/* The five levels of the national 好差评 scale, 1..5. */
const char *view_rating_label(int level);
/* The reason of a poor rating (attitude, efficiency, policy, materials,
 * environment, other), translated; "" for another code. */
const char *view_reason_label(const char *code);
/* How a rating was given (evaluator, paper, callback, system_default), as
 * "on the evaluator", translated; "" for another code. */
const char *view_channel_label(const char *code);

#endif
