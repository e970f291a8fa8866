/*
 * fuzz_api_call.c - vram_api_call on the input as a request, through the
 * buffer protocol of include/vramest.h: ask the size (NULL, 0), answer with
 * exactly that size, then with a buffer too small.
 *
 * Invariants (beyond fuzz_common.h):
 *  - (NULL, 0) always gives VRAM_E_BUFFER_TOO_SMALL and the size needed;
 *    a buffer of that size gives the request's own status and the same size,
 *    and the response fills it exactly;
 *  - a smaller buffer gives VRAM_E_BUFFER_TOO_SMALL, the same size, and a
 *    NUL-terminated prefix within the buffer, nothing written past it;
 *  - the response is valid JSON with "api_version": 1 (responses over 1 MiB,
 *    which only long device lists reach, are checked for their frame and
 *    not parsed: a device entry is the same code however many there are,
 *    and parsing tens of MiB under ASan would make each such input take
 *    seconds); on failure an
 *    "error" object whose code is the returned status's name and whose
 *    message is not empty; on success no "error", and the seed calculator's
 *    figures do not wrap: each total is at least each of its components and
 *    the maximum at least the minimum.
 */
#include "fuzz_common.h"

#include "lib/json.h"

/* Responses above this size are not parsed back (see the header comment). */
#define BIG_RESPONSE ((size_t)1 << 20)

/* A member of the response's root object read as a double; false if absent. */
static bool num_of(const vram__jdoc *d, const vram__jval *obj, const char *key, double *out)
{
    bool found = false;
    vram_status st = vram__json_get_f64(d, obj, key, out, &found);
    FZ_CHECK(st == VRAM_OK, "response member %s is not a number", key);
    return found;
}

static void check_success(const vram__jdoc *d, const char *text)
{
    const vram__jval *root = vram__json_root(d);
    static const char *const required[] = {
        "model_params_memory_gb", "activation_memory_gb", "min_kv_cache_memory_gb",
        "max_kv_cache_memory_gb", "cuda_overhead_gb", "total_min_memory_gb",
        "total_max_memory_gb", "recommended_memory_gb",
    };
    double g[sizeof required / sizeof required[0]];
    for (size_t i = 0; i < sizeof required / sizeof required[0]; i++) {
        FZ_CHECK(num_of(d, root, required[i], &g[i]), "success response lacks %s: %.300s",
                 required[i], text);
        FZ_CHECK(g[i] >= 0, "%s is %g", required[i], g[i]);
    }
    double weights = g[0], act = g[1], min_kv = g[2], max_kv = g[3], overhead = g[4];
    double tmin = g[5], tmax = g[6], rec = g[7];
    /* each figure is printed rounded to 0.01 GB: compare with that slack */
    const double eps = 0.011;
    FZ_CHECK(tmin + eps >= weights && tmin + eps >= act && tmin + eps >= overhead &&
                 tmin + eps >= min_kv,
             "total_min_memory_gb %.2f is below a component (weights %.2f, activations %.2f, "
             "overhead %.2f, min kv %.2f): wrapped", tmin, weights, act, overhead, min_kv);
    FZ_CHECK(tmax + eps >= tmin && tmax + eps >= max_kv,
             "total_max_memory_gb %.2f below total_min %.2f or max kv %.2f: wrapped", tmax, tmin,
             max_kv);
    FZ_CHECK(max_kv + eps >= min_kv, "max kv %.2f < min kv %.2f", max_kv, min_kv);
    FZ_CHECK(rec + eps >= tmax, "recommended_memory_gb %.2f < total_max %.2f", rec, tmax);
    FZ_CHECK(vram__json_get(d, root, "error") == NULL, "a success response with an error");
    double peak;
    FZ_CHECK(num_of(d, root, "peak_device_bytes", &peak) && peak >= 0,
             "success response lacks peak_device_bytes");
}

