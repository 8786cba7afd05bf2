/* paper.c - what is on the applicant's papers (paper.h): the one-time
 * notice, the acceptance receipt and the completion notice, as blocks,
 * from the case, its matter's guide and the hall's details.  No I/O. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"
#include "wicket/core/date.h"
#include "wicket/model/paper.h"

/* A block added to a growing array (blocks, n). */
static struct paper_block *paper_add(struct paper_block **v, size_t *n, enum paper_block_kind kind,
				     const char *label, const char *text)
{
	*v = xrealloc(*v, (*n + 1) * sizeof **v);
	struct paper_block *b = &(*v)[(*n)++];
	memset(b, 0, sizeof *b);
	b->kind = kind;
	b->label = label ? xstrdup(label) : NULL;
	b->text = xstrdup(text ? text : "");
	return b;
}

static struct paper_block *paper_addf(struct paper *p, enum paper_block_kind kind, const char *label,
				      const char *fmt, ...) __attribute__((format(printf, 4, 5)));
static struct paper_block *paper_addf(struct paper *p, enum paper_block_kind kind, const char *label,
				      const char *fmt, ...)
{
	struct buf b = BUF_INIT;
	va_list ap;
	va_start(ap, fmt);
	buf_vprintf(&b, fmt, ap);
	va_end(ap);
	struct paper_block *k = paper_add(&p->blocks, &p->nblocks, kind, label, buf_str(&b));
	buf_free(&b);
	return k;
}

void paper_date(int32_t day, char *out, size_t len)
{
	int y, m, d;
	if (day < 0) {
		snprintf(out, len, "%s", "");
		return;
	}
	date_to_ymd(day, &y, &m, &d);
	/* TRANSLATORS: a date on the applicant's paper: year, month, day. */
	snprintf(out, len, _("%1$d-%2$02d-%3$02d"), y, m, d);
}

const char *paper_stem(enum paper_kind kind)
{
	static const char *const stems[] = {
		[PAPER_NOTICE] = "notice", [PAPER_RECEIPT] = "receipt", [PAPER_COMPLETION] = "completion",
	};
	return kind < PAPER_NKINDS ? stems[kind] : "paper";
}

enum paper_kind paper_kind_of(enum m_case_status s)
{
	return s == CS_NOTIFIED ? PAPER_NOTICE : s == CS_COMPLETED ? PAPER_COMPLETION : PAPER_RECEIPT;
}

/* s, or "" for a detail not known (the hall not yet answered). */
static const char *paper_s(const char *s)
{
	return s ? s : "";
}

/* The matter as the applicant knows it: its name, never its code. */
static const char *paper_matter(const struct paper_input *in)
{
	if (in->guide && in->guide->name && *in->guide->name)
		return in->guide->name;
	return in->kase->matter_name && *in->kase->matter_name ? in->kase->matter_name : "";
}

static const char *paper_form(enum m_material_form f)
{
	static const char *const labels[] = {
		[MF_ORIGINAL] = N_("original"), [MF_COPY] = N_("copy"),
		[MF_ORIGINAL_AND_COPY] = N_("original and copy"),
	};
	return _(labels[f]);
}

/* A material as an item: its name, form and copies, its note under it. */
static void paper_material(struct paper *p, size_t i, const struct m_material *m)
{
	char no[16];
	snprintf(no, sizeof no, "%zu.", i);
	int copies = m->copies > 0 ? m->copies : 1;
	/* TRANSLATORS: a material on a paper: its name, its form, how many copies. */
	struct paper_block *b = paper_addf(p, PB_ITEM, no, ngettext("%1$s (%2$s, %3$d copy)",
								    "%1$s (%2$s, %3$d copies)", (unsigned long)copies),
					   m->name, paper_form(m->form), copies);
	if (m->note && *m->note)
		b->note = xstrdup(m->note);
}

/* 帮办代办: that the applicant was helped through, or the agent who acted
 * for them (代办人), the agent's ID number masked as on every paper. */
static void paper_assist(struct paper *p, const struct m_case *k)
{
	if (!k->assist || !*k->assist)
		return;
	if (strcmp(k->assist, "proxy") != 0) {
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Assistance"), _("帮办: helped through"));
		return;
	}
	char id[CASE_MASK_SIZE], agent[512];
	case_mask_id(k->agent_id ? k->agent_id : "", id);
	/* TRANSLATORS: the agent on a paper: name, (relation), masked ID number. */
	snprintf(agent, sizeof agent, _("%s (%s) %s"), paper_s(k->agent_name), paper_s(k->agent_relation), id);
	paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Agent (代办人)"), agent);
}

