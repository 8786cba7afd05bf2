/* i18n.h - gettext wrappers for user-visible strings.
 *
 * Every string a clerk reads goes through _() (or N_() where it must be a
 * constant, translated later with _()).  msgids are English; the zh_CN and
 * zh_TW catalogues live in po/. */
#ifndef WICKET_I18N_H
#define WICKET_I18N_H

#include <libintl.h>

/* gettext(msgid), remembered per msgid's address: the locale and the
 * catalogue are set once at start (i18n.c).  Returns gettext's string,
 * owned by it. */
const char *i18n_text(const char *msgid);

#define _(s) ((char *)i18n_text(s))
#define N_(s) (s)

#endif
