/* paper_pdf.c - an applicant's paper (wicket/model/paper.h) laid out on A4
 * as a PDF: pango on cairo with the Noto CJK fonts, the case number as a
 * QR code (libqrencode) drawn with cairo.
 *
 * Pango breaks the lines by Unicode's rules, so a full-width comma or
 * closing bracket never starts a line; every string from the server is set
 * as text, never parsed as markup.  The blocks are measured first and put
 * on pages (a heading never ends a page, the signatures are never split),
 * then drawn, so that each page can say "page 1 of 2". */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cairo-pdf.h>
#include <cairo.h>
#include <fontconfig/fontconfig.h>
#include <pango/pangocairo.h>
#include <qrencode.h>

#include "wicket/client/papers.h"
#include "wicket/common/buf.h"
#include "wicket/common/i18n.h"
#include "wicket/common/xalloc.h"

#define PDF_W 595.276            /* A4, in points */
#define PDF_H 841.890
#define PDF_MARGIN 56.7          /* 20 mm, left and right */
#define PDF_TOP 42.5             /* 15 mm, top and bottom */
#define PDF_TEXT_W (PDF_W - 2 * PDF_MARGIN)
#define PDF_HEAD_H 116.0         /* the hall, the title, the QR code */
#define PDF_FOOT_H 56.0          /* the hall's details and the page's number */
#define PDF_QR 70.0              /* the QR code's side */
#define PDF_SIGN_H 74.0
#define PDF_BODY_PT 10.5       /* 五号, the size of official papers' text */

/* Where a drawing goes: the context, the font family, the blocks' pages. */
struct pdf {
	cairo_t *cr;
	const char *family;
	const struct paper *p;
	int *page_of;            /* the page of each block */
	int pages;
};

/* The Noto CJK face for the locale's script: traditional for zh_TW / zh_HK. */
static const char *pdf_family(void)
{
	const char *l = setlocale(LC_MESSAGES, NULL);
	if (l && (strncmp(l, "zh_TW", 5) == 0 || strncmp(l, "zh_HK", 5) == 0))
		return "Noto Serif CJK TC";
	return "Noto Serif CJK SC";
}

/* A layout of text (never markup) in the paper's face at size points,
 * bold or not, width points wide (0: one line). */
static PangoLayout *pdf_layout(struct pdf *d, const char *text, double size, bool bold, double width)
{
	PangoLayout *l = pango_cairo_create_layout(d->cr);
	PangoFontDescription *f = pango_font_description_new();
	pango_font_description_set_family(f, d->family);
	pango_font_description_set_size(f, (int)(size * PANGO_SCALE));
	pango_font_description_set_weight(f, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
	pango_layout_set_font_description(l, f);
	pango_font_description_free(f);
	if (width > 0) {
		pango_layout_set_width(l, (int)(width * PANGO_SCALE));
		pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
	}
	pango_layout_set_text(l, text, -1);
	return l;
}

static double pdf_height(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)h / PANGO_SCALE;
}

static double pdf_width(PangoLayout *l)
{
	int w, h;
	pango_layout_get_size(l, &w, &h);
	return (double)w / PANGO_SCALE;
}

static void pdf_show(struct pdf *d, PangoLayout *l, double x, double y)
{
	cairo_move_to(d->cr, x, y);
	pango_cairo_show_layout(d->cr, l);
}

/* "label：value" with the label in bold. */
static PangoLayout *pdf_field(struct pdf *d, const char *label, const char *value, double size, double width)
{
	/* TRANSLATORS: a label and its value on a printed paper (full-width colon in Chinese). */
	char *s = xasprintf(_("%1$s: %2$s"), label, value);
	PangoLayout *l = pdf_layout(d, s, size, false, width);
	const char *at = strstr(s, label);
	if (at && *label) {
		PangoAttrList *a = pango_attr_list_new();
		PangoAttribute *w = pango_attr_weight_new(PANGO_WEIGHT_BOLD);
		w->start_index = (guint)(at - s);
		w->end_index = (guint)(at - s + strlen(label));
		pango_attr_list_insert(a, w);
		pango_layout_set_attributes(l, a);
		pango_attr_list_unref(a);
	}
	free(s);
	return l;
}

