/*
 * fuzz_common.h - invariants shared by the libFuzzer harnesses.
 *
 * Each harness is one LLVMFuzzerTestOneInput(). Built with -fsanitize=fuzzer
 * it is a fuzzer; built with replay.c it replays the committed corpus and
 * regressions as a normal test (tests/fuzz/README.md). Either way a broken
 * invariant aborts with a line naming it, which libFuzzer reports as a crash.
 *
 * The invariants are what a caller relies on (include/vramest.h):
 *  - a failing call returns a known status other than VRAM_OK and leaves a
 *    non-empty vram_last_error() (the message is cleared before each call,
 *    so a stale one from an earlier failure does not count);
 *  - a constructor that fails leaves *out NULL;
 *  - a successful estimate's total is the sum of its parts on every device
 *    (public getters only), each part lies in its band, the peak device is
 *    the largest total, and nothing wraps.
 *
 * Harnesses link the internal archive: vram__fail_msg() clears the message.
 */
#ifndef VRAM_FUZZ_COMMON_H
#define VRAM_FUZZ_COMMON_H

#include "lib/vram_private.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FZ_STR2(x) #x
#define FZ_STR(x) FZ_STR2(x)

/* Abort with the condition, the place and a formatted explanation. */
#define FZ_CHECK(cond, ...)                                                                   \
    do {                                                                                      \
        if (!(cond)) {                                                                        \
            fprintf(stderr, "fuzz invariant failed at " __FILE__ ":" FZ_STR(__LINE__) ": %s\n  ", \
                    #cond);                                                                   \
            fprintf(stderr, __VA_ARGS__);                                                     \
            fprintf(stderr, "\n  last error: \"%s\"\n", vram_last_error());                 \
            abort();                                                                          \
        }                                                                                     \
    } while (0)

/* Forget the calling thread's message, so the next failure must write one. */
static inline void fz_clear(void)
{
    (void)vram__fail_msg(VRAM_OK, "");
}

/* The contract of every fallible call, checked right after it returned st. */
static inline void fz_status(vram_status st, const char *fn)
{
    FZ_CHECK(strcmp(vram_status_name(st), "VRAM_E_UNKNOWN") != 0, "%s returned unknown status %d",
             fn, (int)st);
    if (st != VRAM_OK)
        FZ_CHECK(vram_last_error()[0] != '\0', "%s returned %s with an empty message", fn,
                 vram_status_name(st));
}

/* Devices of a result to check: all when few, else a spread that covers
 * every pipeline stage of a small layout and both ends of a large one. */
static inline uint32_t fz_device_at(uint64_t n, uint32_t i, uint32_t count)
{
    return count >= n ? i : (uint32_t)((n - 1) * i / (count - 1));
}

/* A successful estimate, read through the public getters only. */
static inline void fz_check_result(const vram_result *r, const char *fn)
{
    uint64_t n = 0, peak = 0, peak_dev = 0, u;
    double f;
    vram_status st;
    fz_clear();
    st = vram_result_get_u64(r, VRAM_RES_NUM_DEVICES, &n);
    fz_status(st, "vram_result_get_u64(NUM_DEVICES)");
    FZ_CHECK(st == VRAM_OK && n >= 1 && n <= (UINT64_C(1) << 31), "%s: %llu devices", fn,
             (unsigned long long)n);
    FZ_CHECK(vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE_BYTES, &peak) == VRAM_OK, "%s", fn);
    FZ_CHECK(vram_result_get_u64(r, VRAM_RES_PEAK_DEVICE, &peak_dev) == VRAM_OK, "%s", fn);
    FZ_CHECK(peak_dev < n, "%s: peak device %llu of %llu", fn, (unsigned long long)peak_dev,
             (unsigned long long)n);

    uint32_t count = n < 64 ? (uint32_t)n : 64;
    uint64_t max_total = 0;
    for (uint32_t i = 0; i <= count; i++) {
        /* the spread, then the peak device itself */
        uint32_t dev = i < count ? fz_device_at(n, i, count) : (uint32_t)peak_dev;
        uint64_t total = 0, lo_t = 0, hi_t = 0, sum = 0, lo_sum = 0, hi_sum = 0;
        FZ_CHECK(vram_result_bytes(r, dev, VRAM_PART_TOTAL, &total) == VRAM_OK, "%s", fn);
        FZ_CHECK(vram_result_band(r, dev, VRAM_PART_TOTAL, &lo_t, &hi_t) == VRAM_OK, "%s", fn);
        for (int p = VRAM_PART_WEIGHTS; p <= VRAM_PART_WEIGHT_COPIES; p++) {
            uint64_t b = 0, lo = 0, hi = 0;
            vram_kind kind;
            FZ_CHECK(vram_result_bytes(r, dev, (vram_part)p, &b) == VRAM_OK, "%s part %d", fn, p);
            FZ_CHECK(vram_result_band(r, dev, (vram_part)p, &lo, &hi) == VRAM_OK, "%s", fn);
            FZ_CHECK(vram_result_kind(r, (vram_part)p, &kind) == VRAM_OK, "%s", fn);
            FZ_CHECK(lo <= b && b <= hi,
                     "%s: device %u part %s: %llu outside its band [%llu, %llu]", fn, dev,
                     vram_part_name((vram_part)p), (unsigned long long)b, (unsigned long long)lo,
                     (unsigned long long)hi);
            FZ_CHECK(kind >= VRAM_KIND_NONE && kind <= VRAM_KIND_EMPIRICAL, "%s: kind %d", fn,
                     (int)kind);
            FZ_CHECK(b <= total, "%s: device %u part %s %llu > total %llu (wrapped)", fn, dev,
                     vram_part_name((vram_part)p), (unsigned long long)b,
                     (unsigned long long)total);
            FZ_CHECK(vram__add(sum, b, &sum) && vram__add(lo_sum, lo, &lo_sum) &&
                         vram__add(hi_sum, hi, &hi_sum),
                     "%s: device %u: the parts overflow 64 bits but the estimate returned "
                     "VRAM_OK", fn, dev);
        }
        FZ_CHECK(sum == total, "%s: device %u: total %llu != sum of parts %llu", fn, dev,
                 (unsigned long long)total, (unsigned long long)sum);
        FZ_CHECK(lo_sum == lo_t && hi_sum == hi_t,
                 "%s: device %u: band of the total [%llu, %llu] != sums [%llu, %llu]", fn, dev,
                 (unsigned long long)lo_t, (unsigned long long)hi_t, (unsigned long long)lo_sum,
                 (unsigned long long)hi_sum);
        FZ_CHECK(total <= peak, "%s: device %u total %llu > peak %llu", fn, dev,
                 (unsigned long long)total, (unsigned long long)peak);
        if (total > max_total)
            max_total = total;
        if (dev == peak_dev)
            FZ_CHECK(total == peak, "%s: peak device %u holds %llu, peak bytes %llu", fn, dev,
                     (unsigned long long)total, (unsigned long long)peak);
    }
    FZ_CHECK(max_total <= peak, "%s", fn);

    /* every scalar output is readable with its own type */
    static const vram_result_key ukeys[] = {
        VRAM_RES_PARAMS_TOTAL, VRAM_RES_PARAMS_ACTIVE, VRAM_RES_PARAMS_TRAINABLE,
        VRAM_RES_HOST_BYTES, VRAM_RES_MODE, VRAM_RES_ENGINE, VRAM_RES_WARNINGS,
        VRAM_RES_KV_BYTES_PER_TOKEN, VRAM_RES_DTYPE, VRAM_RES_KV_DTYPE, VRAM_RES_QUANT,
        VRAM_RES_BATCH_SIZE, VRAM_RES_SEQ_LEN, VRAM_RES_VLLM_NUM_GPU_BLOCKS,
        VRAM_RES_LLAMA_N_CTX, VRAM_RES_FIT_GPUS_NEEDED,
    };
    for (size_t i = 0; i < sizeof ukeys / sizeof ukeys[0]; i++)
        FZ_CHECK(vram_result_get_u64(r, ukeys[i], &u) == VRAM_OK, "%s: key %d", fn,
                 (int)ukeys[i]);
    FZ_CHECK(vram_result_get_f64(r, VRAM_RES_WEIGHT_BITS, &f) == VRAM_OK && f == f && f >= 0,
             "%s: weight_bits %g", fn, f);

    /* the JSON rendering: asked size, then exactly that size */
    size_t need = 0, need2 = 0;
    fz_clear();
    st = vram_result_to_json(r, NULL, 0, &need);
    fz_status(st, "vram_result_to_json");
    FZ_CHECK(st == VRAM_E_BUFFER_TOO_SMALL && need > 1, "%s: to_json(NULL, 0): %s, %zu", fn,
             vram_status_name(st), need);
    char *buf = malloc(need);
    FZ_CHECK(buf != NULL, "out of memory");
    st = vram_result_to_json(r, buf, need, &need2);
    FZ_CHECK(st == VRAM_OK && need2 == need && strlen(buf) == need - 1,
             "%s: to_json: %s, needed %zu then %zu, wrote %zu", fn, vram_status_name(st), need,
             need2, strlen(buf));
    free(buf);
}

