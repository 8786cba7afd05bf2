/* api_drill.c - the trainers' drill replies (api.h, drill.h), decoded by
 * their tables in wicket/model/wire.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include "wicket/net/api.h"
#include "wicket/net/api_decode.h"
#include "wicket/model/wire.h"

#define W_T struct api_page
static const struct m_field api_drills_fields[] = { API_PAGE("drills", WF_LIST, m_drill_desc) };
#undef W_T
static const struct m_desc api_drills_desc = W_DESC(struct api_page, api_drills_fields);

int api_decode_scenarios(const char *body, size_t len, struct m_scenarios *out)
{
	return api_decode(body, len, &m_scenarios_desc, out);
}

int api_decode_drills(const char *body, size_t len, struct m_drill **out, size_t *n, struct m_page *page)
{
	return api_decode_page(body, len, &api_drills_desc, out, n, page);
}

int api_decode_drill(const char *body, size_t len, struct m_drill *out)
{
	return api_decode(body, len, &m_drill_desc, out);
}

int api_decode_score(const char *body, size_t len, struct m_score *out)
{
	return api_decode(body, len, &m_score_desc, out);
}

int api_decode_leaderboard(const char *body, size_t len, struct m_leaderboard *out)
{
	return api_decode(body, len, &m_leaderboard_desc, out);
}
