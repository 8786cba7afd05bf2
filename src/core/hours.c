/* hours.c - opening hours and booking slots (hours.h). */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/core/hours.h"

/* "HH:MM" at s (exactly five characters) as minutes, or -1.  "24:00" is
 * the end of the day. */
static int hours_minute(const char *s)
{
	for (int i = 0; i < 5; i++)
		if (i == 2 ? s[i] != ':' : (s[i] < '0' || s[i] > '9'))
			return -1;
	int hh = (s[0] - '0') * 10 + (s[1] - '0'), mm = (s[3] - '0') * 10 + (s[4] - '0');
	if (mm > 59 || hh > 24 || (hh == 24 && mm != 0))
		return -1;
	return hh * 60 + mm;
}

int hours_parse(const char *s, struct hours *h)
{
	memset(h, 0, sizeof *h);
	if (!s || !*s || strcmp(s, "closed") == 0)
		return 0;
	for (;;) {
		/* "HH:MM-HH:MM" then "," or the end. */
		if (strlen(s) < 11 || s[5] != '-' || h->n == HOURS_MAX_SPANS)
			goto bad;
		int from = hours_minute(s), to = hours_minute(s + 6);
		if (from < 0 || to <= from || (h->n && from < h->to[h->n - 1]))
			goto bad;
		h->from[h->n] = from;
		h->to[h->n++] = to;
		s += 11;
		if (!*s)
			return 0;
		if (*s++ != ',')
			goto bad;
	}
bad:
	memset(h, 0, sizeof *h);
	return -1;
}

int hours_close(const struct hours *h)
{
	return h->n ? h->to[h->n - 1] : -1;
}

bool hours_slot_ok(const struct hours *h, int len, int minute)
{
	if (len <= 0)
		return false;
	for (int i = 0; i < h->n; i++)
		if (minute >= h->from[i] && minute + len <= h->to[i] && (minute - h->from[i]) % len == 0)
			return true;
	return false;
}

size_t hours_slots(const struct hours *h, int len, int *out, size_t max)
{
	size_t n = 0;
	if (len <= 0)
		return 0;
	for (int i = 0; i < h->n; i++)
		for (int m = h->from[i]; m + len <= h->to[i]; m += len) {
			if (n < max)
				out[n] = m;
			n++;
		}
	return n;
}

void hours_format(const struct hours *h, char *out, size_t size)
{
	size_t used = 0;
	out[0] = '\0';
	for (int i = 0; i < h->n && used < size; i++) {
		int w = snprintf(out + used, size - used, "%s%02d:%02d-%02d:%02d", i ? "," : "",
				 h->from[i] / 60, h->from[i] % 60, h->to[i] / 60, h->to[i] % 60);
		if (w < 0)
			break;
		used += (size_t)w;
	}
}
