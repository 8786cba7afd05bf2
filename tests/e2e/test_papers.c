/* The applicant's papers (issue 15): the one-time notice, the acceptance
 * receipt and the completion notice as real A4 PDFs, read back with
 * pdftotext for every field; their copies on disk (never written over, a
 * drill's apart, the text in GB18030 under a GB18030 locale); printed
 * through a real CUPS the test starts (cupsd.h), by the worker and from the
 * counter; and a printer that is missing or refuses, which leaves the
 * counter working and says why. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <errno.h>
#include <glob.h>
#include <iconv.h>
#include <libintl.h>
#include <locale.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <curl/curl.h>
#include <qrencode.h>

#include "client.h"
#include "cupsd.h"
#include "harness.h"
#include "term.h"
#include "wicket/client/papers.h"
#include "wicket/common/xalloc.h"
#include "wicket/core/date.h"

#define WAIT 10000   /* ms: a bound for failures, never a pause */
/* At most 50 characters, no control character (the server's rule), and
 * everything else a renderer or a shell could take for something. */
#define HOSTILE "<b>王&amp;五</b>'\"%s%n$(rm -rf ~)；，“引号”"

static struct wd W;
static char dir[512];

static int setup(void **state)
{
	(void)state;
	char tmpl[] = "/tmp/wicket-papers-XXXXXX";
	assert_non_null(mkdtemp(tmpl));
	snprintf(dir, sizeof dir, "%s", tmpl);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	paper_pdf_release();           /* the papers laid out on this thread */
	wd_stop(&W);
	if (getenv("WICKET_TEST_KEEP"))
		return 0;         /* to look at the papers after a failure */
	char cmd[600];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
	return 0;
}

/* The messages of the build's catalogues, in locale loc. */
static void use_locale(const char *loc)
{
	if (!setlocale(LC_ALL, loc))
		fail_msg("the locale %s is not installed (./quickstart check generates it)", loc);
	bindtextdomain("wicket", getenv("WICKET_LOCALEDIR"));
	bind_textdomain_codeset("wicket", "UTF-8");
	textdomain("wicket");
}

/* ---- a case as the server holds it ---- */

static struct m_material materials[20];
static int missing_ids[20];
static int received_ids[] = { 1, 2, 3 };

static void material(struct m_material *m, int id, const char *name, enum m_material_form form, int copies)
{
	memset(m, 0, sizeof *m);
	m->id = id;
	m->name = (char *)name;
	m->form = form;
	m->copies = copies;
	m->required = true;
	m->note = (char *)"";
}

static struct m_hall hall = {
	.name = (char *)"青川县政务服务中心", .address = (char *)"青川县乔庄镇青竹路128号",
	.phone = (char *)"0839-7202345", .hours = (char *)"周一至周五 9:00—12:00，14:00—17:30",
	.supervision_phone = (char *)"12345",
};

static struct m_matter guide = {
	.code = (char *)"MAR-03", .name = (char *)"补领结婚证", .kind = MK_PROMISED, .working_days = 20,
	.legal_basis = (char *)"《婚姻登记条例》第十七条", .fee = (char *)"免费",
	.materials = materials, .nmaterials = 3,
};

static struct m_case kase(enum m_case_status status, const char *name)
{
	date_t d;
	struct m_case k = {
		.id = 7, .number = (char *)"20261207-0042", .status = status, .matter = (char *)"MAR-03",
		.matter_name = (char *)"补领结婚证", .kind = MK_PROMISED, .working_days = 20, .window = 1,
		.applicant_name = (char *)name, .accepted_on = -1, .due = -1, .completed_on = -1,
	};
	date_parse_iso("2026-12-07", &d);
	k.accepted_on = status == CS_NOTIFIED ? -1 : d;
	date_parse_iso("2027-01-05", &d);
	k.due = d;
	k.provisional = true;
	/* Three of the guide's materials (a fourth, optional, not brought). */
	k.received = received_ids;
	k.nreceived = 3;
	if (status == CS_COMPLETED) {
		date_parse_iso("2026-12-21", &d);
		k.completed_on = d;
		k.result = (char *)"准予补领";
	}
	return k;
}

static void three_materials(void)
{
	material(&materials[0], 1, "本人有效居民身份证", MF_ORIGINAL, 1);
	material(&materials[1], 2, "申请补领婚姻登记证声明书", MF_ORIGINAL, 2);
	material(&materials[2], 3, "近期2寸半身免冠照片", MF_ORIGINAL, 3);
	material(&materials[3], 4, "居民户口簿", MF_ORIGINAL, 1);
	materials[3].required = false;
	guide.nmaterials = 4;
}

