/* The wire objects' tables (wire.h): that each describes its whole struct,
 * and that m_free / m_free_array / m_copy walk every owned member.
 *
 * The layout check rebuilds each struct's layout from its table the way the
 * compiler lays it out (each member at the next offset its alignment
 * allows) and fails on any gap the padding rules do not explain.  A pointer
 * is as aligned as anything in these structs, so a forgotten pointer (an
 * owned member, which m_free would leak) always leaves such a gap; so does
 * any forgotten member except a small scalar that happens to fit a hole
 * left by alignment, which owns nothing.
 *
 * The free test fills every owned member of every table with memory of its
 * own and releases it with m_free; the sanitizer build (LeakSanitizer) fails
 * on any byte left behind, and on a double free of a copy. */
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

#include "wicket/model/wire.h"
#include "wicket/common/xalloc.h"

/* ---- the layout check ---------------------------------------------------- */

struct span {
	size_t off, size, align;
	const char *member;
};

#define MAX_SPANS 128

/* The spans d's table covers at base offset `at`: each member and its
 * count or "came" flag; a nested table of the same struct (WF_SUB) adds
 * its own. */
static void collect(const struct m_desc *d, size_t at, struct span *v, size_t *n)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct m_field *f = &d->fields[i];
		if (f->flags & WF_SUB) {
			collect(f->type, at + f->off, v, n);
			continue;
		}
		assert_true(*n + 2 <= MAX_SPANS);
		v[(*n)++] = (struct span){ at + f->off, f->size, f->align, f->member };
		if (f->aux_size)
			v[(*n)++] = (struct span){ at + f->aux, f->aux_size, f->aux_align, f->member };
	}
}

static int by_offset(const void *a, const void *b)
{
	const struct span *x = a, *y = b;
	return x->off < y->off ? -1 : x->off > y->off;
}

static size_t round_up(size_t n, size_t align)
{
	return (n + align - 1) / align * align;
}

/* Whether d's table accounts for every member of its struct; if not, says
 * which in why. */
static bool layout_whole(const struct m_desc *d, char *why, size_t whylen)
{
	struct span v[MAX_SPANS];
	size_t n = 0, pos = 0;
	collect(d, 0, v, &n);
	qsort(v, n, sizeof v[0], by_offset);
	for (size_t i = 0; i < n; i++) {
		if (i > 0 && v[i].off == v[i - 1].off && v[i].size == v[i - 1].size) {
			snprintf(why, whylen, "%s: %s described twice", d->name, v[i].member);
			return false;
		}
		if (v[i].off != round_up(pos, v[i].align)) {
			snprintf(why, whylen, "%s: %zu byte(s) before %s (offset %zu) not in the table",
				 d->name, v[i].off - pos, v[i].member, v[i].off);
			return false;
		}
		pos = v[i].off + v[i].size;
	}
	if (round_up(pos, d->align) != d->size) {
		snprintf(why, whylen, "%s: the table ends at %zu of %zu bytes", d->name, pos, d->size);
		return false;
	}
	return true;
}

/* Every table's members, and what each kind needs of them. */
static void check_fields(const struct m_desc *d)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct m_field *f = &d->fields[i];
		if (f->kind == WK_ENUM) {
			assert_int_equal(f->size, sizeof(int));  /* the decoder writes an int */
			assert_non_null(f->parse);
		}
		if (f->kind == WK_OBJ && !(f->flags & WF_SUB))
			assert_int_equal(f->size, f->type->size);
		if (f->kind == WK_OBJ || f->kind == WK_ARRAY) {
			assert_non_null(f->type);
			check_fields(f->type);
		}
		if (f->kind == WK_ARRAY || f->kind == WK_STRV || f->kind == WK_INTV)
			assert_int_equal(f->aux_size, sizeof(size_t));
		if (f->flags & WF_HAS)
			assert_int_equal(f->aux_size, sizeof(bool));
	}
}

static void test_tables_describe_whole_structs(void **state)
{
	(void)state;
	char why[200];
	size_t n = 0;
	for (const struct m_desc *const *d = m_wire_descs; *d; d++, n++) {
		check_fields(*d);
		if (!layout_whole(*d, why, sizeof why))
			fail_msg("%s", why);
	}
	assert_int_equal(n, 61);   /* with the platform's halls, AB岗's covers and the enquiries (首问负责) */
}

/* A table that forgets a member is caught: here a pointer, and a count. */
struct partial {
	int64_t id;
	char *kept;
	char *forgotten;
	int *v;
	size_t nv;
};

