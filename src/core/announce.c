#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <string.h>

#include "wicket/core/announce.h"

/* The digits as Mandarin says them one by one. */
static const char *const announce_digits[10] = {
	"零", "一", "二", "三", "四", "五", "六", "七", "八", "九",
};

/* The number's letters and digits, each followed by a space, into out
 * (len bytes, at least 1); returns the bytes written. */
static size_t announce_number(const char *number, char *out, size_t len)
{
	size_t n = 0;
	out[0] = '\0';
	for (const char *p = number ? number : ""; *p; p++) {
		char c = *p;
		const char *word;
		char letter[2] = { c, '\0' };
		if (c >= '0' && c <= '9')
			word = announce_digits[c - '0'];
		else if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))
			word = letter;
		else
			continue;
		int w = snprintf(out + n, len - n, "%s ", word);
		if (w < 0 || (size_t)w >= len - n)
			break;
		n += (size_t)w;
	}
	return n;
}

char *announce_text(const char *number, int window, bool recall, char *out, size_t len)
{
	char digits[96];
	announce_number(number, digits, sizeof digits);
	if (window < 0)
		window = 0;
	snprintf(out, len, "%s请 %s号，到 %d 号窗口办理", recall ? "重呼，" : "", digits, window);
	return out;
}
