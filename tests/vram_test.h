/*
 * vram_test.h - helpers shared by the cmocka tests.
 *
 * Debian 12 ships cmocka 1.1.5: assert_double_equal does not exist and
 * assert_float_equal works in float precision, so doubles are compared with
 * assert_rel_close. Byte counts are compared exactly with assert_int_equal.
 */
#ifndef VRAM_TEST_H
#define VRAM_TEST_H

#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "vramest.h"

#define assert_rel_close(a, b, rel) assert_true(fabs((double)(a) - (double)(b)) <= (rel) * fabs((double)(b)))
#define assert_ok(expr)                                                                  \
    do {                                                                                 \
        vram_status st_ = (expr);                                                        \
        if (st_ != VRAM_OK)                                                              \
            fail_msg("%s -> %s: %s", #expr, vram_status_name(st_), vram_last_error());   \
    } while (0)
#define assert_status(expr, want)                                                        \
    do {                                                                                 \
        vram_status st_ = (expr);                                                        \
        if (st_ != (want))                                                               \
            fail_msg("%s -> %s (%s), want %s", #expr, vram_status_name(st_),             \
                     vram_last_error(), vram_status_name(want));                         \
    } while (0)

/* A model from (key, value) pairs, ending with key 0. */
typedef struct vt_kv {
    int key;
    uint64_t value;
} vt_kv;

static inline vram_model *vt_model(const vt_kv *kv)
{
    vram_model *m = NULL;
    if (vram_model_create(&m) != VRAM_OK)
        return NULL;
    for (; kv->key; kv++)
        if (vram_model_set_u64(m, (vram_model_key)kv->key, kv->value) != VRAM_OK) {
            fprintf(stderr, "vt_model: key %d = %llu: %s\n", kv->key,
                    (unsigned long long)kv->value, vram_last_error());
            vram_model_destroy(m);
            return NULL;
        }
    return m;
}

static inline uint64_t vt_get(const vram_model *m, vram_model_key k)
{
    uint64_t v = 0;
    if (vram_model_get_u64(m, k, &v) != VRAM_OK)
        fail_msg("vram_model_get_u64(%d): %s", (int)k, vram_last_error());
    return v;
}

static inline uint64_t vt_part(const vram_result *r, uint32_t dev, vram_part p)
{
    uint64_t v = 0;
    if (vram_result_bytes(r, dev, p, &v) != VRAM_OK)
        fail_msg("vram_result_bytes(%u, %d): %s", dev, (int)p, vram_last_error());
    return v;
}

static inline uint64_t vt_res(const vram_result *r, vram_result_key k)
{
    uint64_t v = 0;
    if (vram_result_get_u64(r, k, &v) != VRAM_OK)
        fail_msg("vram_result_get_u64(%d): %s", (int)k, vram_last_error());
    return v;
}

/* Read a whole file into a NUL-terminated heap buffer (tests/data). */
static inline char *vt_read(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (buf && fread(buf, 1, (size_t)n, f) != (size_t)n) {
        free(buf);
        buf = NULL;
    }
    fclose(f);
    if (buf) {
        buf[n] = '\0';
        if (len)
            *len = (size_t)n;
    }
    return buf;
}

#endif /* VRAM_TEST_H */
