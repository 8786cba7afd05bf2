/* The API edge (api.h, model.h): decoding real-shaped replies, refusing
 * malformed ones without leaking, neutralising hostile text, bounding
 * what a server can make the client allocate, and encoding request
 * bodies that parse back to what was meant. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <cjson/cJSON.h>

#include "wicket/net/api.h"
#include "wicket/common/buf.h"
#include "wicket/model/model.h"
#include "wicket/model/wire.h"
#include "wicket/common/utf8.h"
#include "wicket/common/xalloc.h"

/* JSON written as C tokens: the preprocessor quotes it (runs of spaces
 * become one, which JSON does not mind).  Control characters cannot be
 * written this way; the hostile bodies spell them out. */
#define JSON(...) #__VA_ARGS__

#define T0915 1795396502      /* 2026-11-23T09:15:02+08:00 */
#define D1123 20780           /* 2026-11-23 */
#define D1207 20794           /* 2026-12-07 */

static bool zeroed(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

/* Nothing that could start an escape sequence or move the cursor: no C0
 * control (bar newline where allowed), no DEL, no C1 in its UTF-8 form,
 * and well-formed UTF-8 throughout. */
static void assert_terminal_safe(const char *s, bool newlines)
{
	assert_non_null(s);
	assert_true(utf8_valid(s, strlen(s)));
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		assert_false(*p < 0x20 && !(newlines && *p == '\n'));
		assert_int_not_equal(*p, 0x7f);
		assert_false(p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f);
	}
}

/* ---- well-formed replies ---------------------------------------------- */

static const char login_body[] = JSON(
	{"token": "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	 "role": "clerk", "user": "clerk1", "name": "张雅婷", "windows": [1, 3],
	 "expires": "2026-11-24T01:07:44+08:00"});

static const char ticket_body[] = JSON(
	{"id": 17, "number": "A017", "status": "called", "service": "MAR",
	 "service_name": "婚姻登记", "matter": "MAR-01", "priority": "elderly",
	 "appointment": true, "appointment_at": "2026-11-23T09:00:00+08:00",
	 "window": 1, "target_window": null, "recalls": 2, "transferred_from": 9,
	 "transferred_to": null, "clerk": "clerk1",
	 "issued_at": "2026-11-23T09:15:02+08:00", "called_at": "2026-11-23T09:20:00+08:00",
	 "started_at": null, "finished_at": null, "wait_seconds": 298});

static void test_login(void **state)
{
	(void)state;
	struct m_session s;
	assert_int_equal(api_decode_login(login_body, strlen(login_body), &s), 0);
	assert_int_equal(strlen(s.token), 64);
	assert_string_equal(s.role, "clerk");
	assert_string_equal(s.user, "clerk1");
	assert_string_equal(s.name, "张雅婷");
	assert_int_equal(s.nwindows, 2);
	assert_int_equal(s.windows[0], 1);
	assert_int_equal(s.windows[1], 3);
	assert_null(s.drill);                          /* the hall's session */
	m_free(&m_session_desc, &s);
	assert_true(zeroed(&s, sizeof s));

	const char *drill = JSON({"token": "t", "role": "clerk", "user": "clerk1", "windows": [2],
				  "drill": "K7Q2\u001b[2J", "expires": "2026-11-24T01:07:44+08:00"});
	assert_int_equal(api_decode_login(drill, strlen(drill), &s), 0);
	assert_int_equal(s.windows[0], 2);
	assert_terminal_safe(s.drill, false);
	assert_non_null(strstr(s.drill, "K7Q2"));
	m_free(&m_session_desc, &s);
	const char *bad = JSON({"token": "t", "role": "clerk", "user": "clerk1", "windows": [2],
				"drill": 7});
	assert_int_equal(api_decode_login(bad, strlen(bad), &s), -1);
	assert_true(zeroed(&s, sizeof s));
}

/* A platform's halls: the hall a session belongs to, the list of halls,
 * and a 409 choose_hall with the halls' names (or their ids alone). */
