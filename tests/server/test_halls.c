/* test_halls.c - one wicketd serving a county's halls (platform.c).
 *
 * The demo hall is hall 1, the county's centre; its administrator adds a
 * township hall (柳疃镇) and a village under it, each made with the
 * centre's catalogue and windows.  Each hall's people, queue, ticket
 * numbers and events are its own; a clerk's token works in the clerk's
 * hall only; a person with accounts in two halls says which at sign-in;
 * a supervisor sees the halls at and under his own (the county's board
 * of halls) and reads their boards by naming them (?hall=), never a hall
 * above; only an administrator acts on another hall.  The halls, their
 * accounts and their sessions outlive a restart.  Runs on SQLite and, in
 * the suites' second run, on PostgreSQL (a schema per hall). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <curl/curl.h>

#include "harness.h"
#include "tdb.h"

#define PASSWORD "platform-pass-1"

static struct wd W, B;       /* B: a second wicketd beside W (PostgreSQL) */

/* Sign user in with PASSWORD (hall: its code, or NULL to let the server
 * find it); returns the reply (caller deletes), which must be want. */
static cJSON *login_at(const struct wd *w, const char *user, const char *hall, long want)
{
	char body[256];
	if (hall)
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\",\"hall\":\"%s\"}", user,
			 PASSWORD, hall);
	else
		snprintf(body, sizeof body, "{\"user\":\"%s\",\"password\":\"%s\"}", user, PASSWORD);
	return wd_call(w, "POST", "/api/v1/login", NULL, body, want);
}

static cJSON *login(const char *user, const char *hall, long want)
{
	return login_at(&W, user, hall, want);
}

static char *token_of(const char *user, const char *hall)
{
	cJSON *j = login(user, hall, 200);
	char *t = strdup(jstr(j, "token"));
	cJSON_Delete(j);
	return t;
}

/* An account in hall `hall` (its code), made by hall 1's administrator. */
static void account(const char *admin, const char *hall, const char *user, const char *role,
		    const char *windows)
{
	char path[96], body[320];
	snprintf(path, sizeof path, "/api/v1/accounts?hall=%s", hall);
	snprintf(body, sizeof body, "{\"user\":\"%s\",\"name\":\"测试%s\",\"role\":\"%s\",\"password\":\"%s\""
		 "%s%s}", user, user, role, PASSWORD, windows ? ",\"windows\":" : "", windows ? windows : "");
	cJSON_Delete(wd_call(&W, "POST", path, admin, body, 201));
}

/* The hall of list `halls` with id, or NULL. */
static const cJSON *hall_in(const cJSON *root, int id)
{
	const cJSON *h;
	cJSON_ArrayForEach(h, cJSON_GetObjectItemCaseSensitive(root, "halls"))
		if ((int)jnum(h, "id") == id)
			return h;
	return NULL;
}

static int setup(void **state)
{
	(void)state;
	wd_start_daytime(&W, NULL);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	if (B.pid > 0)            /* left running by a failed check */
		wd_stop(&B);
	memset(&B, 0, sizeof B);
	wd_stop(&W);
	return 0;
}

/* A single hall is hall 1 of a platform of one, and says so. */
static void test_one_hall_is_hall_1(void **state)
{
	(void)state;
	char *sup = wd_login(&W, "supervisor", 0);
	cJSON *j = wd_call(&W, "GET", "/api/v1/halls", sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "halls")), 1);
	const cJSON *h = hall_in(j, 1);
	assert_non_null(h);
	assert_string_equal(jstr(h, "level"), "county");
	assert_true(jnum(h, "windows") > 0);
	assert_true(jnum(h, "waiting") > 0);       /* the demo's morning queue */
	cJSON_Delete(j);
	j = wd_call(&W, "GET", "/api/v1/me", sup, NULL, 200);
	assert_int_equal((int)jnum(j, "hall"), 1);
	cJSON_Delete(j);
	free(sup);
}

