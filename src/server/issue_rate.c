/* issue_rate.c - how many tickets one session may issue in a minute
 * (--kiosk-tickets), so that a stolen kiosk token cannot fill the queue. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "wicket/server/srv.h"
#include "wicket/server/srv_ticket.h"

/* How many tickets one session may issue in a minute: a kiosk prints one
 * for each person in front of it, and a stolen kiosk token must not fill
 * the queue.  The last --kiosk-tickets issue times of each session are
 * kept in memory (a restart forgets them, which costs an attacker one
 * more minute's worth at most). */
#define TK_RATE_SESSIONS 64
#define TK_RATE_MAX 1000
static struct tk_rate {
	char token[65];           /* the session's token hash; "" = free */
	int64_t at[TK_RATE_MAX];  /* issue times, a ring */
	int next;
	int64_t last;             /* the latest issue, for replacing the stalest */
} tk_rates[TK_RATE_SESSIONS];
static pthread_mutex_t tk_rate_lock = PTHREAD_MUTEX_INITIALIZER;

/* The session's slot, a free or the stalest one taken over when new. */
static struct tk_rate *tk_rate_slot(const char *token)
{
	struct tk_rate *stalest = &tk_rates[0];
	for (size_t i = 0; i < TK_RATE_SESSIONS; i++) {
		if (strcmp(tk_rates[i].token, token) == 0)
			return &tk_rates[i];
		if (tk_rates[i].last < stalest->last)
			stalest = &tk_rates[i];
	}
	memset(stalest, 0, sizeof *stalest);
	snprintf(stalest->token, sizeof stalest->token, "%s", token);
	return stalest;
}

/* 0 when r's session may issue one more ticket now (counted), else the
 * seconds until it may (and nothing counted). */
int64_t tk_rate_wait(struct req *r, int64_t now)
{
	int max = r->srv->opt->kiosk_tickets;
	if (max == 0)     /* no limit (benchmarks) */
		return 0;
	pthread_mutex_lock(&tk_rate_lock);
	struct tk_rate *t = tk_rate_slot(r->auth.token);
	int64_t oldest = t->at[t->next];     /* the issue max tickets ago; 0 = none yet */
	int64_t wait = oldest > 0 && now - oldest < 60 ? 60 - (now - oldest) : 0;
	if (wait == 0) {
		t->at[t->next] = now;
		t->next = (t->next + 1) % max;
		t->last = now;
	}
	pthread_mutex_unlock(&tk_rate_lock);
	return wait;
}

