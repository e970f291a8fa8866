/*
 * test_json.c - the strict JSON reader (lib/json.c): valid documents, every
 * error class with its byte offset, the limits, and inputs that are not
 * NUL-terminated. Every document is copied into a heap block of exactly its
 * length, so a read past the end is caught by AddressSanitizer/valgrind.
 *
 * Byte offsets in the expectations count from 0; each is worked out in the
 * comment beside it.
 */
#include "vram_test.h"

#include "lib/json.h"

/* Parse n bytes of s from an exact-size heap copy (no NUL after them). */
static vram_status parse_n(const char *s, size_t n, size_t max, vram__jdoc **out, char **copy)
{
    *copy = malloc(n ? n : 1);
    assert_non_null(*copy);
    if (n)
        memcpy(*copy, s, n);
    return vram__json_parse(*copy, n, max, "doc.json", out);
}

static vram__jdoc *parse_ok(const char *s, char **copy)
{
    vram__jdoc *d = NULL;
    assert_ok(parse_n(s, strlen(s), VRAM__JSON_MAX_DOC, &d, copy));
    assert_non_null(d);
    return d;
}

/* The parse fails with `want` and the message contains `frag`. */
static void expect_fail_n(const char *s, size_t n, vram_status want, const char *frag)
{
    vram__jdoc *d = NULL;
    char *copy;
    vram_status st = parse_n(s, n, VRAM__JSON_MAX_DOC, &d, &copy);
    if (st != want || strstr(vram_last_error(), frag) == NULL)
        fail_msg("document <%.*s>: got %s \"%s\", want %s with \"%s\"", (int)(n < 60 ? n : 60), s,
                 vram_status_name(st), vram_last_error(), vram_status_name(want), frag);
    assert_null(d);
    free(copy);
}

static void expect_fail(const char *s, vram_status want, const char *frag)
{
    expect_fail_n(s, strlen(s), want, frag);
}

/* ------------------------------------------------------------ valid input */

static void test_json_valid_document(void **state)
{
    (void)state;
    char *copy;
    vram__jdoc *d = parse_ok("\xEF\xBB\xBF { \"model_type\" : \"llama\", \"n\": 32,\n"
                             "\t\"neg\": -7, \"f\": 1.5e3, \"z\": -0, \"t\": true, \"no\": false,"
                             " \"nul\": null, \"arr\": [1, [], {}, \"x\"], \"obj\": {\"a\": {}}}\r\n",
                             &copy);
    const vram__jval *root = vram__json_root(d);
    assert_int_equal(root->type, VRAM__J_OBJECT);
    assert_int_equal(root->count, 10);
    const char *s = NULL;
    assert_ok(vram__json_get_str(d, root, "model_type", &s, NULL));
    assert_string_equal(s, "llama");
    uint64_t u = 0;
    bool found = false;
    assert_ok(vram__json_get_u64(d, root, "n", &u, &found));
    assert_true(found);
    assert_int_equal(u, 32);
    int64_t i = 0;
    assert_ok(vram__json_as_i64(d, vram__json_member(d, root, "neg"), &i));
    assert_true(i == -7);
    double f = 0;
    assert_ok(vram__json_get_f64(d, root, "f", &f, NULL));
    assert_true(f == 1500.0);
    /* 1.5e3 is an integral value but was not written as an integer */
    assert_int_equal(vram__json_member(d, root, "f")->nflags & VRAM__JN_INT, 0);
    assert_ok(vram__json_get_u64(d, root, "z", &u, NULL)); /* -0 reads as 0 */
    assert_int_equal(u, 0);
    bool b = false;
    assert_ok(vram__json_get_bool(d, root, "t", &b, NULL));
    assert_true(b);
    assert_ok(vram__json_get_bool(d, root, "no", &b, NULL));
    assert_false(b);
    /* null counts as absent for the getters, present for vram__json_member */
    u = 99;
    assert_ok(vram__json_get_u64(d, root, "nul", &u, &found));
    assert_false(found);
    assert_int_equal(u, 99);
    assert_non_null(vram__json_member(d, root, "nul"));
    assert_null(vram__json_get(d, root, "nul"));
    assert_null(vram__json_member(d, root, "absent"));
    /* iteration over an array keeps the order */
    const vram__jval *arr = vram__json_member(d, root, "arr");
    assert_int_equal(arr->count, 4);
    const vram__jval *e = vram__json_child(d, arr);
    assert_int_equal(e->type, VRAM__J_NUMBER);
    e = vram__json_next(d, e);
    assert_int_equal(e->type, VRAM__J_ARRAY);
    assert_null(vram__json_child(d, e));
    e = vram__json_next(d, e);
    assert_int_equal(e->type, VRAM__J_OBJECT);
    e = vram__json_next(d, e);
    assert_int_equal(e->type, VRAM__J_STRING);
    assert_null(vram__json_next(d, e));
    /* members iterate in document order with their keys */
    const vram__jval *m = vram__json_child(d, root);
    size_t kl = 0;
    assert_string_equal(vram__json_key(d, m, &kl), "model_type");
    assert_int_equal(kl, 10);
    const vram__jval *obj = vram__json_member(d, vram__json_member(d, root, "obj"), "a");
    assert_int_equal(obj->type, VRAM__J_OBJECT);
    assert_int_equal(obj->count, 0);
    assert_null(vram__json_member(d, obj, "a"));
    vram__json_free(d);
    free(copy);
}

