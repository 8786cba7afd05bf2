/* bench_http.h - the kept-alive connection the benchmarks talk to wicketd
 * on (bench_call, bench_platform): one curl handle, the JSON headers and a
 * token, the last reply's body and its parse. */
#ifndef WICKET_BENCH_HTTP_H
#define WICKET_BENCH_HTTP_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>
#include <curl/curl.h>

#include "wicket/common/buf.h"

struct wd;

struct client {
	const struct wd *srv;     /* the wicketd it talks to (bench_platform's two); NULL: the one */
	CURL *c;
	struct curl_slist *headers;
	struct buf body;
	cJSON *json;              /* the last reply, parsed */
};

static inline size_t client_collect(char *p, size_t size, size_t n, void *ud)
{
	buf_add(ud, p, size * n);
	return size * n;
}

/* Make cl a connection with the bearer token (NULL: none, a sign-in's);
 * prog names the program in the one error it exits on. */
static inline void client_open(struct client *cl, const char *token, const char *prog)
{
	char line[160];
	memset(cl, 0, sizeof *cl);
	cl->c = curl_easy_init();
	if (!cl->c) {
		fprintf(stderr, "%s: curl_easy_init failed\n", prog);
		exit(1);
	}
	if (token) {
		snprintf(line, sizeof line, "Authorization: Bearer %s", token);
		cl->headers = curl_slist_append(cl->headers, line);
	}
	cl->headers = curl_slist_append(cl->headers, "Content-Type: application/json");
	cl->headers = curl_slist_append(cl->headers, "Expect:");
	curl_easy_setopt(cl->c, CURLOPT_HTTPHEADER, cl->headers);
	curl_easy_setopt(cl->c, CURLOPT_WRITEFUNCTION, client_collect);
	curl_easy_setopt(cl->c, CURLOPT_WRITEDATA, &cl->body);
	curl_easy_setopt(cl->c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(cl->c, CURLOPT_TIMEOUT, 120L);
}

static inline void client_free(struct client *cl)
{
	cJSON_Delete(cl->json);
	buf_free(&cl->body);
	curl_slist_free_all(cl->headers);
	curl_easy_cleanup(cl->c);
}

#endif