static void test_county_of_halls(void **state)
{
	(void)state;
	char *admin = wd_login(&W, "admin", 0);
	char *sup = wd_login(&W, "supervisor", 0);
	char *clerk1 = wd_login(&W, "clerk1", 1);

	/* a township under the centre, with the centre's first two windows;
	 * a village under the township */
	cJSON *j = wd_call(&W, "POST", "/api/v1/halls", admin,
			   "{\"code\":\"LT\",\"name\":\"柳疃镇便民服务中心\",\"level\":\"township\",\"windows\":2}", 201);
	assert_int_equal((int)jnum(j, "id"), 2);
	cJSON_Delete(j);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/halls", admin,
			     "{\"code\":\"XC\",\"name\":\"西村便民服务站\",\"level\":\"village\",\"parent\":2,"
			     "\"windows\":1}", 201));
	wd_call_err(&W, "POST", "/api/v1/halls", admin,
		    "{\"code\":\"LT\",\"name\":\"又一个\",\"level\":\"township\"}", 409, "hall_exists", NULL);
	wd_call_err(&W, "POST", "/api/v1/halls", admin,
		    "{\"code\":\"QQ\",\"name\":\"乡\",\"level\":\"province\"}", 400, "invalid_field", NULL);
	wd_call_err(&W, "POST", "/api/v1/halls", admin,
		    "{\"code\":\"QQ\",\"name\":\"乡\",\"level\":\"village\",\"parent\":99}", 422, "unknown_hall", NULL);

	/* the township's people, made by the centre's administrator there */
	account(admin, "LT", "lt.clerk", "clerk", "[1]");
	account(admin, "LT", "lt.kiosk", "kiosk", NULL);
	account(admin, "LT", "lt.sup", "supervisor", NULL);
	account(admin, "2", "clerk1", "clerk", "[2]");   /* the centre's clerk1 works there too */
	wd_call_err(&W, "POST", "/api/v1/accounts?hall=LT", sup,
		    "{\"user\":\"x1\",\"name\":\"x\",\"role\":\"kiosk\",\"password\":\"" PASSWORD "\"}",
		    403, "forbidden", NULL);

	/* The township's clerk signs in without naming it: his only hall. */
	j = login("lt.clerk", NULL, 200);
	assert_int_equal((int)jnum(j, "hall"), 2);
	char *lt = strdup(jstr(j, "token"));
	assert_int_equal(strncmp(lt, "h2-", 3), 0);
	cJSON_Delete(j);
	/* clerk1 has an account in two halls: which? */
	j = login("clerk1", NULL, 409);
	assert_string_equal(jstr(cJSON_GetObjectItemCaseSensitive(j, "error"), "code"), "choose_hall");
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(j, "error"), "halls")), 2);
	/* and their names, to choose by */
	const cJSON *choice = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(
		cJSON_GetObjectItemCaseSensitive(j, "error"), "choices"), 1);
	assert_int_equal((int)jnum(choice, "id"), 2);
	assert_string_equal(jstr(choice, "name"), "柳疃镇便民服务中心");
	cJSON_Delete(j);
	char *c1lt = token_of("clerk1", "LT");
	assert_int_equal(strncmp(c1lt, "h2-", 3), 0);
	wd_call_err(&W, "POST", "/api/v1/login", NULL, "{\"user\":\"clerk1\",\"password\":\"x\",\"hall\":\"ZZ\"}",
		    422, "unknown_hall", NULL);

	/* Its windows are the two copied, closed; not the centre's. */
	j = wd_call(&W, "GET", "/api/v1/windows", lt, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "windows")), 2);
	cJSON_Delete(j);

	/* Its queue is its own: a ticket there is A001-like of its own count,
	 * called at its window, and the centre's windows never see it. */
	char *kiosk = token_of("lt.kiosk", NULL);
	j = wd_call(&W, "GET", "/api/v1/windows/1/queue", lt, NULL, 200);
	int lt_waiting = (int)jnum(j, "total");
	cJSON_Delete(j);
	assert_int_equal(lt_waiting, 0);
	j = wd_call(&W, "GET", "/api/v1/windows", lt, NULL, 200);
	const cJSON *win = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(j, "windows"), 0);
	const char *service = cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(win, "services"), 0)->valuestring;
	char body[96];
	snprintf(body, sizeof body, "{\"service\":\"%s\"}", service);
	cJSON *t = wd_call(&W, "POST", "/api/v1/tickets", kiosk, body, 201);
	cJSON_Delete(j);
	int64_t lt_ticket = (int64_t)jnum(t, "id");
	const char *number = jstr(t, "number");
	assert_int_equal(atoi(number + strcspn(number, "0123456789")), 1);   /* its first of the day */
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/1/open", lt, NULL, 200));
	j = wd_call(&W, "POST", "/api/v1/windows/1/call", lt, NULL, 200);
	assert_int_equal((int64_t)jnum(j, "id"), lt_ticket);
	cJSON_Delete(j);
	cJSON_Delete(t);

	/* the township's token is nothing in the centre, nor the centre's there */
	char path[64];
	snprintf(path, sizeof path, "/api/v1/tickets/%lld", (long long)lt_ticket);
	cJSON_Delete(wd_call(&W, "GET", path, lt, NULL, 200));
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/windows/2/open", c1lt, NULL, 200));
	wd_call_err(&W, "POST", "/api/v1/windows/2/call", clerk1, NULL, 403, "forbidden", NULL);

	/* The feed: the township's events only. */
	j = wd_call(&W, "GET", "/api/v1/events?since=0&wait=0", lt, NULL, 200);
	const cJSON *e;
	int called = 0;
	cJSON_ArrayForEach(e, cJSON_GetObjectItemCaseSensitive(j, "events")) {
		if (strcmp(jstr(e, "kind"), "ticket.called") == 0) {
			assert_int_equal((int64_t)jnum(e, "ticket"), lt_ticket);
			called++;
		}
	}
	assert_int_equal(called, 1);
	cJSON_Delete(j);

	/* The centre's supervisor: the county's board of halls, and a look
	 * into the township's board; no acting there. */
	j = wd_call(&W, "GET", "/api/v1/halls", sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "halls")), 3);
	const cJSON *h2 = hall_in(j, 2);
	assert_string_equal(jstr(h2, "code"), "LT");
	assert_string_equal(jstr(h2, "level"), "township");
	assert_int_equal((int)jnum(h2, "parent"), 1);
	assert_int_equal((int)jnum(h2, "windows"), 2);
	assert_int_equal((int)jnum(h2, "open_windows"), 2);
	assert_int_equal((int)jnum(h2, "waiting"), 0);
	assert_int_equal((int)jnum(hall_in(j, 3), "windows"), 1);
	cJSON_Delete(j);
	j = wd_call(&W, "GET", "/api/v1/board?hall=LT", sup, NULL, 200);
	assert_non_null(j);
	cJSON_Delete(j);
	j = wd_call(&W, "GET", "/api/v1/windows?hall=2", sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "windows")), 2);
	cJSON_Delete(j);
	wd_call_err(&W, "POST", "/api/v1/windows/1/pause?hall=LT", sup, "{\"reason\":\"午休\"}", 403,
		    "forbidden", NULL);
	wd_call_err(&W, "GET", "/api/v1/windows?hall=LT", clerk1, NULL, 403, "forbidden", NULL);
	wd_call_err(&W, "GET", "/api/v1/board?hall=ZZ", sup, NULL, 422, "unknown_hall", NULL);

	/* The county's report across halls: a row a hall, the township's one
	 * call there, and the total the sum of the rows. */
	j = wd_call(&W, "GET", "/api/v1/reports?by=hall", sup, NULL, 200);
	assert_string_equal(jstr(j, "by"), "hall");
	const cJSON *rows = cJSON_GetObjectItemCaseSensitive(j, "rows"), *row;
	assert_int_equal(cJSON_GetArraySize(rows), 3);
	double all_called = 0;
	cJSON_ArrayForEach(row, rows) {
		all_called += jnum(row, "tickets_called");
		if (strcmp(jstr(row, "key"), "2") == 0) {
			assert_string_equal(jstr(row, "name"), "柳疃镇便民服务中心");
			assert_int_equal((int)jnum(row, "tickets_called"), 1);
		}
	}
	assert_true(all_called >= 1);
	assert_int_equal((int)jnum(cJSON_GetObjectItemCaseSensitive(j, "total"), "tickets_called"), (int)all_called);
	cJSON_Delete(j);

	/* The county's catalogue: the township has every matter, available
	 * where one of its two windows serves the matter's service. */
	j = wd_call(&W, "GET", "/api/v1/matters", lt, NULL, 200);
	int offered = 0, not_offered = 0;
	const cJSON *m;
	cJSON_ArrayForEach(m, cJSON_GetObjectItemCaseSensitive(j, "matters"))
		cJSON_IsTrue(cJSON_GetObjectItemCaseSensitive(m, "available")) ? offered++ : not_offered++;
	cJSON_Delete(j);
	assert_true(offered > 0 && not_offered > 0);
	/* The centre renames a guide; shared again, the township reads it. */
	struct tdb *db = tdb_open(W.db);
	tdb_exec(db, "UPDATE matters SET name = '结婚登记（共享目录）' WHERE code = 'MAR-01'");
	tdb_close(db);
	j = wd_call(&W, "GET", "/api/v1/matters/MAR-01", lt, NULL, 200);
	assert_string_not_equal(jstr(j, "name"), "结婚登记（共享目录）");
	cJSON_Delete(j);
	wd_call_err(&W, "POST", "/api/v1/halls/9/catalogue", admin, NULL, 404, "not_found", NULL);
	j = wd_call(&W, "POST", "/api/v1/halls/2/catalogue", admin, NULL, 200);
	assert_true(jnum(j, "matters") > 0);
	cJSON_Delete(j);
	j = wd_call(&W, "GET", "/api/v1/matters/MAR-01", lt, NULL, 200);
	assert_string_equal(jstr(j, "name"), "结婚登记（共享目录）");
	cJSON_Delete(j);
	/* with the whole guide: a material the applicant may bring later (容缺)
	 * is one in the township too */
	j = wd_call(&W, "GET", "/api/v1/matters/SOC-01", lt, NULL, 200);
	const cJSON *mat;
	int deferrable = 0;
	cJSON_ArrayForEach(mat, cJSON_GetObjectItemCaseSensitive(j, "materials"))
		deferrable += cJSON_IsNumber(cJSON_GetObjectItemCaseSensitive(mat, "deferrable_days"));
	assert_int_equal(deferrable, 1);
	cJSON_Delete(j);

	/* The township's supervisor sees the township and its village, never
	 * the centre above. */
	char *ltsup = token_of("lt.sup", NULL);
	j = wd_call(&W, "GET", "/api/v1/halls", ltsup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "halls")), 2);
	assert_null(hall_in(j, 1));
	assert_non_null(hall_in(j, 3));
	cJSON_Delete(j);
	cJSON_Delete(wd_call(&W, "GET", "/api/v1/windows?hall=XC", ltsup, NULL, 200));
	wd_call_err(&W, "GET", "/api/v1/windows?hall=1", ltsup, NULL, 403, "forbidden", NULL);

	/* A restart keeps the halls, their people and their sessions. */
	assert_int_equal(wd_term(&W), 0);
	wd_restart(&W, NULL);
	j = wd_call(&W, "GET", "/api/v1/me", lt, NULL, 200);
	assert_string_equal(jstr(j, "user"), "lt.clerk");
	assert_int_equal((int)jnum(j, "hall"), 2);
	cJSON_Delete(j);
	j = wd_call(&W, "GET", path, lt, NULL, 200);
	assert_string_equal(jstr(j, "status"), "called");
	cJSON_Delete(j);
	j = wd_call(&W, "GET", "/api/v1/halls", sup, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "halls")), 3);
	cJSON_Delete(j);

	free(ltsup);
	free(kiosk);
	free(c1lt);
	free(lt);
	free(clerk1);
	free(sup);
	free(admin);
}

