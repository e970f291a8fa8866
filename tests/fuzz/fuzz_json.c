/*
 * fuzz_json.c - the internal JSON reader (lib/json.c): vram__json_parse, then
 * a walk over the whole tree with every typed getter, member lookup, number
 * text and path, checking that they agree with each other.
 *
 * Invariants (beyond fuzz_common.h):
 *  - parse fails with VRAM_E_PARSE, VRAM_E_LIMIT or VRAM_E_NOMEM and no
 *    document, or succeeds with a root value;
 *  - the same text with a size limit one byte short fails with VRAM_E_LIMIT;
 *  - a container's child count is the number of children the walk finds, no
 *    deeper than VRAM__JSON_MAX_DEPTH, and every child names its parent;
 *  - an object member is found by its key (keys are unique) and the typed
 *    member getters agree with the typed value getters;
 *  - the text of a number re-parses to the stored value;
 *  - a number read as u64, i64 and f64 gives the same value each way;
 *  - a string without NUL bytes reads back with its length; paths are
 *    NUL-terminated within their buffer.
 */
#include "fuzz_common.h"

#include "lib/json.h"

#include <math.h>

/* Lookups by key and paths are linear in the container: bound them so a
 * large document stays linear overall. */
#define MEMBER_CHECKS 256u
#define PATH_CHECKS 256u

static void check_number(const vram__jdoc *d, const vram__jval *v)
{
    size_t n = 0;
    const char *t = vram__json_number_text(d, v, &n);
    FZ_CHECK(t != NULL && n > 0 && n == v->count, "number at byte %u has no text",
             (unsigned)v->off);
    vram__num num;
    FZ_CHECK(vram__parse_num(t, n, &num) == n, "number text \"%.*s\" does not re-parse",
             (int)(n < 60 ? n : 60), t);
    if (v->nflags & VRAM__JN_U64)
        FZ_CHECK(num.int_exact && !(num.negative && num.magnitude) && num.magnitude == v->v.u,
                 "\"%.*s\" stored as %llu", (int)(n < 60 ? n : 60), t,
                 (unsigned long long)v->v.u);
    else if (v->nflags & VRAM__JN_I64)
        FZ_CHECK(num.int_exact && num.negative &&
                     (num.magnitude == (UINT64_C(1) << 63) ? v->v.i == INT64_MIN
                                                           : -(int64_t)num.magnitude == v->v.i),
                 "\"%.*s\" stored as %lld", (int)(n < 60 ? n : 60), t, (long long)v->v.i);
    else
        FZ_CHECK(num.value == v->v.d, "\"%.*s\" stored as %.17g, re-parsed as %.17g",
                 (int)(n < 60 ? n : 60), t, v->v.d, num.value);

    /* the typed getters agree with each other */
    uint64_t u = 0;
    int64_t i = 0;
    double f = 0;
    vram_status su, si, sf;
    fz_clear();
    su = vram__json_as_u64(d, v, &u);
    fz_status(su, "vram__json_as_u64");
    fz_clear();
    si = vram__json_as_i64(d, v, &i);
    fz_status(si, "vram__json_as_i64");
    fz_clear();
    sf = vram__json_as_f64(d, v, &f);
    fz_status(sf, "vram__json_as_f64");
    FZ_CHECK(sf == VRAM_OK && isfinite(f), "a parsed number reads as %s, %g", vram_status_name(sf),
             f);
    FZ_CHECK(su == VRAM_OK || su == VRAM_E_RANGE || su == VRAM_E_PARSE, "as_u64: %s",
             vram_status_name(su));
    FZ_CHECK(si == VRAM_OK || si == VRAM_E_RANGE || si == VRAM_E_PARSE, "as_i64: %s",
             vram_status_name(si));
    if (su == VRAM_OK)
        FZ_CHECK((double)u == f, "as_u64 %llu but as_f64 %.17g", (unsigned long long)u, f);
    if (si == VRAM_OK)
        FZ_CHECK((double)i == f, "as_i64 %lld but as_f64 %.17g", (long long)i, f);
    if (su == VRAM_OK && si == VRAM_OK)
        FZ_CHECK(i >= 0 && (uint64_t)i == u, "as_u64 %llu but as_i64 %lld",
                 (unsigned long long)u, (long long)i);
    if (su == VRAM_OK && u <= (uint64_t)INT64_MAX)
        FZ_CHECK(si == VRAM_OK, "as_u64 %llu but as_i64 fails", (unsigned long long)u);
}