static void test_json_scalar_roots_and_empty_containers(void **state)
{
    (void)state;
    const char *docs[] = {"0", "-1", "\"\"", "true", "false", "null", "[]", "{}", " [ ] ",
                          "[[[[]]]]", "1E+2", "1e-2", "0.0"};
    for (size_t k = 0; k < sizeof docs / sizeof docs[0]; k++) {
        char *copy;
        vram__jdoc *d = parse_ok(docs[k], &copy);
        vram__json_free(d);
        free(copy);
    }
}

static void test_json_strings_and_escapes(void **state)
{
    (void)state;
    char *copy;
    /* \u00e9 is U+00E9 (C3 A9), \u20ac U+20AC (E2 82 AC), the pair
     * \ud83d\ude00 is U+1F600 (F0 9F 98 80); raw UTF-8 passes through */
    vram__jdoc *d = parse_ok("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\", \"\\u00e9\\u20AC\\ud83d\\ude00\","
                             " \"caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80\", \"nul\\u0000x\"]",
                             &copy);
    const vram__jval *e = vram__json_child(d, vram__json_root(d));
    size_t n = 0;
    const char *s = vram__json_str_raw(d, e, &n);
    /* a " b \ c / d BS FF LF CR TAB: 12 bytes */
    assert_int_equal(n, 12);
    assert_memory_equal(s, "a\"b\\c/d\b\f\n\r\t", 12);
    e = vram__json_next(d, e);
    s = vram__json_str_raw(d, e, &n);
    assert_int_equal(n, 2 + 3 + 4);
    assert_memory_equal(s, "\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80", 9);
    e = vram__json_next(d, e);
    assert_ok(vram__json_as_str(d, e, &s));
    assert_string_equal(s, "caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80");
    e = vram__json_next(d, e);
    /* \u0000 is legal JSON, but not as a C string value */
    s = vram__json_str_raw(d, e, &n);
    assert_int_equal(n, 5);
    assert_memory_equal(s, "nul\0x", 5);
    assert_status(vram__json_as_str(d, e, &s), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "NUL"));
    vram__json_free(d);
    free(copy);
}

/* The string scanner reads eight plain bytes at a time: a quote, an escape,
 * a UTF-8 sequence or a control character must be found wherever it falls
 * relative to those eight-byte steps. */