#define W_T struct partial
static const struct m_field partial_no_ptr_fields[] = {
	W_I64("id", id, 0),
	W_STR("kept", kept, 0),
	W_INTV("v", v, nv, 0),
};
static const struct m_field partial_last_fields[] = {
	W_I64("id", id, 0),
	W_STR("kept", kept, 0),
	W_STR("forgotten", forgotten, 0),
	W_PLAIN(v, int *),
};
static const struct m_field partial_whole_fields[] = {
	W_I64("id", id, 0),
	W_STR("kept", kept, 0),
	W_STR("forgotten", forgotten, 0),
	W_INTV("v", v, nv, 0),
};
#undef W_T

static void test_forgotten_member_fails(void **state)
{
	(void)state;
	static const struct m_desc no_ptr = W_DESC(struct partial, partial_no_ptr_fields);
	static const struct m_desc no_count = W_DESC(struct partial, partial_last_fields);
	static const struct m_desc whole = W_DESC(struct partial, partial_whole_fields);
	char why[200];
	assert_false(layout_whole(&no_ptr, why, sizeof why));
	assert_non_null(strstr(why, "before v"));
	assert_false(layout_whole(&no_count, why, sizeof why));
	assert_non_null(strstr(why, "ends at"));
	assert_true(layout_whole(&whole, why, sizeof why));
}

/* ---- freeing and copying ----------------------------------------------- */

static void set_ptr(char *base, size_t off, void *p)
{
	memcpy(base + off, &p, sizeof p);
}

static void set_count(char *base, size_t off, size_t n)
{
	memcpy(base + off, &n, sizeof n);
}

/* Fill every owned member of the struct at base (zeroed) by d: strings,
 * arrays of two elements, each filled in turn, down to `depth` levels. */
static void fill(const struct m_desc *d, char *base, int depth)
{
	for (size_t i = 0; i < d->nfields; i++) {
		const struct m_field *f = &d->fields[i];
		switch (f->kind) {
		case WK_STR:
			set_ptr(base, f->off, xstrdup(f->member ? f->member : "?"));
			break;
		case WK_STRV: {
			char **v = xcalloc(2, sizeof *v);
			v[0] = xstrdup("a");
			v[1] = xstrdup("b");
			set_ptr(base, f->off, v);
			set_count(base, f->aux, 2);
			break;
		}
		case WK_INTV: {
			int *v = xcalloc(2, sizeof *v);
			set_ptr(base, f->off, v);
			set_count(base, f->aux, 2);
			break;
		}
		case WK_ARRAY: {
			if (depth == 0)
				break;
			char *v = xcalloc(2, f->type->size);
			fill(f->type, v, depth - 1);
			fill(f->type, v + f->type->size, depth - 1);
			set_ptr(base, f->off, v);
			set_count(base, f->aux, 2);
			break;
		}
		case WK_OBJ:
			fill(f->type, base + f->off, depth);
			break;
		default:
			break;
		}
	}
}

static bool zeroed(const void *p, size_t n)
{
	const unsigned char *b = p;
	for (size_t i = 0; i < n; i++)
		if (b[i])
			return false;
	return true;
}

static void test_free_releases_every_owned_member(void **state)
{
	(void)state;
	for (const struct m_desc *const *d = m_wire_descs; *d; d++) {
		char *obj = xcalloc(1, (*d)->size);
		fill(*d, obj, 3);
		m_free(*d, obj);
		assert_true(zeroed(obj, (*d)->size));
		free(obj);

		char *v = xcalloc(3, (*d)->size);
		for (int i = 0; i < 3; i++)
			fill(*d, v + i * (*d)->size, 2);
		m_free_array(*d, v, 3);
	}
	m_free_array(&m_ticket_desc, NULL, 5);
}

static void test_copy_is_deep(void **state)
{
	(void)state;
	for (const struct m_desc *const *d = m_wire_descs; *d; d++) {
		char *a = xcalloc(1, (*d)->size), *b = xcalloc(1, (*d)->size);
		fill(*d, a, 3);
		m_copy(*d, b, a);
		m_free(*d, a);          /* the copy must not share what a owned */
		m_free(*d, b);
		free(a);
		free(b);
	}
	struct m_matter m = { .code = xstrdup("M1"), .nsteps = 1 };
	m.steps = xcalloc(1, sizeof *m.steps);
	m.steps[0] = xstrdup("step");
	struct m_matter c;
	m_matter_copy(&c, &m);
	assert_string_equal(c.code, "M1");
	assert_ptr_not_equal(c.code, m.code);
	assert_string_equal(c.steps[0], "step");
	assert_ptr_not_equal(c.steps, m.steps);
	assert_null(c.materials);
	assert_null(c.name);
	m_free(&m_matter_desc, &m);
	m_free(&m_matter_desc, &c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_tables_describe_whole_structs),
		cmocka_unit_test(test_forgotten_member_fails),
		cmocka_unit_test(test_free_releases_every_owned_member),
		cmocka_unit_test(test_copy_is_deep),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