static void check_value(const vram__jdoc *d, const vram__jval *v)
{
    vram_status st;
    bool b;
    const char *s;
    size_t n;

    fz_clear();
    st = vram__json_as_bool(d, v, &b);
    fz_status(st, "vram__json_as_bool");
    FZ_CHECK((st == VRAM_OK) == (v->type == VRAM__J_TRUE || v->type == VRAM__J_FALSE),
             "as_bool on type %u: %s", v->type, vram_status_name(st));
    if (st == VRAM_OK)
        FZ_CHECK(b == (v->type == VRAM__J_TRUE), "as_bool");

    fz_clear();
    st = vram__json_as_str(d, v, &s);
    fz_status(st, "vram__json_as_str");
    const char *raw = vram__json_str_raw(d, v, &n);
    FZ_CHECK((raw != NULL) == (v->type == VRAM__J_STRING), "str_raw on type %u", v->type);
    if (raw) {
        FZ_CHECK(raw[n] == '\0' && n == v->count, "string not NUL-terminated at its length");
        FZ_CHECK((st == VRAM_OK) == (memchr(raw, '\0', n) == NULL),
                 "as_str %s on a string %s NUL", vram_status_name(st),
                 memchr(raw, '\0', n) ? "with" : "without");
        if (st == VRAM_OK)
            FZ_CHECK(s == raw && strlen(s) == n, "as_str");
    } else {
        FZ_CHECK(st == VRAM_E_PARSE, "as_str on type %u: %s", v->type, vram_status_name(st));
    }

    if (v->type == VRAM__J_NUMBER) {
        check_number(d, v);
    } else {
        uint64_t u;
        double f;
        FZ_CHECK(vram__json_number_text(d, v, &n) == NULL, "number text of type %u", v->type);
        fz_clear();
        st = vram__json_as_u64(d, v, &u);
        fz_status(st, "vram__json_as_u64");
        FZ_CHECK(st == VRAM_E_PARSE, "as_u64 on type %u: %s", v->type, vram_status_name(st));
        fz_clear();
        st = vram__json_as_f64(d, v, &f);
        fz_status(st, "vram__json_as_f64");
        FZ_CHECK(st == VRAM_E_PARSE, "as_f64 on type %u: %s", v->type, vram_status_name(st));
    }
}

/* An object member: found by its key, and the member getters agree. */
static void check_member(const vram__jdoc *d, const vram__jval *obj, const vram__jval *m)
{
    size_t klen;
    const char *key = vram__json_key(d, m, &klen);
    FZ_CHECK(key != NULL && key[klen] == '\0', "key not NUL-terminated");
    if (strlen(key) != klen)
        return; /* a key with \u0000 cannot be looked up by a C string */
    FZ_CHECK(vram__json_member(d, obj, key) == m, "member \"%.60s\" not found by its key", key);
    const vram__jval *g = vram__json_get(d, obj, key);
    FZ_CHECK(g == (m->type == VRAM__J_NULL ? NULL : m), "json_get \"%.60s\"", key);

    uint64_t u = 7, u2 = 7;
    bool found = true;
    fz_clear();
    vram_status st = vram__json_get_u64(d, obj, key, &u, &found);
    fz_status(st, "vram__json_get_u64");
    FZ_CHECK(found == (m->type != VRAM__J_NULL), "get_u64 found");
    if (m->type == VRAM__J_NULL) {
        FZ_CHECK(st == VRAM_OK && u == 7, "get_u64 on null changed its output");
    } else {
        vram_status st2 = vram__json_as_u64(d, m, &u2);
        FZ_CHECK(st == st2 && (st != VRAM_OK || u == u2), "get_u64 %s vs as_u64 %s",
                 vram_status_name(st), vram_status_name(st2));
    }
    const char *s = NULL;
    fz_clear();
    st = vram__json_get_str(d, obj, key, &s, NULL);
    fz_status(st, "vram__json_get_str");
    double f;
    fz_clear();
    st = vram__json_get_f64(d, obj, key, &f, NULL);
    fz_status(st, "vram__json_get_f64");
    bool b;
    fz_clear();
    st = vram__json_get_bool(d, obj, key, &b, NULL);
    fz_status(st, "vram__json_get_bool");
}