/* The fields every paper opens with: the number, the matter, the applicant. */
static void paper_heads(struct paper *p, const struct paper_input *in)
{
	paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Case number"), p->number);
	paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Matter applied for"), paper_matter(in));
	paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Applicant's name"), paper_s(in->kase->applicant_name));
	paper_assist(p, in->kase);
}

/* The window and the clerk who gave the paper, and its date: one line. */
static void paper_clerk(struct paper *p, const struct paper_input *in)
{
	char date[64], window[64];
	struct buf b = BUF_INIT;
	/* TRANSLATORS: the window on a paper. */
	snprintf(window, sizeof window, _("Window %d"), in->window);
	/* TRANSLATORS: a label and its value on a paper (full-width colon in Chinese). */
	buf_printf(&b, _("%1$s: %2$s"), _("Window"), window);
	/* An ideographic space between the parts (a blank is too thin between CJK). */
	buf_adds(&b, "\xe3\x80\x80");
	char *clerk = in->clerk_no && *in->clerk_no ?
		      /* TRANSLATORS: the clerk on a paper: name and staff number (工号). */
		      xasprintf(_("%1$s (staff no. %2$s)"), paper_s(in->clerk_name), in->clerk_no) :
		      xstrdup(paper_s(in->clerk_name));
	buf_printf(&b, _("%1$s: %2$s"), _("Clerk"), clerk);
	free(clerk);
	paper_date(in->today, date, sizeof date);
	if (*date) {
		buf_adds(&b, "\xe3\x80\x80");
		buf_printf(&b, _("%1$s: %2$s"), _("Date"), date);
	}
	paper_add(&p->blocks, &p->nblocks, PB_TEXT, NULL, buf_str(&b));
	buf_free(&b);
}

static void paper_notice(struct paper *p, const struct paper_input *in)
{
	const struct m_case *k = in->kase;
	const struct m_hall *h = in->hall;
	paper_heads(p, in);
	paper_clerk(p, in);
	paper_addf(p, PB_TEXT, NULL, _("Your application for \"%s\" cannot be accepted yet: the materials are "
				       "not complete. Under the one-time notification rule, everything still needed "
				       "is listed below, at once. Please bring all of it."), paper_matter(in));
	paper_add(&p->blocks, &p->nblocks, PB_HEADING, NULL, _("Materials to bring"));
	for (size_t i = 0; i < k->nmissing_materials; i++)
		paper_material(p, i + 1, &k->missing_materials[i]);
	paper_add(&p->blocks, &p->nblocks, PB_HEADING, NULL, _("Where and when to bring them"));
	/* TRANSLATORS: where to bring the materials: the hall, its address, the window. */
	paper_addf(p, PB_FIELD, _("Where to bring them"), _("%1$s, %2$s, window %3$d"), paper_s(h->name),
		   paper_s(h->address), in->window);
	if (h->hours && *h->hours)
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("When to bring them"), h->hours);
	if (k->kind == MK_PROMISED)
		paper_addf(p, PB_TEXT, NULL, _("The promised time limit of %d working days starts on the day the "
					       "materials are complete."), k->working_days);
	paper_add(&p->blocks, &p->nblocks, PB_HEADING, NULL, _("Legal basis of the one-time notice"));
	paper_add(&p->blocks, &p->nblocks, PB_TEXT, NULL,
		  _("Administrative Licensing Law of the People's Republic of China, Article 32: where the "
		    "materials are incomplete, the applicant is told everything to be completed at once."));
	if (in->guide && in->guide->legal_basis && *in->guide->legal_basis)
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Basis of the matter"), in->guide->legal_basis);
	if (in->guide && in->guide->fee && *in->guide->fee)
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Fee"), in->guide->fee);
}

/* Whether material id is among those the case received. */
static bool paper_received(const struct m_case *k, int id)
{
	for (size_t i = 0; i < k->nreceived; i++)
		if (k->received[i] == id)
			return true;
	return false;
}

