/* session.c - what every signed-in role has (session.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/model/session.h"

void session_set_conflicts(struct session *s, struct m_conflict *k, size_t n)
{
	for (size_t i = 0; i < s->nconflict; i++)
		m_conflict_free(&s->conflict[i]);
	free(s->conflict);
	s->conflict = k;
	s->nconflict = n;
	if (s->conflict_sel >= n)
		s->conflict_sel = n ? n - 1 : 0;
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
	m_session_free(&s->login);
	memset(s, 0, sizeof *s);
}
