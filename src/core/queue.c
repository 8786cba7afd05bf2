/* queue.c - the calling policy of queue.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>
#include <string.h>

#include "wicket/core/names.h"
#include "wicket/core/queue.h"
#include "wicket/common/xalloc.h"

static const char *const queue_priority_names[QUEUE_PRIORITY_COUNT] = {
	[QUEUE_PRIORITY_NONE] = "none",
	[QUEUE_PRIORITY_ELDERLY] = "elderly",
	[QUEUE_PRIORITY_DISABLED] = "disabled",
	[QUEUE_PRIORITY_PREGNANT] = "pregnant",
	[QUEUE_PRIORITY_MILITARY] = "military",
};

const char *queue_priority_name(enum queue_priority p)
{
	return names_at(queue_priority_names, QUEUE_PRIORITY_COUNT, (int)p);
}

int queue_priority_parse(const char *s, enum queue_priority *out)
{
	int i = names_find(queue_priority_names, QUEUE_PRIORITY_COUNT, s);
	if (i < 0)
		return -1;
	*out = (enum queue_priority)i;
	return 0;
}

bool queue_appointment_due(const struct queue_item *it, int64_t now)
{
	return it->appointment_at != 0 && it->appointment_at <= now + QUEUE_APPOINTMENT_LEAD;
}

/* The three classes, in the order they are served. */
enum queue_class { QC_APPOINTMENT, QC_PRIORITY, QC_NORMAL };

/* A ticket's sort key: its class, then the time that orders it within the
 * class, then queue time and id so that every order is total. */
struct queue_key {
	enum queue_class cls;
	int64_t at, queue_at, id;
	size_t idx;
};

static struct queue_key queue_key_of(const struct queue_item *items, size_t i, int64_t now)
{
	const struct queue_item *it = &items[i];
	struct queue_key k = { QC_NORMAL, it->queue_at, it->queue_at, it->id, i };
	if (queue_appointment_due(it, now)) {
		k.cls = QC_APPOINTMENT;
		k.at = it->appointment_at;
	} else if (it->priority) {
		k.cls = QC_PRIORITY;
	}
	return k;
}

static int queue_cmp64(int64_t a, int64_t b)
{
	return (a > b) - (a < b);
}

static int queue_key_cmp(const void *pa, const void *pb)
{
	const struct queue_key *a = pa, *b = pb;
	if (a->cls != b->cls)
		return a->cls < b->cls ? -1 : 1;
	int c = queue_cmp64(a->at, b->at);
	if (!c)
		c = queue_cmp64(a->queue_at, b->queue_at);
	return c ? c : queue_cmp64(a->id, b->id);
}

/* The cap: with no appointment due, does a priority ticket go next? */
static bool queue_take_priority(bool have_priority, bool have_normal, int cap, int run)
{
	return have_priority && (!have_normal || run < cap);
}

size_t queue_order(const struct queue_item *items, size_t n, int64_t now,
		   int cap, int run, size_t *order)
{
	if (n == 0)
		return 0;
	struct queue_key *keys = xreallocarray(NULL, n, sizeof *keys);
	for (size_t i = 0; i < n; i++)
		keys[i] = queue_key_of(items, i, now);
	qsort(keys, n, sizeof *keys, queue_key_cmp);

	/* keys is now three sorted runs: appointments, priority, normal.
	 * Appointments go first as they are; the other two are merged the way
	 * successive calls would take them. */
	size_t out = 0, p = 0;
	while (p < n && keys[p].cls == QC_APPOINTMENT)
		order[out++] = keys[p++].idx;
	size_t q = p;
	while (q < n && keys[q].cls == QC_PRIORITY)
		q++;
	size_t p_end = q;
	while (out < n) {
		if (queue_take_priority(p < p_end, q < n, cap, run)) {
			order[out++] = keys[p++].idx;
			run++;
		} else {
			order[out++] = keys[q++].idx;
			run = 0;
		}
	}
	free(keys);
	return n;
}

size_t queue_next(const struct queue_item *items, size_t n, int64_t now, int cap, int run)
{
	/* The first of each class, in one pass. */
	struct queue_key best[3];
	bool have[3] = { false, false, false };
	for (size_t i = 0; i < n; i++) {
		struct queue_key k = queue_key_of(items, i, now);
		if (!have[k.cls] || queue_key_cmp(&k, &best[k.cls]) < 0) {
			best[k.cls] = k;
			have[k.cls] = true;
		}
	}
	if (have[QC_APPOINTMENT])
		return best[QC_APPOINTMENT].idx;
	if (queue_take_priority(have[QC_PRIORITY], have[QC_NORMAL], cap, run))
		return best[QC_PRIORITY].idx;
	return have[QC_NORMAL] ? best[QC_NORMAL].idx : n;
}

int queue_next_run(int run, const struct queue_item *called, int64_t now)
{
	if (queue_appointment_due(called, now))
		return run;
	return called->priority ? run + 1 : 0;
}