/* Model invariants after a source returned VRAM_OK. */
static inline void fz_check_model(const vram_model *m, const char *fn)
{
    uint64_t total = 0, active = 0, emb = 0, ovr = 0;
    vram_status st;
    fz_clear();
    st = vram_model_validate(m);
    fz_status(st, "vram_model_validate");
    if (st != VRAM_OK)
        return;
    fz_clear();
    st = vram_model_get_u64(m, VRAM_MODEL_PARAMS_TOTAL, &total);
    fz_status(st, "vram_model_get_u64(PARAMS_TOTAL)");
    FZ_CHECK(st == VRAM_OK, "%s: a valid model without a parameter count", fn);
    FZ_CHECK(vram_model_get_u64(m, VRAM_MODEL_PARAMS_ACTIVE, &active) == VRAM_OK, "%s", fn);
    FZ_CHECK(vram_model_get_u64(m, VRAM_MODEL_PARAMS_EMBEDDING, &emb) == VRAM_OK, "%s", fn);
    FZ_CHECK(vram_model_get_u64(m, VRAM_MODEL_PARAMS_OVERRIDE, &ovr) == VRAM_OK, "%s", fn);
    FZ_CHECK(total > 0, "%s: a valid model with 0 parameters", fn);
    if (ovr == 0) {
        FZ_CHECK(active <= total, "%s: %llu active of %llu parameters", fn,
                 (unsigned long long)active, (unsigned long long)total);
        FZ_CHECK(emb <= total, "%s: %llu embedding of %llu parameters", fn,
                 (unsigned long long)emb, (unsigned long long)total);
    }
    FZ_CHECK(strlen(vram_model_name(m)) < 128, "%s: name too long", fn);
}

