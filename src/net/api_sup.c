/* api_sup.c - the supervisor's replies (api.h, model_sup.h), decoded by
 * their tables in wicket/model/wire.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <string.h>

#include "wicket/net/api.h"
#include "wicket/net/api_decode.h"
#include "wicket/model/wire.h"
#include "wicket/common/xalloc.h"

/* POST /callbacks/sample's reply: the sample and the calls drawn. */
struct api_sample_reply {
	struct m_sample sample;
	struct m_callback *v;
	size_t n;
};

#define W_T struct api_sample_reply
static const struct m_field api_sample_reply_fields[] = {
	W_OBJ("sample", sample, WF_REQ, struct m_sample, m_sample_desc),
	W_ARR("callbacks", v, n, WF_REQ, struct m_callback, m_callback_desc),
};
#undef W_T
static const struct m_desc api_sample_reply_desc =
	W_DESC(struct api_sample_reply, api_sample_reply_fields);

#define W_T struct api_page
static const struct m_field api_audits_fields[] = { API_PAGE("audits", WF_LIST, m_audit_desc) };
static const struct m_field api_rectifications_fields[] = {
	API_PAGE("rectifications", 0, m_finding_desc),
};
static const struct m_field api_callbacks_fields[] = { API_PAGE("callbacks", 0, m_callback_desc) };
#undef W_T
static const struct m_desc api_audits_desc = W_DESC(struct api_page, api_audits_fields);
static const struct m_desc api_rectifications_desc =
	W_DESC(struct api_page, api_rectifications_fields);
static const struct m_desc api_callbacks_desc = W_DESC(struct api_page, api_callbacks_fields);

int api_decode_board(const char *body, size_t len, struct m_board *out)
{
	return api_decode(body, len, &m_board_desc, out);
}

int api_decode_day(const char *body, size_t len, struct m_day *out)
{
	int rc = api_decode(body, len, &m_day_desc, out);
	api_page_fix(&out->timeline_page, out->ntimeline);
	return rc;
}

int api_decode_audit(const char *body, size_t len, struct m_audit *out)
{
	return api_decode(body, len, &m_audit_desc, out);
}

int api_decode_audits(const char *body, size_t len, struct m_audit **out, size_t *n,
		struct m_page *page)
{
	return api_decode_page(body, len, &api_audits_desc, out, n, page);
}

int api_decode_rectifications(const char *body, size_t len, struct m_finding **out, size_t *n,
		struct m_page *page)
{
	return api_decode_page(body, len, &api_rectifications_desc, out, n, page);
}

int api_decode_callbacks(const char *body, size_t len, struct m_callback **out, size_t *n,
		struct m_page *page)
{
	return api_decode_page(body, len, &api_callbacks_desc, out, n, page);
}

int api_decode_callback(const char *body, size_t len, struct m_callback *out)
{
	return api_decode(body, len, &m_callback_desc, out);
}

int api_decode_sample(const char *body, size_t len, struct m_sample *sample,
		      struct m_callback **out, size_t *n)
{
	struct api_sample_reply w;
	int rc = api_decode(body, len, &api_sample_reply_desc, &w);
	*sample = w.sample;
	*out = w.v;
	*n = w.n;
	return rc;
}

int api_decode_report(const char *body, size_t len, struct m_report *out)
{
	return api_decode(body, len, &m_report_desc, out);
}

/* ---- the halls of a platform ---- */

#define W_T struct api_list
static const struct m_field api_halls_fields[] = { API_LIST("halls", 0, m_platform_hall_desc) };
#undef W_T
static const struct m_desc api_halls_desc = W_DESC(struct api_list, api_halls_fields);

int api_decode_halls(const char *body, size_t len, struct m_platform_hall **out, size_t *n)
{
	return api_decode_list(body, len, &api_halls_desc, out, n, NULL);
}

/* {"error": {"code": "choose_hall", "halls": [ids], "choices": [{id, name}]}} */
struct api_choose {
	char *code;
	int *ids;
	size_t nids;
	struct m_platform_hall *v;
	size_t n;
};

#define W_T struct api_choose
static const struct m_field api_choose_error_fields[] = {
	W_STR("code", code, WF_REQ),
	W_INTV("halls", ids, nids, WF_REQ),
	W_ARR("choices", v, n, WF_LIST, struct m_platform_hall, m_platform_hall_desc),
};
static const struct m_desc api_choose_error_desc = W_DESC(struct api_choose, api_choose_error_fields);
static const struct m_field api_choose_fields[] = {
	W_SUB("error", WF_REQ, api_choose_error_desc),
};
#undef W_T
static const struct m_desc api_choose_desc = W_DESC(struct api_choose, api_choose_fields);

int api_decode_choose_hall(const char *body, size_t len, struct m_platform_hall **out, size_t *n)
{
	struct api_choose w;
	*out = NULL;
	*n = 0;
	if (api_decode(body, len, &api_choose_desc, &w) != 0)
		return -1;
	int rc = strcmp(w.code, "choose_hall") == 0 && w.nids > 0 ? 0 : -1;
	if (rc == 0 && w.n == 0) {
		/* A server that names no choices: the ids alone, without names. */
		w.v = xcalloc(w.nids, sizeof *w.v);
		for (size_t i = 0; i < w.nids; i++)
			w.v[i] = (struct m_platform_hall){ .id = w.ids[i], .code = xstrdup(""), .name = xstrdup(""),
							   .level = xstrdup("") };
		w.n = w.nids;
	}
	if (rc == 0) {
		*out = w.v;
		*n = w.n;
		w.v = NULL;
		w.n = 0;
	}
	m_free(&api_choose_desc, &w);
	return rc;
}