static void test_json_specials_at_every_offset(void **state)
{
    (void)state;
    static const struct {
        const char *raw;     /* as written in the document */
        const char *decoded; /* as stored */
    } specials[] = {{"\\n", "\n"}, {"\\\"", "\""}, {"\xC3\xA9", "\xC3\xA9"},
                    {"\\u20ac", "\xE2\x82\xAC"}, {"\\\\", "\\"}};
    for (size_t len = 0; len < 24; len++)
        for (size_t k = 0; k <= len; k++)
            for (size_t t = 0; t < sizeof specials / sizeof specials[0]; t++) {
                char doc[96], want[64];
                size_t w = 0;
                memset(want, 0, sizeof want);
                for (size_t i = 0; i < k; i++)
                    want[w++] = 'a';
                w += (size_t)snprintf(want + w, sizeof want - w, "%s", specials[t].decoded);
                for (size_t i = k; i < len; i++)
                    want[w++] = 'b';
                int n = snprintf(doc, sizeof doc, "[\"%.*s%s%.*s\"]", (int)k,
                                 "aaaaaaaaaaaaaaaaaaaaaaaa", specials[t].raw, (int)(len - k),
                                 "bbbbbbbbbbbbbbbbbbbbbbbb");
                char *copy;
                vram__jdoc *d = NULL;
                assert_ok(parse_n(doc, (size_t)n, VRAM__JSON_MAX_DOC, &d, &copy));
                size_t got = 0;
                const char *str = vram__json_str_raw(d, vram__json_child(d, vram__json_root(d)), &got);
                assert_int_equal(got, w);
                assert_memory_equal(str, want, w);
                vram__json_free(d);
                free(copy);
                /* a raw control character at the same place is an error at its offset */
                n = snprintf(doc, sizeof doc, "[\"%.*s\x01%.*s\"]", (int)k, "aaaaaaaaaaaaaaaaaaaaaaaa",
                             (int)(len - k), "bbbbbbbbbbbbbbbbbbbbbbbb");
                char frag[32];
                snprintf(frag, sizeof frag, "byte %zu", k + 2);
                expect_fail_n(doc, (size_t)n, VRAM_E_PARSE, frag);
            }
}

static void test_json_integers_exact_and_huge(void **state)
{
    (void)state;
    char *copy;
    vram__jdoc *d = parse_ok("{\"max\": 18446744073709551615, \"over\": 18446744073709551616,"
                             " \"min\": -9223372036854775808, \"below\": -9223372036854775809,"
                             " \"big\": 123456789012345678901234567890, \"float_int\": 13731385408.0,"
                             " \"p53\": 9007199254740993.0, \"half\": 1.5, \"neg\": -1,"
                             " \"large\": 1e308, \"tiny\": 1e-400}",
                             &copy);
    const vram__jval *r = vram__json_root(d);
    uint64_t u = 0;
    int64_t i = 0;
    double f = 0;
    /* 2^64 - 1 is kept exactly (a double would round it to 2^64) */
    assert_ok(vram__json_get_u64(d, r, "max", &u, NULL));
    assert_true(u == UINT64_MAX);
    /* 2^64 does not fit */
    assert_status(vram__json_get_u64(d, r, "over", &u, NULL), VRAM_E_RANGE);
    assert_non_null(strstr(vram_last_error(), "over"));
    assert_non_null(strstr(vram_last_error(), "18446744073709551616"));
    /* -2^63 fits an int64, -2^63 - 1 does not */
    assert_ok(vram__json_as_i64(d, vram__json_member(d, r, "min"), &i));
    assert_true(i == INT64_MIN);
    assert_status(vram__json_as_i64(d, vram__json_member(d, r, "below"), &i), VRAM_E_RANGE);
    /* 30 digits: no integer type, still a finite double (1.2345678901234568e29).
     * This and 1e308 take vram__parse_number's slow path (long double
     * powl), which is not guaranteed correctly rounded (and runs in double
     * precision under valgrind): a relative 1e-12 is the promise. */
    assert_status(vram__json_get_u64(d, r, "big", &u, NULL), VRAM_E_RANGE);
    assert_ok(vram__json_get_f64(d, r, "big", &f, NULL));
    assert_rel_close(f, 1.2345678901234568e29, 1e-12);
    /* an integral value written with a fraction reads as an integer below 2^53 */
    assert_ok(vram__json_get_u64(d, r, "float_int", &u, NULL));
    assert_int_equal(u, UINT64_C(13731385408));
    /* 2^53 + 1 written as a float cannot be trusted */
    assert_status(vram__json_get_u64(d, r, "p53", &u, NULL), VRAM_E_RANGE);
    assert_status(vram__json_get_u64(d, r, "half", &u, NULL), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "expected an integer, got 1.5"));
    assert_status(vram__json_get_u64(d, r, "neg", &u, NULL), VRAM_E_RANGE);
    assert_non_null(strstr(vram_last_error(), "must be >= 0, got -1"));
    assert_ok(vram__json_get_f64(d, r, "large", &f, NULL));
    assert_rel_close(f, 1e308, 1e-12);
    assert_ok(vram__json_get_f64(d, r, "tiny", &f, NULL)); /* underflows to 0, not an error */
    assert_true(f == 0.0);
    vram__json_free(d);
    free(copy);
}

