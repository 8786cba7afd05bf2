/* session.c - what every signed-in role has (session.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

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

void session_free(struct session *s)
{
	session_set_conflicts(s, NULL, 0);
	m_free(&m_session_desc, &s->login);
	memset(s, 0, sizeof *s);
}