/* Run one estimate with the caller's config and check the outcome. */
static inline void fz_estimate(const vram_model *m, const vram_config *c, vram_mode mode,
                               vram_result *r, const char *fn)
{
    fz_clear();
    vram_status st = vram_estimate(m, c, mode, r);
    fz_status(st, fn);
    if (st == VRAM_OK) {
        fz_check_result(r, fn);
    } else {
        /* a failed estimate leaves no readable result */
        uint64_t b;
        FZ_CHECK(vram_result_bytes(r, 0, VRAM_PART_TOTAL, &b) != VRAM_OK,
                 "%s failed with %s but its result is readable", fn, vram_status_name(st));
    }
}

/* Inference with a default config, and the same on the llama.cpp engine. */
static inline void fz_estimate_defaults(const vram_model *m, bool lora, bool llama_cpp)
{
    vram_config *c = NULL;
    vram_result *r = NULL;
    FZ_CHECK(vram_config_create(&c) == VRAM_OK && vram_result_create(&r) == VRAM_OK,
             "out of memory");
    fz_estimate(m, c, VRAM_MODE_INFERENCE, r, "vram_estimate_inference");
    if (lora)
        fz_estimate(m, c, VRAM_MODE_LORA, r, "vram_estimate_lora");
    if (llama_cpp) {
        FZ_CHECK(vram_config_set_u64(c, VRAM_CFG_ENGINE, VRAM_ENGINE_LLAMA_CPP) == VRAM_OK, "%s",
                 "engine");
        fz_estimate(m, c, VRAM_MODE_INFERENCE, r, "vram_estimate_inference(llama.cpp)");
    }
    vram_result_destroy(r);
    vram_config_destroy(c);
}

/* A model source: status, *out, and, on success, the model and its estimates. */
static inline void fz_source(vram_status st, vram_model *m, const char *fn, bool lora,
                             bool llama_cpp)
{
    fz_status(st, fn);
    if (st != VRAM_OK) {
        FZ_CHECK(m == NULL, "%s failed with %s but set *out", fn, vram_status_name(st));
        return;
    }
    FZ_CHECK(m != NULL, "%s returned VRAM_OK without a model", fn);
    fz_check_model(m, fn);
    fz_estimate_defaults(m, lora, llama_cpp);
    vram_model_destroy(m);
}

#endif /* VRAM_FUZZ_COMMON_H */
