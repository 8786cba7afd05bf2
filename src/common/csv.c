/* csv.c - CSV fields of csv.h. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdbool.h>
#include <string.h>

#include "wicket/common/csv.h"

void csv_field(struct buf *b, const char *s)
{
	if (!s)
		s = "";
	bool defuse = s[0] && strchr("=+-@\t\r", s[0]) != NULL;
	bool quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		buf_addc(b, '"');
	if (defuse)
		buf_addc(b, '\'');
	for (const char *p = s; *p; p++) {
		if (*p == '"')
			buf_addc(b, '"');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
}