static void check_response(const char *text, size_t len, vram_status st)
{
    vram__jdoc *d = NULL;
    fz_clear();
    vram_status pst = vram__json_parse(text, len, BIG_RESPONSE, "response", &d);
    FZ_CHECK(pst == VRAM_OK, "the response is not valid JSON (%s): %.300s", vram_last_error(),
             text);
    const vram__jval *root = vram__json_root(d);
    uint64_t ver = 0;
    FZ_CHECK(root->type == VRAM__J_OBJECT &&
                 vram__json_get_u64(d, root, "api_version", &ver, NULL) == VRAM_OK && ver == 1,
             "response without api_version 1: %.300s", text);
    const vram__jval *err = vram__json_get(d, root, "error");
    if (st == VRAM_OK) {
        check_success(d, text);
    } else {
        const char *code = NULL, *msg = NULL;
        FZ_CHECK(err && err->type == VRAM__J_OBJECT &&
                     vram__json_get_str(d, err, "code", &code, NULL) == VRAM_OK && code &&
                     vram__json_get_str(d, err, "message", &msg, NULL) == VRAM_OK && msg,
                 "failure %s without an error object: %.300s", vram_status_name(st), text);
        FZ_CHECK(strcmp(code, vram_status_name(st)) == 0, "returned %s, error.code %s",
                 vram_status_name(st), code);
        FZ_CHECK(msg[0] != '\0', "error.message is empty");
    }
    vram__json_free(d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *req = (const char *)data;
    size_t need = 0, need2 = 0, need3 = 0;

    /* ask for the size */
    fz_clear();
    vram_status st = vram_api_call(req, size, NULL, 0, &need);
    fz_status(st, "vram_api_call(NULL, 0)");
    FZ_CHECK(st == VRAM_E_BUFFER_TOO_SMALL && need > 1, "vram_api_call(NULL, 0): %s, need %zu",
             vram_status_name(st), need);

    /* exactly that size: the request's own status */
    char *out = malloc(need);
    FZ_CHECK(out != NULL, "out of memory");
    fz_clear();
    st = vram_api_call(req, size, out, need, &need2);
    fz_status(st, "vram_api_call");
    FZ_CHECK(st != VRAM_E_BUFFER_TOO_SMALL && need2 == need && strlen(out) == need - 1,
             "vram_api_call(%zu bytes): %s, need %zu, wrote %zu", need, vram_status_name(st),
             need2, strlen(out));
    if (need <= BIG_RESPONSE) {
        check_response(out, need - 1, st);
    } else {
        static const char head[] = "{\"api_version\": 1, ";
        FZ_CHECK(strncmp(out, head, sizeof head - 1) == 0 && out[need - 2] == '}',
                 "a %zu-byte response without its frame", need);
        free(out);
        return 0;
    }

    /* too small: a prefix, terminated inside the buffer, nothing past it */
    size_t cap = need > 64 ? 1 + (need - 1) / 2 : need - 1;
    char *small = malloc(cap + 16);
    FZ_CHECK(small != NULL, "out of memory");
    memset(small, 'x', cap + 16);
    fz_clear();
    vram_status st3 = vram_api_call(req, size, small, cap, &need3);
    fz_status(st3, "vram_api_call(small)");
    FZ_CHECK(st3 == VRAM_E_BUFFER_TOO_SMALL && need3 == need,
             "vram_api_call(%zu of %zu bytes): %s, need %zu", cap, need, vram_status_name(st3),
             need3);
    FZ_CHECK(memchr(small, '\0', cap) != NULL, "no NUL within the %zu-byte buffer", cap);
    for (size_t i = cap; i < cap + 16; i++)
        FZ_CHECK(small[i] == 'x', "vram_api_call wrote byte %zu of a %zu-byte buffer", i, cap);
    FZ_CHECK(strncmp(small, out, strlen(small)) == 0, "the truncated response is not a prefix");
    free(small);
    free(out);
    return 0;
}