/* A hall added through one wicketd is served by the other at once
 * (PostgreSQL: both serve one platform; each opens the halls it hears of).
 * On SQLite, the one wicketd. */
static void test_hall_added_elsewhere(void **state)
{
	(void)state;
	struct wd *other = &W;
	if (wd_on_postgresql()) {
		wd_start_beside(&B, &W, NULL);
		assert_int_equal(wd_term(&B), 0);
		snprintf(B.log, sizeof B.log, "%s/wicketd.log", B.dir);
		wd_restart_logging(&B, NULL, B.log);
		other = &B;
	}
	char *admin = wd_login(&W, "admin", 0);
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/halls", admin,
			     "{\"code\":\"QZ\",\"name\":\"乔庄镇便民服务中心\",\"level\":\"township\",\"windows\":1}",
			     201));
	account(admin, "QZ", "qz.clerk", "clerk", "[1]");
	if (other != &W)
		wd_log_wait(other, "is served here too", 1, 10000);
	/* its clerk signs in through the other one, and works there */
	cJSON *j = login_at(other, "qz.clerk", NULL, 200);
	assert_int_equal((int)jnum(j, "hall"), 2);
	char *tok = strdup(jstr(j, "token"));
	cJSON_Delete(j);
	j = wd_call(other, "GET", "/api/v1/windows", tok, NULL, 200);
	assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItemCaseSensitive(j, "windows")), 1);
	cJSON_Delete(j);
	/* and its supervisor's board of halls there lists it */
	char *sup = wd_login(other, "supervisor", 0);
	j = wd_call(other, "GET", "/api/v1/halls", sup, NULL, 200);
	assert_non_null(hall_in(j, 2));
	cJSON_Delete(j);
	free(sup);
	free(tok);
	free(admin);

}