/* The promised date, marked when it is provisional. */
static void paper_due(struct paper *p, const struct m_case *k, const char *label)
{
	char date[64];
	paper_date(k->due, date, sizeof date);
	if (!*date)
		return;
	if (!k->provisional) {
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, label, date);
		return;
	}
	/* TRANSLATORS: a provisional date (暂定): the year's holidays are not all known. */
	struct paper_block *b = paper_addf(p, PB_FIELD, label, _("%s (provisional)"), date);
	b->mark = true;
	b->note = xstrdup(_("Provisional: the working-day calendar of that year is not yet published; "
			    "the date may change, and you will be told."));
}

/* The guide's material id, or NULL. */
static const struct m_material *paper_guide_material(const struct paper_input *in, int id)
{
	for (size_t i = 0; in->guide && i < in->guide->nmaterials; i++)
		if (in->guide->materials[i].id == id)
			return &in->guide->materials[i];
	return NULL;
}

/* 容缺受理: what the case was accepted without, each with the day it is
 * promised by, and what the promise means: the applicant takes the
 * receipt home as the record of it. */
static void paper_owed(struct paper *p, const struct paper_input *in)
{
	const struct m_case *k = in->kase;
	if (k->nowed == 0)
		return;
	paper_add(&p->blocks, &p->nblocks, PB_HEADING, NULL, _("Materials to follow (accepted with them owed)"));
	for (size_t i = 0; i < k->nowed; i++) {
		const struct m_owed *o = &k->owed[i];
		const struct m_material *g = paper_guide_material(in, o->id);
		struct m_material m = g ? *g : (struct m_material){ .name = o->name, .copies = 1 };
		char date[64];
		paper_date(o->due, date, sizeof date);
		m.note = NULL;
		paper_material(p, i + 1, &m);
		if (!*date)
			continue;
		struct paper_block *b = &p->blocks[p->nblocks - 1];
		/* TRANSLATORS: under an owed material (容缺) on the receipt: the day it must be brought by. */
		b->note = o->provisional ? xasprintf(_("To be brought by %s (provisional)"), date) :
					   xasprintf(_("To be brought by %s"), date);
	}
	paper_add(&p->blocks, &p->nblocks, PB_TEXT, NULL,
		  _("You have promised in writing to bring these by the dates given. The time limit runs from "
		    "today; the result is issued only once they are all in."));
}

static void paper_receipt(struct paper *p, const struct paper_input *in)
{
	const struct m_case *k = in->kase;
	char date[64];
	paper_heads(p, in);
	paper_date(k->accepted_on, date, sizeof date);
	if (*date)
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Accepted on"), date);
	if (k->kind == MK_PROMISED) {
		paper_addf(p, PB_FIELD, _("Promised time limit"), _("%d working days"), k->working_days);
		paper_due(p, k, _("Promised by"));
	} else {
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Time limit"), _("Handled on the spot"));
	}
	paper_clerk(p, in);
	paper_addf(p, PB_TEXT, NULL, _("Your application for \"%s\" has been accepted."), paper_matter(in));
	if (in->guide && in->guide->nmaterials > 0) {
		paper_add(&p->blocks, &p->nblocks, PB_HEADING, NULL, _("Materials received"));
		size_t n = 0;
		for (size_t i = 0; i < in->guide->nmaterials; i++)
			if (paper_received(k, in->guide->materials[i].id))
				paper_material(p, ++n, &in->guide->materials[i]);
	}
	paper_owed(p, in);
	paper_add(&p->blocks, &p->nblocks, PB_HEADING, NULL, _("Asking about progress"));
	paper_addf(p, PB_TEXT, NULL, _("Ask at window %1$d or call %2$s, quoting the case number %3$s or "
				       "showing the QR code on this receipt."), in->window,
		   in->hall->phone && *in->hall->phone ? in->hall->phone : paper_s(in->hall->supervision_phone),
		   p->number);
}

static void paper_completion(struct paper *p, const struct paper_input *in)
{
	const struct m_case *k = in->kase;
	char date[64];
	paper_heads(p, in);
	paper_date(k->accepted_on, date, sizeof date);
	if (*date)
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Accepted on"), date);
	paper_date(k->completed_on, date, sizeof date);
	if (*date)
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Completed on"), date);
	if (k->result && *k->result)
		paper_add(&p->blocks, &p->nblocks, PB_FIELD, _("Result"), k->result);
	paper_clerk(p, in);
	paper_addf(p, PB_TEXT, NULL, _("Your application for \"%1$s\" is completed. Please collect the result "
				       "at window %2$d of %3$s during opening hours, bringing your identity card "
				       "and this notice."), paper_matter(in), in->window, paper_s(in->hall->name));
}