/* --------------------------------------------------------------- errors */

static void test_json_syntax_errors_with_offsets(void **state)
{
    (void)state;
    /* "" : nothing at byte 0 */
    expect_fail("", VRAM_E_PARSE, "doc.json: byte 0: unexpected end of the document, expected a value");
    /* {"a":1,} : '}' at byte 7 where a key must follow the comma */
    expect_fail("{\"a\":1,}", VRAM_E_PARSE, "byte 7: expected a string key, got '}'");
    /* {"a" 1} : '1' at byte 5 instead of ':' */
    expect_fail("{\"a\" 1}", VRAM_E_PARSE, "byte 5: expected ':' after a key, got '1'");
    /* {1:2} : '1' at byte 1 */
    expect_fail("{1:2}", VRAM_E_PARSE, "byte 1: expected a string key or '}', got '1'");
    /* [1 2] : '2' at byte 3 */
    expect_fail("[1 2]", VRAM_E_PARSE, "byte 3: expected ',' or ']', got '2'");
    /* {"a":1 "b":2} : '"' at byte 7 */
    expect_fail("{\"a\":1 \"b\":2}", VRAM_E_PARSE, "byte 7: expected ',' or '}', got '\"'");
    /* {"a":1 : ends at byte 6 */
    expect_fail("{\"a\":1", VRAM_E_PARSE, "byte 6: unexpected end of the document, expected ',' or '}'");
    /* [1,] : ']' at byte 3 where a value must be */
    expect_fail("[1,]", VRAM_E_PARSE, "byte 3: expected a value, got ']'");
    /* [ : ends at byte 1 */
    expect_fail("[", VRAM_E_PARSE, "byte 1: unexpected end of the document, expected a value");
    /* trailing garbage at bytes 3, 2, 2 */
    expect_fail("{} x", VRAM_E_PARSE, "byte 3: unexpected 'x' after the end of the document");
    expect_fail("1 2", VRAM_E_PARSE, "byte 2: unexpected '2' after the end of the document");
    expect_fail("{}}", VRAM_E_PARSE, "byte 2: unexpected '}' after the end of the document");
    /* a NUL byte after the document (a length that includes the terminator) */
    expect_fail_n("{}\0", 3, VRAM_E_PARSE, "byte 2: unexpected byte 0x00 after the end");
    /* literals */
    expect_fail("tru", VRAM_E_PARSE, "byte 0: invalid literal (expected true)");
    expect_fail("[nul]", VRAM_E_PARSE, "byte 1: invalid literal (expected null)");
    expect_fail("[True]", VRAM_E_PARSE, "byte 1: expected a value, got 'T'");
    /* bytes that are not JSON outside strings: a raw UTF-8 character */
    expect_fail("\xC3\xA9", VRAM_E_PARSE, "byte 0: expected a value, got byte 0xc3");
}

static void test_json_number_errors(void **state)
{
    (void)state;
    expect_fail("01", VRAM_E_PARSE, "byte 0: invalid number: leading zero");
    expect_fail("[-01]", VRAM_E_PARSE, "byte 1: invalid number: leading zero");
    expect_fail("1.", VRAM_E_PARSE, "byte 0: invalid number: no digit after '.'");
    expect_fail("1.e5", VRAM_E_PARSE, "byte 0: invalid number: no digit after '.'");
    expect_fail("1e", VRAM_E_PARSE, "byte 0: invalid number: no digit in the exponent");
    expect_fail("1e+", VRAM_E_PARSE, "byte 0: invalid number: no digit in the exponent");
    expect_fail("-", VRAM_E_PARSE, "byte 0: invalid number: '-' without digits");
    expect_fail("+1", VRAM_E_PARSE, "byte 0: expected a value, got '+'");
    expect_fail(".5", VRAM_E_PARSE, "byte 0: expected a value, got '.'");
    expect_fail("0x10", VRAM_E_PARSE, "byte 1: unexpected 'x' after the end of the document");
    expect_fail("NaN", VRAM_E_PARSE, "byte 0: NaN and Infinity are not JSON numbers");
    expect_fail("[Infinity]", VRAM_E_PARSE, "byte 1: NaN and Infinity are not JSON numbers");
    expect_fail("{\"x\": -Infinity}", VRAM_E_PARSE, "byte 6: -Infinity is not a JSON number");
    /* beyond the largest double (about 1.8e308) */
    expect_fail("[1e400]", VRAM_E_PARSE, "byte 1: number 1e400 is out of range");
    expect_fail("-2e308", VRAM_E_PARSE, "byte 0: number -2e308 is out of range");
}

