/* api_decode.h - the decoder engine of the API layer, for its decoders
 * (api_hall.c, api_drill.c, api_sup.c); not for use above the net layer.
 *
 * It decodes a reply by a table of wicket/model/wire.h: the model's own
 * tables, or one of the replies that wrap them, described in the same way
 * (W_T and the W_* members). */
#ifndef WICKET_NET_API_DECODE_H
#define WICKET_NET_API_DECODE_H

#include <stddef.h>
#include <stdint.h>

#include "wicket/model/wire.h"

/* A reply {"<key>": [...]} (and "last" for events): v holds n elements of
 * the type of its table's first member. */
struct api_list {
	void *v;
	size_t n;
	int64_t last;
};

/* The table of an api_list reply whose array is at key, of elements t
 * (fl: more WF_* flags, e.g. WF_LIST); define W_T as struct api_list. */
#define API_LIST(key, fl, t) W_ARR(key, v, n, WF_REQ | (fl), void, t)

/* A page of a paged list {"<key>": [...], "total", "offset", "limit"}:
 * as api_list, with where the page stands. */
struct api_page {
	void *v;
	size_t n;
	struct m_page page;
};

/* The table of an api_page reply whose array is at key, of elements t;
 * define W_T as struct api_page.  total and offset may be absent (a
 * server before paging: the page is the whole list). */
#define API_PAGE(key, fl, t) W_ARR(key, v, n, WF_REQ | (fl), void, t), \
	W_I64("total", page.total, 0), W_I64("offset", page.offset, 0)

/* Parse body and decode it into out (zeroed first) by t, as a whole
 * object.  Returns 0 (out is then the caller's, released with m_free(t,
 * out)), or -1 with out zeroed and nothing left allocated. */
int api_decode(const char *body, size_t len, const struct m_desc *t, void *out);
/* Decode a reply of t (an api_list table) and store its elements in the
 * pointer at out (the caller's, of the element type), their count in *n
 * and "last" in *last unless last is NULL.  Returns 0 (the array is the
 * caller's, released with m_free_array), or -1 keeping nothing (*out NULL,
 * *n 0, *last 0). */
int api_decode_list(const char *body, size_t len, const struct m_desc *t,
		    void *out, size_t *n, int64_t *last);

/* Decode a reply of t (an api_page table) as api_decode_list does, and
 * where the page stands in *page unless page is NULL (total at least
 * offset + n).  Returns 0, or -1 keeping nothing (*page zeroed). */
int api_decode_page(const char *body, size_t len, const struct m_desc *t,
		    void *out, size_t *n, struct m_page *page);
/* Make p's total at least p->offset + n (a reply without one). */
void api_page_fix(struct m_page *p, size_t n);

#endif
