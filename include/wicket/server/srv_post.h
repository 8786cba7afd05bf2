/* srv_post.h - AB岗 (issue #18): a window's post, held by its A clerk and
 * covered by one of its B clerks while A is away (h_posts.c).  Sign-in
 * (auth.c), the board (h_board.c) and the report (h_reports.c) ask it. */
#ifndef WICKET_SRV_POST_H
#define WICKET_SRV_POST_H

#include <stdbool.h>
#include <stdint.h>

#include <cjson/cJSON.h>

#include "wicket/server/srv.h"

/* A B's cover of A's window, found at sign-in. */
struct post_cover {
	int window;
	char a_user[64];
	int64_t absence;          /* the absence of A's it covers */
};

/* A signs in at his own post (window; 0: at all of his windows) while an
 * absence of his covers now: he is back, and it ends now (the event
 * post.changed: the boards stop flagging the post, and no B may start
 * covering it).  In the sign-in's transaction.  Returns 1 when an absence
 * ended, 0 when none did, -1 on a failed statement. */
int post_back(struct req *r, const char *user, int window);

/* Whether user's sign-in to window (> 0) is a B's cover of the post's A:
 * 1 with *c filled when user is a B of the window's post and its A is
 * away now; 0 when the sign-in goes on as without posts (no post, user is
 * its A, or user is assigned the window); -1 after a 409 a_present (user
 * is only a B, and A is not away).  Under the lock. */
int post_cover_check(struct req *r, const char *user, int window, struct post_cover *c);

/* Record the cover c of the new session token_hash (expiring at
 * expires) by user from now on.  Returns 0, or -1 (the database). */
int post_cover_start(struct srv *s, const struct post_cover *c, const char *user,
		     const char *token_hash, int64_t expires);

/* The "covering" {window, a, a_name, reason, from, to, note, since} of the
 * login reply and GET /me: the cover of session token_hash, or NULL when
 * it covers nobody.  The caller owns it. */
cJSON *post_cover_json(struct srv *s, const char *token_hash);

/* The session token_hash ended now (sign-out): its cover, if any, too. */
void post_cover_end(struct srv *s, const char *token_hash);

/* The covers of user's sessions end now (its sessions were revoked). */
void post_cover_end_user(struct srv *s, const char *user);

/* Add to each window of the board's zones (as h_board.c made them, with
 * "no" and "attended") "covering" ({user, name, a, a_name, since} of the
 * B covering its A, or null) and "unattended" (its post's A is away and
 * nobody is signed in to it). */
void post_board_add(struct srv *s, cJSON *zones, int64_t now);

/* Add the report's "cover": [{window, a, a_name, user, name, seconds}],
 * the time each B covered each post in [start, end). */
void post_report_add(struct srv *s, cJSON *root, int64_t start, int64_t end);

#endif
