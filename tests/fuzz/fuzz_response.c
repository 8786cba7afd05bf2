/* fuzz_response.c - libFuzzer target: the client's decoding of wicketd's
 * replies (src/net/api_*.c), as a hostile or broken server could send them.
 *
 * The input is one reply body, given to every decoder in turn.  Properties
 * checked, besides the sanitizers' (leaks included):
 * - every string a decoder hands over is valid UTF-8 with no control
 *   character (C0 but a multi-line text's newline, DEL, C1), no tab and no
 *   bidi embedding/override/isolate control, and is bounded in length;
 * - strings are never NULL except the ones model.h says may be (a ticket's
 *   matter, a window's pause_reason, clerk and clerk_name);
 * - a session keeps at most 16 windows, all >= 1;
 * - a failed decode leaves its output empty (zeroed, NULL and 0).
 * Decoded structs are also deep-copied and freed, as the client does. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/net/api.h"
#include "wicket/model/model.h"
#include "wicket/model/wire.h"
#include "wicket/common/xalloc.h"

#include "fuzz.h"

/* Sanitising turns each byte of a cut string into at most 3 (U+FFFD). */
#define FZ_MAX_CLEAN (3 * 16384)

/* A decoded string's properties; lines: a multi-line text, which keeps
 * newlines; nullable: NULL is allowed. */
static void fz_str(const char *s, bool lines, bool nullable, const char *what)
{
	if (!s) {
		FZ_CHECK(nullable, "%s is NULL", what);
		return;
	}
	size_t n = strlen(s);
	FZ_CHECK(n <= FZ_MAX_CLEAN, "%s is %zu bytes long", what, n);
	FZ_CHECK(fz_text_ok(s, lines ? "\n" : "", false), "%s holds a control character or is not UTF-8: %s",
		 what, s);
}