/* Draw block b at y (or only measure it, when draw is false); returns its height. */
static double pdf_block(struct pdf *d, const struct paper_block *b, double y, bool draw)
{
	double x = PDF_MARGIN, h = 0;
	PangoLayout *l = NULL, *n = NULL;
	switch (b->kind) {
	case PB_FIELD: l = pdf_field(d, b->label, b->text, PDF_BODY_PT, PDF_TEXT_W); break;
	case PB_HEADING: l = pdf_layout(d, b->text, 12, true, PDF_TEXT_W); y += 4; h += 4; break;
	case PB_TEXT: l = pdf_layout(d, b->text, PDF_BODY_PT, false, PDF_TEXT_W); break;
	case PB_ITEM: {
		char *s = xasprintf("%s %s", b->label, b->text);
		l = pdf_layout(d, s, PDF_BODY_PT, false, PDF_TEXT_W - 16);
		free(s);
		x += 16;
		break;
	}
	case PB_SIGN: return PDF_SIGN_H;
	}
	if (b->mark) {
		/* A provisional date, said with weight. */
		PangoAttrList *a = pango_attr_list_new();
		pango_attr_list_insert(a, pango_attr_weight_new(PANGO_WEIGHT_BOLD));
		pango_layout_set_attributes(l, a);
		pango_attr_list_unref(a);
	}
	double lh = pdf_height(l);
	if (draw)
		pdf_show(d, l, x, y);
	h += lh + 2;
	if (b->note) {
		n = pdf_layout(d, b->note, 9.5, false, PDF_TEXT_W - (x - PDF_MARGIN) - 16);
		if (draw)
			pdf_show(d, n, x + 16, y + lh + 1);
		h += pdf_height(n) + 3;
		g_object_unref(n);
	}
	g_object_unref(l);
	return h;
}

/* The signature lines side by side, a date line under each, and the
 * seal's circle at the right, in PDF_SIGN_H points from y. */
static void pdf_sign(struct pdf *d, const struct paper_block *b, double y)
{
	cairo_t *cr = d->cr;
	const char *who[2] = { b->text, b->note };
	for (int i = 0; i < 2; i++) {
		double x = PDF_MARGIN + i * 200, ly = y + 10;
		PangoLayout *l = pdf_field(d, who[i], "", PDF_BODY_PT, 0);
		pdf_show(d, l, x, ly);
		double lw = pdf_width(l), bl = ly + pdf_height(l) - 3;
		g_object_unref(l);
		cairo_new_path(cr);
		cairo_move_to(cr, x + lw + 2, bl);
		cairo_line_to(cr, x + lw + 80, bl);
		cairo_set_line_width(cr, 0.6);
		cairo_stroke(cr);
		/* TRANSLATORS: the date line under a signature on a paper. */
		l = pdf_layout(d, _("Date: ______ (yyyy/mm/dd)"), 10, false, 0);
		pdf_show(d, l, x + lw - pdf_width(l) + 80, ly + 28);
		g_object_unref(l);
	}
	/* The seal's place: a dashed circle with its caption. */
	double cx = PDF_W - PDF_MARGIN - 32, cy = y + 36;
	double dash[] = { 3, 3 };
	cairo_set_dash(cr, dash, 2, 0);
	/* A fresh path: the text shown last left its point where it began. */
	cairo_new_path(cr);
	cairo_arc(cr, cx, cy, 32, 0, 2 * G_PI);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	PangoLayout *l = pdf_layout(d, b->label, 9.5, false, 0);
	pdf_show(d, l, cx - pdf_width(l) / 2, cy - pdf_height(l) / 2);
	g_object_unref(l);
}

/* The case number as a QR code, side points wide at x, y; false when it
 * could not be encoded. */
