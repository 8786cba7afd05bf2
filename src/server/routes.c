#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/server/platform.h"
#include "wicket/server/srv.h"
#include "wicket/common/xalloc.h"

/* Who may do what (docs/api.md, "Roles"; tests/server/test_roles.c checks
 * every line).  A clerk acts at the windows it signed in to (the handlers
 * check the window) and reads the hall's tickets and queues for transfers;
 * a supervisor reads everything and acts nowhere; a trainer reads the
 * guides and runs drills (a trainee's drill session is a clerk's, in the
 * drill's sandbox), which an admin may read; a kiosk issues tickets and
 * takes ratings; an admin manages accounts and reads the windows' list to
 * bind clerks to them. */
#define CLERK R(ROLE_CLERK)
#define ADMIN R(ROLE_ADMIN)
#define READERS (R(ROLE_CLERK) | R(ROLE_SUPERVISOR))
#define ISSUERS (R(ROLE_KIOSK) | R(ROLE_CLERK))
/* The guide desk (导询) issues tickets and records enquiries, as a clerk
 * does at a window (首问负责). */
#define GUIDE R(ROLE_GUIDE)
#define ASKED (R(ROLE_CLERK) | GUIDE)
#define GUIDES R_ANY
#define SUPERVISOR R(ROLE_SUPERVISOR)
#define REPORTERS (R(ROLE_SUPERVISOR) | R(ROLE_ADMIN))
#define TRAINER R(ROLE_TRAINER)
#define DRILL_READERS (R(ROLE_TRAINER) | R(ROLE_ADMIN))
/* The hall's call screen reads what its wall shows: the calls, the waiting
 * per service, the zones, and the feed's ticket events (events.c filters
 * it); besides, like every role, who it is, the hall and the guides. */
#define DISPLAY R(ROLE_DISPLAY)
#define EVALUATOR R(ROLE_EVALUATOR)

