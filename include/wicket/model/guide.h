/* guide.h - the guide desk (导询台) and 首问负责: the enquiries the signed-in
 * staff member recorded and still owns (GET /enquiries), the selection,
 * and the enquiry being recorded, kept between its form and its pickers.
 * The client folds the server's answers in; views only read a struct
 * guide.  No I/O here. */
#ifndef WICKET_GUIDE_H
#define WICKET_GUIDE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/model/desk.h"
#include "wicket/model/model.h"

/* What was done with an enquiry, as it is recorded (the server's action). */
enum guide_action { GUIDE_ANSWERED = 1, GUIDE_TICKET, GUIDE_WINDOW, GUIDE_DEPT, GUIDE_OPEN };

/* The enquiry being recorded: the form's values, then what was done. */
struct guide_draft {
	char asked[DESK_TEXT_BYTES];
	char matter[64];
	char name[DESK_TEXT_BYTES];
	char phone[64];
	enum guide_action action;
};

struct guide {
	struct m_enquiry *v;       /* the enquiries shown, oldest first */
	size_t n, sel;
	bool show_all;             /* every one of the owner's, or the open ones only */
	bool have;                 /* a list came */
	struct guide_draft draft;
};

/* Replace the list with v (n entries, taken over); the selection follows
 * the enquiry it was on. */
void guide_set_enquiries(struct guide *g, struct m_enquiry *v, size_t n);
/* Move the selection by delta, within the list. */
void guide_move(struct guide *g, long delta);
/* The selected enquiry, or NULL when the list is empty. */
const struct m_enquiry *guide_selected(const struct guide *g);
/* The selected enquiry when it is still open, else NULL. */
const struct m_enquiry *guide_selected_open(const struct guide *g);
/* The server's name of action a ("answered", "ticket", "transferred",
 * "open"); static storage. */
const char *guide_action_name(enum guide_action a);
/* Release what g holds and empty it. */
void guide_free(struct guide *g);

#endif
