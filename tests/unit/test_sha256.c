/* test_sha256.c - SHA-256 against the FIPS 180-4 / NIST example vectors,
 * including a message whose padding needs a second block and one of a
 * million bytes. */
#ifdef HAVE_CONFIG_H
#include "config.h"
#endif

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "wicket/common/sha256.h"

static void expect_hex(const void *data, size_t len, const char *want)
{
	char hex[SHA256_HEX_SIZE];
	sha256_hex(data, len, hex);
	assert_string_equal(hex, want);
}

static void test_vectors(void **state)
{
	(void)state;
	expect_hex("", 0, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	expect_hex("abc", 3, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
	/* 56 bytes: the length no longer fits the block, padding takes two. */
	static const char two[] = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
	expect_hex(two, sizeof two - 1, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
	static const char four[] = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopq"
				   "klmnopqrlmnopqrsmnopqrstnopqrstu";
	expect_hex(four, sizeof four - 1, "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}

static void test_million_a(void **state)
{
	(void)state;
	char *a = malloc(1000000);
	assert_non_null(a);
	memset(a, 'a', 1000000);
	expect_hex(a, 1000000, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
	free(a);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_vectors),
		cmocka_unit_test(test_million_a),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
