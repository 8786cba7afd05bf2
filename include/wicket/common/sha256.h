/* sha256.h - SHA-256 of a buffer (FIPS 180-4). */
#ifndef WICKET_SHA256_H
#define WICKET_SHA256_H

#include <stddef.h>

#define SHA256_SIZE 32
#define SHA256_HEX_SIZE 65   /* 64 hex digits and the NUL */

/* The SHA-256 digest of data[0..len) into out. */
void sha256(const void *data, size_t len, unsigned char out[SHA256_SIZE]);
/* The same as 64 lowercase hex digits, NUL-terminated, into out. */
void sha256_hex(const void *data, size_t len, char out[SHA256_HEX_SIZE]);

#endif