static void test_json_string_errors(void **state)
{
    (void)state;
    expect_fail("\"abc", VRAM_E_PARSE, "byte 0: unterminated string");
    expect_fail("[\"a\\", VRAM_E_PARSE, "byte 1: unterminated string");
    /* a raw tab at byte 2 */
    expect_fail("\"a\tb\"", VRAM_E_PARSE, "byte 2: control character 0x09 in a string must be escaped");
    /* the backslash at byte 1 */
    expect_fail("\"\\x\"", VRAM_E_PARSE, "byte 1: invalid escape \\x");
    expect_fail("\"\\u12\"", VRAM_E_PARSE, "byte 1: \\u must be followed by four hex digits");
    expect_fail("\"\\u12G4\"", VRAM_E_PARSE, "byte 1: \\u must be followed by four hex digits");
    expect_fail("\"\\uD800\"", VRAM_E_PARSE,
                "byte 1: high surrogate \\uD800 is not followed by a low surrogate");
    expect_fail("\"\\uD800\\u0041\"", VRAM_E_PARSE, "not followed by a low surrogate");
    expect_fail("\"\\uDC00\"", VRAM_E_PARSE, "byte 1: unpaired low surrogate \\uDC00");
    /* a key with a bad escape fails the same way: {"\q": the backslash is byte 2 */
    expect_fail("{\"\\q\": 1}", VRAM_E_PARSE, "byte 2: invalid escape \\q");
}

static void test_json_bad_utf8(void **state)
{
    (void)state;
    /* each bad sequence starts at byte 1, after the opening quote */
    expect_fail("\"\xC0\xAF\"", VRAM_E_PARSE, "byte 1: invalid UTF-8 sequence starting with byte 0xc0"); /* overlong '/' */
    expect_fail("\"\xE0\x80\xAF\"", VRAM_E_PARSE, "byte 1: invalid UTF-8"); /* overlong, 3 bytes */
    expect_fail("\"\xF0\x80\x80\xAF\"", VRAM_E_PARSE, "byte 1: invalid UTF-8"); /* overlong, 4 bytes */
    expect_fail("\"\xED\xA0\x80\"", VRAM_E_PARSE, "byte 1: invalid UTF-8"); /* U+D800 encoded */
    expect_fail("\"\xF4\x90\x80\x80\"", VRAM_E_PARSE, "byte 1: invalid UTF-8"); /* U+110000 */
    expect_fail("\"\x80\"", VRAM_E_PARSE, "byte 1: invalid UTF-8"); /* lone continuation */
    expect_fail("\"\xFF\"", VRAM_E_PARSE, "byte 1: invalid UTF-8");
    expect_fail("\"\xC3\x28\"", VRAM_E_PARSE, "byte 1: invalid UTF-8"); /* bad continuation */
    /* a sequence cut by the end of the input (the copy holds exactly 3 bytes) */
    expect_fail_n("\"\xE2\x82", 3, VRAM_E_PARSE, "byte 1: invalid UTF-8");
    /* the largest code points of each length are fine */
    char *copy;
    vram__jdoc *d = parse_ok("\"\x7F\xDF\xBF\xEF\xBF\xBF\xF4\x8F\xBF\xBF\"", &copy);
    vram__json_free(d);
    free(copy);
}

