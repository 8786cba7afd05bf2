/* clerk_papers.c - the counter's papers (app_int.h): made from the case
 * in hand when the server answers, handed to the worker (papers.h), and
 * what became of them said on the message line. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdlib.h>

#include "app_int.h"
#include "wicket/client/papers.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

/* ---- the counter's papers ---- */

/* Called on the worker's thread: the loop's poll returns (curl's wakeup is
 * made for that), and the loop takes the outcome (app_papers_poll). */
static void app_papers_wake(void *ud)
{
	net_wakeup(ud);
}

void app_paper(struct app *a, enum paper_kind kind, bool print)
{
	if (!a->c.has_case)
		return;
	if (!a->papers)
		a->papers = papers_new(app_papers_wake, a->net);
	struct paper p;
	struct paper_input in = {
		.kind = kind, .kase = &a->c.kase, .guide = a->c.have_guide ? &a->c.guide : NULL,
		.hall = &a->s.hall, .window = a->c.window_no, .clerk_name = a->s.login.name,
		.clerk_no = a->s.login.user, .drill = a->cfg->drill, .today = app_today(a),
	};
	paper_make(&p, &in);
	papers_submit(a->papers, &p, a->cfg->paper_dir, a->cfg->drill, print, a->cfg->printer);
}

/* The papers' names as the message line says them. */
static const char *app_paper_name(enum paper_kind kind)
{
	static const char *const names[] = {
		[PAPER_NOTICE] = N_("The one-time notice"), [PAPER_RECEIPT] = N_("The acceptance receipt"),
		[PAPER_COMPLETION] = N_("The completion notice"),
	};
	return _(names[kind < PAPER_NKINDS ? kind : PAPER_RECEIPT]);
}

/* What a finished paper tells the clerk: printed, kept, or why not. */
static void app_paper_said(struct app *a, const struct paper_done *d)
{
	const char *name = app_paper_name(d->kind);
	if (!d->pdf)
		session_say(&a->s, true, _("%s of case %s could not be kept: %s"), name, d->number,
			    d->error ? d->error : "?");
	else if (d->print && d->job > 0)
		session_say(&a->s, false, _("%s of case %s sent to the printer %s (job %d)."), name, d->number,
			    d->printer, d->job);
	else if (d->print && !d->printer)
		session_say(&a->s, true, _("%s not printed: %s. Kept as %s"), name,
			    d->error ? d->error : "?", d->pdf);
	else if (d->print)
		session_say(&a->s, true, _("%s not printed on %s: %s. Kept as %s"), name, d->printer,
			    d->error ? d->error : "?", d->pdf);
}

void app_papers_poll(struct app *a)
{
	struct paper_done d;
	while (a->papers && papers_done(a->papers, &d)) {
		if (d.pdf) {
			free(a->notice_path);
			a->notice_path = xstrdup(d.pdf);
		}
		app_paper_said(a, &d);
		paper_done_free(&d);
		a->dirty = true;
	}
}