static void make(struct paper *p, enum paper_kind kind, const struct m_case *k, const char *drill)
{
	struct paper_input in = {
		.kind = kind, .kase = k, .guide = &guide, .hall = &hall, .window = 1,
		.clerk_name = "王芳", .clerk_no = "clerk1", .drill = drill,
	};
	date_parse_iso("2026-12-07", &in.today);
	paper_make(p, &in);
}

/* ---- reading the PDF back ---- */

/* The text of the PDF at path, by pdftotext (its pages apart by \f). */
static char *pdf_text(const char *path)
{
	char out[700], cmd[1600];
	snprintf(out, sizeof out, "%s.txt-from-pdf", path);
	snprintf(cmd, sizeof cmd, "pdftotext -enc UTF-8 '%s' '%s'", path, out);
	if (system(cmd) != 0)
		fail_msg("pdftotext failed on %s (poppler-utils is needed)", path);
	char *s = slurp(out);
	unlink(out);
	return s;
}

/* Whether text holds s, blanks and line breaks aside: pdftotext breaks a
 * long line where the PDF does, at a space or between two characters. */
static char *unblank(const char *s)
{
	char *flat = xstrdup(s);
	size_t n = 0;
	for (const char *p = s; *p; p++)
		if (*p != '\n' && *p != ' ')
			flat[n++] = *p;
	flat[n] = '\0';
	return flat;
}

static bool has(const char *text, const char *s)
{
	char *flat = unblank(text), *want = unblank(s);
	bool found = strstr(flat, want) != NULL;
	free(flat);
	free(want);
	return found;
}

static void expect(const char *text, const char *s)
{
	if (!has(text, s))
		fail_msg("the paper lacks \"%s\"; it reads:\n%s", s, text);
}

/* No line starts with punctuation that closes (Chinese typesetting's first rule). */
static void no_broken_line_starts(const char *text)
{
	static const char *const closers[] = { "，", "。", "、", "：", "；", "）", "”", "！", "？" };
	for (const char *p = text; p; p = strchr(p, '\n')) {
		p += *p == '\n';
		for (size_t i = 0; i < sizeof closers / sizeof closers[0]; i++)
			if (strncmp(p, closers[i], strlen(closers[i])) == 0)
				fail_msg("a line starts with %s: %.60s", closers[i], p);
	}
}

/* Write p under dir/papers: the PDF's text, and its path into pdf (or NULL). */
static char *write_and_read(const struct paper *p, const char *drill, char **pdf_out)
{
	char papers[600], err[256] = "", *pdf, *txt;
	snprintf(papers, sizeof papers, "%s/papers", dir);
	if (papers_write(p, papers, drill, &pdf, &txt, err, sizeof err))
		fail_msg("papers_write: %s", err);
	char *text = pdf_text(pdf);
	free(txt);
	if (pdf_out)
		*pdf_out = pdf;
	else
		free(pdf);
	return text;
}

/* ---- the papers ---- */

/* The receipt of a case accepted with a provisional due date, for an
 * applicant whose name would be markup, a format and a shell command. */
static void test_receipt_every_field(void **state)
{
	(void)state;
	use_locale("zh_CN.UTF-8");
	three_materials();
	struct m_case k = kase(CS_ACCEPTED, HOSTILE);
	struct paper p;
	make(&p, PAPER_RECEIPT, &k, NULL);
	char *text = write_and_read(&p, NULL, NULL);
	static const char *const want[] = {
		"青川县政务服务中心", "受理回执", "办件编号：20261207-0042", "申请事项：补领结婚证",
		"申请人：" HOSTILE, "受理日期：2026年12月7日", "承诺时限：20个工作日",
		"承诺办结日期：2027年1月5日（暂定）", "暂定：", "1号窗口", "经办人：王芳（工号：clerk1）",
		"日期：2026年12月7日", "已收取的材料", "1. 本人有效居民身份证（原件，1份）",
		"2. 申请补领婚姻登记证声明书（原件，2份）", "3. 近期2寸半身免冠照片（原件，3份）",
		"办理进度查询", "0839-7202345", "地址：青川县乔庄镇青竹路128号", "咨询电话：0839-7202345",
		"办公时间：周一至周五 9:00—12:00，14:00—17:30", "监督投诉电话：12345",
		"申请人（签字）：", "经办人（签字）：", "（盖章）", "第 1 页，共 1 页",
	};
	for (size_t i = 0; i < sizeof want / sizeof want[0]; i++)
		expect(text, want[i]);
	assert_false(has(text, "MAR-03"));            /* the matter's name, never its code */
	assert_false(has(text, "居民户口簿"));         /* not brought: not received */
	assert_false(has(text, "演练"));
	no_broken_line_starts(text);
	free(text);
	paper_free(&p);
}

