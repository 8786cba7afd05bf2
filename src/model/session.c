/* session.c - what every signed-in role has (session.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "wicket/model/list.h"
#include "wicket/model/wire.h"
#include "wicket/model/session.h"


static const struct list_kind session_conflicts_kind = {
	.desc = &m_conflict_desc,
};

void session_set_conflicts(struct session *s, struct m_conflict *k, size_t n)
{
	list_replace(&s->conflict, &s->nconflict, &s->conflict_sel, k, n, &session_conflicts_kind);
}

void session_say(struct session *s, bool error, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(s->message, sizeof s->message, fmt, ap);
	va_end(ap);
	s->message_is_error = error;
}

void session_set_hall(struct session *s, struct m_hall *h, int64_t our_now)
{
	m_take(&m_hall_desc, &s->hall, h);
	s->have_hall = true;
	/* A clock a second or two apart is the network's delay, not a skew. */
	int64_t skew = s->hall.now > 0 ? s->hall.now - our_now : 0;
	s->clock_skew = skew > 2 || skew < -2 ? skew : 0;
}

int64_t session_now(const struct session *s, int64_t our_now)
{
	return our_now + s->clock_skew;
}

int session_posix_tz(const char *now_text, char *out, size_t len)
{
	size_t n = now_text ? strlen(now_text) : 0;
	if (n >= 1 && now_text[n - 1] == 'Z') {
		snprintf(out, len, "UTC0");
		return 0;
	}
	if (n < 6)
		return -1;
	const char *o = now_text + n - 6;
	if ((o[0] != '+' && o[0] != '-') || !isdigit((unsigned char)o[1]) || !isdigit((unsigned char)o[2]) ||
	    o[3] != ':' || !isdigit((unsigned char)o[4]) || !isdigit((unsigned char)o[5]))
		return -1;
	/* POSIX counts west of Greenwich: UTC+08:00 is "-08:00". */
	snprintf(out, len, "<%c%c%c%c%c>%c%c%c:%c%c", o[0], o[1], o[2], o[4], o[5],
		 o[0] == '+' ? '-' : '+', o[1], o[2], o[4], o[5]);
	return 0;
}

void session_free(struct session *s)
{
	m_free(&m_hall_desc, &s->hall);
	session_set_conflicts(s, NULL, 0);
	m_free(&m_session_desc, &s->login);
	memset(s, 0, sizeof *s);
}