static void test_json_duplicate_keys(void **state)
{
    (void)state;
    /* {"a":1,"a":2}: the second "a" key opens at byte 7 */
    expect_fail("{\"a\":1,\"a\":2}", VRAM_E_PARSE, "byte 7: duplicate key \"a\"");
    /* the same key in different objects is fine; a key equal up to length is not a duplicate */
    char *copy;
    vram__jdoc *d = parse_ok("{\"a\":{\"a\":1},\"b\":{\"a\":2},\"ab\":0,\"a\\u0062c\":1}", &copy);
    vram__json_free(d);
    free(copy);
    /* a large object goes through the hash table: 100 keys k0..k99, then k57 again */
    char big[2048];
    vram__buf b = {big, sizeof big, 0};
    vram__buf_put(&b, "{", 1);
    for (unsigned i = 0; i < 100; i++) {
        char kv[32];
        snprintf(kv, sizeof kv, "\"k%u\":%u,", i, i);
        vram__buf_puts(&b, kv);
    }
    size_t dup_at = b.len;
    vram__buf_puts(&b, "\"k57\":1}");
    big[b.len] = '\0';
    char frag[64];
    snprintf(frag, sizeof frag, "byte %zu: duplicate key \"k57\"", dup_at);
    expect_fail(big, VRAM_E_PARSE, frag);
    /* and without the duplicate it parses */
    big[dup_at - 1] = '}';
    big[dup_at] = '\0';
    d = parse_ok(big, &copy);
    assert_int_equal(vram__json_root(d)->count, 100);
    vram__json_free(d);
    free(copy);
}

/* --------------------------------------------------------------- limits */

static void test_json_depth_limit(void **state)
{
    (void)state;
    /* 64 nested arrays are allowed, the 65th opens at byte 64 */
    char doc[200];
    memset(doc, '[', 64);
    memset(doc + 64, ']', 64);
    char *copy;
    vram__jdoc *d = NULL;
    assert_ok(parse_n(doc, 128, VRAM__JSON_MAX_DOC, &d, &copy));
    vram__json_free(d);
    free(copy);
    memset(doc, '[', 65);
    memset(doc + 65, ']', 65);
    expect_fail_n(doc, 130, VRAM_E_LIMIT, "byte 64: nesting deeper than 64 levels");
    /* a hostile document nested a million levels deep costs one error */
    size_t n = 1000000;
    char *deep = malloc(n);
    assert_non_null(deep);
    memset(deep, '[', n);
    expect_fail_n(deep, n, VRAM_E_LIMIT, "byte 64: nesting deeper");
    memset(deep, '{', n); /* objects: each needs a key, so byte 1 is the first error */
    expect_fail_n(deep, n, VRAM_E_PARSE, "byte 1: expected a string key or '}', got '{'");
    free(deep);
}

static void test_json_size_limit(void **state)
{
    (void)state;
    vram__jdoc *d = NULL;
    /* 16 MiB + 1 bytes: refused before a byte is read */
    size_t n = VRAM__JSON_MAX_DOC + 1;
    char *big = calloc(1, n);
    assert_non_null(big);
    assert_status(vram__json_parse(big, n, VRAM__JSON_MAX_DOC, "config.json", &d), VRAM_E_LIMIT);
    assert_non_null(strstr(vram_last_error(), "config.json: the document is 16777217 bytes, more "
                                              "than the 16777216-byte limit"));
    assert_null(d);
    free(big);
    /* a caller's smaller limit */
    assert_status(vram__json_parse("[1,2,3]", 7, 6, "x", &d), VRAM_E_LIMIT);
    assert_ok(vram__json_parse("[1,2,3]", 7, 7, "x", &d));
    vram__json_free(d);
}

/* Every proper prefix of a valid document fails cleanly; no read past it. */
static void test_json_truncated_input(void **state)
{
    (void)state;
    const char *doc = "{\"a\": [1, -2.5e-3, true, null, \"x\\u00e9\\ud83d\\ude00\xC3\xA9\"],"
                      " \"b\": {\"c\": false}}";
    size_t len = strlen(doc);
    for (size_t n = 0; n < len; n++) {
        vram__jdoc *d = NULL;
        char *copy;
        vram_status st = parse_n(doc, n, VRAM__JSON_MAX_DOC, &d, &copy);
        if (st != VRAM_E_PARSE)
            fail_msg("prefix of %zu bytes: %s (%s)", n, vram_status_name(st), vram_last_error());
        assert_null(d);
        free(copy);
    }
    vram__jdoc *d = NULL;
    char *copy;
    assert_ok(parse_n(doc, len, VRAM__JSON_MAX_DOC, &d, &copy));
    vram__json_free(d);
    free(copy);
}