/* 容缺受理: the receipt lists what was accepted to follow, each with the
 * day it is promised by, and the promise; it is not among the received. */
static void test_receipt_with_owed(void **state)
{
	(void)state;
	use_locale("zh_CN.UTF-8");
	three_materials();
	struct m_case k = kase(CS_ACCEPTED, "王芳");
	struct m_owed owed = { .id = 3, .name = (char *)"近期2寸半身免冠照片", .due = -1 };
	date_parse_iso("2026-12-14", &owed.due);
	k.nreceived = 2;                               /* 1 and 2 brought */
	k.owed = &owed;
	k.nowed = 1;
	struct paper p;
	make(&p, PAPER_RECEIPT, &k, NULL);
	char *text = write_and_read(&p, NULL, NULL);
	expect(text, "已收取的材料");
	expect(text, "2. 申请补领婚姻登记证声明书（原件，2份）");
	expect(text, "容缺补齐材料（承诺后补）");
	expect(text, "1. 近期2寸半身免冠照片（原件，3份）");
	expect(text, "须于2026年12月14日前补齐");
	expect(text, "您已书面承诺在上述日期前补齐以上材料。");
	assert_false(has(text, "3. 近期2寸半身免冠照片"));   /* not among the received */
	no_broken_line_starts(text);
	free(text);
	paper_free(&p);
}

/* A one-time notice of twenty missing materials runs to a second page,
 * which carries the header, the rest of the list and the signatures. */
static void test_notice_of_twenty_two_pages(void **state)
{
	(void)state;
	use_locale("zh_CN.UTF-8");
	static char names[20][96];
	for (int i = 0; i < 20; i++) {
		snprintf(names[i], sizeof names[i], "第%d项材料：村（居）民委员会出具的证明", i + 1);
		material(&materials[i], i + 1, names[i], MF_ORIGINAL_AND_COPY, 1);
		if (i % 5 == 0)
			materials[i].note = (char *)"复印件须由申请人签字确认，并注明“与原件一致”。";
		missing_ids[i] = i + 1;
	}
	guide.nmaterials = 20;
	struct m_case k = kase(CS_NOTIFIED, "李红梅");
	k.missing = missing_ids;
	k.nmissing = 20;
	k.missing_materials = materials;
	k.nmissing_materials = 20;
	struct paper p;
	make(&p, PAPER_NOTICE, &k, NULL);
	char *text = write_and_read(&p, NULL, NULL);
	char *page2 = strchr(text, '\f');
	assert_non_null(page2);
	assert_non_null(strchr(page2 + 1, '\f'));     /* the end of page 2 */
	assert_null(strchr(strchr(page2 + 1, '\f') + 1, '\f'));   /* and no third */
	expect(text, "一次性告知书");
	expect(text, "需补正的材料");
	expect(text, "1. 第1项材料：村（居）民委员会出具的证明（原件及复印件，1份）");
	expect(page2, "20. 第20项材料");
	expect(page2, "一次性告知书（续）");
	expect(page2, "20261207-0042");
	expect(page2, "第 2 页，共 2 页");
	expect(page2, "申请人（签字）：");
	expect(page2, "监督投诉电话：12345");
	expect(text, "第 1 页，共 2 页");
	expect(text, "《中华人民共和国行政许可法》第三十二条");
	expect(text, "提交地点：青川县政务服务中心（青川县乔庄镇青竹路128号）1号窗口");
	expect(text, "承诺办理时限为20个工作日，自材料齐全之日起计算。");
	expect(text, "本事项设定依据：《婚姻登记条例》第十七条");
	assert_false(has(text, "暂定"));            /* a notice promises no date */
	no_broken_line_starts(text);
	free(text);
	paper_free(&p);
	three_materials();
}

/* The completion notice; and a drill's, apart and marked, never over an
 * earlier paper. */
