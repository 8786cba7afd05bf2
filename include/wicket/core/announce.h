/* announce.h - the words the hall's voice says for a call (叫号语音).
 *
 * "请 A023 号到 3 号窗口办理", the ticket's number spoken digit by digit
 * (零二三, not 二十三: an applicant compares it with the slip, digit for
 * digit), the window's number as a number; a recall starts with 重呼.
 * Pure text, no I/O: the speaker (src/client/speech.c) says it. */
#ifndef WICKET_CORE_ANNOUNCE_H
#define WICKET_CORE_ANNOUNCE_H

#include <stdbool.h>
#include <stddef.h>

/* The sentence for ticket number at window (1..9999), a recall when
 * recall, into out (len bytes, always terminated; 160 bytes hold any):
 * "请 A 零 二 三 号，到 3 号窗口办理" / "重呼，请 …".  Only the number's
 * ASCII letters and digits are said (whatever else came from the network
 * is dropped, so the speech engine is given no markup).  Returns out. */
char *announce_text(const char *number, int window, bool recall, char *out, size_t len);

#endif