/* Every endpoint of docs/api.md, one line each. */
const struct route srv_routes[] = {
	{ .method = "GET",  .pattern = "/api/v1/health", .fn = h_health },
	{ .method = "POST", .pattern = "/api/v1/login", .fn = h_login, .own_lock = true },
	{ .method = "POST", .pattern = "/api/v1/logout", .fn = h_logout, .roles = R_ANY, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/me", .fn = h_me, .roles = R_ANY, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/hall", .fn = h_hall, .roles = R_ANY, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/hall", .fn = h_hall_set, .roles = ADMIN, .write = true },
	/* the platform's halls (platform.c): each takes its halls' locks itself */
	{ .method = "GET",  .pattern = "/api/v1/halls", .fn = h_halls_list, .roles = REPORTERS, .own_lock = true },
	{ .method = "POST", .pattern = "/api/v1/halls", .fn = h_halls_create, .roles = ADMIN, .own_lock = true },
	{ .method = "POST", .pattern = "/api/v1/halls/{id}/catalogue", .fn = h_halls_catalogue, .roles = ADMIN,
	  .own_lock = true },

	{ .method = "GET",  .pattern = "/api/v1/windows", .fn = h_windows_list, .roles = READERS | ADMIN, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/windows/{no}/open", .fn = h_window_open, .roles = CLERK, .write = true },
	{ .method = "POST", .pattern = "/api/v1/windows/{no}/pause", .fn = h_window_pause, .roles = CLERK, .write = true },
	{ .method = "POST", .pattern = "/api/v1/windows/{no}/close", .fn = h_window_close, .roles = CLERK, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/windows/{no}/queue", .fn = h_window_queue, .roles = READERS, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/windows/{no}/call", .fn = h_window_call, .roles = CLERK, .write = true },

	{ .method = "POST", .pattern = "/api/v1/tickets", .fn = h_ticket_issue, .roles = ISSUERS | GUIDE, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/tickets/{id}", .fn = h_ticket_get, .roles = READERS, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/tickets/{id}/recall", .fn = h_ticket_recall, .roles = CLERK, .write = true },
	{ .method = "POST", .pattern = "/api/v1/tickets/{id}/no-show", .fn = h_ticket_no_show, .roles = CLERK, .write = true },
	{ .method = "POST", .pattern = "/api/v1/tickets/{id}/start", .fn = h_ticket_start, .roles = CLERK, .write = true },
	{ .method = "POST", .pattern = "/api/v1/tickets/{id}/transfer", .fn = h_ticket_transfer, .roles = CLERK, .write = true },
	{ .method = "POST", .pattern = "/api/v1/tickets/{id}/finish", .fn = h_ticket_finish, .roles = CLERK, .write = true },
	{ .method = "POST", .pattern = "/api/v1/tickets/{id}/requeue", .fn = h_ticket_requeue, .roles = CLERK, .write = true },

	{ .method = "GET",  .pattern = "/api/v1/services", .fn = h_services_list, .roles = GUIDES, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/matters", .fn = h_matters_list, .roles = GUIDES, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/matters/{code}", .fn = h_matter_get, .roles = GUIDES, .snapshot = true },

	{ .method = "POST", .pattern = "/api/v1/cases", .fn = h_case_create, .roles = CLERK, .write = true, .case_reply = true },
	{ .method = "GET",  .pattern = "/api/v1/cases", .fn = h_case_list, .roles = READERS, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/cases/deferred", .fn = h_case_deferred, .roles = SUPERVISOR, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/cases/{id}", .fn = h_case_get, .roles = READERS, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/cases/{id}/materials", .fn = h_case_materials, .roles = CLERK, .write = true, .case_reply = true },
	{ .method = "POST", .pattern = "/api/v1/cases/{id}/suspend", .fn = h_case_suspend, .roles = CLERK, .write = true, .case_reply = true },
	{ .method = "POST", .pattern = "/api/v1/cases/{id}/resume", .fn = h_case_resume, .roles = CLERK, .write = true, .case_reply = true },
	{ .method = "POST", .pattern = "/api/v1/cases/{id}/complete", .fn = h_case_complete, .roles = CLERK, .write = true, .case_reply = true },
	{ .method = "POST", .pattern = "/api/v1/cases/{id}/rating", .fn = h_case_rating, .roles = CLERK | R(ROLE_KIOSK), .write = true, .case_reply = true },
	/* A case's visits: a clerk of its service (case_steps.c). */
	{ .method = "POST", .pattern = "/api/v1/cases/{id}/visits", .fn = h_case_visit, .roles = CLERK, .write = true, .case_reply = true },

	{ .method = "GET",  .pattern = "/api/v1/calendar/due", .fn = h_calendar_due, .roles = R_STAFF, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/calendar/reload", .fn = h_calendar_reload, .roles = ADMIN, .own_lock = true },
	{ .method = "GET",  .pattern = "/api/v1/events", .fn = h_events, .roles = READERS | DISPLAY | EVALUATOR | GUIDE, .own_lock = true },
	{ .method = "GET",  .pattern = "/api/v1/calls", .fn = h_calls, .roles = READERS | DISPLAY, .snapshot = true },
	/* The evaluator (评价器) at a window: its window's state and the
	 * applicant's rating (h_ratings.c); the feed above, of its window only. */
	{ .method = "GET",  .pattern = "/api/v1/evaluator", .fn = h_evaluator, .roles = EVALUATOR },
	{ .method = "POST", .pattern = "/api/v1/evaluator/rating", .fn = h_evaluator_rate, .roles = EVALUATOR, .write = true },

	{ .method = "GET",  .pattern = "/api/v1/accounts", .fn = h_accounts_list, .roles = ADMIN, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/accounts", .fn = h_account_create, .roles = ADMIN, .write = true,
	  .hash_password = true },
	{ .method = "POST", .pattern = "/api/v1/accounts/{user}/password", .fn = h_account_password, .roles = ADMIN,
	  .write = true, .hash_password = true },
	{ .method = "POST", .pattern = "/api/v1/accounts/{user}/disable", .fn = h_account_disable, .roles = ADMIN,
	  .write = true },
	{ .method = "POST", .pattern = "/api/v1/accounts/{user}/enable", .fn = h_account_enable, .roles = ADMIN,
	  .write = true },
	{ .method = "GET",  .pattern = "/api/v1/board", .fn = h_board, .roles = SUPERVISOR, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/windows/{no}/day", .fn = h_window_day, .roles = SUPERVISOR, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/audits", .fn = h_audit_create, .roles = SUPERVISOR, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/audits", .fn = h_audit_list, .roles = SUPERVISOR, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/audits/{id}", .fn = h_audit_get, .roles = SUPERVISOR, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/audits/{id}/findings/{n}/follow-up", .fn = h_audit_follow_up,
	  .roles = SUPERVISOR, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/rectifications", .fn = h_rectifications, .roles = SUPERVISOR, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/callbacks/sample", .fn = h_callback_sample, .roles = SUPERVISOR,
	  .write = true },
	{ .method = "GET",  .pattern = "/api/v1/callbacks", .fn = h_callback_list, .roles = SUPERVISOR, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/callbacks/{id}/outcome", .fn = h_callback_outcome,
	  .roles = SUPERVISOR, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/reports", .fn = h_reports, .roles = REPORTERS, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/ratings", .fn = h_ratings_export, .roles = SUPERVISOR },

	/* Appointments (预约, h_bookings.c): the hall's hours and slots for
	 * everyone who books; the kiosk stands for the provincial app. */
	{ .method = "GET",  .pattern = "/api/v1/hours", .fn = h_hours, .roles = R_ANY, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/slots", .fn = h_slots, .roles = ISSUERS | SUPERVISOR, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/bookings", .fn = h_booking_create, .roles = ISSUERS, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/bookings", .fn = h_booking_list, .roles = READERS, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/bookings/{id}", .fn = h_booking_get, .roles = ISSUERS | SUPERVISOR,
	  .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/bookings/{id}/cancel", .fn = h_booking_cancel, .roles = ISSUERS,
	  .write = true },
	{ .method = "POST", .pattern = "/api/v1/bookings/{id}/change", .fn = h_booking_change, .roles = ISSUERS,
	  .write = true },
	{ .method = "POST", .pattern = "/api/v1/bookings/{id}/check-in", .fn = h_booking_check_in, .roles = ISSUERS,
	  .write = true },
	/* 不打烊: weekend and evening sessions, opened by a supervisor (h_extra.c). */
	{ .method = "POST", .pattern = "/api/v1/extra-sessions", .fn = h_extra_create, .roles = SUPERVISOR,
	  .write = true },
	{ .method = "GET",  .pattern = "/api/v1/extra-sessions", .fn = h_extra_list,
	  .roles = READERS | R(ROLE_KIOSK), .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/extra-sessions/{id}/close", .fn = h_extra_close,
	  .roles = SUPERVISOR, .write = true },
	/* 上门服务: home visits (h_home.c). */
	{ .method = "POST", .pattern = "/api/v1/home-visits", .fn = h_home_create, .roles = CLERK | SUPERVISOR,
	  .write = true },
	{ .method = "GET",  .pattern = "/api/v1/home-visits", .fn = h_home_list, .roles = READERS, .snapshot = true },
	{ .method = "GET",  .pattern = "/api/v1/home-visits/{id}", .fn = h_home_get, .roles = READERS,
	  .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/home-visits/{id}/cancel", .fn = h_home_cancel,
	  .roles = CLERK | SUPERVISOR, .write = true },
	{ .method = "POST", .pattern = "/api/v1/home-visits/{id}/assign", .fn = h_home_assign,
	  .roles = SUPERVISOR, .write = true },
	{ .method = "POST", .pattern = "/api/v1/home-visits/{id}/case", .fn = h_home_case, .roles = CLERK,
	  .write = true, .case_reply = true },

	/* AB岗 (h_posts.c): a window's A and B clerks, A's absences. */
	{ .method = "POST", .pattern = "/api/v1/windows/{no}/post", .fn = h_post_set, .roles = ADMIN, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/posts", .fn = h_posts_list, .roles = REPORTERS, .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/absences", .fn = h_absence_create, .roles = CLERK | SUPERVISOR,
	  .write = true },
	{ .method = "GET",  .pattern = "/api/v1/absences", .fn = h_absence_list, .roles = READERS | ADMIN,
	  .snapshot = true },
	/* 首问负责 (h_enquiries.c): whoever an applicant asks first records the
	 * enquiry, the guide desk (导询) or a clerk, and keeps it until closed;
	 * a supervisor reads them all and may close one. */
	{ .method = "POST", .pattern = "/api/v1/enquiries", .fn = h_enquiry_create, .roles = ASKED, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/enquiries", .fn = h_enquiry_list, .roles = ASKED | SUPERVISOR,
	  .snapshot = true },
	{ .method = "POST", .pattern = "/api/v1/enquiries/{id}/close", .fn = h_enquiry_close,
	  .roles = ASKED | SUPERVISOR, .write = true },

	/* Trainers' drills (h_drills.c); the fixed paths before /drills/{id}. */
	{ .method = "GET",  .pattern = "/api/v1/drills/scenarios", .fn = h_drill_scenarios, .roles = DRILL_READERS },
	{ .method = "GET",  .pattern = "/api/v1/drills/leaderboard", .fn = h_drill_leaderboard, .roles = DRILL_READERS },
	{ .method = "POST", .pattern = "/api/v1/drills", .fn = h_drill_create, .roles = TRAINER, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/drills", .fn = h_drill_list, .roles = DRILL_READERS },
	{ .method = "GET",  .pattern = "/api/v1/drills/{id}", .fn = h_drill_get, .roles = DRILL_READERS },
	{ .method = "POST", .pattern = "/api/v1/drills/{id}/release", .fn = h_drill_release, .roles = TRAINER, .write = true },
	{ .method = "POST", .pattern = "/api/v1/drills/{id}/run", .fn = h_drill_run, .roles = TRAINER, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/drills/{id}/events", .fn = h_drill_events, .roles = DRILL_READERS, .own_lock = true },
	{ .method = "POST", .pattern = "/api/v1/drills/{id}/reset", .fn = h_drill_reset, .roles = TRAINER, .write = true },
	{ .method = "POST", .pattern = "/api/v1/drills/{id}/finish", .fn = h_drill_finish, .roles = TRAINER, .write = true },
	{ .method = "GET",  .pattern = "/api/v1/drills/{id}/score", .fn = h_drill_score, .roles = DRILL_READERS },
};
const size_t srv_nroutes = sizeof srv_routes / sizeof srv_routes[0];

/* Match path against pattern segment by segment; a {name} segment matches
 * any non-empty segment and is captured.  Captures are copied into one
 * allocation owned by r. */
static bool routes_try(struct req *r, const char *pattern)
{
	const char *p = pattern, *u = r->path;
	const char *starts[SRV_MAX_PARAMS];
	size_t lens[SRV_MAX_PARAMS];
	int n = 0;

	while (*p && *u) {
		if (*p == '{') {
			const char *seg_end = strchr(u, '/');
			size_t len = seg_end ? (size_t)(seg_end - u) : strlen(u);
			if (len == 0 || n == SRV_MAX_PARAMS)
				return false;
			starts[n] = u;
			lens[n++] = len;
			u += len;
			p = strchr(p, '}') + 1;
		} else if (*p++ != *u++) {
			return false;
		}
	}
	if (*p || *u)
		return false;
	size_t total = 0;
	for (int i = 0; i < n; i++)
		total += lens[i] + 1;
	free(r->param_store);
	r->param_store = xmalloc(total + 1);
	char *w = r->param_store;
	for (int i = 0; i < n; i++) {
		memcpy(w, starts[i], lens[i]);
		w[lens[i]] = '\0';
		r->params[i] = w;
		w += lens[i] + 1;
	}
	r->nparams = n;
	return true;
}

const struct route *routes_match(struct req *r, bool *path_known)
{
	*path_known = false;
	for (size_t i = 0; i < srv_nroutes; i++) {
		if (!routes_try(r, srv_routes[i].pattern))
			continue;
		if (strcmp(srv_routes[i].method, r->method) == 0)
			return &srv_routes[i];
		*path_known = true;
	}
	return NULL;
}
