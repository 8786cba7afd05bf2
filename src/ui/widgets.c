#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "wicket/common/i18n.h"
#include "wicket/common/utf8.h"
#include "wicket/ui/view.h"
#include "wicket/common/xalloc.h"

int form_add(struct form *fm, const char *label, const char *value, bool masked, size_t max_chars)
{
	if (fm->nfields == FORM_MAX_FIELDS)
		return -1;
	struct form_field *f = &fm->f[fm->nfields];
	f->label = label;
	snprintf(f->value, sizeof f->value, "%s", value ? value : "");
	f->masked = masked;
	f->max_chars = max_chars;
	return fm->nfields++;
}

/* Returns false when the field is full: the character is not taken, and
 * the form says so (nothing typed is dropped without a word). */
static bool form_insert(struct form_field *f, uint32_t cp)
{
	char enc[4];
	size_t n = utf8_encode(cp, enc);
	size_t len = strlen(f->value);
	/* Control characters never enter a field: they would reach the server. */
	if (n == 0 || cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
		return true;
	if (len + n >= sizeof f->value || (f->max_chars && utf8_chars(f->value) >= f->max_chars))
		return false;
	memcpy(f->value + len, enc, n);
	f->value[len + n] = '\0';
	return true;
}

static void form_backspace(struct form_field *f)
{
	size_t len = strlen(f->value);
	while (len > 0 && ((unsigned char)f->value[len - 1] & 0xC0) == 0x80)
		len--;
	if (len > 0)
		len--;
	f->value[len] = '\0';
}

enum form_result form_key(struct form *fm, int key, bool is_char)
{
	/* Control characters are editing commands, whichever way they came. */
	if (is_char && key >= 0x20 && key != 0x7f) {
		struct form_field *f = &fm->f[fm->focus];
		fm->error[0] = '\0';
		if (!form_insert(f, (uint32_t)key))
			snprintf(fm->error, sizeof fm->error, _("%s: at most %zu characters; the rest was not taken."),
				 _(f->label), f->max_chars ? f->max_chars : utf8_chars(f->value));
		return FORM_EDITING;
	}
	switch (key) {
	case 27:
		return FORM_CANCEL;
	case '\r': case '\n': case KEY_ENTER:
		if (fm->focus == fm->nfields - 1)
			return FORM_SUBMIT;
		fm->focus++;
		return FORM_EDITING;
	case '\t': case KEY_DOWN:
		fm->focus = (fm->focus + 1) % fm->nfields;
		return FORM_EDITING;
	case KEY_BTAB: case KEY_UP:
		fm->focus = (fm->focus + fm->nfields - 1) % fm->nfields;
		return FORM_EDITING;
	case KEY_BACKSPACE: case 127: case 8:
		form_backspace(&fm->f[fm->focus]);
		return FORM_EDITING;
	case 21: /* ^U clears the field, as in a shell */
		fm->f[fm->focus].value[0] = '\0';
		return FORM_EDITING;
	default:
		return FORM_EDITING;
	}
}

void picker_add(struct picker *p, const char *text, int value)
{
	if (p->n == PICKER_MAX)
		return;
	p->items[p->n] = utf8_sanitize(text, false);
	p->values[p->n++] = value;
}

void picker_clear(struct picker *p)
{
	for (int i = 0; i < p->n; i++)
		free(p->items[i]);
	memset(p, 0, sizeof *p);
}

enum picker_result picker_key(struct picker *p, int key)
{
	switch (key) {
	case 27:
		return PICKER_CANCEL;
	case '\r': case '\n': case KEY_ENTER:
		return p->n > 0 ? PICKER_CHOSEN : PICKER_OPEN;
	case KEY_UP: case 'k':
		if (p->sel > 0)
			p->sel--;
		return PICKER_OPEN;
	case KEY_DOWN: case 'j':
		if (p->sel + 1 < p->n)
			p->sel++;
		return PICKER_OPEN;
	default:
		if (key < '1' || key > '9')
			return PICKER_OPEN;
		for (int i = 0; i < p->n; i++)
			if (p->digit_is_value ? p->values[i] == key - '0' : i == key - '1') {
				p->sel = i;
				return PICKER_CHOSEN;
			}
		return PICKER_OPEN;
	}
}