static void check_path(const vram__jdoc *d, const vram__jval *v)
{
    static const size_t caps[] = {96, 8, 1};
    char buf[96];
    for (size_t i = 0; i < sizeof caps / sizeof caps[0]; i++) {
        memset(buf, 'x', sizeof buf);
        vram__json_path(d, v, buf, caps[i]);
        FZ_CHECK(memchr(buf, '\0', caps[i]) != NULL, "path not NUL-terminated in %zu bytes",
                 caps[i]);
        for (size_t k = caps[i]; k < sizeof buf; k++)
            FZ_CHECK(buf[k] == 'x', "path wrote byte %zu of a %zu-byte buffer", k, caps[i]);
    }
    fz_clear();
    vram_status st = vram__json_fail_at(d, v, VRAM_E_RANGE, "fuzz %d", 1);
    FZ_CHECK(st == VRAM_E_RANGE && vram_last_error()[0] != '\0', "json_fail_at");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    vram__jdoc *d = (vram__jdoc *)1;
    fz_clear();
    vram_status st = vram__json_parse(text, size, VRAM__JSON_MAX_DOC, "fuzz.json", &d);
    fz_status(st, "vram__json_parse");
    if (st != VRAM_OK) {
        FZ_CHECK(d == NULL, "failed parse left a document");
        FZ_CHECK(st == VRAM_E_PARSE || st == VRAM_E_LIMIT || st == VRAM_E_NOMEM,
                 "parse failed with %s", vram_status_name(st));
        return 0;
    }
    FZ_CHECK(d != NULL, "parse succeeded without a document");
    FZ_CHECK(strcmp(vram__json_what(d), "fuzz.json") == 0, "what");
    if (size > 0) {
        vram__jdoc *d2 = (vram__jdoc *)1;
        fz_clear();
        vram_status st2 = vram__json_parse(text, size, size - 1, "fuzz.json", &d2);
        fz_status(st2, "vram__json_parse(limit)");
        FZ_CHECK(st2 == VRAM_E_LIMIT && d2 == NULL, "a %zu-byte document under a %zu-byte limit: %s",
                 size, size - 1, vram_status_name(st2));
    }

    /* depth-first walk with an explicit stack of (container, next child) */
    const vram__jval *stack[VRAM__JSON_MAX_DEPTH + 1];
    const vram__jval *cur[VRAM__JSON_MAX_DEPTH + 1];
    uint32_t seen[VRAM__JSON_MAX_DEPTH + 1];
    unsigned depth = 0;
    uint64_t values = 0, members = 0, paths = 0;
    const vram__jval *v = vram__json_root(d);
    FZ_CHECK(v != NULL && v->type >= VRAM__J_NULL && v->type <= VRAM__J_OBJECT, "root");
    for (;;) {
        values++;
        FZ_CHECK(values <= VRAM__JSON_MAX_VALUES, "more values than the limit");
        check_value(d, v);
        if (paths++ < PATH_CHECKS)
            check_path(d, v);
        if (depth > 0 && stack[depth - 1]->type == VRAM__J_OBJECT && members++ < MEMBER_CHECKS)
            check_member(d, stack[depth - 1], v);
        const vram__jval *c = vram__json_child(d, v);
        if (v->type == VRAM__J_OBJECT || v->type == VRAM__J_ARRAY) {
            FZ_CHECK((c == NULL) == (v->count == 0), "container of %u has child %p", v->count,
                     (const void *)c);
            if (c) {
                FZ_CHECK(depth < VRAM__JSON_MAX_DEPTH, "nesting deeper than the limit");
                stack[depth] = v;
                cur[depth] = c;
                seen[depth] = 1;
                depth++;
                FZ_CHECK(c != vram__json_root(d) && c->parent == (uint32_t)(v - vram__json_root(d)),
                         "child does not name its parent");
                v = c;
                continue;
            }
        } else {
            FZ_CHECK(c == NULL, "a scalar has a child");
        }
        /* next sibling, climbing out of finished containers */
        for (;;) {
            if (depth == 0)
                goto done;
            const vram__jval *nx = vram__json_next(d, cur[depth - 1]);
            if (nx) {
                cur[depth - 1] = nx;
                seen[depth - 1]++;
                FZ_CHECK(nx->parent == (uint32_t)(stack[depth - 1] - vram__json_root(d)),
                         "sibling does not name its parent");
                v = nx;
                break;
            }
            FZ_CHECK(seen[depth - 1] == stack[depth - 1]->count, "container counts %u, holds %u",
                     stack[depth - 1]->count, seen[depth - 1]);
            depth--;
        }
    }
done:
    FZ_CHECK(vram__json_next(d, vram__json_root(d)) == NULL, "the root has a sibling");
    vram__json_free(d);
    return 0;
}