static bool pdf_qr(struct pdf *d, const char *number, double x, double y, double side)
{
	QRcode *q = QRcode_encodeString8bit(number, 0, QR_ECLEVEL_M);
	if (!q)
		return false;
	/* Four modules of quiet zone around it, as scanners want. */
	double m = side / (q->width + 8);
	cairo_set_source_rgb(d->cr, 1, 1, 1);
	cairo_rectangle(d->cr, x, y, side, side);
	cairo_fill(d->cr);
	cairo_set_source_rgb(d->cr, 0, 0, 0);
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++)
			if (q->data[r * q->width + c] & 1)
				cairo_rectangle(d->cr, x + (c + 4) * m, y + (r + 4) * m, m, m);
	cairo_fill(d->cr);
	QRcode_free(q);
	return true;
}

/* A drill's paper: 演练 across the page, and its words at the top. */
static void pdf_drill(struct pdf *d)
{
	cairo_t *cr = d->cr;
	cairo_save(cr);
	cairo_set_source_rgb(cr, 0.85, 0.85, 0.85);
	cairo_translate(cr, PDF_W / 2, PDF_H / 2);
	cairo_rotate(cr, -G_PI / 5);
	/* TRANSLATORS: across a drill's printed paper, large (演练). */
	PangoLayout *l = pdf_layout(d, _("DRILL"), 110, true, 0);
	pdf_show(d, l, -pdf_width(l) / 2, -pdf_height(l) / 2);
	g_object_unref(l);
	cairo_restore(cr);
	cairo_set_source_rgb(cr, 0.75, 0, 0);
	l = pdf_layout(d, d->p->drill_mark, 10, true, PDF_TEXT_W);
	pdf_show(d, l, PDF_MARGIN, PDF_TOP - 26);
	g_object_unref(l);
	cairo_set_source_rgb(cr, 0, 0, 0);
}

/* The top of a page: the hall, the title, the QR code and the number. */
static void pdf_head(struct pdf *d, int page)
{
	const struct paper *p = d->p;
	double textw = PDF_TEXT_W - PDF_QR - 10;
	PangoLayout *l = pdf_layout(d, p->hall, 13, false, textw);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pdf_show(d, l, PDF_MARGIN, PDF_TOP);
	double y = PDF_TOP + pdf_height(l) + 6;
	g_object_unref(l);
	char *title = page > 0 ? xasprintf(_("%s (continued)"), p->title) : xstrdup(p->title);
	l = pdf_layout(d, title, page > 0 ? 16 : 22, true, textw);
	free(title);
	pango_layout_set_alignment(l, PANGO_ALIGN_CENTER);
	pdf_show(d, l, PDF_MARGIN, y);
	g_object_unref(l);
	double qx = PDF_W - PDF_MARGIN - PDF_QR;
	pdf_qr(d, p->number, qx, PDF_TOP - 8, PDF_QR);
	l = pdf_layout(d, p->number, 8, false, 0);
	pdf_show(d, l, qx + (PDF_QR - pdf_width(l)) / 2, PDF_TOP - 8 + PDF_QR);
	g_object_unref(l);
	cairo_set_line_width(d->cr, 1.2);
	cairo_move_to(d->cr, PDF_MARGIN, PDF_TOP + PDF_HEAD_H - 24);
	cairo_line_to(d->cr, PDF_W - PDF_MARGIN, PDF_MARGIN + PDF_HEAD_H - 24);
	cairo_stroke(d->cr);
}