static void test_halls(void **state)
{
	(void)state;
	struct m_session s;
	const char *login = JSON({"token": "h2-0123", "hall": 2, "role": "clerk", "user": "clerk1",
				  "windows": [1], "expires": "2026-11-24T01:07:44+08:00"});
	assert_int_equal(api_decode_login(login, strlen(login), &s), 0);
	assert_int_equal(s.hall, 2);
	m_free(&m_session_desc, &s);
	assert_int_equal(api_decode_login(login_body, strlen(login_body), &s), 0);
	assert_int_equal(s.hall, 0);                   /* a server before platforms */
	m_free(&m_session_desc, &s);

	struct m_platform_hall *h;
	size_t n;
	const char *halls = JSON({"halls": [
		{"id": 1, "code": "1", "name": "青川县政务服务中心", "level": "county", "parent": null,
		 "waiting": 36, "windows": 10, "open_windows": 3, "overdue_cases": 2, "served_today": 41},
		{"id": 2, "code": "LT", "name": "柳疃镇[2J便民服务中心", "level": "township", "parent": 1,
		 "waiting": 1, "windows": 2, "open_windows": 1, "overdue_cases": 0, "served_today": 0}]});
	assert_int_equal(api_decode_halls(halls, strlen(halls), &h, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(h[0].waiting, 36);
	assert_int_equal(h[0].open_windows, 3);
	assert_int_equal(h[0].overdue_cases, 2);
	assert_int_equal(h[0].served_today, 41);
	assert_string_equal(h[1].level, "township");
	assert_terminal_safe(h[1].name, false);
	m_free_array(&m_platform_hall_desc, h, n);
	const char *bad = JSON({"halls": [{"id": "2"}]});
	assert_int_equal(api_decode_halls(bad, strlen(bad), &h, &n), -1);
	assert_null(h);

	const char *choose = JSON({"error": {"code": "choose_hall", "message": "say which", "halls": [1, 2],
					     "choices": [{"id": 1, "name": "青川县政务服务中心"},
							 {"id": 2, "name": "柳疃镇便民服务中心"}]}});
	assert_int_equal(api_decode_choose_hall(choose, strlen(choose), &h, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(h[1].id, 2);
	assert_string_equal(h[1].name, "柳疃镇便民服务中心");
	m_free_array(&m_platform_hall_desc, h, n);
	const char *ids = JSON({"error": {"code": "choose_hall", "message": "say which", "halls": [1, 3]}});
	assert_int_equal(api_decode_choose_hall(ids, strlen(ids), &h, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(h[1].id, 3);
	assert_string_equal(h[1].name, "");
	m_free_array(&m_platform_hall_desc, h, n);
	const char *other = JSON({"error": {"code": "conflict", "message": "no", "halls": [1]}});
	assert_int_equal(api_decode_choose_hall(other, strlen(other), &h, &n), -1);
	assert_null(h);
	assert_int_equal(n, 0);
}

static void test_ticket(void **state)
{
	(void)state;
	struct m_ticket t;
	assert_int_equal(api_decode_ticket(ticket_body, strlen(ticket_body), &t), 0);
	assert_int_equal(t.id, 17);
	assert_string_equal(t.number, "A017");
	assert_int_equal(t.status, TS_CALLED);
	assert_string_equal(t.service, "MAR");
	assert_string_equal(t.service_name, "婚姻登记");
	assert_string_equal(t.matter, "MAR-01");
	assert_int_equal(t.priority, PRIO_ELDERLY);
	assert_true(t.appointment);
	assert_int_equal(t.window, 1);
	assert_int_equal(t.recalls, 2);
	assert_int_equal(t.transferred_from, 9);
	assert_int_equal(t.issued_at, T0915);
	assert_int_equal(t.called_at, T0915 + 298);
	assert_int_equal(t.started_at, 0);
	assert_int_equal(t.finished_at, 0);
	assert_int_equal(t.wait_seconds, 298);
	m_free(&m_ticket_desc, &t);
}

static void test_ticket_nulls_and_unknown_names(void **state)
{
	(void)state;
	const char *b = JSON({"id": 5, "number": "B005", "status": "teleported", "service": "SOC",
			      "matter": null, "priority": "vip", "window": null,
			      "transferred_from": null, "issued_at": "2026-11-23T01:15:02Z"});
	struct m_ticket t;
	assert_int_equal(api_decode_ticket(b, strlen(b), &t), 0);
	assert_int_equal(t.status, TS_UNKNOWN);
	assert_int_equal(t.priority, PRIO_NONE);
	assert_null(t.matter);                  /* "string or null" stays NULL */
	assert_string_equal(t.service_name, "");     /* an absent string is "" */
	assert_int_equal(t.window, 0);
	assert_int_equal(t.transferred_from, 0);
	assert_int_equal(t.issued_at, T0915);
	m_free(&m_ticket_desc, &t);
}

static void test_transfer(void **state)
{
	(void)state;
	const char *b = JSON({"ticket": {"id": 17, "number": "A017", "status": "transferred",
					 "service": "MAR", "issued_at": "2026-11-23T09:15:02+08:00"},
			      "new_ticket": {"id": 31, "number": "B031", "status": "waiting",
					     "service": "SOC", "transferred_from": 17,
					     "issued_at": "2026-11-23T09:40:00+08:00"}});
	struct m_ticket t;
	assert_int_equal(api_decode_transfer(b, strlen(b), &t), 0);
	assert_int_equal(t.id, 31);
	assert_string_equal(t.number, "B031");
	assert_int_equal(t.transferred_from, 17);
	m_free(&m_ticket_desc, &t);
}

static void test_queue_entries(void **state)
{
	(void)state;
	const char *b = JSON({"window": 1, "tickets": [
		{"id": 3, "number": "A003", "service": "MAR", "priority": "military",
		 "appointment": false, "appointment_at": null,
		 "issued_at": "2026-11-23T09:15:02+08:00", "wait_seconds": 60, "transferred_from": null},
		{"id": 4, "number": "B004", "service": "SOC", "priority": "none",
		 "appointment": true, "appointment_at": "2026-11-23T10:00:00+08:00",
		 "issued_at": "2026-11-23T09:16:02+08:00", "wait_seconds": 0, "transferred_from": 2}]});
	struct m_ticket *t;
	size_t n;
	assert_int_equal(api_decode_queue(b, strlen(b), &t, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(t[0].status, TS_WAITING);
	assert_int_equal(t[0].priority, PRIO_MILITARY);
	assert_int_equal(t[0].wait_seconds, 60);
	assert_string_equal(t[1].number, "B004");
	assert_true(t[1].appointment);
	assert_int_equal(t[1].transferred_from, 2);
	assert_int_equal(t[1].issued_at, T0915 + 60);
	m_free_array(&m_ticket_desc, t, n);

	const char *empty = JSON({"window": 2, "tickets": []});
	assert_int_equal(api_decode_queue(empty, strlen(empty), &t, &n), 0);
	assert_int_equal(n, 0);
	m_free_array(&m_ticket_desc, t, n);
}

static const char window_body[] = JSON(
	{"no": 1, "name": "1号窗口", "zone": "A", "zone_name": "民政服务区", "status": "paused",
	 "pause_reason": "午休", "status_since": "2026-11-23T09:15:02+08:00", "clerk": "clerk1",
	 "clerk_name": "张雅婷", "services": ["MAR", "SOC"],
	 "current": {"id": 17, "number": "A017", "status": "serving", "service": "MAR",
		     "issued_at": "2026-11-23T09:15:02+08:00"},
	 "waiting": 4, "longest_wait": 1260, "served_today": 12});

static void test_window(void **state)
{
	(void)state;
	struct m_window w;
	assert_int_equal(api_decode_window(window_body, strlen(window_body), &w), 0);
	assert_int_equal(w.no, 1);
	assert_string_equal(w.name, "1号窗口");
	assert_string_equal(w.zone_name, "民政服务区");
	assert_int_equal(w.status, WS_PAUSED);
	assert_string_equal(w.pause_reason, "午休");
	assert_int_equal(w.status_since, T0915);
	assert_string_equal(w.clerk, "clerk1");
	assert_int_equal(w.nservices, 2);
	assert_string_equal(w.services[1], "SOC");
	assert_true(w.has_current);
	assert_int_equal(w.current.id, 17);
	assert_int_equal(w.current.status, TS_SERVING);
	assert_int_equal(w.waiting, 4);
	assert_int_equal(w.longest_wait, 1260);
	assert_int_equal(w.served_today, 12);
	m_free(&m_window_desc, &w);
}

static void test_windows_list(void **state)
{
	(void)state;
	const char *b = JSON({"windows": [
		{"no": 2, "name": "2号窗口", "zone": "A", "zone_name": "民政服务区", "status": "closed",
		 "pause_reason": null, "status_since": null, "clerk": null, "clerk_name": null,
		 "services": ["SOC"], "current": null, "waiting": 0, "longest_wait": 0, "served_today": 0},
		{"no": 3, "name": "3号窗口", "status": "open", "services": [], "current": null}]});
	struct m_window *w;
	size_t n;
	assert_int_equal(api_decode_windows(b, strlen(b), &w, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(w[0].status, WS_CLOSED);
	assert_null(w[0].pause_reason);
	assert_null(w[0].clerk);
	assert_false(w[0].has_current);
	assert_int_equal(w[1].status, WS_OPEN);
	assert_int_equal(w[1].nservices, 0);
	m_free_array(&m_window_desc, w, n);
}

static void test_services(void **state)
{
	(void)state;
	const char *b = JSON({"services": [
		{"code": "MAR", "prefix": "A", "name": "婚姻登记", "matters": [
			{"code": "MAR-01", "name": "内地居民结婚登记", "kind": "immediate", "working_days": 0},
			{"code": "MAR-03", "name": "补领结婚证", "kind": "promised", "working_days": 5}]},
		{"code": "SOC", "prefix": "B", "name": "社会救助与老龄福利", "matters": []}]});
	struct m_service *s;
	size_t n;
	assert_int_equal(api_decode_services(b, strlen(b), &s, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(s[0].prefix, "A");
	assert_int_equal(s[0].nmatters, 2);
	assert_string_equal(s[0].matters[1].code, "MAR-03");
	assert_int_equal(s[0].matters[1].kind, MK_PROMISED);
	assert_int_equal(s[0].matters[1].working_days, 5);
	assert_string_equal(s[0].matters[1].legal_basis, "");  /* empty in list entries */
	assert_int_equal(s[1].nmatters, 0);
	m_free_array(&m_service_desc, s, n);
}

static const char matter_body[] = JSON(
	{"code": "MAR-01", "name": "内地居民结婚登记", "service": "MAR", "department": "青川县民政局",
	 "kind": "immediate", "working_days": 0,
	 "legal_basis": "《婚姻登记条例》第四条\n《民法典》第一千零四十九条", "fee": "免费",
	 "steps": ["取号", "提交材料", "领证"],
	 "materials": [
		{"id": 1, "name": "本人有效居民身份证", "form": "original", "copies": 1, "required": true, "note": ""},
		{"id": 2, "name": "户口簿", "form": "original_and_copy", "copies": 1, "required": true, "note": "首页及本人页"},
		{"id": 3, "name": "近期2寸合影照片", "form": "copy", "copies": 3, "required": false, "note": "红底"}]});

static void test_matter(void **state)
{
	(void)state;
	struct m_matter m;
	assert_int_equal(api_decode_matter(matter_body, strlen(matter_body), &m), 0);
	assert_string_equal(m.department, "青川县民政局");
	assert_int_equal(m.kind, MK_IMMEDIATE);
	assert_non_null(strchr(m.legal_basis, '\n'));     /* multi-line text keeps its lines */
	assert_string_equal(m.fee, "免费");
	assert_int_equal(m.nsteps, 3);
	assert_string_equal(m.steps[2], "领证");
	assert_int_equal(m.nmaterials, 3);
	assert_int_equal(m.materials[1].form, MF_ORIGINAL_AND_COPY);
	assert_int_equal(m.materials[2].form, MF_COPY);
	assert_int_equal(m.materials[2].copies, 3);
	assert_false(m.materials[2].required);
	assert_string_equal(m.materials[1].note, "首页及本人页");

	struct m_matter c;
	m_matter_copy(&c, &m);
	assert_ptr_not_equal(c.materials, m.materials);
	assert_ptr_not_equal(c.steps[0], m.steps[0]);
	assert_string_equal(c.materials[2].name, m.materials[2].name);
	m_free(&m_matter_desc, &m);
	assert_string_equal(c.legal_basis + strlen(c.legal_basis) - 3, "条");
	m_free(&m_matter_desc, &c);
}

/* The example of docs/api-part-cases.md, as the clerk at window 1 sees it. */
static const char case_body[] = JSON(
	{"id":2,"number":"20261123-0002","status":"accepted","ticket":37,"ticket_number":"B005",
	 "matter":"SOC-03","matter_name":"临时救助申请","kind":"promised","working_days":10,
	 "window":1,"clerk":"clerk1",
	 "applicant":{"name":"李四","id_number":"510823199001011238","phone":"0839-1234567"},
	 "received":[1,2,3,4],"missing":[],"notified_on":null,"accepted_on":"2026-11-23",
	 "due":"2026-12-07","provisional":false,"completed_on":null,"on_time":null,
	 "working_days_used":null,"rating":null,"rating_comment":null,
	 "created_at":"2026-11-23T13:18:32+08:00","accepted_at":"2026-11-23T13:18:32+08:00",
	 "completed_at":null,"missing_materials":[],"suspensions":[],"working_days_left":10});

static void test_case(void **state)
{
	(void)state;
	struct m_case c;
	assert_int_equal(api_decode_case(case_body, strlen(case_body), &c), 0);
	assert_int_equal(c.id, 2);
	assert_string_equal(c.number, "20261123-0002");
	assert_int_equal(c.status, CS_ACCEPTED);
	assert_int_equal(c.ticket, 37);
	assert_string_equal(c.matter, "SOC-03");
	assert_string_equal(c.matter_name, "临时救助申请");
	assert_int_equal(c.kind, MK_PROMISED);
	assert_int_equal(c.working_days, 10);
	assert_int_equal(c.window, 1);
	assert_string_equal(c.applicant_name, "李四");
	assert_string_equal(c.applicant_id, "510823199001011238");
	assert_string_equal(c.applicant_phone, "0839-1234567");
	assert_int_equal(c.nmissing, 0);
	assert_int_equal(c.nmissing_materials, 0);
	assert_int_equal(c.accepted_on, D1123);
	assert_int_equal(c.due, D1207);
	assert_int_equal(c.completed_on, -1);
	assert_false(c.provisional);
	assert_true(c.has_days_left);
	assert_int_equal(c.working_days_left, 10);
	assert_false(c.has_on_time);
	assert_int_equal(c.working_days_used, -1);
	assert_int_equal(c.rating, 0);
	m_free(&m_case_desc, &c);
}

static void test_case_notified_masked(void **state)
{
	(void)state;
	const char *b = JSON(
		{"id":1,"number":"20261123-0001","status":"notified","ticket":null,"ticket_number":null,
		 "matter":"SOC-01","matter_name":"最低生活保障申请","kind":"promised","working_days":20,
		 "window":1,"clerk":"clerk1",
		 "applicant":{"name":"张三","id_number":"5108**********1238","phone":"138****5678"},
		 "received":[2,5],"missing":[1,3,4],
		 "missing_materials":[{"id":1,"name":"《最低生活保障申请书》","form":"original","copies":1,"note":"到窗口领取"},
				      {"id":3,"name":"户口簿","form":"original_and_copy","copies":1,"note":""},
				      {"id":4,"name":"收入证明","form":"copy","copies":2,"note":""}],
		 "notified_on":"2026-11-23","accepted_on":null,"due":null,"provisional":false,
		 "working_days_left":null,"suspensions":[],"completed_on":null,"on_time":null,
		 "working_days_used":null,"rating":4,"rating_comment":"好",
		 "created_at":"2026-11-23T09:15:02+08:00","accepted_at":null,"completed_at":null});
	struct m_case c;
	assert_int_equal(api_decode_case(b, strlen(b), &c), 0);
	assert_int_equal(c.status, CS_NOTIFIED);
	assert_int_equal(c.ticket, 0);
	assert_string_equal(c.applicant_id, "5108**********1238");
	assert_int_equal(c.nmissing, 3);
	assert_int_equal(c.missing[2], 4);
	assert_int_equal(c.nmissing_materials, 3);
	assert_string_equal(c.missing_materials[0].note, "到窗口领取");
	assert_int_equal(c.missing_materials[1].form, MF_ORIGINAL_AND_COPY);
	assert_int_equal(c.missing_materials[2].copies, 2);
	assert_int_equal(c.accepted_on, -1);
	assert_int_equal(c.due, -1);
	assert_false(c.has_days_left);
	assert_int_equal(c.rating, 4);
	m_free(&m_case_desc, &c);
}

static void test_cases_list(void **state)
{
	(void)state;
	const char *b = JSON({"cases": [
		{"id": 8, "number": "QC20261123-0008", "status": "completed", "matter": "MAR-01",
		 "kind": "immediate", "accepted_on": "2026-11-23", "due": "2026-11-23",
		 "completed_on": "2026-11-23", "on_time": true, "working_days_used": 0,
		 "working_days_left": null, "rating": 5, "applicant": null, "missing": []},
		{"id": 9, "number": "QC20261123-0009", "status": "notified", "matter": "MAR-03"}]});
	struct m_case *c;
	size_t n;
	assert_int_equal(api_decode_cases(b, strlen(b), &c, &n), 0);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].status, CS_COMPLETED);
	assert_int_equal(c[0].completed_on, D1123);
	assert_true(c[0].has_on_time);
	assert_true(c[0].on_time);
	assert_int_equal(c[0].working_days_used, 0);
	assert_false(c[0].has_days_left);
	assert_int_equal(c[0].rating, 5);
	assert_string_equal(c[0].applicant_name, "");
	assert_string_equal(c[1].applicant_phone, "");
	assert_int_equal(c[1].status, CS_NOTIFIED);
	assert_int_equal(c[1].accepted_on, -1);
	assert_int_equal(c[1].due, -1);
	m_free_array(&m_case_desc, c, n);
}

/* A search's page, its total, and one case whole: its steps by name and
 * its result. */
static void test_cases_page_and_steps(void **state)
{
	(void)state;
	const char *b = JSON({"cases": [{"id": 1, "number": "20261123-0001", "status": "notified",
		"matter": "SOC-03", "service": "SOC"}], "total": 7, "offset": 0, "limit": 1});
	struct m_case *c;
	size_t n;
	int64_t total = 0;
	assert_int_equal(api_decode_cases_page(b, strlen(b), &c, &n, &total), 0);
	assert_int_equal(n, 1);
	assert_int_equal(total, 7);
	assert_string_equal(c[0].service, "SOC");
	assert_null(c[0].result);
	assert_int_equal(c[0].nsteps, 0);
	m_free_array(&m_case_desc, c, n);
	b = JSON({"cases": []});
	assert_int_equal(api_decode_cases_page(b, strlen(b), &c, &n, &total), -1);

	b = JSON({"id": 1, "number": "20261123-0001", "status": "completed", "matter": "SOC-03",
		"result": "准予", "steps": [
		{"at": "2026-11-23T09:15:02+08:00", "action": "notified",
		 "by": {"user": "clerk1", "name": "张雅婷"}, "window": 1, "ticket": 3,
		 "ticket_number": "B001", "detail": {"missing": [2]}},
		{"at": "2026-11-26T15:00:00+08:00", "action": "completed", "by": null,
		 "window": null, "ticket": null, "ticket_number": null, "detail": null}]});
	struct m_case k;
	assert_int_equal(api_decode_case(b, strlen(b), &k), 0);
	assert_string_equal(k.result, "准予");
	assert_int_equal(k.nsteps, 2);
	assert_string_equal(k.steps[0].at, "2026-11-23T09:15:02+08:00");
	assert_string_equal(k.steps[0].action, "notified");
	assert_string_equal(k.steps[0].by_user, "clerk1");
	assert_string_equal(k.steps[0].by_name, "张雅婷");
	assert_int_equal(k.steps[0].window, 1);
	assert_string_equal(k.steps[0].ticket_number, "B001");
	assert_null(k.steps[1].by_name);
	assert_int_equal(k.steps[1].window, 0);
	assert_null(k.steps[1].ticket_number);
	m_free(&m_case_desc, &k);
}

static void test_events(void **state)
{
	(void)state;
	const char *b = JSON({"events": [
		{"seq": 42, "at": "2026-11-23T09:15:02+08:00", "kind": "ticket.called", "window": 1,
		 "ticket": 17, "case": null, "data": {"number": "A017", "window": 1}},
		{"seq": 43, "at": "2026-11-23T09:15:03+08:00", "kind": "case.accepted", "window": null,
		 "ticket": null, "case": 7, "data": {}}], "last": 43});
	struct m_event *e;
	size_t n;
	int64_t last;
	assert_int_equal(api_decode_events(b, strlen(b), &e, &n, &last), 0);
	assert_int_equal(n, 2);
	assert_int_equal(last, 43);
	assert_int_equal(e[0].seq, 42);
	assert_string_equal(e[0].kind, "ticket.called");
	assert_int_equal(e[0].window, 1);
	assert_int_equal(e[0].ticket, 17);
	assert_int_equal(e[0].case_id, 0);
	assert_int_equal(e[1].window, 0);
	assert_int_equal(e[1].case_id, 7);
	assert_int_equal(e[0].at, T0915);
	assert_string_equal(e[0].number, "A017");
	assert_null(e[1].number);                      /* absent data stays NULL */
	assert_null(e[0].user);
	m_free_array(&m_event_desc, e, n);

	/* What a trainer's feed reads of the data. */
	const char *d = JSON({"events": [
		{"seq": 1, "at": null, "kind": "ticket.issued", "window": null, "ticket": 1, "case": null,
		 "data": {"number": "B001", "service": "SOC", "priority": "none", "target_window": 2}},
		{"seq": 2, "at": "2026-11-23T09:15:02+08:00", "kind": "clerk.signed_in", "window": 2,
		 "data": {"user": "clerk2"}},
		{"seq": 3, "kind": "ticket.transferred", "window": 2, "ticket": 1,
		 "data": {"number": "B001", "to_service": "HUK", "new_ticket": 9}},
		{"seq": 4, "kind": "case.rated", "window": 2, "case": 3, "data": {"number": "N", "level": 2}},
		{"seq": 5, "kind": "window.status", "window": 2, "data": {"status": "paused", "from": "open",
		 "reason": "午休"}}], "last": 5});
	assert_int_equal(api_decode_events(d, strlen(d), &e, &n, &last), 0);
	assert_int_equal(n, 5);
	assert_int_equal(e[0].at, 0);
	assert_int_equal(e[0].target_window, 2);
	assert_string_equal(e[1].user, "clerk2");
	assert_string_equal(e[2].to_service, "HUK");
	assert_int_equal(e[2].to_window, 0);
	assert_int_equal(e[3].level, 2);
	assert_string_equal(e[4].status, "paused");
	m_free_array(&m_event_desc, e, n);
	const char *bad[] = {
		JSON({"events": [{"seq": 1, "kind": "x", "data": {"number": 5}}], "last": 1}),
		JSON({"events": [{"seq": 1, "kind": "x", "data": {"level": "2"}}], "last": 1}),
		JSON({"events": [{"seq": 1, "kind": "x", "data": "B001"}], "last": 1}),
		JSON({"events": [{"seq": 1, "kind": "x", "at": "yesterday"}], "last": 1}),
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_int_equal(api_decode_events(bad[i], strlen(bad[i]), &e, &n, &last), -1);
		assert_null(e);
	}

	const char *none = JSON({"events": [], "last": 43});
	assert_int_equal(api_decode_events(none, strlen(none), &e, &n, &last), 0);
	assert_int_equal(n, 0);
	assert_int_equal(last, 43);
	m_free_array(&m_event_desc, e, n);
}

static void test_resync(void **state)
{
	(void)state;
	const char *b = JSON({"error": {"code": "resync_required", "message": "reload", "last": 10042}});
	int64_t last = -5;
	assert_int_equal(api_decode_resync(b, strlen(b), &last), 0);
	assert_int_equal(last, 10042);
	const char *other = JSON({"error": {"code": "not_found", "message": "x", "last": 3}});
	assert_int_equal(api_decode_resync(other, strlen(other), &last), -1);
	const char *nolast = JSON({"error": {"code": "resync_required", "message": "x"}});
	assert_int_equal(api_decode_resync(nolast, strlen(nolast), &last), -1);
}

/* ---- drills ------------------------------------------------------------- */

static const char scenarios_body[] = JSON(
	{"scenarios": [
	  {"id": "promised-normal", "title": "普通承诺件", "summary": "两位群众。\n逐项核对。",
	   "services": ["SOC"], "applicants": 2, "matters": ["SOC-03", "SOC-01"]},
	  {"id": "wrong-window", "title": "走错窗口：转办", "summary": "", "services": ["MAR", "SOC"],
	   "applicants": 3, "matters": []}],
	 "rejected": [{"file": "bad.json", "error": "applicants[2].brought: material 9 is not in the guide of SOC-01"}]});

/* As wicketd answers GET /drills/{id} (docs/api.md), with a released
 * applicant served by one trainee and one not yet arrived. */
static const char drill_body[] = JSON(
	{"id": 3, "code": "K7Q2", "scenario": "materials-missing", "title": "材料不全", "trainer": "trainer",
	 "competition": "2026春季练兵", "status": "running", "created_at": "2026-11-23T09:15:02+08:00",
	 "finished_at": null,
	 "windows": [{"trainee": "clerk1", "name": "张雅婷", "window": 1},
		     {"trainee": "clerk2", "name": "李志强", "window": 2}],
	 "summary": "三位群众", "instructions": "你在社会救助窗口值班。\n办完一位再叫下一位。",
	 "started_at": "2026-11-23T09:15:02+08:00", "run": {"on": true, "base": "2026-11-23T09:15:02+08:00"},
	 "next": 2,
	 "applicants": [
	  {"applicant": 1, "name": "周建国", "arrival": 0, "priority": "elderly", "service": "SOC",
	   "matter": "SOC-01", "id_number": "510822196304150112", "phone": "13908391101",
	   "brought": [1, 2, 4], "wrong": {"material": 2, "note": "身份证已过期"},
	   "says": "您好。\n我来申请低保。", "rating": {"level": 2, "comment": "跑了两趟"},
	   "expect": {"outcome": "notice", "missing": [2, 3]}, "released": true, "arrives_at": null,
	   "tickets": [{"trainee": "clerk1", "window": 1, "ticket": 1, "number": "B001", "status": "done",
			"case_status": "notified"},
		       {"trainee": "clerk2", "window": 2, "ticket": 2, "number": "B001", "status": "waiting",
			"case_status": null}]},
	  {"applicant": 2, "name": "刘淑珍", "arrival": 120, "priority": "none", "service": "SOC",
	   "matter": "HUK-01", "id_number": "510822197008230227", "phone": "13908391102", "brought": [],
	   "says": "", "wrong_window": true, "expect": {"outcome": "transfer", "service": "HUK"},
	   "released": false, "arrives_at": "2026-11-23T09:17:02+08:00", "tickets": []}]});

static void test_drill_scenarios(void **state)
{
	(void)state;
	struct m_scenarios s;
	assert_int_equal(api_decode_scenarios(scenarios_body, strlen(scenarios_body), &s), 0);
	assert_int_equal(s.n, 2);
	assert_string_equal(s.v[0].id, "promised-normal");
	assert_string_equal(s.v[0].title, "普通承诺件");
	assert_non_null(strchr(s.v[0].summary, '\n'));   /* a text keeps its lines */
	assert_int_equal(s.v[0].applicants, 2);
	assert_int_equal(s.v[0].nmatters, 2);
	assert_string_equal(s.v[1].services[1], "SOC");
	assert_int_equal(s.nrejected, 1);
	assert_string_equal(s.v[1].matters ? "ok" : "none", "ok");
	assert_non_null(strstr(s.rejected[0].error, "material 9"));
	m_free(&m_scenarios_desc, &s);
	assert_true(zeroed(&s, sizeof s));

	const char *none = JSON({"scenarios": []});
	assert_int_equal(api_decode_scenarios(none, strlen(none), &s), 0);
	assert_int_equal(s.n, 0);
	assert_int_equal(s.nrejected, 0);
	m_free(&m_scenarios_desc, &s);
}

static void test_drill_whole(void **state)
{
	(void)state;
	struct m_drill d;
	assert_int_equal(api_decode_drill(drill_body, strlen(drill_body), &d), 0);
	assert_int_equal(d.id, 3);
	assert_string_equal(d.code, "K7Q2");
	assert_string_equal(d.competition, "2026春季练兵");
	assert_int_equal(d.status, DS_RUNNING);
	assert_int_equal(d.created_at, T0915);
	assert_int_equal(d.finished_at, 0);
	assert_int_equal(d.nwindows, 2);
	assert_string_equal(m_drill_trainee_at(&d, 2)->trainee, "clerk2");
	assert_null(m_drill_trainee_at(&d, 3));
	assert_true(d.run_on);
	assert_int_equal(d.run_base, T0915);
	assert_int_equal(d.next, 2);
	assert_int_equal(d.napplicants, 2);
	const struct m_drill_applicant *a = &d.applicants[0];
	assert_int_equal(a->no, 1);
	assert_int_equal(a->priority, PRIO_ELDERLY);
	assert_string_equal(a->id_number, "510822196304150112");
	assert_int_equal(a->nbrought, 3);
	assert_int_equal(a->wrong_material, 2);
	assert_string_equal(a->wrong_note, "身份证已过期");
	assert_non_null(strchr(a->says, '\n'));
	assert_int_equal(a->rating, 2);
	assert_string_equal(a->expect, "notice");
	assert_int_equal(a->nexpect_missing, 2);
	assert_int_equal(a->expect_missing[1], 3);
	assert_true(a->released);
	assert_int_equal(a->arrives_at, 0);
	assert_int_equal(a->ntickets, 2);
	assert_int_equal(a->tickets[0].status, TS_DONE);
	assert_true(a->tickets[0].has_case);
	assert_int_equal(a->tickets[0].case_status, CS_NOTIFIED);
	assert_false(a->tickets[1].has_case);
	a = &d.applicants[1];
	assert_true(a->wrong_window);
	assert_int_equal(a->wrong_material, 0);
	assert_string_equal(a->wrong_note, "");           /* absent: "" */
	assert_int_equal(a->rating, 0);
	assert_string_equal(a->expect_service, "HUK");
	assert_false(a->released);
	assert_int_equal(a->arrives_at, T0915 + 120);
	m_free(&m_drill_desc, &d);
	assert_true(zeroed(&d, sizeof d));
}

static void test_drills_list(void **state)
{
	(void)state;
	const char *b = JSON({"drills": [
		{"id": 2, "code": "AB12", "scenario": "dissatisfied", "title": "不满意的办事人",
		 "status": "finished", "trainer": "trainer", "competition": null,
		 "created_at": "2026-11-23T09:15:02+08:00", "finished_at": "2026-11-23T09:20:02+08:00",
		 "trainees": 3},
		{"id": 1, "code": "K7Q2", "scenario": "promised-normal", "title": "t", "status": "archived",
		 "trainer": "t2", "competition": "cup", "created_at": null, "finished_at": null,
		 "trainees": 1}]});
	struct m_drill *d;
	size_t n;
	assert_int_equal(api_decode_drills(b, strlen(b), &d, &n, NULL), 0);
	assert_int_equal(n, 2);
	assert_int_equal(d[0].status, DS_FINISHED);
	assert_null(d[0].competition);
	assert_int_equal(d[0].finished_at, T0915 + 300);
	assert_int_equal(d[0].trainees, 3);
	assert_int_equal(d[0].nwindows, 0);               /* a list entry has none */
	assert_int_equal(d[1].status, DS_UNKNOWN);        /* a newer server's status */
	assert_string_equal(d[1].competition, "cup");
	m_free_array(&m_drill_desc, d, n);
}

static const char score_body[] = JSON(
	{"id": 3, "code": "K7Q2", "scenario": "wrong-window", "title": "走错窗口", "trainer": "trainer",
	 "competition": null, "status": "finished", "created_at": "2026-11-23T09:15:02+08:00",
	 "finished_at": "2026-11-23T09:20:02+08:00",
	 "criteria": ["order", "materials", "notice", "due", "transfer", "time"],
	 "trainees": [{"trainee": "clerk2", "name": "李志强", "window": 2, "total": 85, "max": 120,
	   "criteria": {"order": {"points": 30, "max": 30}, "materials": {"points": 10, "max": 20},
			"notice": null, "due": {"points": 0, "max": 10},
			"transfer": {"points": 20, "max": 30}, "time": {"points": 25, "max": 30}},
	   "applicants": [
	    {"applicant": 1, "name": "林晓燕", "expect": "accept", "ticket": 2, "number": "A001",
	     "handling_seconds": 441, "total": 25, "max": 40,
	     "criteria": {"order": {"points": 10, "max": 10}, "materials": {"points": 0, "max": 10},
			  "notice": null, "due": null, "transfer": {"points": 10, "max": 10},
			  "time": {"points": 5, "max": 10}}},
	    {"applicant": 2, "name": "王五", "expect": "transfer", "ticket": null, "number": null,
	     "handling_seconds": null, "total": 0, "max": 0,
	     "criteria": {"order": null, "materials": null, "notice": null, "due": null,
			  "transfer": null, "time": null}}]}]});

static void test_drill_score(void **state)
{
	(void)state;
	struct m_score s;
	assert_int_equal(api_decode_score(score_body, strlen(score_body), &s), 0);
	assert_int_equal(s.status, DS_FINISHED);
	assert_null(s.competition);
	assert_int_equal(s.ntrainees, 1);
	const struct m_score_trainee *t = &s.trainees[0];
	assert_string_equal(t->trainee, "clerk2");
	assert_int_equal(t->total, 85);
	assert_int_equal(t->max, 120);
	assert_true(t->crit.has[DRILL_CRIT_ORDER]);
	assert_int_equal(t->crit.p[DRILL_CRIT_MATERIALS].points, 10);
	assert_int_equal(t->crit.p[DRILL_CRIT_MATERIALS].max, 20);
	assert_false(t->crit.has[DRILL_CRIT_NOTICE]);
	assert_int_equal(t->crit.p[DRILL_CRIT_TIME].points, 25);
	assert_int_equal(t->napplicants, 2);
	assert_true(t->applicants[0].has_handling);
	assert_int_equal(t->applicants[0].handling_seconds, 441);
	assert_false(t->applicants[0].crit.has[DRILL_CRIT_DUE]);
	assert_int_equal(t->applicants[0].crit.p[DRILL_CRIT_TIME].points, 5);
	assert_null(t->applicants[1].number);
	assert_int_equal(t->applicants[1].ticket, 0);
	assert_false(t->applicants[1].has_handling);
	for (int c = 0; c < DRILL_NCRITERIA; c++)
		assert_false(t->applicants[1].crit.has[c]);
	m_free(&m_score_desc, &s);
	assert_true(zeroed(&s, sizeof s));
}

static void test_leaderboard(void **state)
{
	(void)state;
	const char *b = JSON({"competition": "2026春季练兵", "drills": 2, "entries": [
		{"rank": 1, "trainee": "clerk2", "name": "李志强", "drills": 2, "total": 150, "max": 180,
		 "criteria": {"order": {"points": 60, "max": 60}, "materials": {"points": 20, "max": 20},
			      "notice": {"points": 0, "max": 0}, "due": {"points": 10, "max": 20},
			      "transfer": {"points": 40, "max": 40}, "time": {"points": 20, "max": 40}}},
		{"rank": 1, "trainee": "clerk1", "name": "张雅婷", "drills": 1, "total": 150, "max": 180},
		{"rank": 3, "trainee": "clerk3", "name": "", "drills": 1, "total": 0, "max": 90}]});
	struct m_leaderboard l;
	assert_int_equal(api_decode_leaderboard(b, strlen(b), &l), 0);
	assert_string_equal(l.competition, "2026春季练兵");
	assert_int_equal(l.drills, 2);
	assert_int_equal(l.nentries, 3);
	assert_int_equal(l.entries[1].rank, 1);
	assert_int_equal(l.entries[2].rank, 3);
	assert_int_equal(l.entries[0].crit.p[DRILL_CRIT_DUE].max, 20);
	assert_false(l.entries[1].crit.has[DRILL_CRIT_ORDER]);
	m_free(&m_leaderboard_desc, &l);
}

/* ---- the supervisor's replies ------------------------------------------- */

static const char board_body[] = JSON(
	{"now": "2026-12-02T10:00:05+08:00", "today": "2026-12-02",
	 "zones": [{"code": "A", "name": "民政服务区", "windows": [
	   {"no": 1, "name": "1号窗口", "zone": "A", "zone_name": "民政服务区", "status": "open",
	    "pause_reason": null, "status_since": "2026-12-02T08:30:00+08:00", "status_seconds": 5405,
	    "clerk": "clerk1", "clerk_name": "张雅婷",
	    "current": {"id": 17, "number": "A003", "status": "serving",
			"since": "2026-12-02T09:58:40+08:00", "seconds": 85},
	    "served_today": 12},
	   {"no": 2, "name": "2号窗口", "zone": "A", "zone_name": "民政服务区", "status": "paused",
	    "pause_reason": "午休", "status_since": "2026-12-02T09:50:00+08:00", "status_seconds": 605,
	    "clerk": "clerk2", "clerk_name": "李志强", "current": null, "served_today": 0}]},
	  {"code": "B", "name": "社会保险服务区", "windows": [
	   {"no": 3, "name": "3号窗口", "status": "closed", "pause_reason": null,
	    "status_since": "2026-12-01T17:00:00+08:00", "status_seconds": 61205,
	    "clerk": null, "clerk_name": null, "current": null, "served_today": 0}]}],
	 "services": [{"code": "MAR", "name": "婚姻登记", "waiting": 3, "longest_wait": 2810, "oldest": "A004"},
		      {"code": "SOC", "name": "社会救助", "waiting": 0, "longest_wait": 0, "oldest": null}],
	 "due_cases": [{"id": 9, "number": "20261118-0002", "matter": "SOC-03", "matter_name": "临时救助申请",
			"window": 2, "clerk": "clerk2", "due": "2026-12-01", "working_days_overdue": 1}]});

static void test_board(void **state)
{
	(void)state;
	struct m_board b;
	assert_int_equal(api_decode_board(board_body, strlen(board_body), &b), 0);
	assert_int_equal(b.nzones, 2);
	assert_string_equal(b.zones[0].code, "A");
	assert_int_equal(b.zones[0].nwindows, 2);
	const struct m_board_window *w = &b.zones[0].windows[0];
	assert_int_equal(w->no, 1);
	assert_int_equal(w->status, WS_OPEN);
	assert_null(w->pause_reason);
	assert_int_equal(w->status_seconds, 5405);
	assert_string_equal(w->clerk_name, "张雅婷");
	assert_true(w->has_current);
	assert_string_equal(w->current.number, "A003");
	assert_int_equal(w->current.status, TS_SERVING);
	assert_int_equal(w->current.seconds, 85);
	assert_int_equal(w->served_today, 12);
	assert_string_equal(b.zones[0].windows[1].pause_reason, "午休");
	assert_false(b.zones[0].windows[1].has_current);
	assert_null(b.zones[1].windows[0].clerk_name);
	assert_string_equal(b.zones[1].windows[0].zone_name, "");   /* absent: "" */
	assert_int_equal(b.nservices, 2);
	assert_int_equal(b.services[0].longest_wait, 2810);
	assert_string_equal(b.services[0].oldest, "A004");
	assert_null(b.services[1].oldest);
	assert_int_equal(b.ndue_cases, 1);
	assert_int_equal(b.due_cases[0].working_days_overdue, 1);
	assert_int_equal(b.due_cases[0].due, D1123 + 8);
	m_free(&m_board_desc, &b);
	assert_true(zeroed(&b, sizeof b));
}

static const char day_body[] = JSON(
	{"window": 1, "name": "1号窗口", "date": "2026-12-02",
	 "timeline": [
	   {"seq": 40, "at": "2026-12-02T08:29:51+08:00", "kind": "clerk.signed_in", "window": 1,
	    "ticket": null, "case": null, "data": {"user": "clerk1"}, "user": "clerk1"},
	   {"seq": 41, "at": "2026-12-02T09:30:00+08:00", "kind": "window.paused", "window": 1,
	    "ticket": null, "case": null, "data": {"status": "paused", "from": "open", "reason": "午休"},
	    "user": "clerk1"},
	   {"seq": 45, "at": "2026-12-02T08:31:12+08:00", "kind": "ticket.transferred", "window": 1,
	    "ticket": 17, "case": null, "data": {"number": "A003", "to_window": 2, "new_ticket": 30,
						 "reason": ["not a string"]}, "user": null},
	   {"seq": 46, "at": "2026-12-02T08:40:00+08:00", "kind": "callback.done", "window": 1,
	    "ticket": null, "case": 3, "data": {"callback": 4, "kind": "sample", "reached": true,
						"rating": 2}, "user": "supervisor"},
	   {"seq": 47, "at": "2026-12-02T08:41:00+08:00", "kind": "future.kind", "window": 1,
	    "ticket": null, "case": null, "data": null}],
	 "cases": [{"id": 3, "number": "20261202-0001", "matter": "MAR-01", "matter_name": "内地居民结婚登记",
		    "kind": "immediate", "status": "completed", "notified_on": null, "accepted_on": "2026-12-02",
		    "due": "2026-12-02", "completed_on": "2026-12-02", "on_time": true, "clerk": "clerk1"}],
	 "ratings": {"counts": [0, 1, 0, 1, 0], "rated": 2,
		     "list": [{"case": 3, "number": "20261202-0001", "level": 4, "comment": "快",
			       "at": "2026-12-02T08:40:00+08:00"}]}});

static void test_day(void **state)
{
	(void)state;
	struct m_day d;
	assert_int_equal(api_decode_day(day_body, strlen(day_body), &d), 0);
	assert_int_equal(d.window, 1);
	assert_int_equal(d.ntimeline, 5);
	assert_string_equal(d.timeline[0].user, "clerk1");
	assert_string_equal(d.timeline[1].reason, "午休");
	assert_string_equal(d.timeline[2].number, "A003");
	assert_int_equal(d.timeline[2].to_window, 2);
	assert_null(d.timeline[2].reason);        /* of another type: left out, not an error */
	assert_null(d.timeline[2].user);
	assert_int_equal(d.timeline[3].level, 2);  /* an outcome's rating */
	assert_string_equal(d.timeline[4].kind, "future.kind");
	assert_int_equal(d.ncases, 1);
	assert_int_equal(d.cases[0].status, CS_COMPLETED);
	assert_int_equal(d.cases[0].notified_on, -1);
	assert_true(d.cases[0].has_on_time && d.cases[0].on_time);
	assert_int_equal(d.ncounts, 5);
	assert_int_equal(d.counts[3], 1);
	assert_int_equal(d.rated, 2);
	assert_int_equal(d.nratings, 1);
	assert_string_equal(d.ratings[0].comment, "快");
	m_free(&m_day_desc, &d);
}

static const char audit_body[] = JSON(
	{"id": 5, "window": 3, "window_name": "3号窗口", "day": "2026-12-02",
	 "at": "2026-12-02T10:02:00+08:00", "supervisor": "supervisor", "supervisor_name": "何建华",
	 "clerk": "clerk3", "clerk_name": "王丽娟",
	 "checklist": {"at_post": true, "badge_uniform": false, "greeting": true, "farewell": false,
		       "guide_displayed": true, "no_cold": true, "no_rude": true, "no_stalling": true,
		       "no_pushing_away": true},
	 "failed_items": ["badge_uniform", "farewell"], "failed": 2,
	 "findings": [{"n": 1, "text": "未佩戴工牌", "rectify_days": 3, "due": "2026-12-07",
		       "provisional": false, "status": "open", "overdue": false, "working_days_left": 3,
		       "closed_on": null,
		       "follow_ups": [{"at": "2026-12-03T09:00:00+08:00", "user": "supervisor",
				       "note": "已提醒", "closed": false}]}],
	 "open_findings": 1, "overdue_findings": 0});

static void test_audit(void **state)
{
	(void)state;
	struct m_audit a;
	assert_int_equal(api_decode_audit(audit_body, strlen(audit_body), &a), 0);
	assert_int_equal(a.id, 5);
	assert_true(a.checklist[AUDIT_AT_POST]);
	assert_false(a.checklist[AUDIT_BADGE_UNIFORM]);
	assert_false(a.checklist[AUDIT_FAREWELL]);
	assert_true(a.checklist[AUDIT_NO_PUSHING_AWAY]);
	assert_int_equal(a.failed, 2);
	assert_int_equal(a.nfindings, 1);
	assert_int_equal(a.nfindings_total, 1);
	assert_true(a.findings[0].open);
	assert_int_equal(a.findings[0].due, D1207);
	assert_true(a.findings[0].has_days_left);
	assert_int_equal(a.findings[0].working_days_left, 3);
	assert_int_equal(a.findings[0].closed_on, -1);
	assert_int_equal(a.findings[0].nfollow_ups, 1);
	assert_string_equal(a.findings[0].follow_ups[0].note, "已提醒");
	m_free(&m_audit_desc, &a);

	/* In a list the findings are a count. */
	const char *list = JSON({"from": "2026-11-03", "to": "2026-12-02", "audits": [
		{"id": 5, "window": 3, "clerk": null, "clerk_name": null,
		 "checklist": {"at_post": true, "badge_uniform": true, "greeting": true, "farewell": true,
			       "guide_displayed": true, "no_cold": true, "no_rude": true, "no_stalling": true,
			       "no_pushing_away": false},
		 "failed": 1, "findings": 2, "open_findings": 1, "overdue_findings": 1}]});
	struct m_audit *v;
	size_t n;
	assert_int_equal(api_decode_audits(list, strlen(list), &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].nfindings_total, 2);
	assert_int_equal(v[0].nfindings, 0);
	assert_null(v[0].clerk_name);
	assert_false(v[0].checklist[AUDIT_NO_PUSHING_AWAY]);
	m_free_array(&m_audit_desc, v, n);

	const char *rect = JSON({"rectifications": [
		{"n": 2, "text": "指南缺页", "rectify_days": 0, "due": "2026-11-23", "provisional": true,
		 "status": "closed", "overdue": false, "working_days_left": null, "closed_on": "2026-11-23",
		 "audit": 4, "window": 1, "audit_day": "2026-11-23"}]});
	struct m_finding *f;
	assert_int_equal(api_decode_rectifications(rect, strlen(rect), &f, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_false(f[0].open);
	assert_false(f[0].has_days_left);
	assert_int_equal(f[0].closed_on, D1123);
	assert_int_equal(f[0].audit, 4);
	assert_int_equal(f[0].audit_day, D1123);
	m_free_array(&m_finding_desc, f, n);
}

/* The paged lists (docs/api.md, "Paged lists"): where the page stands is
 * decoded beside its rows; a reply without it (a server before paging) is
 * the whole list; the day's timeline has its own total. */
static void test_pages(void **state)
{
	(void)state;
	struct m_page p;
	struct m_audit *a;
	size_t n;
	const char *audits = JSON({"from": "2026-11-03", "to": "2026-12-02", "audits": [
		{"id": 5, "window": 3, "clerk": null, "clerk_name": null,
		 "checklist": {"at_post": true, "badge_uniform": true, "greeting": true, "farewell": true,
			       "guide_displayed": true, "no_cold": true, "no_rude": true, "no_stalling": true,
			       "no_pushing_away": false},
		 "failed": 1, "findings": 2, "open_findings": 1, "overdue_findings": 1}],
		"total": 340, "offset": 100, "limit": 100});
	assert_int_equal(api_decode_audits(audits, strlen(audits), &a, &n, &p), 0);
	assert_int_equal(n, 1);
	assert_int_equal(p.total, 340);
	assert_int_equal(p.offset, 100);
	m_free_array(&m_audit_desc, a, n);

	struct m_finding *f;
	const char *rect = JSON({"rectifications": [
		{"n": 2, "text": "x", "due": "2026-11-23", "status": "open", "audit": 4, "window": 1,
		 "audit_day": "2026-11-23"},
		{"n": 3, "text": "y", "due": "2026-11-23", "status": "open", "audit": 4, "window": 1,
		 "audit_day": "2026-11-23"}]});
	assert_int_equal(api_decode_rectifications(rect, strlen(rect), &f, &n, &p), 0);
	assert_int_equal(n, 2);
	assert_int_equal(p.total, 2);                   /* no total: the list is whole */
	assert_int_equal(p.offset, 0);
	m_free_array(&m_finding_desc, f, n);

	struct m_callback *k;
	const char *cbs = JSON({"callbacks": [], "total": 12, "offset": 500, "limit": 500});
	assert_int_equal(api_decode_callbacks(cbs, strlen(cbs), &k, &n, &p), 0);
	assert_int_equal(n, 0);
	assert_int_equal(p.total, 500);                 /* at least offset + n */
	assert_int_equal(p.offset, 500);
	m_free_array(&m_callback_desc, k, n);
	const char *bad = JSON({"callbacks": [], "total": "many"});
	assert_int_equal(api_decode_callbacks(bad, strlen(bad), &k, &n, &p), -1);
	assert_int_equal(p.total, 0);

	struct m_drill *d;
	const char *drills = JSON({"drills": [{"id": 2, "code": "AB12", "scenario": "s", "title": "t",
		"status": "finished", "trainer": "trainer", "trainees": 1}], "total": 101, "offset": 0,
		"limit": 1});
	assert_int_equal(api_decode_drills(drills, strlen(drills), &d, &n, &p), 0);
	assert_int_equal(n, 1);
	assert_int_equal(p.total, 101);
	m_free_array(&m_drill_desc, d, n);

	struct m_day day;
	const char *dj = JSON({"window": 1, "date": "2026-12-02", "timeline_total": 250, "offset": 200,
		"limit": 100, "timeline": [{"seq": 201, "at": "2026-12-02T09:15:00+08:00",
		"kind": "clerk.signed_in", "window": 1}], "cases": [],
		"ratings": {"counts": [0, 0, 0, 0, 0], "rated": 0, "list": []}});
	assert_int_equal(api_decode_day(dj, strlen(dj), &day), 0);
	assert_int_equal(day.ntimeline, 1);
	assert_int_equal(day.timeline_page.total, 250);
	assert_int_equal(day.timeline_page.offset, 200);
	m_free(&m_day_desc, &day);
}

static const char callback_json[] = JSON(
	{"id": 12, "kind": "bad_rating", "status": "open", "sample": null, "source": "callback",
	 "source_level": 2, "parent": 11, "next": null, "created_at": "2026-12-02T10:00:00+08:00",
	 "due": "2026-12-09", "provisional": false, "overdue": false, "outcome": null,
	 "case": 3, "case_number": "20261202-0001", "window": 1, "clerk": "clerk1", "matter": "MAR-01",
	 "matter_name": "内地居民结婚登记", "completed_on": "2026-12-02", "case_rating": null,
	 "applicant": {"name": "申请人1", "id_number": "5108**********1238", "phone": "13800000001"}});

static void test_callbacks(void **state)
{
	(void)state;
	struct m_callback k;
	assert_int_equal(api_decode_callback(callback_json, strlen(callback_json), &k), 0);
	assert_int_equal(k.kind, CBK_BAD_RATING);
	assert_true(k.open);
	assert_int_equal(k.source_level, 2);
	assert_int_equal(k.parent, 11);
	assert_false(k.has_outcome);
	assert_int_equal(k.case_rating, 0);
	assert_string_equal(k.applicant_phone, "13800000001");
	assert_string_equal(k.applicant_id, "5108**********1238");
	m_free(&m_callback_desc, &k);

	const char *done = JSON({"callbacks": [{"id": 11, "kind": "sample", "status": "done", "case": 3,
		"due": null, "outcome": {"reached": true, "attitude": 3, "competence": 4, "rating": 2,
					 "remarks": "等太久", "at": "2026-12-02T10:00:00+08:00",
					 "user": "supervisor"}, "next": 12}]});
	struct m_callback *v;
	size_t n;
	assert_int_equal(api_decode_callbacks(done, strlen(done), &v, &n, NULL), 0);
	assert_int_equal(n, 1);
	assert_false(v[0].open);
	assert_int_equal(v[0].kind, CBK_SAMPLE);
	assert_int_equal(v[0].due, -1);
	assert_true(v[0].has_outcome && v[0].outcome.reached);
	assert_int_equal(v[0].outcome.rating, 2);
	assert_int_equal(v[0].next, 12);
	assert_string_equal(v[0].applicant_name, "");           /* absent: "" */
	m_free_array(&m_callback_desc, v, n);

	const char *sample = JSON({"sample": {"id": 4, "from": "2026-12-01", "to": "2026-12-02", "size": 5,
		"per_window": null, "seed": 4294967295, "exclude_days": 30, "dry_run": false,
		"population": 10, "drawn": 1, "strata": []},
		"callbacks": [{"id": 13, "kind": "sample", "status": "open", "case": 9}]});
	struct m_sample sm;
	assert_int_equal(api_decode_sample(sample, strlen(sample), &sm, &v, &n), 0);
	assert_int_equal(sm.seed, 4294967295LL);
	assert_int_equal(sm.population, 10);
	assert_int_equal(sm.drawn, 1);
	assert_int_equal(n, 1);
	assert_int_equal(v[0].case_id, 9);
	m_free_array(&m_callback_desc, v, n);
	const char *no_sample = JSON({"callbacks": []});
	sm.drawn = 7;
	assert_int_equal(api_decode_sample(no_sample, strlen(no_sample), &sm, &v, &n), -1);
	assert_null(v);
	assert_int_equal(n, 0);
	assert_int_equal(sm.drawn, 0);
}

static void test_report(void **state)
{
	(void)state;
	const char *b = JSON({"from": "2026-12-01", "to": "2026-12-31", "by": "window",
		"generated_at": "2027-01-05T10:00:00+08:00",
		"rows": [{"key": "1", "name": "1号窗口", "tickets_called": 3, "tickets_served": 2, "no_shows": 1,
			  "transferred": 0, "wait_avg": 1000, "wait_p90": 1201, "handle_avg": null,
			  "handle_p90": null, "paused_seconds": 1800, "promised_completed": 3,
			  "promised_on_time": 2, "on_time_pct": 66.7, "overdue_open": 0, "accepted": 2,
			  "accepted_first_visit": 1, "one_visit_pct": 50, "ratings": [0, 0, 0, 0, 1],
			  "rated": 1, "satisfied_pct": 100},
			 {"key": null, "name": null, "tickets_called": 1, "paused_seconds": null,
			  "on_time_pct": null}],
		"total": {"key": null, "name": null, "tickets_called": 4, "wait_avg": 900,
			  "satisfied_pct": 83.35}});
	struct m_report r;
	assert_int_equal(api_decode_report(b, strlen(b), &r), 0);
	assert_string_equal(r.by, "window");
	assert_int_equal(r.nrows, 2);
	assert_string_equal(r.rows[0].key, "1");
	assert_int_equal(r.rows[0].wait_p90, 1201);
	assert_int_equal(r.rows[0].handle_avg, -1);           /* null */
	assert_int_equal(r.rows[0].on_time_pct, 667);
	assert_int_equal(r.rows[0].one_visit_pct, 500);
	assert_int_equal(r.rows[0].satisfied_pct, 1000);
	assert_int_equal(r.rows[0].nratings, 5);
	assert_int_equal(r.rows[0].ratings[4], 1);
	assert_null(r.rows[1].key);
	assert_int_equal(r.rows[1].paused_seconds, -1);
	assert_int_equal(r.rows[1].on_time_pct, -1);
	assert_int_equal(r.rows[1].tickets_served, 0);         /* absent count: 0 */
	assert_int_equal(r.total.tickets_called, 4);
	assert_int_equal(r.total.satisfied_pct, 834);
	m_free(&m_report_desc, &r);
}

/* ---- malformed replies: every decoder, every shape of wrong ------------ */

/* Decode b with one decoder; on failure the output must be empty. */
typedef int (*try_fn)(const char *b, size_t n);

#define TRY_ONE(name, T, decode, desc) \
	static int name(const char *b, size_t n) \
	{ \
		T v; \
		memset(&v, 0x5a, sizeof v); \
		int rc = decode(b, n, &v); \
		if (rc) \
			assert_true(zeroed(&v, sizeof v)); \
		m_free(&desc, &v); \
		return rc; \
	}
#define TRY_LIST(name, T, decode, desc) \
	static int name(const char *b, size_t n) \
	{ \
		T *v = (T *)&v; \
		size_t k = 99; \
		int rc = decode(b, n, &v, &k); \
		if (rc) { \
			assert_null(v); \
			assert_int_equal(k, 0); \
		} \
		m_free_array(&desc, v, k); \
		return rc; \
	}
/* The same for a paged list: on failure the page is zeroed too. */
#define TRY_PAGE(name, T, decode, desc) \
	static int name(const char *b, size_t n) \
	{ \
		T *v = (T *)&v; \
		size_t k = 99; \
		struct m_page p = { 7, 7 }; \
		int rc = decode(b, n, &v, &k, &p); \
		if (rc) { \
			assert_null(v); \
			assert_int_equal(k, 0); \
			assert_int_equal(p.total, 0); \
			assert_int_equal(p.offset, 0); \
		} \
		m_free_array(&desc, v, k); \
		return rc; \
	}

TRY_ONE(try_login, struct m_session, api_decode_login, m_session_desc)
TRY_ONE(try_ticket, struct m_ticket, api_decode_ticket, m_ticket_desc)
TRY_ONE(try_transfer, struct m_ticket, api_decode_transfer, m_ticket_desc)
TRY_ONE(try_window, struct m_window, api_decode_window, m_window_desc)
TRY_ONE(try_matter, struct m_matter, api_decode_matter, m_matter_desc)
TRY_ONE(try_case, struct m_case, api_decode_case, m_case_desc)
TRY_LIST(try_queue, struct m_ticket, api_decode_queue, m_ticket_desc)
TRY_LIST(try_windows, struct m_window, api_decode_windows, m_window_desc)
TRY_LIST(try_services, struct m_service, api_decode_services, m_service_desc)
TRY_LIST(try_cases, struct m_case, api_decode_cases, m_case_desc)
TRY_ONE(try_scenarios, struct m_scenarios, api_decode_scenarios, m_scenarios_desc)
TRY_ONE(try_drill, struct m_drill, api_decode_drill, m_drill_desc)
TRY_ONE(try_score, struct m_score, api_decode_score, m_score_desc)
TRY_ONE(try_leaderboard, struct m_leaderboard, api_decode_leaderboard, m_leaderboard_desc)
TRY_PAGE(try_drills, struct m_drill, api_decode_drills, m_drill_desc)

TRY_ONE(try_board, struct m_board, api_decode_board, m_board_desc)
TRY_ONE(try_day, struct m_day, api_decode_day, m_day_desc)
TRY_ONE(try_audit, struct m_audit, api_decode_audit, m_audit_desc)
TRY_ONE(try_callback, struct m_callback, api_decode_callback, m_callback_desc)
TRY_ONE(try_report, struct m_report, api_decode_report, m_report_desc)
TRY_PAGE(try_audits, struct m_audit, api_decode_audits, m_audit_desc)
TRY_PAGE(try_rectifications, struct m_finding, api_decode_rectifications, m_finding_desc)
TRY_PAGE(try_callbacks, struct m_callback, api_decode_callbacks, m_callback_desc)

static int try_sample(const char *b, size_t n)
{
	struct m_sample s;
	struct m_callback *v;
	size_t k;
	memset(&s, 0x5a, sizeof s);
	int rc = api_decode_sample(b, n, &s, &v, &k);
	if (rc) {
		assert_true(zeroed(&s, sizeof s));
		assert_null(v);
		assert_int_equal(k, 0);
	}
	m_free_array(&m_callback_desc, v, k);
	return rc;
}

static int try_events(const char *b, size_t n)
{
	struct m_event *e;
	size_t k;
	int64_t last = 7;
	int rc = api_decode_events(b, n, &e, &k, &last);
	if (rc) {
		assert_null(e);
		assert_int_equal(k, 0);
		assert_int_equal(last, 0);
	}
	m_free_array(&m_event_desc, e, k);
	return rc;
}

static int try_resync(const char *b, size_t n)
{
	int64_t last;
	return api_decode_resync(b, n, &last);
}

static const try_fn all_decoders[] = {
	try_login, try_ticket, try_transfer, try_window, try_matter, try_case, try_queue,
	try_windows, try_services, try_cases, try_events, try_resync,
	try_scenarios, try_drill, try_score, try_leaderboard, try_drills,
	try_board, try_day, try_audit, try_callback, try_report, try_audits, try_rectifications,
	try_callbacks, try_sample,
};

static void test_not_json_for_any_decoder(void **state)
{
	(void)state;
	static const char *const junk[] = {
		"", "<html>502 Bad Gateway</html>", "null", "[]", "[{}]", "\"text\"", "42", "{}",
		"{\"id\":", "{\"tickets\": [", "{\"error\": {\"code\": \"resync_required\"", "\xff\xfe{",
	};
	for (size_t d = 0; d < sizeof all_decoders / sizeof all_decoders[0]; d++) {
		for (size_t j = 0; j < sizeof junk / sizeof junk[0]; j++)
			assert_int_equal(all_decoders[d](junk[j], strlen(junk[j])), -1);
		assert_int_equal(all_decoders[d](NULL, 0), -1);
	}
}

static void test_truncated_replies(void **state)
{
	(void)state;
	/* Every proper prefix of a good reply fails; the whole one decodes.
	 * The length is passed, so no NUL is needed at the cut. */
	static const struct { try_fn fn; const char *body; } good[] = {
		{ try_login, login_body }, { try_ticket, ticket_body },
		{ try_window, window_body }, { try_matter, matter_body }, { try_case, case_body },
		{ try_board, board_body }, { try_day, day_body }, { try_audit, audit_body },
		{ try_callback, callback_json },
	};
	for (size_t g = 0; g < sizeof good / sizeof good[0]; g++) {
		size_t len = strlen(good[g].body);
		for (size_t cut = 0; cut < len; cut += 7)
			assert_int_equal(good[g].fn(good[g].body, cut), -1);
		assert_int_equal(good[g].fn(good[g].body, len), 0);
	}
}

static void test_wrong_types_and_missing_fields(void **state)
{
	(void)state;
	static const struct { try_fn fn; const char *body; } bad[] = {
		{ try_login, JSON({"token": 7, "role": "clerk", "user": "u", "windows": [1]}) },
		{ try_login, JSON({"token": "t", "role": "clerk", "user": "u", "windows": "1"}) },
		{ try_login, JSON({"token": "t", "role": "clerk", "user": "u", "windows": [1.5]}) },
		{ try_login, JSON({"token": "t", "role": "clerk", "user": "u"}) },
		{ try_login, JSON({"role": "clerk", "user": "u", "windows": [1]}) },
		{ try_ticket, JSON({"number": "A1", "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00"}) },
		{ try_ticket, JSON({"id": "17", "number": "A1", "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00"}) },
		{ try_ticket, JSON({"id": 17.5, "number": "A1", "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00"}) },
		{ try_ticket, JSON({"id": 1e300, "number": "A1", "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00"}) },
		{ try_ticket, JSON({"id": 17, "number": ["A1"], "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00"}) },
		{ try_ticket, JSON({"id": 17, "number": "A1", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00"}) },
		{ try_ticket, JSON({"id": 17, "number": "A1", "status": 1, "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00"}) },
		{ try_ticket, JSON({"id": 17, "number": "A1", "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23 09:15:02"}) },
		{ try_ticket, JSON({"id": 17, "number": "A1", "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00", "appointment": "yes"}) },
		{ try_ticket, JSON({"id": 17, "number": "A1", "status": "waiting", "service": "MAR",
				    "issued_at": "2026-11-23T09:15:02+08:00", "window": 4294967297}) },
		{ try_transfer, JSON({"ticket": {"id": 1}, "new_ticket": null}) },
		{ try_transfer, ticket_body },
		{ try_queue, JSON({"window": 1, "tickets": {"id": 1}}) },
		{ try_queue, JSON({"window": 1, "tickets": [{"id": 1, "number": "A1", "service": "MAR",
							  "issued_at": "2026-11-23T09:15:02+08:00"}, 7]}) },
		{ try_window, JSON({"no": 1, "name": "w", "status": "open", "services": [1]}) },
		{ try_window, JSON({"no": 1, "name": "w", "status": "open", "current": {"id": 1}}) },
		{ try_window, JSON({"no": 1, "name": "w", "status": "open", "current": "A017"}) },
		{ try_window, JSON({"no": "1", "name": "w", "status": "open"}) },
		{ try_windows, JSON({"windows": [{"no": 1, "name": "w"}]}) },
		{ try_services, JSON({"services": [{"code": "MAR", "prefix": "A", "name": "n",
						   "matters": [{"code": "M", "name": "m", "kind": "immediate"}]}]}) },
		{ try_matter, JSON({"code": "MAR-01", "name": "n", "kind": "immediate", "working_days": 0}) },
		{ try_matter, JSON({"code": "M", "name": "n", "service": "S", "department": "D",
				    "kind": "immediate", "working_days": 0, "legal_basis": "", "fee": "",
				    "steps": ["a", 2], "materials": []}) },
		{ try_matter, JSON({"code": "M", "name": "n", "service": "S", "department": "D",
				    "kind": "immediate", "working_days": 0, "legal_basis": "", "fee": "",
				    "steps": [], "materials": [{"id": 1, "name": "x", "form": "copy",
								 "required": "yes"}]}) },
		{ try_case, JSON({"id": 7, "number": "N", "status": "accepted", "matter": "M",
				  "due": "2026-02-30"}) },
		{ try_case, JSON({"id": 7, "number": "N", "status": "accepted", "matter": "M",
				  "missing": ["3"]}) },
		{ try_case, JSON({"id": 7, "number": "N", "status": "accepted", "matter": "M",
				  "applicant": {"name": 5}}) },
		{ try_case, JSON({"id": 7, "number": "N", "status": "accepted", "matter": "M",
				  "on_time": "yes"}) },
		{ try_case, JSON({"id": 7, "number": "N", "matter": "M"}) },
		{ try_cases, JSON({"cases": [{"id": 7}]}) },
		{ try_events, JSON({"events": [{"seq": 1, "kind": "x"}]}) },
		{ try_events, JSON({"events": [{"seq": "1", "kind": "x"}], "last": 1}) },
		{ try_events, JSON({"events": [{"seq": 1, "kind": "x", "ticket": "17"}], "last": 1}) },
		{ try_resync, JSON({"error": {"code": "resync_required", "last": "10"}}) },
		{ try_resync, JSON({"code": "resync_required", "last": 10}) },
		{ try_board, JSON({"zones": [], "services": []}) },
		{ try_board, JSON({"zones": [{"name": "A", "windows": []}], "services": [], "due_cases": []}) },
		{ try_board, JSON({"zones": [{"code": "A", "windows": [{"no": 1, "name": "w", "status": "open",
			"current": {"id": 1, "status": "serving"}}]}], "services": [], "due_cases": []}) },
		{ try_board, JSON({"zones": [{"code": "A", "windows": [{"no": 1, "name": "w", "status": "open",
			"status_seconds": "5"}]}], "services": [], "due_cases": []}) },
		{ try_board, JSON({"zones": [], "services": [{"code": "M", "waiting": "3"}], "due_cases": []}) },
		{ try_board, JSON({"zones": [], "services": [], "due_cases": [{"id": 1, "number": "N",
			"due": "2026-13-01"}]}) },
		{ try_day, JSON({"window": 1, "date": "2026-12-02", "timeline": [{"seq": 1, "at":
			"2026-12-02T08:00:00+08:00", "kind": "x", "data": "text"}], "cases": [],
			"ratings": {"counts": [], "list": []}}) },
		{ try_day, JSON({"window": 1, "date": "2026-12-02", "timeline": [], "cases": []}) },
		{ try_day, JSON({"window": 1, "date": "2026-12-02", "timeline": [], "cases": [],
			"ratings": {"counts": ["1"], "list": []}}) },
		{ try_audit, JSON({"id": 1, "window": 1, "checklist": {"at_post": true}, "findings": 0}) },
		{ try_audit, JSON({"id": 1, "window": 1, "checklist": {"at_post": "yes", "badge_uniform": true,
			"greeting": true, "farewell": true, "guide_displayed": true, "no_cold": true, "no_rude": true,
			"no_stalling": true, "no_pushing_away": true}, "findings": 0}) },
		{ try_audit, JSON({"id": 1, "window": 1, "checklist": {"at_post": true, "badge_uniform": true,
			"greeting": true, "farewell": true, "guide_displayed": true, "no_cold": true, "no_rude": true,
			"no_stalling": true, "no_pushing_away": true}, "findings": -1}) },
		{ try_audit, JSON({"id": 1, "window": 1, "checklist": {"at_post": true, "badge_uniform": true,
			"greeting": true, "farewell": true, "guide_displayed": true, "no_cold": true, "no_rude": true,
			"no_stalling": true, "no_pushing_away": true}}) },
		{ try_audit, JSON({"id": 1, "window": 1, "checklist": {"at_post": true, "badge_uniform": true,
			"greeting": true, "farewell": true, "guide_displayed": true, "no_cold": true, "no_rude": true,
			"no_stalling": true, "no_pushing_away": true}, "findings": [{"n": 1, "text": "t",
			"due": "2026-12-07"}]}) },
		{ try_callback, JSON({"id": 1, "status": "open", "case": 3}) },
		{ try_callback, JSON({"id": 1, "kind": "sample", "case": 3, "outcome": {"attitude": 3}}) },
		{ try_callback, JSON({"id": 1, "kind": "sample", "case": 3, "applicant": {"phone": 138}}) },
		{ try_report, JSON({"from": "2026-12-01", "to": "2026-12-31", "rows": []}) },
		{ try_report, JSON({"from": "2026-12-01", "to": "2026-12-31", "rows": [], "total":
			{"on_time_pct": -5}}) },
		{ try_report, JSON({"from": "2026-12-01", "to": "2026-12-31", "rows": [], "total":
			{"on_time_pct": "50"}}) },
		{ try_report, JSON({"from": "2026-12-01", "to": "2026-12-31", "rows": [{"wait_avg": 1.5}],
			"total": {}}) },
		{ try_sample, JSON({"sample": {"seed": 1}, "callbacks": []}) },
		{ try_sample, JSON({"sample": {"seed": 1, "drawn": 1}, "callbacks": [{"id": 1}]}) },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		if (bad[i].fn(bad[i].body, strlen(bad[i].body)) != -1)
			fail_msg("case %zu decoded: %s", i, bad[i].body);
	}
}

/* Bad shapes of the drill replies, each refused whole, and hostile text
 * in the trainer's script neutralised (a script is a file anyone with the
 * data directory may edit). */
static void test_drill_replies_malformed_and_hostile(void **state)
{
	(void)state;
	static const struct { try_fn fn; const char *body; } bad[] = {
		{ try_scenarios, JSON({"scenarios": [{"id": "x"}]}) },
		{ try_scenarios, JSON({"scenarios": [{"id": "x", "title": "t", "applicants": "2"}]}) },
		{ try_scenarios, JSON({"scenarios": [], "rejected": [{"error": "no file"}]}) },
		{ try_drill, JSON({"id": 1, "code": "K", "scenario": "s", "status": "running", "windows": [],
				   "run": {"on": false}}) },
		{ try_drill, JSON({"id": 1, "code": "K", "scenario": "s", "status": 1, "windows": [],
				   "run": {"on": false}, "applicants": []}) },
		{ try_drill, JSON({"id": 1, "code": "K", "scenario": "s", "status": "running", "windows": [],
				   "run": {"on": "yes"}, "applicants": []}) },
		{ try_drill, JSON({"id": 1, "code": "K", "scenario": "s", "status": "running",
				   "windows": [{"trainee": "c", "window": "1"}], "run": {"on": false},
				   "applicants": []}) },
		{ try_drill, JSON({"id": 1, "code": "K", "scenario": "s", "status": "running", "windows": [],
				   "run": {"on": false}, "applicants": [{"applicant": 1, "name": "n"}]}) },
		{ try_drill, JSON({"id": 1, "code": "K", "scenario": "s", "status": "running", "windows": [],
				   "run": {"on": false}, "applicants": [{"applicant": 1, "name": "n",
				   "expect": {"outcome": "accept"}, "tickets": [7]}]}) },
		{ try_drill, JSON({"id": 1, "code": "K", "scenario": "s", "status": "running", "windows": [],
				   "run": {"on": false}, "applicants": [{"applicant": 1, "name": "n",
				   "expect": {"outcome": "accept"}, "wrong": {"note": "x"}}]}) },
		{ try_drills, JSON({"drills": [{"id": 1, "code": "K", "status": "running"}]}) },
		{ try_score, JSON({"id": 1, "status": "running", "trainees": [{"trainee": "c", "total": 1,
				   "max": 2, "criteria": {"order": 5}}]}) },
		{ try_score, JSON({"id": 1, "status": "running", "trainees": [{"trainee": "c", "total": 1,
				   "max": 2, "criteria": {"order": {"points": 1}}}]}) },
		{ try_score, JSON({"id": 1, "status": "running", "trainees": [{"trainee": "c", "total": 1,
				   "max": 2}]}) },
		{ try_score, JSON({"id": 1, "status": "running", "trainees": {}}) },
		{ try_leaderboard, JSON({"competition": "c", "entries": [{"rank": "1", "trainee": "t",
					 "total": 1, "max": 1}]}) },
		{ try_leaderboard, JSON({"entries": []}) },
	};
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++)
		if (bad[i].fn(bad[i].body, strlen(bad[i].body)) != -1)
			fail_msg("case %zu decoded: %s", i, bad[i].body);
	/* Every proper prefix of the good ones fails. */
	for (size_t cut = 0; cut < strlen(drill_body); cut += 11)
		assert_int_equal(try_drill(drill_body, cut), -1);
	for (size_t cut = 0; cut < strlen(score_body); cut += 11)
		assert_int_equal(try_score(score_body, cut), -1);

	const char *h = "{\"id\":1,\"code\":\"K\\u001b[2J\",\"scenario\":\"s\",\"status\":\"running\","
		"\"title\":\"\\u009b31m标题\",\"competition\":\"\\u202e杯\",\"windows\":[{\"trainee\":"
		"\"c\\u0007\",\"name\":\"\\u001b]0;x\\u0007张\",\"window\":1}],\"run\":{\"on\":false},"
		"\"applicants\":[{\"applicant\":1,\"name\":\"\\u001bc王\",\"says\":\"第一句\\n\\u001b[5m"
		"第二句\\r\\u0000\",\"expect\":{\"outcome\":\"accept\\u0007\"}}]}";
	struct m_drill d;
	assert_int_equal(api_decode_drill(h, strlen(h), &d), 0);
	assert_terminal_safe(d.code, false);
	assert_terminal_safe(d.title, false);
	assert_null(strstr(d.competition, "\xe2\x80\xae"));
	assert_terminal_safe(d.windows[0].trainee, false);
	assert_terminal_safe(d.windows[0].name, false);
	assert_terminal_safe(d.applicants[0].name, false);
	assert_terminal_safe(d.applicants[0].says, true);
	assert_non_null(strchr(d.applicants[0].says, '\n'));
	assert_terminal_safe(d.applicants[0].expect, false);
	m_free(&m_drill_desc, &d);

	/* A script of more than 10,000 applicants is not a script. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"id\":1,\"code\":\"K\",\"scenario\":\"s\",\"status\":\"running\",\"windows\":[],"
		 "\"run\":{\"on\":false},\"applicants\":[");
	for (int i = 0; i < 10001; i++)
		buf_printf(&b, "%s{\"applicant\":%d,\"name\":\"n\",\"expect\":{\"outcome\":\"accept\"}}",
			   i ? "," : "", i + 1);
	buf_adds(&b, "]}");
	assert_int_equal(try_drill(b.data, b.len), -1);
	buf_free(&b);
}

/* ---- hostile replies --------------------------------------------------- */

static void test_hostile_ticket_text(void **state)
{
	(void)state;
	const char *b = "{\"id\":1,\"number\":\"A0\\u001b[2J17\",\"status\":\"waiting\","
		"\"service\":\"MAR\\u0007\",\"service_name\":\"\\u001b]0;pwned\\u0007婚姻\","
		"\"matter\":\"\\u009b31mMAR-01\\u007f\",\"issued_at\":\"2026-11-23T09:15:02+08:00\"}";
	struct m_ticket t;
	assert_int_equal(api_decode_ticket(b, strlen(b), &t), 0);
	assert_terminal_safe(t.number, false);
	assert_terminal_safe(t.service, false);
	assert_terminal_safe(t.service_name, false);
	assert_terminal_safe(t.matter, false);
	assert_non_null(strstr(t.number, "[2J17"));  /* the text stays, the ESC goes */
	assert_non_null(strstr(t.service_name, "婚姻"));
	m_free(&m_ticket_desc, &t);
}

static void test_hostile_matter_text(void **state)
{
	(void)state;
	const char *b = "{\"code\":\"M\\u0085\",\"name\":\"\\u001b[2J结婚\\u009b2J\","
		"\"service\":\"S\",\"department\":\"D\\r\\nX\",\"kind\":\"immediate\",\"working_days\":0,"
		"\"legal_basis\":\"第一条\\n\\u001b]8;;http://evil\\u001b\\\\link\\u001b]8;;\\u001b\\\\\","
		"\"fee\":\"\\u202e免费\",\"steps\":[\"\\u0007取号\\n二\",\"\\t领证\"],"
		"\"materials\":[{\"id\":1,\"name\":\"身份证\\u001bc\",\"form\":\"copy\","
		"\"copies\":1,\"required\":true,\"note\":\"\\u0000hidden\"}]}";
	struct m_matter m;
	assert_int_equal(api_decode_matter(b, strlen(b), &m), 0);
	assert_terminal_safe(m.code, false);
	assert_terminal_safe(m.name, false);
	assert_terminal_safe(m.department, false);
	assert_terminal_safe(m.legal_basis, true);
	assert_terminal_safe(m.fee, false);
	assert_null(strstr(m.fee, "\xe2\x80\xae"));          /* no bidi override */
	for (size_t i = 0; i < m.nsteps; i++)
		assert_terminal_safe(m.steps[i], true);
	assert_terminal_safe(m.materials[0].name, false);
	assert_terminal_safe(m.materials[0].note, true);
	assert_non_null(strchr(m.legal_basis, '\n'));
	assert_null(strchr(m.department, '\n'));             /* single-line fields lose it */
	m_free(&m_matter_desc, &m);
}

static void test_hostile_case_and_events(void **state)
{
	(void)state;
	const char *c = "{\"id\":7,\"number\":\"QC\\u001b[1;1H\",\"status\":\"accepted\","
		"\"matter\":\"M\",\"matter_name\":\"\\u009d0;x\\u009c\","
		"\"applicant\":{\"name\":\"李\\u0008\\u0008\\u0008王\",\"id_number\":\"\\u001b[8m\","
		"\"phone\":\"\\u00ad138\"},"
		"\"missing_materials\":[{\"id\":3,\"name\":\"照片\\u001b[5m\",\"note\":\"\\u0007\"}]}";
	struct m_case k;
	assert_int_equal(api_decode_case(c, strlen(c), &k), 0);
	const char *fields[] = { k.number, k.matter_name, k.applicant_name, k.applicant_id,
				 k.applicant_phone, k.missing_materials[0].name,
				 k.missing_materials[0].note };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_terminal_safe(fields[i], true);
	m_free(&m_case_desc, &k);

	const char *e = "{\"events\":[{\"seq\":1,\"kind\":\"ticket.called\\u001b[2J\"}],\"last\":1}";
	struct m_event *ev;
	size_t n;
	int64_t last;
	assert_int_equal(api_decode_events(e, strlen(e), &ev, &n, &last), 0);
	assert_terminal_safe(ev[0].kind, false);
	m_free_array(&m_event_desc, ev, n);
}

static void test_hostile_board_and_day(void **state)
{
	(void)state;
	const char *b = "{\"zones\":[{\"code\":\"A\\u001b[2J\",\"name\":\"\\u009b31m区\",\"windows\":["
		"{\"no\":1,\"name\":\"w\\u0007\",\"status\":\"paused\",\"pause_reason\":\"\\u001b]0;pwn\\u0007午休\","
		"\"clerk_name\":\"\\u202e李\",\"current\":{\"id\":1,\"number\":\"A\\u001bc1\",\"status\":\"called\"}}]}],"
		"\"services\":[{\"code\":\"M\",\"name\":\"婚\\r\\n姻\",\"oldest\":\"\\u0000A\"}],\"due_cases\":[]}";
	struct m_board board;
	assert_int_equal(api_decode_board(b, strlen(b), &board), 0);
	const struct m_board_window *w = &board.zones[0].windows[0];
	const char *fields[] = { board.zones[0].code, board.zones[0].name, w->name, w->pause_reason,
				 w->clerk_name, w->current.number, board.services[0].name,
				 board.services[0].oldest };
	for (size_t i = 0; i < sizeof fields / sizeof fields[0]; i++)
		assert_terminal_safe(fields[i], false);
	assert_null(strstr(w->clerk_name, "\xe2\x80\xae"));
	assert_non_null(strstr(w->pause_reason, "午休"));
	m_free(&m_board_desc, &board);

	const char *d = "{\"window\":1,\"date\":\"2026-12-02\",\"timeline\":[{\"seq\":1,"
		"\"at\":\"2026-12-02T08:00:00+08:00\",\"kind\":\"window.paused\\u001b[5m\","
		"\"data\":{\"reason\":\"\\u001b[2J饭\",\"number\":\"\\u0007A1\",\"user\":\"\\u009dx\"}}],"
		"\"cases\":[],\"ratings\":{\"counts\":[0,0,0,0,0],\"list\":[{\"case\":1,\"level\":1,"
		"\"comment\":\"\\u001b[8m差\"}]}}";
	struct m_day day;
	assert_int_equal(api_decode_day(d, strlen(d), &day), 0);
	const struct m_day_entry *e = &day.timeline[0];
	const char *more[] = { e->kind, e->reason, e->number, e->user, day.ratings[0].comment };
	for (size_t i = 0; i < sizeof more / sizeof more[0]; i++)
		assert_terminal_safe(more[i], false);
	m_free(&m_day_desc, &day);
}

static void test_encode_supervisor(void **state)
{
	(void)state;
	bool ok[M_AUDIT_NITEMS];
	for (int i = 0; i < M_AUDIT_NITEMS; i++)
		ok[i] = i != AUDIT_GREETING;
	const char *texts[] = { "未佩戴工牌 \"A\"" };
	int days[] = { 3 };
	char *s = api_encode_audit(3, ok, texts, days, 1);
	cJSON *o = cJSON_Parse(s);
	assert_int_equal(cJSON_GetObjectItem(o, "window")->valueint, 3);
	const cJSON *c = cJSON_GetObjectItem(o, "checklist");
	assert_int_equal(cJSON_GetArraySize(c), M_AUDIT_NITEMS);
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(c, "greeting")));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(c, "no_pushing_away")));
	const cJSON *f = cJSON_GetArrayItem(cJSON_GetObjectItem(o, "findings"), 0);
	assert_string_equal(cJSON_GetObjectItem(f, "text")->valuestring, texts[0]);
	assert_int_equal(cJSON_GetObjectItem(f, "rectify_days")->valueint, 3);
	cJSON_Delete(o);
	free(s);

	s = api_encode_sample("2026-12-01", "2026-12-02", 5, 4294967295LL, 30);
	assert_string_equal(s, "{\"from\":\"2026-12-01\",\"to\":\"2026-12-02\",\"size\":5,"
			    "\"seed\":4294967295,\"exclude_days\":30}");
	free(s);
	s = api_encode_sample("2026-12-01", "2026-12-02", 5, -1, 0);
	assert_null(strstr(s, "seed"));
	free(s);
	s = api_encode_outcome(true, 3, 4, 2, "等太久");
	assert_string_equal(s, "{\"reached\":true,\"attitude\":3,\"competence\":4,\"rating\":2,"
			    "\"remarks\":\"等太久\"}");
	free(s);
	s = api_encode_outcome(false, 3, 4, 2, "");
	assert_string_equal(s, "{\"reached\":false}");
	free(s);
	s = api_encode_follow_up("已整改", true);
	assert_string_equal(s, "{\"note\":\"已整改\",\"closed\":true}");
	free(s);
}

static void test_invalid_utf8_in_strings(void **state)
{
	(void)state;
	/* cJSON passes raw bytes through; the decoder must not. */
	const char *b = "{\"id\":1,\"status\":\"waiting\",\"number\":\"A\xff\xfe" "1\",\"service\":\"\xc0\xaf\","
		"\"service_name\":\"\xe5\xa9\",\"matter\":\"\xed\xa0\x80\","
		"\"issued_at\":\"2026-11-23T09:15:02+08:00\"}";
	struct m_ticket t;
	assert_int_equal(api_decode_ticket(b, strlen(b), &t), 0);
	const char *s[] = { t.number, t.service, t.service_name, t.matter };
	for (size_t i = 0; i < sizeof s / sizeof s[0]; i++) {
		assert_terminal_safe(s[i], false);
		assert_non_null(strstr(s[i], "\xef\xbf\xbd"));   /* U+FFFD stands in */
	}
	m_free(&m_ticket_desc, &t);
}

/* A ticket whose number is `count` copies of `unit`. */
static char *long_number_body(const char *unit, size_t count)
{
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"id\":1,\"status\":\"waiting\",\"number\":\"");
	for (size_t i = 0; i < count; i++)
		buf_adds(&b, unit);
	buf_adds(&b, "\",\"service\":\"S\",\"issued_at\":\"2026-11-23T09:15:02+08:00\"}");
	return buf_steal(&b);
}

static void test_long_strings_capped(void **state)
{
	(void)state;
	struct m_ticket t;
	char *b = long_number_body("x", 100000);
	assert_int_equal(api_decode_ticket(b, strlen(b), &t), 0);
	assert_true(strlen(t.number) <= 4096);
	assert_true(strlen(t.number) >= 1024);
	m_free(&m_ticket_desc, &t);
	free(b);

	/* Cut at a character boundary: nothing half a character long. */
	b = long_number_body("号", 100000);
	assert_int_equal(api_decode_ticket(b, strlen(b), &t), 0);
	assert_true(strlen(t.number) <= 4096);
	assert_int_equal(strlen(t.number) % 3, 0);
	assert_null(strstr(t.number, "\xef\xbf\xbd"));
	assert_terminal_safe(t.number, false);
	m_free(&m_ticket_desc, &t);
	free(b);
}

static void test_huge_arrays_refused(void **state)
{
	(void)state;
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"last\":1,\"events\":[");
	for (int i = 0; i < 10001; i++)
		buf_printf(&b, "%s{\"seq\":%d,\"kind\":\"k\"}", i ? "," : "", i + 1);
	buf_adds(&b, "]}");
	assert_int_equal(try_events(b.data, b.len), -1);

	/* 10,000 is still fine. */
	buf_reset(&b);
	buf_adds(&b, "{\"received\":[],\"id\":1,\"number\":\"N\",\"status\":\"accepted\",\"matter\":\"M\",\"missing\":[");
	for (int i = 0; i < 10000; i++)
		buf_printf(&b, "%s%d", i ? "," : "", i + 1);
	buf_adds(&b, "]}");
	struct m_case c;
	assert_int_equal(api_decode_case(b.data, b.len, &c), 0);
	assert_int_equal(c.nmissing, 10000);
	assert_int_equal(c.missing[9999], 10000);
	m_free(&m_case_desc, &c);
	buf_free(&b);
}

static void test_deep_nesting(void **state)
{
	(void)state;
	/* Far past cJSON's nesting limit: refused, not a stack overflow. */
	size_t depth = 200000;
	char *deep = xmalloc(2 * depth + 1);
	memset(deep, '[', depth);
	memset(deep + depth, ']', depth);
	deep[2 * depth] = '\0';
	for (size_t d = 0; d < sizeof all_decoders / sizeof all_decoders[0]; d++)
		assert_int_equal(all_decoders[d](deep, 2 * depth), -1);
	free(deep);

	/* Nested within the limit, where a string is due: a type error. */
	struct buf b = BUF_INIT;
	buf_adds(&b, "{\"id\":1,\"service\":\"S\",\"issued_at\":\"2026-11-23T09:15:02+08:00\",\"number\":");
	for (int i = 0; i < 900; i++)
		buf_adds(&b, "{\"a\":");
	buf_adds(&b, "1");
	for (int i = 0; i < 900; i++)
		buf_addc(&b, '}');
	buf_addc(&b, '}');
	assert_int_equal(try_ticket(b.data, b.len), -1);
	buf_free(&b);
}

/* ---- times ------------------------------------------------------------- */

static void test_parse_time(void **state)
{
	(void)state;
	static const struct { const char *s; int64_t want; } good[] = {
		{ "2026-11-23T09:15:02+08:00", T0915 },
		{ "2026-11-23T01:15:02Z", T0915 },
		{ "2026-11-22T19:45:02-05:30", T0915 },
		{ "1970-01-01T00:00:00Z", 0 },
		{ "2024-02-29T23:59:59+00:00", 1709251199 },
	};
	static const char *const bad[] = {
		"", "2026-11-23", "2026-11-23T09:15:02", "2026-11-23 09:15:02+08:00",
		"2026-11-23T09:15:02+0800", "2026-11-23T09:15:02+08:00 ", " 2026-11-23T09:15:02Z",
		"2026-02-29T00:00:00Z", "2026-11-23T24:00:00Z", "2026-11-23T09:60:00Z",
		"2026-11-23T09:15:60Z", "2026-11-23T09:15:02+24:00", "2026-11-23T09:15:02+08:60",
		"2026-11-23T09:15:02.5Z", "2026-11-23t09:15:02z", "2026-1-23T09:15:02Z",
		"+026-11-23T09:15:02Z", "2026-11-23T09:15:02+08", "2026-11-23T09:15:02Zulu",
	};
	for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
		int64_t t = -1;
		assert_int_equal(api_parse_time(good[i].s, &t), 0);
		assert_int_equal(t, good[i].want);
	}
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		int64_t t = 12345;
		if (api_parse_time(bad[i], &t) != -1)
			fail_msg("accepted %s", bad[i]);
		assert_int_equal(t, 12345);
	}
}

/* ---- encoders ---------------------------------------------------------- */

/* Parse what an encoder made, then free its text with free(). */
static cJSON *reparse(char *text)
{
	assert_non_null(text);
	cJSON *j = cJSON_Parse(text);
	assert_true(cJSON_IsObject(j));
	free(text);
	return j;
}

static const char *jstring(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	assert_true(cJSON_IsString(v));
	return v->valuestring;
}

static double jnumber(const cJSON *o, const char *key)
{
	const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, key);
	assert_true(cJSON_IsNumber(v));
	return v->valuedouble;
}

static bool jhas(const cJSON *o, const char *key)
{
	return cJSON_GetObjectItemCaseSensitive(o, key) != NULL;
}

static void assert_ids(const cJSON *o, const char *key, const int *want, size_t n)
{
	const cJSON *arr = cJSON_GetObjectItemCaseSensitive(o, key);
	assert_true(cJSON_IsArray(arr));
	assert_int_equal(cJSON_GetArraySize(arr), (int)n);
	for (size_t i = 0; i < n; i++)
		assert_int_equal(cJSON_GetArrayItem(arr, (int)i)->valuedouble, want[i]);
}

static void test_encode_login(void **state)
{
	(void)state;
	cJSON *j = reparse(api_encode_login("clerk1", "pa\"ss\\word\n", 3, NULL, NULL));
	assert_string_equal(jstring(j, "user"), "clerk1");
	assert_string_equal(jstring(j, "password"), "pa\"ss\\word\n");
	assert_int_equal(jnumber(j, "window"), 3);
	assert_false(jhas(j, "drill"));               /* the hall's sign-in */
	assert_false(jhas(j, "hall"));                /* the one hall the user is in */
	cJSON_Delete(j);
	j = reparse(api_encode_login("张三", "x", 0, "k7q2", "LT"));
	assert_string_equal(jstring(j, "user"), "张三");
	assert_false(jhas(j, "window"));
	assert_string_equal(jstring(j, "drill"), "k7q2");
	assert_string_equal(jstring(j, "hall"), "LT");
	cJSON_Delete(j);
}

static void test_encode_window_and_ticket_actions(void **state)
{
	(void)state;
	cJSON *j = reparse(api_encode_pause("午休 \"lunch\""));
	assert_string_equal(jstring(j, "reason"), "午休 \"lunch\"");
	cJSON_Delete(j);
	j = reparse(api_encode_reason("等待补正材料"));
	assert_string_equal(jstring(j, "reason"), "等待补正材料");
	cJSON_Delete(j);
	j = reparse(api_encode_reason(NULL));
	assert_null(j->child);
	cJSON_Delete(j);
	j = reparse(api_encode_call(9007199254740991LL));
	assert_true(jnumber(j, "ticket") == 9007199254740991.0);
	cJSON_Delete(j);
	j = reparse(api_encode_call(0));
	assert_false(jhas(j, "ticket"));
	cJSON_Delete(j);
	j = reparse(api_encode_transfer(4, "SOC"));
	assert_int_equal(jnumber(j, "window"), 4);
	assert_false(jhas(j, "service"));
	cJSON_Delete(j);
	j = reparse(api_encode_transfer(0, "SOC"));
	assert_string_equal(jstring(j, "service"), "SOC");
	assert_false(jhas(j, "window"));
	cJSON_Delete(j);
	j = reparse(api_encode_rating(5));
	assert_int_equal(jnumber(j, "level"), 5);
	cJSON_Delete(j);
	/* A transfer's reason, and the confirmation a closed window needs. */
	j = reparse(api_encode_transfer_to(3, NULL, "需复核", true));
	assert_int_equal(jnumber(j, "window"), 3);
	assert_string_equal(jstring(j, "reason"), "需复核");
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "confirm")));
	cJSON_Delete(j);
	j = reparse(api_encode_transfer_to(0, "SOC", "", false));
	assert_false(jhas(j, "reason"));
	assert_false(jhas(j, "confirm"));
	cJSON_Delete(j);
}

/* GET /hall: the presets, the requeue settings, the hall's clock and zone;
 * a window's attended. */
static void test_hall(void **state)
{
	(void)state;
	const char *b = JSON({"name": "青川县政务服务中心", "tz": "Asia/Shanghai", "today": "2026-11-23",
		"now": "2026-11-23T09:15:02+08:00", "pause_reasons": ["午休", "临时离岗", "业务学习", "会议"],
		"noshow_requeue_behind": 2, "noshow_requeue_max": 1});
	struct m_hall h;
	assert_int_equal(api_decode_hall(b, strlen(b), &h), 0);
	assert_string_equal(h.tz, "Asia/Shanghai");
	assert_string_equal(h.now_text, "2026-11-23T09:15:02+08:00");
	assert_int_equal(h.now, T0915);
	assert_int_equal(h.npause_reasons, 4);
	assert_string_equal(h.pause_reasons[1], "临时离岗");
	assert_int_equal(h.requeue_behind, 2);
	assert_int_equal(h.requeue_max, 1);
	assert_string_equal(h.address, "");           /* an older server: no details, "" */
	assert_string_equal(h.supervision_phone, "");
	m_free(&m_hall_desc, &h);
	b = JSON({"name": "青川县政务服务中心", "address": "青竹路128号", "phone": "0839-7202345",
		"hours": "周一至周五 9:00—17:30", "supervision_phone": "12345", "tz": "Asia/Shanghai"});
	assert_int_equal(api_decode_hall(b, strlen(b), &h), 0);
	assert_string_equal(h.address, "青竹路128号");
	assert_string_equal(h.phone, "0839-7202345");
	assert_string_equal(h.hours, "周一至周五 9:00—17:30");
	assert_string_equal(h.supervision_phone, "12345");
	m_free(&m_hall_desc, &h);

	const char *w = JSON({"no": 1, "name": "1号窗口", "status": "open", "attended": false,
		"services": [], "current": null});
	struct m_window win;
	assert_int_equal(api_decode_window(w, strlen(w), &win), 0);
	assert_true(win.has_attended);
	assert_false(win.attended);
	m_free(&m_window_desc, &win);
	assert_int_equal(api_decode_window(window_body, strlen(window_body), &win), 0);
	assert_false(win.has_attended);               /* an older server: not told */
	m_free(&m_window_desc, &win);
}

static void test_encode_case_and_materials(void **state)
{
	(void)state;
	const int received[] = { 1, 2, 4 };
	cJSON *j = reparse(api_encode_case(17, "MAR-03", "李四", "11010519491231002X",
					   "13800138000", received, 3));
	assert_int_equal(jnumber(j, "ticket"), 17);
	assert_string_equal(jstring(j, "matter"), "MAR-03");
	const cJSON *a = cJSON_GetObjectItemCaseSensitive(j, "applicant");
	assert_string_equal(jstring(a, "name"), "李四");
	assert_string_equal(jstring(a, "id_number"), "11010519491231002X");
	assert_string_equal(jstring(a, "phone"), "13800138000");
	assert_ids(j, "received", received, 3);
	cJSON_Delete(j);

	j = reparse(api_encode_materials(received + 2, 1));
	assert_ids(j, "received", received + 2, 1);
	cJSON_Delete(j);
	j = reparse(api_encode_materials(NULL, 0));
	assert_ids(j, "received", NULL, 0);
	cJSON_Delete(j);

	/* Where a step is done: on the visit of a ticket, or the back office. */
	j = reparse(api_encode_materials_on(received, 1, 52));
	assert_ids(j, "received", received, 1);
	assert_int_equal(jnumber(j, "ticket"), 52);
	cJSON_Delete(j);
	j = reparse(api_encode_materials_on(received, 1, 0));
	assert_null(cJSON_GetObjectItemCaseSensitive(j, "ticket"));
	cJSON_Delete(j);
	j = reparse(api_encode_step(52, "result", "准予，已发放救助金"));
	assert_int_equal(jnumber(j, "ticket"), 52);
	assert_string_equal(jstring(j, "result"), "准予，已发放救助金");
	cJSON_Delete(j);
	j = reparse(api_encode_step(0, NULL, NULL));
	assert_int_equal(cJSON_GetArraySize(j), 0);
	cJSON_Delete(j);
}

/* ---- model.h ----------------------------------------------------------- */

static void test_encode_drill(void **state)
{
	(void)state;
	char *trainees[] = { "clerk1", "clerk\"2" };
	cJSON *j = reparse(api_encode_drill_start("promised-normal", trainees, 2, "春季\\杯"));
	assert_string_equal(jstring(j, "scenario"), "promised-normal");
	cJSON *arr = cJSON_GetObjectItem(j, "trainees");
	assert_int_equal(cJSON_GetArraySize(arr), 2);
	assert_string_equal(cJSON_GetArrayItem(arr, 1)->valuestring, "clerk\"2");
	assert_string_equal(jstring(j, "competition"), "春季\\杯");
	cJSON_Delete(j);
	j = reparse(api_encode_drill_start("s", trainees, 1, NULL));
	assert_false(jhas(j, "competition"));
	cJSON_Delete(j);
	j = reparse(api_encode_run(true));
	assert_true(cJSON_IsTrue(cJSON_GetObjectItem(j, "on")));
	cJSON_Delete(j);
	j = reparse(api_encode_run(false));
	assert_true(cJSON_IsFalse(cJSON_GetObjectItem(j, "on")));
	cJSON_Delete(j);
}

static void test_model_names(void **state)
{
	(void)state;
	for (int p = PRIO_NONE; p <= PRIO_MILITARY; p++)
		assert_int_equal(m_priority_parse(m_priority_name((enum m_priority)p)), p);
	for (int s = TS_WAITING; s < TS_UNKNOWN; s++)
		assert_int_equal(m_ticket_status_parse(m_ticket_status_name((enum m_ticket_status)s)), s);
	assert_string_equal(m_ticket_status_name(TS_UNKNOWN), "unknown");
	assert_string_equal(m_ticket_status_name(TS_NO_SHOW), "no_show");
	assert_int_equal(m_ticket_status_parse(NULL), TS_UNKNOWN);
	assert_int_equal(m_window_status_parse("paused"), WS_PAUSED);
	assert_int_equal(m_window_status_parse("Paused"), WS_UNKNOWN);
	assert_int_equal(m_case_status_parse("suspended"), CS_SUSPENDED);
	assert_int_equal(m_case_status_parse("lost"), CS_UNKNOWN);
	assert_int_equal(m_material_form_parse("original_and_copy"), MF_ORIGINAL_AND_COPY);
	assert_int_equal(m_material_form_parse("scan"), MF_ORIGINAL);
	assert_int_equal(m_matter_kind_parse("promised"), MK_PROMISED);
	assert_int_equal(m_priority_parse("pregnant"), PRIO_PREGNANT);
}

static void test_model_copy_and_empty_free(void **state)
{
	(void)state;
	struct m_ticket t, c;
	assert_int_equal(api_decode_ticket(ticket_body, strlen(ticket_body), &t), 0);
	m_ticket_copy(&c, &t);
	m_free(&m_ticket_desc, &t);
	assert_string_equal(c.number, "A017");
	assert_string_equal(c.matter, "MAR-01");
	assert_int_equal(c.issued_at, T0915);
	m_free(&m_ticket_desc, &c);
	m_free(&m_ticket_desc, &c);      /* freed structs are empty ones */

	struct m_window w = { 0 };
	struct m_matter m = { 0 }, mc;
	struct m_service s = { 0 };
	struct m_case k = { 0 };
	struct m_session ss = { 0 };
	struct m_event e = { 0 };
	m_matter_copy(&mc, &m);
	assert_null(mc.steps);
	assert_null(mc.materials);
	m_free(&m_window_desc, &w);
	m_free(&m_matter_desc, &m);
	m_free(&m_matter_desc, &mc);
	m_free(&m_service_desc, &s);
	m_free(&m_case_desc, &k);
	m_free(&m_session_desc, &ss);
	m_free(&m_event_desc, &e);
	m_free_array(&m_ticket_desc, NULL, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_login),
		cmocka_unit_test(test_halls),
		cmocka_unit_test(test_ticket),
		cmocka_unit_test(test_ticket_nulls_and_unknown_names),
		cmocka_unit_test(test_transfer),
		cmocka_unit_test(test_hall),
		cmocka_unit_test(test_queue_entries),
		cmocka_unit_test(test_window),
		cmocka_unit_test(test_windows_list),
		cmocka_unit_test(test_services),
		cmocka_unit_test(test_matter),
		cmocka_unit_test(test_case),
		cmocka_unit_test(test_case_notified_masked),
		cmocka_unit_test(test_cases_list),
		cmocka_unit_test(test_cases_page_and_steps),
		cmocka_unit_test(test_events),
		cmocka_unit_test(test_resync),
		cmocka_unit_test(test_drill_scenarios),
		cmocka_unit_test(test_drill_whole),
		cmocka_unit_test(test_drills_list),
		cmocka_unit_test(test_drill_score),
		cmocka_unit_test(test_leaderboard),
		cmocka_unit_test(test_drill_replies_malformed_and_hostile),
		cmocka_unit_test(test_board),
		cmocka_unit_test(test_day),
		cmocka_unit_test(test_audit),
		cmocka_unit_test(test_callbacks),
		cmocka_unit_test(test_pages),
		cmocka_unit_test(test_report),
		cmocka_unit_test(test_hostile_board_and_day),
		cmocka_unit_test(test_encode_supervisor),
		cmocka_unit_test(test_not_json_for_any_decoder),
		cmocka_unit_test(test_truncated_replies),
		cmocka_unit_test(test_wrong_types_and_missing_fields),
		cmocka_unit_test(test_hostile_ticket_text),
		cmocka_unit_test(test_hostile_matter_text),
		cmocka_unit_test(test_hostile_case_and_events),
		cmocka_unit_test(test_invalid_utf8_in_strings),
		cmocka_unit_test(test_long_strings_capped),
		cmocka_unit_test(test_huge_arrays_refused),
		cmocka_unit_test(test_deep_nesting),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_encode_login),
		cmocka_unit_test(test_encode_window_and_ticket_actions),
		cmocka_unit_test(test_encode_case_and_materials),
		cmocka_unit_test(test_encode_drill),
		cmocka_unit_test(test_model_names),
		cmocka_unit_test(test_model_copy_and_empty_free),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