/* A sign-out through one wicketd ends the session in the other at once
 * (PostgreSQL: both serve one database; each keeps the sessions it looked
 * up for a few seconds, and forgets them when told).  On SQLite, the one
 * wicketd. */
static void test_sign_out_everywhere(void **state)
{
	(void)state;
	struct wd *other = &W;
	if (wd_on_postgresql()) {
		wd_start_beside(&B, &W, NULL);         /* and again, logging what it hears */
		assert_int_equal(wd_term(&B), 0);
		snprintf(B.log, sizeof B.log, "%s/wicketd.log", B.dir);
		wd_restart_logging(&B, NULL, B.log);
		other = &B;
	}
	char *tok = wd_login(&W, "clerk2", 2);
	cJSON_Delete(wd_call(other, "GET", "/api/v1/me", tok, NULL, 200));   /* kept there now */
	int heard = other != &W ? wd_log_count(other, "sessions were ended by a wicketd") : 0;
	cJSON_Delete(wd_call(&W, "POST", "/api/v1/logout", tok, NULL, 200));
	if (other != &W)
		wd_log_wait(other, "sessions were ended by a wicketd", heard + 1, 10000);
	wd_call_err(other, "GET", "/api/v1/me", tok, NULL, 401, "unauthorized", NULL);
	free(tok);

}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_one_hall_is_hall_1, setup, teardown),
		cmocka_unit_test_setup_teardown(test_county_of_halls, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sign_out_everywhere, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hall_added_elsewhere, setup, teardown),
	};
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