/* The hall's details, on every page. */
static void paper_footer(struct paper *p, const struct m_hall *h)
{
	const struct { const char *label, *value; } f[] = {
		{ N_("Address"), h->address }, { N_("Enquiries"), h->phone },
		{ N_("Opening hours"), h->hours },
		/* An older server tells no line: the citizens' hotline is 12345 everywhere. */
		{ N_("Supervision and complaints"), h->supervision_phone && *h->supervision_phone ?
		  h->supervision_phone : "12345" },
	};
	for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
		if (f[i].value && *f[i].value)
			paper_add(&p->footer, &p->nfooter, PB_FIELD, _(f[i].label), f[i].value);
}

void paper_make(struct paper *p, const struct paper_input *in)
{
	static const char *const titles[] = {
		[PAPER_NOTICE] = N_("One-Time Notice"), [PAPER_RECEIPT] = N_("Acceptance Receipt"),
		[PAPER_COMPLETION] = N_("Completion Notice"),
	};
	memset(p, 0, sizeof *p);
	p->kind = in->kind < PAPER_NKINDS ? in->kind : PAPER_RECEIPT;
	p->title = xstrdup(_(titles[p->kind]));
	p->hall = xstrdup(in->hall->name ? in->hall->name : "");
	p->number = xstrdup(in->kase->number ? in->kase->number : "");
	/* A drill's paper must never pass for a real one. */
	if (in->drill)
		p->drill_mark = xasprintf(_("DRILL %s: for training only, not a valid paper"), in->drill);
	if (p->kind == PAPER_NOTICE)
		paper_notice(p, in);
	else if (p->kind == PAPER_RECEIPT)
		paper_receipt(p, in);
	else
		paper_completion(p, in);
	struct paper_block *s = paper_add(&p->blocks, &p->nblocks, PB_SIGN, _("(seal)"),
					  _("Applicant's signature"));
	s->note = xstrdup(_("Clerk's signature"));
	paper_footer(p, in->hall);
}

static void paper_blocks_free(struct paper_block *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].label);
		free(v[i].text);
		free(v[i].note);
	}
	free(v);
}

void paper_free(struct paper *p)
{
	free(p->title);
	free(p->hall);
	free(p->number);
	free(p->drill_mark);
	paper_blocks_free(p->blocks, p->nblocks);
	paper_blocks_free(p->footer, p->nfooter);
	memset(p, 0, sizeof *p);
}

/* A block as a line (or two) of text. */
static void paper_text_block(struct buf *b, const struct paper_block *k)
{
	switch (k->kind) {
	case PB_FIELD:
		/* TRANSLATORS: a label and its value on a paper (full-width colon in Chinese). */
		buf_printf(b, _("%1$s: %2$s\n"), k->label, k->text);
		break;
	case PB_HEADING: buf_printf(b, "\n%s\n", k->text); break;
	case PB_ITEM: buf_printf(b, "  %s %s\n", k->label, k->text); break;
	case PB_TEXT: buf_printf(b, "%s\n", k->text); break;
	case PB_SIGN:
		buf_printf(b, "\n");
		buf_printf(b, _("%1$s: %2$s\n"), k->text, "________________");
		buf_printf(b, _("%1$s: %2$s\n"), k->note, "________________");
		buf_printf(b, "%s\n", k->label);
		return;
	}
	if (k->note)
		buf_printf(b, "     %s\n", k->note);
}

char *paper_text(const struct paper *p)
{
	struct buf b = BUF_INIT;
	if (p->drill_mark)
		buf_printf(&b, "[%s]\n\n", p->drill_mark);
	buf_printf(&b, "%s\n%s\n\n", p->hall, p->title);
	for (size_t i = 0; i < p->nblocks; i++)
		paper_text_block(&b, &p->blocks[i]);
	buf_printf(&b, "\n");
	for (size_t i = 0; i < p->nfooter; i++)
		paper_text_block(&b, &p->footer[i]);
	if (p->drill_mark)
		buf_printf(&b, "\n[%s]\n", p->drill_mark);
	char *s = xstrdup(buf_str(&b));
	buf_free(&b);
	return s;
}