static void test_completion_and_drill(void **state)
{
	(void)state;
	use_locale("zh_CN.UTF-8");
	three_materials();
	struct m_case k = kase(CS_COMPLETED, "张三");
	struct paper p;
	make(&p, PAPER_COMPLETION, &k, NULL);
	char *text = write_and_read(&p, NULL, NULL);
	expect(text, "办结通知书");
	expect(text, "办结日期：2026年12月21日");
	expect(text, "办理结果：准予补领");
	expect(text, "请于办公时间携带本人身份证和本通知到青川县政务服务中心1号窗口领取办理结果。");
	free(text);
	paper_free(&p);

	make(&p, PAPER_COMPLETION, &k, "K7Q2");
	char *first, *second;
	text = write_and_read(&p, "K7Q2", &first);
	free(write_and_read(&p, "K7Q2", &second));
	expect(text, "演练 K7Q2：仅供岗位练兵使用，不作为正式文书");
	char want[700];
	snprintf(want, sizeof want, "%s/papers/drills/K7Q2/completion-20261207-0042.pdf", dir);
	assert_string_equal(first, want);
	snprintf(want, sizeof want, "%s/papers/drills/K7Q2/completion-20261207-0042-2.pdf", dir);
	assert_string_equal(second, want);            /* the first is kept */
	free(first);
	free(second);
	free(text);
	paper_free(&p);
}

/* Under zh_TW the paper is in traditional characters, in the TC face. */
static void test_receipt_in_traditional_chinese(void **state)
{
	(void)state;
	use_locale("zh_TW.UTF-8");
	three_materials();
	struct m_case k = kase(CS_ACCEPTED, "陳大文");
	struct paper p;
	make(&p, PAPER_RECEIPT, &k, NULL);
	char *pdf, *text = write_and_read(&p, NULL, &pdf);
	expect(text, "受理回執");
	expect(text, "承諾辦結日期：2027年1月5日（暫定）");
	expect(text, "監督投訴電話：12345");
	char cmd[1600], out[700];
	snprintf(out, sizeof out, "%s.fonts", pdf);
	snprintf(cmd, sizeof cmd, "pdffonts '%s' > '%s'", pdf, out);
	assert_int_equal(system(cmd), 0);
	char *fonts = slurp(out);
	assert_non_null(strstr(fonts, "NotoSerifCJKtc"));
	assert_null(strstr(fonts, "NotoSerifCJKsc"));
	free(fonts);
	free(text);
	free(pdf);
	paper_free(&p);
	use_locale("C.UTF-8");
}

/* Under a GB18030 locale the text copy is GB18030, the same text. */
static void test_text_copy_in_gb18030(void **state)
{
	(void)state;
	use_locale("zh_CN.GB18030");
	three_materials();
	struct m_case k = kase(CS_ACCEPTED, "张三");
	struct paper p;
	make(&p, PAPER_RECEIPT, &k, NULL);
	char papers[600], err[256], *pdf, *txt;
	snprintf(papers, sizeof papers, "%s/papers", dir);
	assert_int_equal(papers_write(&p, papers, NULL, &pdf, &txt, err, sizeof err), 0);
	char *gb = slurp(txt), *utf8 = paper_text(&p);
	iconv_t cd = iconv_open("UTF-8", "GB18030");
	size_t inleft = strlen(gb), outleft = strlen(utf8) * 2 + 16;
	char *back = xcalloc(1, outleft + 1), *in = gb, *out = back;
	assert_int_not_equal(iconv(cd, &in, &inleft, &out, &outleft), (size_t)-1);
	iconv_close(cd);
	assert_string_equal(back, utf8);
	assert_null(strstr(gb, "受理回执"));          /* not UTF-8 on disk */
	assert_non_null(strstr(utf8, "受理回执"));
	free(back);
	free(gb);
	free(utf8);
	free(pdf);
	free(txt);
	paper_free(&p);
	use_locale("C.UTF-8");
}

/* The QR code at the top right is the case number: the page rendered at
 * 288 dpi (pdftoppm), every module's centre sampled and compared with
 * libqrencode's matrix of the number.  Where the code is comes from
 * paper_pdf.c's layout: 70 pt square, its top 8 pt above the 15 mm margin,
 * its right side on the 20 mm margin, a quiet zone of four modules. */