static bool fz_zero(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* ---- walking the decoded structs ---------------------------------------- */

static void fz_ticket(const struct m_ticket *t)
{
	fz_str(t->number, false, false, "ticket.number");
	fz_str(t->service, false, false, "ticket.service");
	fz_str(t->service_name, false, false, "ticket.service_name");
	fz_str(t->matter, false, true, "ticket.matter");
	FZ_CHECK(t->status >= TS_WAITING && t->status <= TS_UNKNOWN, "ticket.status %d", (int)t->status);
	FZ_CHECK(t->priority >= PRIO_NONE && t->priority <= PRIO_MILITARY, "ticket.priority %d",
		 (int)t->priority);
}

static void fz_window(const struct m_window *w)
{
	fz_str(w->name, false, false, "window.name");
	fz_str(w->zone_name, false, false, "window.zone_name");
	fz_str(w->pause_reason, false, true, "window.pause_reason");
	fz_str(w->clerk, false, true, "window.clerk");
	fz_str(w->clerk_name, false, true, "window.clerk_name");
	FZ_CHECK(w->status >= WS_CLOSED && w->status <= WS_UNKNOWN, "window.status %d", (int)w->status);
	for (size_t i = 0; i < w->nservices; i++)
		fz_str(w->services[i], false, false, "window.services[]");
	if (w->has_current)
		fz_ticket(&w->current);
}

static void fz_material(const struct m_material *m)
{
	fz_str(m->name, false, false, "material.name");
	fz_str(m->note, true, false, "material.note");
}

static void fz_matter(const struct m_matter *m)
{
	fz_str(m->code, false, false, "matter.code");
	fz_str(m->name, false, false, "matter.name");
	fz_str(m->service, false, false, "matter.service");
	fz_str(m->department, false, false, "matter.department");
	fz_str(m->legal_basis, true, false, "matter.legal_basis");
	fz_str(m->fee, false, false, "matter.fee");
	for (size_t i = 0; i < m->nsteps; i++)
		fz_str(m->steps[i], true, false, "matter.steps[]");
	for (size_t i = 0; i < m->nmaterials; i++)
		fz_material(&m->materials[i]);
}

static void fz_service(const struct m_service *s)
{
	fz_str(s->code, false, false, "service.code");
	fz_str(s->prefix, false, false, "service.prefix");
	fz_str(s->name, false, false, "service.name");
	for (size_t i = 0; i < s->nmatters; i++)
		fz_matter(&s->matters[i]);
}

static void fz_case(const struct m_case *c)
{
	fz_str(c->number, false, false, "case.number");
	fz_str(c->matter, false, false, "case.matter");
	fz_str(c->matter_name, false, false, "case.matter_name");
	fz_str(c->applicant_name, false, false, "case.applicant.name");
	fz_str(c->applicant_id, false, false, "case.applicant.id_number");
	fz_str(c->applicant_phone, false, false, "case.applicant.phone");
	FZ_CHECK(c->status >= CS_NOTIFIED && c->status <= CS_UNKNOWN, "case.status %d", (int)c->status);
	for (size_t i = 0; i < c->nmissing_materials; i++)
		fz_material(&c->missing_materials[i]);
}

static void fz_session(const struct m_session *s)
{
	fz_str(s->token, false, false, "session.token");
	fz_str(s->user, false, false, "session.user");
	fz_str(s->name, false, false, "session.name");
	fz_str(s->role, false, false, "session.role");
	FZ_CHECK(s->nwindows >= 0 && s->nwindows <= 16, "session has %d windows", s->nwindows);
	for (int i = 0; i < s->nwindows; i++)
		FZ_CHECK(s->windows[i] >= 1, "session window %d", s->windows[i]);
}

/* GET /me's: a session, as a rule without a token. */
static void fz_me(const struct m_session *s)
{
	char token[] = "-";
	struct m_session t = *s;
	if (!t.token)
		t.token = token;
	fz_session(&t);
}

/* ---- one decoder after another ----------------------------------------- */

/* Decoders of one object: check it on success, or that it is empty. */
#define FZ_ONE(decode, type, walk, body, len, extra) do { \
		type v_; \
		if (decode(body, len, &v_) == 0) { \
			walk(&v_); \
			extra; \
		} else { \
			FZ_CHECK(fz_zero(&v_, sizeof v_), #decode " failed but left data"); \
		} \
	} while (0)

/* Decoders of a list: the same for each element. */
#define FZ_LIST(decode, type, walk, desc, body, len) do { \
		type *v_ = NULL; \
		size_t n_ = 99; \
		if (decode(body, len, &v_, &n_) == 0) { \
			for (size_t i_ = 0; i_ < n_; i_++) \
				walk(&v_[i_]); \
			m_free_array(&desc, v_, n_); \
		} else { \
			FZ_CHECK(v_ == NULL && n_ == 0, #decode " failed but left data"); \
		} \
	} while (0)

static void fz_copy_ticket(struct m_ticket *t)
{
	struct m_ticket copy;
	m_ticket_copy(&copy, t);
	fz_ticket(&copy);
	m_free(&m_ticket_desc, &copy);
	m_free(&m_ticket_desc, t);
}

static void fz_copy_matter(struct m_matter *m)
{
	struct m_matter copy;
	m_matter_copy(&copy, m);
	fz_matter(&copy);
	m_free(&m_matter_desc, &copy);
	m_free(&m_matter_desc, m);
}

static void fz_events(const char *body, size_t len)
{
	struct m_event *ev = NULL;
	size_t n = 99;
	int64_t last = 99;
	if (api_decode_events(body, len, &ev, &n, &last) == 0) {
		for (size_t i = 0; i < n; i++)
			fz_str(ev[i].kind, false, false, "event.kind");
		m_free_array(&m_event_desc, ev, n);
	} else {
		FZ_CHECK(ev == NULL && n == 0 && last == 0, "api_decode_events failed but left data");
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* libFuzzer's buffer is exactly size bytes: a decoder must not read past len. */
	const char *body = (const char *)data;
	FZ_ONE(api_decode_login, struct m_session, fz_session, body, size, m_free(&m_session_desc, &v_));
	FZ_ONE(api_decode_me, struct m_session, fz_me, body, size, m_free(&m_me_desc, &v_));
	FZ_ONE(api_decode_ticket, struct m_ticket, fz_ticket, body, size, fz_copy_ticket(&v_));
	FZ_ONE(api_decode_transfer, struct m_ticket, fz_ticket, body, size, m_free(&m_ticket_desc, &v_));
	FZ_ONE(api_decode_window, struct m_window, fz_window, body, size, m_free(&m_window_desc, &v_));
	FZ_ONE(api_decode_matter, struct m_matter, fz_matter, body, size, fz_copy_matter(&v_));
	FZ_ONE(api_decode_case, struct m_case, fz_case, body, size, m_free(&m_case_desc, &v_));
	FZ_LIST(api_decode_queue, struct m_ticket, fz_ticket, m_ticket_desc, body, size);
	FZ_LIST(api_decode_windows, struct m_window, fz_window, m_window_desc, body, size);
	FZ_LIST(api_decode_services, struct m_service, fz_service, m_service_desc, body, size);
	FZ_LIST(api_decode_cases, struct m_case, fz_case, m_case_desc, body, size);
	fz_events(body, size);

	int64_t last = 99;
	if (api_decode_resync(body, size, &last) == 0)
		FZ_CHECK(last >= 0, "resync to %lld", (long long)last);
	else
		FZ_CHECK(last == 0, "api_decode_resync failed but left %lld", (long long)last);

	/* The time parser takes a NUL-terminated string. */
	char *text = xstrndup(body, size);
	int64_t t = 0;
	if (api_parse_time(text, &t) == 0)
		FZ_CHECK(t > -100000LL * 86400 * 366 && t < 100000LL * 86400 * 366, "time %lld", (long long)t);
	free(text);
	return 0;
}
