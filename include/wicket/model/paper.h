/* paper.h - what is on the applicant's papers, computed from the case as
 * the server holds it (no I/O): the one-time notice (一次性告知书), the
 * acceptance receipt (受理回执) and the completion notice (办结通知).
 *
 * A paper is a title, the case number (its QR code), and blocks in reading
 * order: fields (a label and a value), headings, numbered items, paragraphs
 * and the signature lines; and a footer of the hall's details that every
 * page carries.  The client lays it out on A4 (src/client/paper_pdf.c) and
 * writes it as plain text (paper_text); both read only this struct, so what
 * the applicant takes home is said once, here.  Every string is UTF-8, in
 * the language of the user's locale (gettext), with the data as the server
 * sent it (never markup: the renderer sets it as plain text). */
#ifndef WICKET_MODEL_PAPER_H
#define WICKET_MODEL_PAPER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "wicket/model/model.h"

enum paper_kind { PAPER_NOTICE, PAPER_RECEIPT, PAPER_COMPLETION, PAPER_NKINDS };

enum paper_block_kind {
	PB_FIELD,     /* label: text */
	PB_HEADING,   /* a section's heading */
	PB_ITEM,      /* a numbered item (label is its number), note under it */
	PB_TEXT,      /* a paragraph */
	PB_SIGN,      /* the signature lines and the seal's space: text is the applicant's,
		       * note the clerk's, label the seal's caption */
};

struct paper_block {
	enum paper_block_kind kind;
	char *label;              /* NULL when none */
	char *text;
	char *note;               /* NULL when none */
	bool mark;                /* said with weight: a provisional date (暂定) */
};

struct paper {
	enum paper_kind kind;
	char *title;              /* e.g. 一次性告知书 */
	char *hall;               /* the hall's name, at the top */
	char *number;             /* the case number: printed and the QR code's content */
	char *drill_mark;         /* a drill's paper: what marks it (演练 …); NULL in the hall */
	struct paper_block *blocks;
	size_t nblocks;
	struct paper_block *footer;   /* PB_FIELDs: the hall's address, phone, hours, 12345 */
	size_t nfooter;
};

/* What a paper is made from; every pointer but drill and clerk_no must be
 * set (guide may lack its materials: then no list of what was received). */
struct paper_input {
	enum paper_kind kind;
	const struct m_case *kase;
	const struct m_matter *guide;  /* the case's matter (its name, materials, basis) */
	const struct m_hall *hall;
	int window;                    /* the window the paper is given at */
	const char *clerk_name;
	const char *clerk_no;          /* the clerk's number (工号): the account's user name */
	const char *drill;             /* a drill's code, or NULL */
	int32_t today;                 /* the hall's date (day number), -1 when not known */
};

/* Fill p (overwritten) with the paper in describes.  p owns every string;
 * paper_free releases them. */
void paper_make(struct paper *p, const struct paper_input *in);
void paper_free(struct paper *p);
/* The paper as plain text, UTF-8 (malloc'd, the caller frees): the same
 * blocks, one a line, the footer at the end. */
char *paper_text(const struct paper *p);
/* The kind's file name stem: "notice", "receipt", "completion". */
const char *paper_stem(enum paper_kind kind);
/* The paper a case in status s gets (accepted or suspended: the receipt;
 * notified: the notice; completed: the completion notice). */
enum paper_kind paper_kind_of(enum m_case_status s);
/* A date as the papers write it (e.g. 2026年12月7日), into out; "" for -1. */
void paper_date(int32_t day, char *out, size_t len);

#endif