/* The bottom of a page: the hall's details and "page i of n". */
static void pdf_foot(struct pdf *d, int page)
{
	const struct paper *p = d->p;
	struct buf b = BUF_INIT;
	for (size_t i = 0; i < p->nfooter; i++) {
		char *f = xasprintf(_("%1$s: %2$s"), p->footer[i].label, p->footer[i].text);
		/* An ideographic space between the details. */
		buf_printf(&b, "%s%s", i ? "\xe3\x80\x80" : "", f);
		free(f);
	}
	double y = PDF_H - PDF_TOP - PDF_FOOT_H + 12;
	cairo_set_line_width(d->cr, 0.5);
	cairo_move_to(d->cr, PDF_MARGIN, y - 6);
	cairo_line_to(d->cr, PDF_W - PDF_MARGIN, y - 6);
	cairo_stroke(d->cr);
	PangoLayout *l = pdf_layout(d, buf_str(&b), 8.5, false, PDF_TEXT_W);
	buf_free(&b);
	pdf_show(d, l, PDF_MARGIN, y);
	y += pdf_height(l) + 4;
	g_object_unref(l);
	char *n = xasprintf(_("Page %1$d of %2$d"), page + 1, d->pages);
	l = pdf_layout(d, n, 8.5, false, PDF_TEXT_W);
	free(n);
	pango_layout_set_alignment(l, PANGO_ALIGN_RIGHT);
	pdf_show(d, l, PDF_MARGIN, y);
	g_object_unref(l);
}

/* Put the blocks on pages: d->page_of and d->pages. */
static void pdf_paginate(struct pdf *d)
{
	const struct paper *p = d->p;
	double top = PDF_TOP + PDF_HEAD_H - 12, bottom = PDF_H - PDF_TOP - PDF_FOOT_H;
	double y = top;
	int page = 0;
	d->page_of = xcalloc(p->nblocks ? p->nblocks : 1, sizeof *d->page_of);
	for (size_t i = 0; i < p->nblocks; i++) {
		double h = pdf_block(d, &p->blocks[i], 0, false);
		/* A heading keeps the block after it on its page. */
		if (p->blocks[i].kind == PB_HEADING && i + 1 < p->nblocks)
			h += pdf_block(d, &p->blocks[i + 1], 0, false);
		if (y + h > bottom && y > top) {
			page++;
			y = top;
		}
		d->page_of[i] = page;
		y += pdf_block(d, &p->blocks[i], 0, false);
	}
	d->pages = page + 1;
}

static cairo_status_t pdf_write(void *closure, const unsigned char *data, unsigned int len)
{
	buf_add(closure, data, len);
	return CAIRO_STATUS_SUCCESS;
}

void paper_pdf_release(void)
{
	/* Pango's font map is the thread's: it lets go of fontconfig's
	 * patterns, then cairo's caches and fontconfig itself go. */
	pango_cairo_font_map_set_default(NULL);
	cairo_debug_reset_static_data();
	FcFini();
}

int paper_pdf(const struct paper *p, char **out, size_t *len, char *err, size_t errlen)
{
	struct buf b = BUF_INIT;
	cairo_surface_t *s = cairo_pdf_surface_create_for_stream(pdf_write, &b, PDF_W, PDF_H);
	char *meta = xasprintf("%s %s", p->title, p->number);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, meta);
	cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, "wicket " PACKAGE_VERSION);
	free(meta);
	struct pdf d = { .cr = cairo_create(s), .family = pdf_family(), .p = p };
	pdf_paginate(&d);
	double top = PDF_TOP + PDF_HEAD_H - 12, y = top;
	for (int page = 0; page < d.pages; page++) {
		if (p->drill_mark)
			pdf_drill(&d);
		pdf_head(&d, page);
		pdf_foot(&d, page);
		y = top;
		for (size_t i = 0; i < p->nblocks; i++) {
			if (d.page_of[i] != page)
				continue;
			if (p->blocks[i].kind == PB_SIGN)
				pdf_sign(&d, &p->blocks[i], y);
			y += pdf_block(&d, &p->blocks[i], y, p->blocks[i].kind != PB_SIGN);
		}
		cairo_show_page(d.cr);
	}
	free(d.page_of);
	cairo_destroy(d.cr);
	cairo_surface_finish(s);
	cairo_status_t st = cairo_surface_status(s);
	cairo_surface_destroy(s);
	if (st != CAIRO_STATUS_SUCCESS) {
		snprintf(err, errlen, "%s", cairo_status_to_string(st));
		buf_free(&b);
		return -1;
	}
	*len = b.len;
	*out = b.data;
	return 0;
}
