#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "wicket/ui/ui_text.h"
#include "wicket/common/utf8.h"

char *ui_text_cell(const char *s, size_t cols)
{
	char *clean = utf8_sanitize(s ? s : "", false);
	char *cell = utf8_fit(clean, cols);
	free(clean);
	return cell;
}