/* The length decides, not a terminator: bytes after len are never looked at. */
static void test_json_not_nul_terminated(void **state)
{
    (void)state;
    const char text[] = {'[', '1', '2', ']', ']', 'x'};
    vram__jdoc *d = NULL;
    char *copy;
    assert_ok(parse_n(text, 4, VRAM__JSON_MAX_DOC, &d, &copy)); /* "[12]" */
    uint64_t u = 0;
    assert_ok(vram__json_as_u64(d, vram__json_child(d, vram__json_root(d)), &u));
    assert_int_equal(u, 12);
    vram__json_free(d);
    free(copy);
    /* "1" of "12": the number ends with the input */
    assert_ok(parse_n(text + 1, 1, VRAM__JSON_MAX_DOC, &d, &copy));
    assert_ok(vram__json_as_u64(d, vram__json_root(d), &u));
    assert_int_equal(u, 1);
    vram__json_free(d);
    free(copy);
    /* "tru" of "true": the literal is cut by the length */
    expect_fail_n("true", 3, VRAM_E_PARSE, "byte 0: invalid literal");
    /* a NULL text with length 0 is an empty document */
    assert_status(vram__json_parse(NULL, 0, 10, "x", &d), VRAM_E_PARSE);
    assert_status(vram__json_parse(NULL, 1, 10, "x", &d), VRAM_E_INVALID_ARG);
}

/* Typed reads name the path, the value and its offset. */
static void test_json_typed_errors_name_the_path(void **state)
{
    (void)state;
    char *copy;
    vram__jdoc *d = parse_ok("{\"text_config\": {\"a\": [1, \"x\"], \"n\": -3, \"b\": \"yes\"}}", &copy);
    const vram__jval *tc = vram__json_member(d, vram__json_root(d), "text_config");
    const vram__jval *a = vram__json_member(d, tc, "a");
    const vram__jval *x = vram__json_next(d, vram__json_child(d, a));
    uint64_t u;
    assert_status(vram__json_as_u64(d, x, &u), VRAM_E_PARSE);
    /* "x" is the second element of text_config.a; its quote is byte 26
     * ({"text_config": {"a": [1, "x"] ... : '{'=0, '"'=1, key 2..12, '"'=13,
     * ':'=14, ' '=15, '{'=16, '"a"'=17..19, ':'=20, ' '=21, '['=22, '1'=23,
     * ','=24, ' '=25, '"'=26) */
    assert_string_equal(vram_last_error(),
                        "doc.json: text_config.a[1]: expected a non-negative integer, got \"x\" (byte 26)");
    assert_status(vram__json_get_u64(d, tc, "n", &u, NULL), VRAM_E_RANGE);
    /* the member "n" is reported at its key: '"'=28 ']'=29 ','=30 ' '=31 '"n"'=32 */
    assert_string_equal(vram_last_error(), "doc.json: text_config.n: must be >= 0, got -3 (byte 32)");
    bool b;
    assert_status(vram__json_get_bool(d, tc, "b", &b, NULL), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "text_config.b: expected true or false, got \"yes\""));
    const char *s;
    assert_status(vram__json_get_str(d, vram__json_root(d), "text_config", &s, NULL), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "expected a string, got an object"));
    char path[64];
    vram__json_path(d, vram__json_root(d), path, sizeof path);
    assert_string_equal(path, "(document)");
    vram__json_free(d);
    free(copy);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_json_valid_document),
        cmocka_unit_test(test_json_scalar_roots_and_empty_containers),
        cmocka_unit_test(test_json_strings_and_escapes),
        cmocka_unit_test(test_json_specials_at_every_offset),
        cmocka_unit_test(test_json_integers_exact_and_huge),
        cmocka_unit_test(test_json_syntax_errors_with_offsets),
        cmocka_unit_test(test_json_number_errors),
        cmocka_unit_test(test_json_string_errors),
        cmocka_unit_test(test_json_bad_utf8),
        cmocka_unit_test(test_json_duplicate_keys),
        cmocka_unit_test(test_json_depth_limit),
        cmocka_unit_test(test_json_size_limit),
        cmocka_unit_test(test_json_truncated_input),
        cmocka_unit_test(test_json_not_nul_terminated),
        cmocka_unit_test(test_json_typed_errors_name_the_path),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