static void test_qr_code_is_the_case_number(void **state)
{
	(void)state;
	use_locale("zh_CN.UTF-8");
	three_materials();
	struct m_case k = kase(CS_ACCEPTED, "张三");
	struct paper p;
	make(&p, PAPER_RECEIPT, &k, NULL);
	char *pdf;
	free(write_and_read(&p, NULL, &pdf));
	char cmd[1600], pgm[700];
	snprintf(pgm, sizeof pgm, "%s/qr", dir);
	snprintf(cmd, sizeof cmd, "pdftoppm -r 288 -gray -f 1 -l 1 -singlefile '%s' '%s'", pdf, pgm);
	assert_int_equal(system(cmd), 0);
	strcat(pgm, ".pgm");
	FILE *f = fopen(pgm, "rb");
	assert_non_null(f);
	int w, h, max;
	assert_int_equal(fscanf(f, "P5 %d %d %d", &w, &h, &max), 3);
	fgetc(f);
	unsigned char *px = xmalloc((size_t)w * (size_t)h);
	assert_int_equal(fread(px, 1, (size_t)w * (size_t)h, f), (size_t)w * (size_t)h);
	fclose(f);
	QRcode *q = QRcode_encodeString8bit("20261207-0042", 0, QR_ECLEVEL_M);
	assert_non_null(q);
	const double scale = 288.0 / 72, side = 70, x0 = 595.276 - 56.7 - side, y0 = 42.5 - 8;
	double m = side / (q->width + 8);
	int wrong = 0;
	for (int r = 0; r < q->width; r++)
		for (int c = 0; c < q->width; c++) {
			int x = (int)((x0 + (c + 4.5) * m) * scale), y = (int)((y0 + (r + 4.5) * m) * scale);
			bool dark = px[(size_t)y * (size_t)w + (size_t)x] < max / 2;
			wrong += dark != ((q->data[r * q->width + c] & 1) != 0);
		}
	assert_int_equal(wrong, 0);
	QRcode_free(q);
	free(px);
	free(pdf);
	paper_free(&p);
}

/* Before the hall has answered (or from an older server) the details are
 * not known: the paper says nothing of them, never "(null)", and the
 * supervision line is the citizens' hotline all the same. */
static void test_paper_without_the_halls_details(void **state)
{
	(void)state;
	use_locale("C.UTF-8");
	three_materials();
	struct m_hall none = { .name = NULL };
	struct m_case k = kase(CS_NOTIFIED, "张三");
	struct paper_input in = {
		.kind = PAPER_NOTICE, .kase = &k, .guide = &guide, .hall = &none, .window = 2,
		.clerk_name = "王芳", .today = -1,
	};
	struct paper p;
	paper_make(&p, &in);
	char *text = paper_text(&p);
	assert_null(strstr(text, "(null)"));
	assert_non_null(strstr(text, "Supervision and complaints: 12345\n"));
	assert_null(strstr(text, "Address:"));
	assert_null(strstr(text, "staff no."));       /* no number: the name alone */
	assert_non_null(strstr(text, "Clerk: 王芳"));
	free(text);
	paper_free(&p);
}

/* ---- printing through a real CUPS ---- */

static void wake(void *ud)
{
	uint64_t one = 1;
	assert_int_equal(write(*(int *)ud, &one, sizeof one), (ssize_t)sizeof one);
}

/* Submit p to a fresh worker and wait for its outcome (the worker's wake). */
static struct paper_done print_one(struct paper *p, const char *printer)
{
	int efd = eventfd(0, EFD_CLOEXEC);
	struct papers *q = papers_new(wake, &efd);
	char papers[600];
	snprintf(papers, sizeof papers, "%s/papers", dir);
	papers_submit(q, p, papers, NULL, true, printer);
	struct pollfd pf = { .fd = efd, .events = POLLIN };
	assert_int_equal(poll(&pf, 1, WAIT), 1);
	struct paper_done d;
	assert_true(papers_done(q, &d));
	papers_free(q);
	close(efd);
	return d;
}

static void test_worker_prints_and_says_why_not(void **state)
{
	(void)state;
	use_locale("zh_CN.UTF-8");
	three_materials();
	struct pcups c;
	pcups_start(&c, dir);
	pcups_add_queue(&c, "window1");
	struct m_case k = kase(CS_ACCEPTED, "张三");
	struct paper p;
	make(&p, PAPER_RECEIPT, &k, NULL);
	int watch = pcups_watch(&c);
	struct paper_done d = print_one(&p, "window1");
	assert_null(d.error);
	assert_true(d.job > 0);
	assert_string_equal(d.printer, "window1");
	char *printed = pdf_text(pcups_wait_output(&c, watch, "window1"));
	expect(printed, "受理回执");
	expect(printed, "办件编号：20261207-0042");
	expect(printed, "承诺办结日期：2027年1月5日（暂定）");
	free(printed);
	paper_done_free(&d);

	/* A queue that is not there: kept, not printed, and why. */
	make(&p, PAPER_RECEIPT, &k, NULL);
	d = print_one(&p, "nosuch");
	assert_int_equal(d.job, 0);
	assert_non_null(d.pdf);
	assert_non_null(d.error);
	assert_int_equal(access(d.pdf, R_OK), 0);
	paper_done_free(&d);
	/* One that refuses jobs. */
	pcups_reject(&c, "window1", "out of paper");
	make(&p, PAPER_RECEIPT, &k, NULL);
	d = print_one(&p, "window1");
	assert_int_equal(d.job, 0);
	assert_non_null(d.error);
	paper_done_free(&d);
	pcups_stop(&c);
}

/* ---- at the counter ---- */

static void conf(const char *text)
{
	char path[700];
	snprintf(path, sizeof path, "%s/config", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/config/wicket", dir);
	mkdir(path, 0700);
	snprintf(path, sizeof path, "%s/config/wicket/config", dir);
	FILE *f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

/* The receipt printed on accept through the window's queue; then the queue
 * refuses, p prints again and is told why not, and the counter goes on. */
static void test_counter_prints(void **state)
{
	(void)state;
	struct pcups c;
	pcups_start(&c, dir);
	pcups_add_queue(&c, "window1");
	wd_start(&W, true, NULL);
	conf("printer window1\nprint-on-accept yes\n");
	int watch = pcups_watch(&c);
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, dir, args, "en_US.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "Window 1 · open");
	client_expect(t, "online · served today");
	client_serve_to_accepted_case(t);
	client_expect(t, "sent to the printer window1 (job");
	char *printed = pdf_text(pcups_wait_output(&c, watch, "window1"));
	expect(printed, "Acceptance Receipt");
	expect(printed, "Time limit: Handled on the spot");
	expect(printed, "Applicant's name: 李四");
	expect(printed, "Supervision and complaints: 12345");
	expect(printed, "Address: 青川县乔庄镇青竹路128号县政务服务中心一楼");
	free(printed);

	pcups_reject(&c, "window1", "out of paper");
	term_type(t, "p");
	client_expect(t, "not printed on window1");
	client_expect(t, "window1: Destination \"window1\" is not");   /* CUPS says why */
	client_expect(t, "receipt-");   /* the reprint kept as a copy of its own */
	client_expect(t, "-0001-2.pdf");
	/* The counter works on: the case is completed, its notice kept. */
	term_type(t, "d");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	term_type(t, "准予补领");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(t, "completed on time");
	client_quit(t);
	pcups_stop(&c);
}

/* No printer at all (no queue set, and the system's CUPS has no default):
 * the counter says so and works on. */
static void test_counter_without_printer(void **state)
{
	(void)state;
	struct pcups c;
	pcups_start(&c, dir);          /* a CUPS with no queue: no default either */
	wd_start(&W, true, NULL);
	conf("print-on-accept yes\n");
	const char *const args[] = { "--user", "clerk1", "--window", "1", NULL };
	struct term *t = client_sign_in(W.url, dir, args, "en_US.UTF-8", NULL, 24, 80, "counter");
	client_expect(t, "Window 1 · open");
	client_expect(t, "online · served today");
	client_serve_to_accepted_case(t);
	client_expect(t, "not printed: no printer set for this window");
	/* The counter works on, and the receipt is kept all the same. */
	term_type(t, "d");
	assert_int_equal(term_wait_ready(t, "dialog", WAIT), 0);
	term_type(t, "准予补领");
	term_key(t, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	client_expect(t, "completed on time");
	char pattern[700];
	snprintf(pattern, sizeof pattern, "%s/state/wicket/papers/receipt-*-0001.pdf", dir);
	glob_t g;
	assert_int_equal(glob(pattern, 0, NULL, &g), 0);
	assert_int_equal(g.gl_pathc, 1);
	globfree(&g);
	client_quit(t);
	pcups_stop(&c);
}

int main(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
#define T(f) cmocka_unit_test_setup_teardown(f, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_receipt_every_field),
		T(test_receipt_with_owed),
		T(test_notice_of_twenty_two_pages),
		T(test_completion_and_drill),
		T(test_text_copy_in_gb18030),
		T(test_receipt_in_traditional_chinese),
		T(test_paper_without_the_halls_details),
		T(test_qr_code_is_the_case_number),
		T(test_worker_prints_and_says_why_not),
		T(test_counter_prints),
		T(test_counter_without_printer),
	};
#undef T
	int rc = cmocka_run_group_tests(tests, NULL, NULL);
	curl_global_cleanup();
	return rc;
}
